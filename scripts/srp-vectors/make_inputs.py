#!/usr/bin/env python3
"""Chooses every input of the SRP known-answer vectors (part of scripts/gen-srp-vectors).

Deterministic: all randomness comes from SHA-256 in counter mode over a fixed label, so two runs write the same
inputs.json. The reference clients (drive_js.js, drive_py.py) then compute the outputs from these inputs.

Usage: make_inputs.py OUT.json
"""

import base64
import calendar
import hashlib
import json
import sys
import time

import srp_ref as ref
from srp_ref import N

SEED = b"cognito-flow/crates/srp/tests/data/vectors.json v1"


class Drbg:
    """SHA-256(seed || label || counter) stream: stable across Python versions."""

    def __init__(self, label: str):
        self.key = hashlib.sha256(SEED + b"/" + label.encode()).digest()
        self.ctr = 0
        self.buf = b""

    def bytes(self, n: int) -> bytes:
        while len(self.buf) < n:
            self.buf += hashlib.sha256(self.key + self.ctr.to_bytes(8, "big")).digest()
            self.ctr += 1
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def below(self, n: int) -> int:
        if n <= 0:
            raise ValueError(n)
        nbytes = (n.bit_length() + 7) // 8 + 1
        limit = (256 ** nbytes // n) * n
        while True:
            v = int.from_bytes(self.bytes(nbytes), "big")
            if v < limit:
                return v % n

    def between(self, lo: int, hi: int) -> int:  # inclusive
        return lo + self.below(hi - lo + 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]


# ---------------------------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------------------------

POOL_IDS = [
    "us-east-1_AbCdEf123",
    "eu-west-2_XyZ987abc",
    "ap-southeast-2_a1B2c3D4e",
    "us-gov-west-1_Q9w8E7r6T",
    "eu-central-1_0123456789",
    "ca-central-1_z",
    "ap-northeast-1_MixedCase42",
]

REGIONS = ["us-east-1", "eu-west-2", "ap-southeast-2", "eu-central-1", "sa-east-1"]

FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar"]
LAST = ["smith", "jones", "garcia", "müller", "nguyen", "kowalski", "tanaka", "okafor"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "sub.domain.example.co.uk"]

UNICODE_USERS = ["josé.garcía", "ユーザー名", "Žluťoučký_kůň", "пользователь", "user🦀", "用户_测试", "Ærøskøbing",
                 "ñandú-42"]

ACCENT_CHARS = "áéíóúàèìòùâêîôûäëïöüçñßøåæœÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÄËÏÖÜÇÑØÅÆŒ"
CJK_CHARS = "密码安全测试用户登录認証パスワード비밀번호漢字中文日本語한국어"
EMOJI = ["🔐", "🦀", "👍🏽", "👩‍💻", "🎉", "🐎", "🇯🇵", "❤️", "😀", "🚀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]
ASCII_PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def uuid4(r: Drbg) -> str:
    b = bytearray(r.bytes(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def email(r: Drbg) -> str:
    local = f"{r.choice(FIRST)}.{r.choice(LAST)}"
    if r.below(2):
        local += f"+tag{r.below(100)}"
    return f"{local}@{r.choice(DOMAINS)}"


def make_user(r: Drbg, cat: str) -> tuple:
    """Returns (typed username, USER_ID_FOR_SRP)."""
    if cat == "uuid":  # e-mail-as-username pool: the user types the e-mail, the service answers with a UUID
        return email(r), uuid4(r)
    if cat == "email":
        e = email(r)
        return e, e
    if cat == "plain":
        u = r.choice(["testuser", f"user_{r.below(10000):04d}", "Bob_the-Builder.99", "x", "a" * 128])
        return u, u
    if cat == "unicode":
        u = r.choice(UNICODE_USERS)
        return u, u
    if cat == "phone":
        u = "+1555555" + f"{r.below(10000):04d}"
        return u, u
    raise ValueError(cat)


def make_password(r: Drbg, cat: str) -> str:
    if cat == "ascii":
        return "".join(r.choice(ASCII_PRINTABLE) for _ in range(r.between(8, 40)))
    if cat == "accents":
        return "".join(r.choice(ACCENT_CHARS + "abc123!") for _ in range(r.between(8, 24)))
    if cat == "cjk":
        return "".join(r.choice(CJK_CHARS) for _ in range(r.between(6, 16))) + str(r.below(1000))
    if cat == "emoji":
        return "pw " + " ".join(r.choice(EMOJI) for _ in range(r.between(3, 8))) + " !"
    if cat == "long256ascii":
        return "".join(r.choice(ASCII_PRINTABLE) for _ in range(256))
    if cat == "long256unicode":  # 256 code points, mixed 1-4 byte UTF-8 sequences
        pool = ACCENT_CHARS + CJK_CHARS + "😀🚀🦀🔐" + ALNUM
        return "".join(r.choice(pool) for _ in range(256))
    if cat == "quotes":
        return ' spaces "quotes" \\backslash\\ \'single\' tab\there '
    raise ValueError(cat)


def a_bytes(r: Drbg, length: int) -> bytes:
    """Exactly `length` bytes with a non-zero first byte (so the integer really is that long)."""
    b = r.bytes(length)
    if b[0] == 0:
        b = bytes([r.between(1, 255)]) + b[1:]
    return b


def salt_str(r: Drbg, cat: str) -> str:
    """SALT the way the service makes it: 16 random bytes read as a signed Java BigInteger, toString(16)."""
    b = bytearray(r.bytes(16))
    if cat == "neg":
        b[0] |= 0x80
    elif cat == "neg_ff":  # negative with a short magnitude (two's complement of a 15-byte number)
        b[0] = 0xFF
    elif cat == "neg_f0":  # negative whose magnitude has an odd number of hex digits
        b[0] = 0xF0 | (b[0] & 0x0F)
        b[0] = 0xF0 if b[0] == 0xFF else b[0]
    elif cat == "pos":  # first hex digit 1-7, 32 digits
        b[0] = 0x10 + (b[0] % 0x70)
    elif cat == "pos_8f":  # leading zero byte, next byte has its top bit set: hex starts 8-f, PAD adds 00
        b[0] = 0
        b[1] |= 0x80
    elif cat == "pos_odd":  # leading byte 0x01-0x0f: 31 hex digits, PAD adds a 0 nibble
        b[0] = 1 + (b[0] % 15)
    else:
        raise ValueError(cat)
    s = ref.java_to_string16(int.from_bytes(b, "big", signed=True))
    check = {"neg": s.startswith("-"), "neg_ff": s.startswith("-") and len(s) <= 31,
             "neg_f0": s.startswith("-") and len(s) == 32, "pos": s[0] in "1234567" and len(s) == 32,
             "pos_8f": s[0] in "89abcdef" and len(s) == 30, "pos_odd": len(s) == 31}[cat]
    assert check, (cat, s)
    return s


def random_below(r: Drbg, lo: int, hi: int) -> int:
    """Uniform in [lo, hi)."""
    return lo + r.below(hi - lo)


def b_hex(r: Drbg, cat: str) -> str:
    if cat == "top":  # full length, top bit set (768 hex digits starting 8-f)
        B = random_below(r, 1 << 3071, N)
    elif cat == "notop":  # full length, first hex digit 1-7
        B = random_below(r, 1 << 3068, 1 << 3071)
    elif cat == "oddlen":  # 767 hex digits
        B = random_below(r, 1 << 3064, 1 << 3068)
    elif cat == "short383top":  # 383 bytes with the top bit set: PAD(B) = 00 || 383 bytes
        B = random_below(r, 1 << 3063, 1 << 3064)
    elif cat == "short300":
        B = random_below(r, 1 << 2392, 1 << 2400)
    elif cat == "short64":
        B = random_below(r, 1 << 504, 1 << 512)
    elif cat == "two":
        B = 2
    elif cat == "nminus1":
        B = N - 1
    else:
        raise ValueError(cat)
    assert 1 < B < N and B % N != 0
    return format(B, "x")


def secret_block(r: Drbg, cat: str) -> str:
    if cat == "real":  # the service's blocks are ~1-1.7 KB (base64 "AgV4...")
        n = r.between(900, 1700)
        return base64.b64encode(b"\x02\x05\x78" + r.bytes(n - 3)).decode()
    if cat.startswith("len"):
        return base64.b64encode(r.bytes(int(cat[3:]))).decode()
    raise ValueError(cat)


def days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def plan_epoch(r: Drbg, i: int) -> int:
    """Cycles the day of month 1..31 and spreads months, weekdays and 00/59 time components."""
    day = i % 31 + 1
    year = r.between(2016, 2035)
    month = (i * 7 + i // 31) % 12 + 1
    while days_in(year, month) < day:
        month = month % 12 + 1
    pattern = i % 6
    if pattern == 0:
        hms = (0, 0, 0)
    elif pattern == 1:
        hms = (23, 59, 59)
    elif pattern == 2:
        hms = (r.below(24), 0, 59)
    elif pattern == 3:
        hms = (0, 59, r.below(10))
    elif pattern == 4:
        hms = (r.below(10), r.below(10), r.below(60))
    else:
        hms = (r.below(24), r.below(60), r.below(60))
    return calendar.timegm((year, month, day) + hms)


# ---------------------------------------------------------------------------------------------------------------
# Searches (pure Python math from srp_ref)
# ---------------------------------------------------------------------------------------------------------------

def search_a(r: Drbg, length: int, pred) -> bytes:
    for _ in range(20000):
        a = a_bytes(r, length)
        if pred(ref.big_a(int.from_bytes(a, "big"))):
            return a
    raise RuntimeError("search_a failed")


def search_b_for_s(r: Drbg, a: bytes, salt: str, ident: str, password: str, want) -> tuple:
    """Varies B (full length, top bit set) until want(S) holds. Returns (B hex, S)."""
    a_int = int.from_bytes(a, "big")
    A = ref.big_a(a_int)
    salt_int = ref.parse_signed_hex(salt)
    x = ref.compute_x(salt_int, ident, password)
    kv = ref.K_MULT * pow(2, x, N)
    pad_a = ref.pad(A)
    for _ in range(100000):
        B = random_below(r, 1 << 3071, N)
        u = int.from_bytes(ref.H(pad_a, ref.pad(B)), "big")
        S = pow((B - kv) % N, a_int + u * x, N)
        if want(S):
            return format(B, "x"), S
    raise RuntimeError("search for S failed")


def search_b_for_u(r: Drbg, a: bytes, want) -> str:
    A = ref.big_a(int.from_bytes(a, "big"))
    pad_a = ref.pad(A)
    for _ in range(100000):
        B = random_below(r, 1 << 3071, N)
        if want(int.from_bytes(ref.H(pad_a, ref.pad(B)), "big")):
            return format(B, "x")
    raise RuntimeError("search for u failed")


S_SHORT_00 = lambda S: (1 << 3063) <= S < (1 << 3064)  # noqa: E731  PAD(S) = 00 || 383 bytes
S_SHORT_383 = lambda S: S < (1 << 3063)  # noqa: E731            PAD(S) is at most 383 bytes
A_SHORT = lambda A: A < (1 << 3064)  # noqa: E731                SRP_A is at most 766 hex digits
A_ODD = lambda A: (1 << 3064) <= A < (1 << 3068)  # noqa: E731   SRP_A has 767 hex digits
A_TOP = lambda A: A >= (1 << 3071)  # noqa: E731
A_NOTOP = lambda A: (1 << 3068) <= A < (1 << 3071)  # noqa: E731
U_SHORT = lambda u: u < (1 << 248)  # noqa: E731                 PAD(u) is at most 31 bytes


# ---------------------------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------------------------

def user_vectors(source: str, generic: int, salt_cats: list, label: str) -> list:
    r = Drbg(label)
    rt = Drbg(label + "/time")
    out = []

    def add(desc, pool_id, username, user_id, password, a, salt, srp_b, block):
        out.append({
            "name": f"{'js' if source.startswith('amazon') else 'py'}-{len(out) + 1:03d} {desc}",
            "source": source, "pool_id": pool_id, "username": username, "user_id_for_srp": user_id,
            "password": password, "a": a.hex(), "salt": salt, "srp_b": srp_b, "secret_block": block,
            "epoch_seconds": plan_epoch(rt, len(out)),
        })

    b_cats = ["top", "top", "notop", "top", "oddlen", "top", "short383top", "top", "short300", "top", "notop",
              "short64"]
    user_cats = ["uuid", "email", "plain", "unicode", "uuid", "phone", "email"]
    pw_cats = ["ascii", "accents", "cjk", "emoji", "ascii", "long256ascii", "long256unicode", "quotes", "ascii"]
    a_lens = [128, 128, 32, 128, 64, 128, 33, 128, 96, 127, 128, 48]
    block_cats = ["real", "real", "len32", "real", "len1", "real", "len2", "real", "len3", "real", "len64"]
    for i in range(generic):
        sc = salt_cats[i % len(salt_cats)]
        bc = b_cats[i % len(b_cats)]
        uc = user_cats[i % len(user_cats)]
        pc = pw_cats[i % len(pw_cats)]
        al = a_lens[i % len(a_lens)]
        kc = block_cats[i % len(block_cats)]
        username, user_id = make_user(r, uc)
        add(f"salt:{sc} B:{bc} user:{uc} password:{pc} a:{al}B block:{kc}", r.choice(POOL_IDS), username, user_id,
            make_password(r, pc), a_bytes(r, al), salt_str(r, sc), b_hex(r, bc), secret_block(r, kc))

    pos_salt = "pos_8f"
    # A with its top bit set / clear, A shorter than 384 bytes, A with an odd number of hex digits.
    for desc, pred, al in [("A top bit set", A_TOP, 128), ("A top bit clear", A_NOTOP, 128),
                           ("A shorter than 384 bytes", A_SHORT, 64), ("SRP_A odd hex length", A_ODD, 128)]:
        username, user_id = make_user(r, "uuid")
        add(f"{desc} a:{al}B", r.choice(POOL_IDS), username, user_id, make_password(r, "ascii"),
            search_a(r, al, pred), salt_str(r, salt_cats[len(out) % len(salt_cats)]), b_hex(r, "top"),
            secret_block(r, "real"))
    # S with a zero leading byte at 384-byte width (both PAD(S) shapes).
    for desc, pred in [("S leading zero byte, PAD(S)=00||383 bytes", S_SHORT_00),
                       ("S leading zero byte, PAD(S)<=383 bytes", S_SHORT_383)]:
        pool_id = r.choice(POOL_IDS)
        username, user_id = make_user(r, "email")
        password = make_password(r, "accents")
        a = a_bytes(r, 32)
        salt = salt_str(r, salt_cats[len(out) % len(salt_cats)])
        srp_b, _ = search_b_for_s(r, a, salt, ref.pool_name(pool_id) + user_id, password, pred)
        add(f"{desc} a:32B", pool_id, username, user_id, password, a, salt, srp_b, secret_block(r, "real"))
    # u shorter than 32 bytes (PAD(u), the HKDF salt, shrinks).
    a = a_bytes(r, 128)
    username, user_id = make_user(r, "plain")
    add("u leading zero byte (PAD(u) <= 31 bytes)", r.choice(POOL_IDS), username, user_id, make_password(r, "ascii"),
        a, salt_str(r, pos_salt), search_b_for_u(r, a, U_SHORT), secret_block(r, "real"))
    # B edge values.
    for bc in ["two", "nminus1", "short383top"]:
        username, user_id = make_user(r, "uuid")
        add(f"B edge:{bc}", r.choice(POOL_IDS), username, user_id, make_password(r, "ascii"), a_bytes(r, 128),
            salt_str(r, pos_salt), b_hex(r, bc), secret_block(r, "real"))
    return out


def js_edge_salts(start_index: int) -> list:
    """Edge SALT strings (still what Java's toString(16) can produce) for the JS client."""
    r = Drbg("js/edge-salts")
    rt = Drbg("js/edge-salts/time")
    out = []
    for k, s in enumerate(["-80000000000000000000000000000000", "-1", "-ff", "-80", "-100", "0", "1", "80",
                           "7fffffffffffffffffffffffffffffff"]):
        username, user_id = make_user(r, "plain")
        out.append({
            "name": f"js-{start_index + k:03d} edge SALT {s[:8]}{'...' if len(s) > 8 else ''}",
            "source": "amazon-cognito-identity-js", "pool_id": r.choice(POOL_IDS), "username": username,
            "user_id_for_srp": user_id, "password": make_password(r, "ascii"), "a": a_bytes(r, 128).hex(),
            "salt": s, "srp_b": b_hex(r, "top"), "secret_block": secret_block(r, "real"),
            "epoch_seconds": plan_epoch(rt, 7 * k + 3),
        })
    return out


def py_edge_salts(start_index: int) -> list:
    r = Drbg("py/edge-salts")
    rt = Drbg("py/edge-salts/time")
    out = []
    for k, s in enumerate(["0", "1", "80", "7fffffffffffffffffffffffffffffff", "ff"]):
        username, user_id = make_user(r, "plain")
        out.append({
            "name": f"py-{start_index + k:03d} edge SALT {s[:8]}{'...' if len(s) > 8 else ''}",
            "source": "pycognito", "pool_id": r.choice(POOL_IDS), "username": username,
            "user_id_for_srp": user_id, "password": make_password(r, "ascii"), "a": a_bytes(r, 128).hex(),
            "salt": s, "srp_b": b_hex(r, "top"), "secret_block": secret_block(r, "real"),
            "epoch_seconds": plan_epoch(rt, 11 * k + 5),
        })
    return out


def spec_user_vector() -> dict:
    return {
        "name": "js-000 spec 6.10 vector (negative salt, B top bit set, 32-byte a)",
        "source": "amazon-cognito-identity-js", "pool_id": "us-east-1_AbCdEf123", "username": "testuser",
        "user_id_for_srp": "testuser", "password": "Passw0rd!", "a": "a1" * 32,
        "salt": "-6f01caa57a1b2c3d4e5f60718293a4b5", "srp_b": ref.SPEC_B_HEX, "secret_block": ref.SPEC_SECRET_BLOCK,
        "epoch_seconds": ref.SPEC_EPOCH,
    }


def device_group_key(r: Drbg) -> str:
    return "-" + "".join(r.choice(ALNUM) for _ in range(9))


def device_key(r: Drbg) -> str:
    return f"{r.choice(REGIONS)}_{uuid4(r)}"


def device_salt(r: Drbg, top: bool) -> str:
    """SALT of a DEVICE_PASSWORD_VERIFIER challenge: the PAD()ded client salt read back as a positive integer."""
    b = bytearray(r.bytes(16))
    b[0] = (b[0] | 0x80) if top else ((b[0] & 0x7F) | 0x10)
    return ref.java_to_string16(int.from_bytes(ref.pad(int.from_bytes(b, "big")), "big", signed=True))


def device_srp_vectors(source: str, count: int, label: str) -> list:
    r = Drbg(label)
    rt = Drbg(label + "/time")
    tag = "js" if source.startswith("amazon") else "py"
    out = []
    b_cats = ["top", "notop", "short383top", "top", "oddlen", "top", "short64", "top"]
    for i in range(count):
        pool_id = r.choice(POOL_IDS)
        username, user_id = make_user(r, ["uuid", "email", "plain"][i % 3])
        gk, dk = device_group_key(r), device_key(r)
        dpw = base64.b64encode(r.bytes(40)).decode()
        a = a_bytes(r, [128, 128, 64, 128][i % 4])
        top = i % 2 == 0
        salt = device_salt(r, top)
        bc = b_cats[i % len(b_cats)]
        desc = f"salt top bit {'set' if top else 'clear'} B:{bc} a:{len(a)}B"
        if tag == "js" and i == count - 1:
            bc = "searched"
            srp_b, _ = search_b_for_s(r, a, salt, gk + dk, dpw, lambda S: S < (1 << 3064))
            desc = f"S leading zero byte a:{len(a)}B"
        else:
            srp_b = b_hex(r, bc)
        v = {
            "name": f"{tag}-dev-{i + 1:02d} {desc}", "source": source,
            # user step that leads to DEVICE_SRP_AUTH (not part of the output)
            "pool_id": pool_id, "username": username, "user_id_for_srp": user_id,
            "password": make_password(r, "ascii"), "user_salt": salt_str(r, "pos"), "user_srp_b": b_hex(r, "top"),
            "user_secret_block": secret_block(r, "real"),
            # device step
            "device_group_key": gk, "device_key": dk, "device_password": dpw, "a": a.hex(), "salt": salt,
            "srp_b": srp_b, "secret_block": secret_block(r, "real"), "epoch_seconds": plan_epoch(rt, 5 * i + 2),
        }
        if tag == "js":  # the JS client draws a fresh a for the user step; pycognito re-uses the device a
            v["user_a"] = a_bytes(r, 128).hex()
        out.append(v)
    return out


def device_verifier_vectors(source: str, label: str) -> list:
    r = Drbg(label)
    tag = "js" if source.startswith("amazon") else "py"
    out = []

    def add(desc, gk, dk, pw_bytes, salt_bytes):
        pool_id = r.choice(POOL_IDS)
        username, user_id = make_user(r, "uuid")
        out.append({
            "name": f"{tag}-ver-{len(out) + 1:02d} {desc}", "source": source,
            "device_group_key": gk, "device_key": dk, "password_bytes": pw_bytes.hex(), "salt_bytes": salt_bytes.hex(),
            # user step before ConfirmDevice (JS drives the whole sign-in; not part of the output)
            "pool_id": pool_id, "username": username, "user_id_for_srp": user_id, "password": make_password(r, "ascii"),
            "user_a": a_bytes(r, 128).hex(), "user_salt": salt_str(r, "pos"), "user_srp_b": b_hex(r, "top"),
            "user_secret_block": secret_block(r, "real"), "epoch_seconds": 1700000000 + r.below(10 ** 8),
        })

    add("spec 6.9/6.10 device vector", ref.SPEC_DEVICE_GROUP_KEY, ref.SPEC_DEVICE_KEY, ref.SPEC_DEVICE_PASSWORD_BYTES,
        bytes.fromhex(ref.SPEC_DEVICE_SALT_BYTES))
    b = bytearray(r.bytes(16)); b[0] |= 0x80
    add("salt top bit set (PAD adds 00)", device_group_key(r), device_key(r), r.bytes(40), bytes(b))
    b = bytearray(r.bytes(16)); b[0] = (b[0] & 0x7F) | 0x01
    add("salt top bit clear", device_group_key(r), device_key(r), r.bytes(40), bytes(b))
    b = bytearray(r.bytes(16)); b[0] = 0; b[1] |= 0x80
    add("salt leading zero byte, next top bit set", device_group_key(r), device_key(r), r.bytes(40), bytes(b))
    b = bytearray(r.bytes(16)); b[0] = 0; b[1] = 0; b[2] = 0x0F & b[2] | 0x01
    add("salt two leading zero bytes (PAD shortens it)", device_group_key(r), device_key(r), r.bytes(40), bytes(b))
    # verifier shapes: v with top bit set / clear / a zero leading byte
    for desc, pred in [("verifier top bit set (PAD(v) 385 bytes)", lambda v: v >= (1 << 3071)),
                       ("verifier top bit clear (PAD(v) 384 bytes)", lambda v: (1 << 3064) <= v < (1 << 3071)),
                       ("verifier leading zero byte (PAD(v) <= 384 bytes)", lambda v: v < (1 << 3064))]:
        gk, dk, salt_bytes = device_group_key(r), device_key(r), r.bytes(16)
        for _ in range(100000):
            pw = r.bytes(40)
            x = ref.compute_x(int.from_bytes(salt_bytes, "big"), gk + dk, base64.b64encode(pw).decode())
            if pred(pow(2, x, N)):
                break
        else:
            raise RuntimeError("verifier search failed")
        add(desc, gk, dk, pw, salt_bytes)
    add("random", device_group_key(r), device_key(r), r.bytes(40), r.bytes(16))
    return out


def timestamp_epochs() -> list:
    r = Drbg("timestamps")
    fixed = [
        0,                 # Thu Jan 1 00:00:00 UTC 1970
        946684799,         # Fri Dec 31 23:59:59 UTC 1999
        946684800,         # Sat Jan 1 00:00:00 UTC 2000
        951782400,         # Tue Feb 29 00:00:00 UTC 2000 (century leap year)
        1709164800,        # Thu Feb 29 00:00:00 UTC 2024
        ref.SPEC_EPOCH,    # Tue Mar 5 07:04:09 UTC 2024 (spec 6.5)
        1671983940,        # Sun Dec 25 15:59:00 UTC 2022
        2147483647,        # Tue Jan 19 03:14:07 UTC 2038 (i32 max)
        2147483648,        # one second later
        4107542399,        # Sun Feb 28 23:59:59 UTC 2100 (2100 is not a leap year)
        4107542400,        # Mon Mar 1 00:00:00 UTC 2100
        253402300799,      # Fri Dec 31 23:59:59 UTC 9999
    ]
    out = list(fixed)
    for i in range(36):
        out.append(plan_epoch(r, i))
    for month in range(1, 13):  # one per month with single-digit hours/minutes/seconds
        out.append(calendar.timegm((r.between(2020, 2030), month, r.between(1, 9), r.below(10), r.below(10),
                                    r.below(10))))
    return out


def secret_hash_inputs() -> list:
    r = Drbg("secret-hash")

    def client_id():
        return "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(26))

    def client_secret():
        return "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(51))

    out = [{"client_id": "1example23456789", "client_secret": "1example23456789secretabcdefghijklmnop",
            "username": "testuser"}]
    usernames = ["alice", email(r), uuid4(r), "+15555550100", "josé.garcía", "ユーザー名", "пользователь", "user🦀👍🏽",
                 "Žluťoučký_kůň", "a" * 128, "with space", "用户_测试"]
    for u in usernames:
        out.append({"client_id": client_id(), "client_secret": client_secret(), "username": u})
    return out


def pad_hex_values() -> list:
    r = Drbg("pad-hex")
    spec = [20, 236, 200, 128, 56, -20, -56, -128, -200, -236, 0x9001, -28671]
    extra = [0, 1, -1, 127, -127, 255, -255, 256, -256, 0x7FFF, 0x8000, -0x8000, -0x8001, -0x7FFF, 0xFF00, -0xFF00,
             1 << 127, -(1 << 127), -(1 << 127) - 1, (1 << 128) - 1, -((1 << 128) - 1), N, -N, N - 1, 1 << 3071,
             -(1 << 3071)]
    out = spec + extra
    for i in range(40):
        nbytes = [1, 2, 3, 15, 16, 16, 16, 17, 32, 33, 100, 383, 384, 385][i % 14]
        v = int.from_bytes(r.bytes(nbytes), "big")
        if i % 3 == 0:  # salt-like: 16 bytes read as signed
            v = int.from_bytes(r.bytes(16), "big", signed=True)
        elif i % 2:
            v = -v
        out.append(v)
    seen, uniq = set(), []
    for v in out:
        if v not in seen:
            seen.add(v)
            uniq.append(v)
    return [ref.java_to_string16(v) for v in uniq]


def main() -> None:
    t0 = time.time()
    ref.self_test()
    js_salts = ["neg", "pos", "neg", "pos_8f", "neg_ff", "pos_odd", "neg", "neg_f0", "pos"]
    py_salts = ["pos", "pos_8f", "pos_odd", "pos", "pos_8f"]
    js_user = [spec_user_vector()] + user_vectors("amazon-cognito-identity-js", 62, js_salts, "js/user")
    js_user += js_edge_salts(len(js_user))
    py_user = user_vectors("pycognito", 32, py_salts, "py/user")
    py_user += py_edge_salts(len(py_user) + 1)
    inputs = {
        "user_srp": js_user + py_user,
        "device_srp": device_srp_vectors("amazon-cognito-identity-js", 8, "js/device")
        + device_srp_vectors("pycognito", 6, "py/device"),
        "device_verifier": device_verifier_vectors("amazon-cognito-identity-js", "js/verifier")
        + device_verifier_vectors("pycognito", "py/verifier"),
        "timestamps": timestamp_epochs(),
        "secret_hash": secret_hash_inputs(),
        "pad_hex": pad_hex_values(),
    }
    names = [v["name"] for k in ("user_srp", "device_srp", "device_verifier") for v in inputs[k]]
    assert len(names) == len(set(names)), "duplicate vector names"
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(inputs, f, ensure_ascii=False, indent=1)
    print(f"make_inputs: {len(inputs['user_srp'])} user, {len(inputs['device_srp'])} device SRP, "
          f"{len(inputs['device_verifier'])} verifier inputs in {time.time() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
