"""Independent pure-Python model of Cognito's SRP variant (spec §6, §7).

Written from docs/spec (shared/spec/cognito-auth-protocol.md §6.1-§6.10, §7) using only the standard library
(pow, hashlib, hmac, base64). It shares no code with the reference clients. The generator uses it to
  * search for inputs with interesting properties (make_inputs.py), and
  * recompute every output the reference clients produced (assemble.py) so a driver mistake fails loudly.
"""

import base64
import datetime
import hashlib
import hmac

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
N_BYTES = 384
INFO = b"Caldera Derived Key"


def to_java_bytes(x: int) -> bytes:
    """Java BigInteger.toByteArray(): minimal big-endian two's complement (spec §6.2)."""
    if x >= 0:
        return x.to_bytes(x.bit_length() // 8 + 1, "big")
    n = 1
    while x < -(1 << (8 * n - 1)):
        n += 1
    return x.to_bytes(n, "big", signed=True)


def pad(x: int) -> bytes:
    return to_java_bytes(x)


def pad_hex(x: int) -> str:
    return to_java_bytes(x).hex()


def H(*parts: bytes) -> bytes:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


K_MULT = int.from_bytes(H(pad(N), pad(G)), "big")


def parse_signed_hex(s: str) -> int:
    """SALT as the service sends it: Java BigInteger.toString(16), maybe with a leading '-'."""
    neg = s.startswith("-")
    body = s[1:] if neg else s
    if not body or any(c not in "0123456789abcdefABCDEF" for c in body):
        raise ValueError(f"not hex: {s!r}")
    v = int(body, 16)
    return -v if neg else v


def java_to_string16(x: int) -> str:
    """Java BigInteger.toString(16)."""
    return ("-" + format(-x, "x")) if x < 0 else format(x, "x")


def big_a(a: int) -> int:
    A = pow(G, a, N)
    if A % N == 0:
        raise ValueError("A mod N == 0")
    return A


def compute_u(A: int, B: int) -> int:
    return int.from_bytes(H(pad(A), pad(B)), "big")


def compute_x(salt: int, ident: str, password: str) -> int:
    """ident = poolName + userId (user SRP) or DeviceGroupKey + DeviceKey (device SRP)."""
    inner = H((ident + ":" + password).encode("utf-8"))
    return int.from_bytes(H(pad(salt), inner), "big")


def compute_s(a: int, B: int, salt: int, ident: str, password: str) -> tuple:
    """Returns (S, u, x)."""
    if B % N == 0:
        raise ValueError("B mod N == 0")
    A = big_a(a)
    u = compute_u(A, B)
    if u == 0:
        raise ValueError("u == 0")
    x = compute_x(salt, ident, password)
    base = (B - K_MULT * pow(G, x, N)) % N
    S = pow(base, a + u * x, N)
    return S, u, x


def hkdf_key(S: int, u: int) -> bytes:
    prk = hmac.new(pad(u), pad(S), hashlib.sha256).digest()
    return hmac.new(prk, INFO + b"\x01", hashlib.sha256).digest()[:16]


def signature(a: int, srp_b_hex: str, salt_str: str, name1: str, name2: str, password: str,
              secret_block_b64: str, timestamp: str) -> str:
    """PASSWORD_CLAIM_SIGNATURE. User SRP: name1=poolName, name2=USER_ID_FOR_SRP.
    Device SRP: name1=DeviceGroupKey, name2=DeviceKey."""
    B = int(srp_b_hex, 16)
    salt = parse_signed_hex(salt_str)
    S, u, _ = compute_s(a, B, salt, name1 + name2, password)
    key = hkdf_key(S, u)
    msg = (name1.encode("utf-8") + name2.encode("utf-8") + base64.b64decode(secret_block_b64, validate=True)
           + timestamp.encode("utf-8"))
    return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode("ascii")


def pool_name(pool_id: str) -> str:
    return pool_id.split("_", 1)[1]


def device_verifier(group_key: str, device_key: str, device_password: str, salt_bytes: bytes) -> tuple:
    """ConfirmDevice DeviceSecretVerifierConfig (Salt, PasswordVerifier), spec §6.9."""
    salt = int.from_bytes(salt_bytes, "big")  # non-negative
    salt_padded = pad(salt)
    x = compute_x(salt, group_key + device_key, device_password)
    v = pow(G, x, N)
    return (base64.b64encode(salt_padded).decode("ascii"), base64.b64encode(pad(v)).decode("ascii"))


_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # datetime.weekday() order
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def utc(epoch_seconds: int) -> datetime.datetime:
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=epoch_seconds)


def timestamp(epoch_seconds: int) -> str:
    """EEE MMM d HH:mm:ss 'UTC' yyyy, built by hand (spec §6.5)."""
    d = utc(epoch_seconds)
    return "%s %s %d %02d:%02d:%02d UTC %d" % (
        _WEEKDAYS[d.weekday()], _MONTHS[d.month - 1], d.day, d.hour, d.minute, d.second, d.year)


def secret_hash(client_id: str, client_secret: str, username: str) -> str:
    mac = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def self_test() -> None:
    """The spec's own known answers (§6.1, §6.2, §6.10, §6.9, §7)."""
    assert K_MULT == int("538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6", 16)
    examples = {20: "14", 236: "00ec", 200: "00c8", 128: "0080", -20: "ec", -56: "c8", -128: "80",
                -200: "ff38", -236: "ff14", 0x9001: "009001", -28671: "9001", 0: "00"}
    for value, want in examples.items():
        assert pad_hex(value) == want, (value, pad_hex(value), want)
    salt = parse_signed_hex("-6f01caa57a1b2c3d4e5f60718293a4b5")
    assert pad_hex(salt) == "90fe355a85e4d3c2b1a09f8e7d6c5b4b"
    a = int("a1" * 32, 16)
    B = int(SPEC_B_HEX, 16)
    assert format(big_a(a), "x") == SPEC_A_HEX
    S, u, x = compute_s(a, B, salt, "AbCdEf123" + "testuser", "Passw0rd!")
    assert format(x, "064x") == "adf31f6927d5baa4202cb965c9ba4239f88d3440a37edce967d2e1041bac653e"
    assert format(u, "064x") == "ef793e28ba0b624ddafef049bdb1d044cb08c1e24a6fdeccdcb88dcbf0dca013"
    # The spec's "S (first 16 bytes)" are the first 32 digits of the unpadded hex: this S is 767 hex digits
    # long, so PAD(S) really starts 0b3d5785...
    assert format(S, "x")[:32] == "b3d578525d6e935ba8496dd5cd530032" and len(format(S, "x")) == 767
    assert H(pad(S)).hex() == "f104d820e0005988b8a4c70b97ab29a4ea4218e77bf12c95c79f44f5e2683069"
    assert hkdf_key(S, u).hex() == "c39a5f7737eddef2304d70a8d60d7e00"
    assert timestamp(SPEC_EPOCH) == "Tue Mar 5 07:04:09 UTC 2024"
    sig = signature(a, SPEC_B_HEX, "-6f01caa57a1b2c3d4e5f60718293a4b5", "AbCdEf123", "testuser", "Passw0rd!",
                    SPEC_SECRET_BLOCK, "Tue Mar 5 07:04:09 UTC 2024")
    assert sig == SPEC_SIGNATURE, sig
    s_b64, v_b64 = device_verifier(SPEC_DEVICE_GROUP_KEY, SPEC_DEVICE_KEY, SPEC_DEVICE_PASSWORD,
                                   bytes.fromhex(SPEC_DEVICE_SALT_BYTES))
    assert s_b64 == "AMD/7gARIjNEVWZ3iJmqu8w=", s_b64
    assert len(v_b64) == 512 and v_b64.startswith(SPEC_VERIFIER_PREFIX), v_b64
    assert hashlib.sha256(v_b64.encode("ascii")).hexdigest() == SPEC_VERIFIER_SHA256
    assert secret_hash("1example23456789", "1example23456789secretabcdefghijklmnop", "testuser") == \
        "l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8="


# ---- Spec §6.10 / §6.9 / §7 known answers ----------------------------------------------------------------
SPEC_A_HEX = (
    "78604b754341df90d89b6b6f863685f06670aa11b23e06bd273c7d699d8589b9217b0bd9c6779c5bf67889259965c46f"
    "9e1d688ee977d8606ddc9ffe5ce6403c8d9598e8e9dc3bfc9e12e19b586dbc85f4ecce8211f350f2364d0fd24c3c0dee"
    "d7783d90f121c7c6f2ee7064e63d88d8fd1b0a7b3dfbe9bcd92db247c7c76b2a50d49ab4f6a68165f0192a088475da95"
    "3aefeb4ee1fedc8f5488e01e89bfc8b3a2d0f1fd1f28829422c6999579ac84ec676994449cca9ba82311b40894153a00"
    "c8ba843bfb528e18d9cc6b0a532f305b5d250469983c989c2a332f7ae252845fb7d4188656f1c87ed94115108304dc5a"
    "2926fa7bd95d0e6a074cb9f3bc120275bef33f509482a5a9854935c830f6753e6d5d38be77d24819a1eb4286d228c127"
    "0d68e7aa5db7d33acc638600bfba76af6f6293c055ababd1b8f57b6e72b67f6c3253cd0053c37dda63d7bb0a1267397d"
    "78413e0c272f2789ddc707116ad8e2fa198848aacba9111264499e264060cbb03c3b25f4c3bf323a8128a67cc4688292"
)
SPEC_B_HEX = (
    "b7a31717c684b51c46958810a2e9c2736088092aff47978433f2bb673d34d4b2c53a3fe3f581f4d804a73451cff4d379"
    "1ba43f029123d8885e79ad2464b447c58d3b335069309efbe0ce499b8420356e2986aebf74dcfa21ad62cfd647a15a27"
    "953161a56f2b122f7a8e9c733dacf2f17c0d5a193db6f8a280294e400792eb2def5ea54b1a4e584673491b7c943366d0"
    "b0ae91d49f62d29064937a49f8fecf9ccc7d89c72b1602abb25609038978f2d1449ac4f14a3d899c0a38755d5bc8c263"
    "c596c3e38b4ea53c7428c4c2b269a7d0635de509c601441849c8cd4a312dc52a13960c8a725886365c49a45801f6a940"
    "c4bde458231f7ee8a26b2f9e08d4dcbb0d64f20eb600c3d1d6507564e08fc7ff34b9a901c3b7b4edfb471296574550e9"
    "1367de857b75597b2689af525e768ec977dd44fd51dc69247ad2554b9c35863f7fdf8db116da35fd14186baeded8744a"
    "e45b29becbc7a0e77731e09aae40f80271373f7288c3f7340669e7ce0b772655c6a130af41936974227b69cacab9c91b"
)
SPEC_SECRET_BLOCK = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
SPEC_EPOCH = 1709622249  # Tue Mar 5 07:04:09 UTC 2024
SPEC_SIGNATURE = "sYhGwRlSubafvLJa7ai6k8NMA1yV+lhXWJDXCyRp7rA="
SPEC_DEVICE_GROUP_KEY = "-Ab12Cd34"
SPEC_DEVICE_KEY = "us-east-1_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
SPEC_DEVICE_PASSWORD_BYTES = bytes(range(40))
SPEC_DEVICE_PASSWORD = base64.b64encode(SPEC_DEVICE_PASSWORD_BYTES).decode("ascii")
SPEC_DEVICE_SALT_BYTES = "c0ffee00112233445566778899aabbcc"
SPEC_VERIFIER_PREFIX = "FPIH/88+sKqn3zb0YydenItsCllEqYe4zX+g6ITN"
SPEC_VERIFIER_SHA256 = "88d8a21dc78b99a92d6025dcd90035fdcb5e7dd4162cb38d1ceab3b1365eb571"


if __name__ == "__main__":
    self_test()
    print("srp_ref self-test ok")
