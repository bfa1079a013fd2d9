"""Cognito's SRP in plain Python (stdlib only), for scripts/bench-srp: builds the fixed PASSWORD_VERIFIER
challenge every peer answers, and checks, outside the timed loops, that a peer's answer is one the server
accepts (spec shared/spec/cognito-auth-protocol.md §6.4, §6.6). Never timed itself.

Usage: srp_model.py challenge OUT.json
       srp_model.py check RESULT.json...   (each RESULT has a "sample": srp_a, timestamp, signature;
                                           or "gmp_s": the shared secret S as hex)
"""

import base64
import hashlib
import hmac
import json
import sys

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
K_HEX = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
K = int(K_HEX, 16)

POOL_ID = "us-east-1_AbCdEf123"
USER = "testuser"
PASSWORD = "Passw0rd!"
# Positive (no leading '-', top bit clear): pycognito and aws-cognito-srp cannot parse a negative SALT.
SALT_HEX = "6f01caa57a1b2c3d4e5f60718293a4b5"
SECRET_BLOCK = base64.b64encode(bytes(range(1, 33))).decode()
B_PRIVATE = int.from_bytes(bytes([0xB2]) * 32, "big")  # the server's b (256 bits)
# The 1024-bit `a` of the GMP measurement (top bit set: full length), fixed so every run is the same.
A_PRIVATE = int.from_bytes(hashlib.sha512(b"bench-srp a 1").digest() + hashlib.sha512(b"bench-srp a 2").digest(),
                           "big") | (1 << 1023)


def pad(v: int) -> bytes:
    """Java BigInteger.toByteArray() of a non-negative integer (spec §6.2 rule 1)."""
    raw = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    return b"\x00" + raw if raw[0] & 0x80 else raw


def sha256(*parts: bytes) -> bytes:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def pool_name() -> str:
    return POOL_ID.split("_", 1)[1]


def private_x() -> int:
    inner = sha256(f"{pool_name()}{USER}:{PASSWORD}".encode())
    return int.from_bytes(sha256(pad(int(SALT_HEX, 16)), inner), "big")


def verifier() -> int:
    return pow(G, private_x(), N)


def server_b() -> int:
    return (K * verifier() + pow(G, B_PRIVATE, N)) % N


def scrambler(a_pub: int, b_pub: int) -> int:
    return int.from_bytes(sha256(pad(a_pub), pad(b_pub)), "big")


def server_s(a_pub: int) -> int:
    """The server's S = (A·v^u)^b mod N (spec §6.6)."""
    u = scrambler(a_pub, server_b())
    return pow(a_pub * pow(verifier(), u, N) % N, B_PRIVATE, N)


def expected_signature(a_pub: int, timestamp: str) -> str:
    u = scrambler(a_pub, server_b())
    prk = hmac.new(pad(u), pad(server_s(a_pub)), hashlib.sha256).digest()
    key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
    msg = pool_name().encode() + USER.encode() + base64.b64decode(SECRET_BLOCK) + timestamp.encode()
    return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()


def challenge() -> dict:
    b_pub = server_b()
    a_pub = pow(G, A_PRIVATE, N)
    return {
        "pool_id": POOL_ID,
        "user": USER,
        "password": PASSWORD,
        "salt": SALT_HEX,
        "srp_b": format(b_pub, "x"),
        "secret_block": SECRET_BLOCK,
        # For the GMP measurement: the same exponents a login uses.
        "gmp": {
            "n": N_HEX,
            "k": K_HEX,
            "a": format(A_PRIVATE, "x"),
            "x": format(private_x(), "x"),
            "u": format(scrambler(a_pub, b_pub), "x"),
        },
    }


def check(result: dict) -> str:
    name = result["name"]
    if "gmp_s" in result:
        want = server_s(pow(G, A_PRIVATE, N))
        if int(result["gmp_s"], 16) != want:
            raise SystemExit(f"bench-srp: {name}: S differs from the server's S: the measurement is wrong")
        return f"{name}: S matches the server's"
    sample = result["sample"]
    a_pub = int(sample["srp_a"], 16)
    if a_pub.bit_length() < 3000:
        raise SystemExit(f"bench-srp: {name}: SRP_A looks wrong ({a_pub.bit_length()} bits)")
    want = expected_signature(a_pub, sample["timestamp"])
    if sample["signature"] != want:
        raise SystemExit(f"bench-srp: {name}: PASSWORD_CLAIM_SIGNATURE would be refused by the server")
    return f"{name}: claim accepted by the server model"


def main(argv):
    if len(argv) == 3 and argv[1] == "challenge":
        with open(argv[2], "w") as f:
            json.dump(challenge(), f, indent=1)
    elif len(argv) >= 3 and argv[1] == "check":
        for path in argv[2:]:
            with open(path) as f:
                print("  ok: " + check(json.load(f)), file=sys.stderr)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
