#!/usr/bin/env python3
"""Reference for scripts/bench-emulator: the cost of signing an ID + access token pair (RS256, RSA-2048,
PKCS#1 v1.5 with SHA-256) with OpenSSL through Python's `cryptography` — the library moto's server signs its
tokens with (moto -> joserfc -> cryptography). The same steps as the emulator's `PoolKeys::sign` and
crates/emulator/benches/tokens.rs (`emulator/rs256_pair`): JSON header and claims, base64url, sign.

Usage: rs256_openssl.py WARMUP_SECONDS SECONDS OUT.json
"""

import base64
import json
import sys
import time

import cryptography
from cryptography.hazmat.backends.openssl import backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def main(argv):
    warmup, seconds, out = float(argv[1]), float(argv[2]), argv[3]
    keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)]
    iss = "http://127.0.0.1:40123/us-east-1_Ab12Cd34E"
    sub = "5f0e2c1a-9b7d-4e3f-8a6b-1c2d3e4f5a6b"
    access = {"sub": sub, "iss": iss, "client_id": "3n4b5c6d7e8f9g0h1i2j3k4l5m",
              "origin_jti": "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e", "event_id": "1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f",
              "token_use": "access", "scope": "aws.cognito.signin.user.admin", "auth_time": 1767225600,
              "exp": 1767229200, "iat": 1767225600, "jti": "2d3e4f5a-6b7c-8d9e-0f1a-2b3c4d5e6f7a",
              "username": "bench-user", "version": 2}
    id_ = {"email": "bench@example.com", "email_verified": True, "sub": sub, "iss": iss,
           "cognito:username": "bench-user", "origin_jti": "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
           "aud": "3n4b5c6d7e8f9g0h1i2j3k4l5m", "event_id": "1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f",
           "token_use": "id", "auth_time": 1767225600, "exp": 1767229200, "iat": 1767225600,
           "jti": "3e4f5a6b-7c8d-9e0f-1a2b-3c4d5e6f7a8b"}
    kid = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="

    def sign(key, claims):
        header = json.dumps({"kid": kid, "alg": "RS256"}, separators=(",", ":")).encode()
        body = json.dumps(claims, separators=(",", ":")).encode()
        signing_input = b64url(header) + b"." + b64url(body)
        return signing_input + b"." + b64url(key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256()))

    def pair():
        return sign(keys[1], access), sign(keys[0], id_)

    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        pair()
    n = 0
    start = time.perf_counter()
    while True:
        pair()
        n += 1
        if time.perf_counter() - start >= seconds:
            break
    elapsed = time.perf_counter() - start
    with open(out, "w") as f:
        json.dump({"pair_ms": elapsed / n * 1e3, "iterations": n, "seconds": elapsed,
                   "cryptography": cryptography.__version__, "openssl": backend.openssl_version_text()}, f)


if __name__ == "__main__":
    main(sys.argv)
