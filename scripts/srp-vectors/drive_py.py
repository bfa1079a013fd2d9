#!/usr/bin/env python3
"""Runs the real pycognito client (pycognito.aws_srp.AWSSRP) on the inputs from make_inputs.py (part of
scripts/gen-srp-vectors). Nothing here talks to the network:
  * AWSSRP gets an in-process fake boto3 client that answers with canned challenges and records the requests;
    aws_srp.boto3 and aws_srp.requests are replaced by stand-ins that record or refuse, never connect;
  * aws_srp.os.urandom (its only randomness: `a`, the device password, the device salt) reads a queue we fill;
  * aws_srp.datetime is replaced so datetime.datetime.utcnow() returns the chosen instant.

Usage (inside the venv that has pycognito): drive_py.py INPUTS.json OUT.json
"""

import datetime as real_datetime
import json
import os as real_os
import platform
import sys
import types
from importlib import metadata

import pycognito
from pycognito import aws_srp

# ---- fixed randomness ----------------------------------------------------------------------------------------


class RandomQueue:
    def __init__(self):
        self.data = b""
        self.pos = 0

    def fill(self, *parts: bytes):
        self.data = b"".join(parts)
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise RuntimeError("the client drew more random bytes than the driver queued")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def assert_consumed(self, name: str):
        if self.pos != len(self.data):
            raise RuntimeError(f"{name}: client drew {self.pos} of {len(self.data)} queued random bytes")


RANDOM = RandomQueue()


class OsShim:
    """aws_srp's view of `os`: urandom comes from the queue, everything else is the real module."""

    def __getattr__(self, name):
        return getattr(real_os, name)

    @staticmethod
    def urandom(n):
        return RANDOM.take(n)


aws_srp.os = OsShim()

# ---- fixed clock ---------------------------------------------------------------------------------------------
FIXED_NOW = None


class FixedDateTime(real_datetime.datetime):
    @classmethod
    def utcnow(cls):
        if FIXED_NOW is None:
            raise RuntimeError("clock read while no time is fixed")
        return FIXED_NOW

    @classmethod
    def now(cls, tz=None):
        raise RuntimeError("pycognito read datetime.now(); the driver only fixes utcnow()")


aws_srp.datetime = types.SimpleNamespace(datetime=FixedDateTime, timedelta=real_datetime.timedelta,
                                         timezone=real_datetime.timezone)


def fix_clock(epoch_seconds):
    global FIXED_NOW
    FIXED_NOW = None if epoch_seconds is None else (
        real_datetime.datetime(1970, 1, 1) + real_datetime.timedelta(seconds=epoch_seconds))


# ---- no network ----------------------------------------------------------------------------------------------
class NoBoto3:
    @staticmethod
    def client(*args, **kwargs):
        raise RuntimeError("the driver must pass its fake client; boto3.client() was called")


class RecordingRequests:
    """Stands in for `requests` inside aws_srp: records ConfirmDevice instead of POSTing it."""

    def __init__(self):
        self.posts = []

    def post(self, url, headers=None, data=None, timeout=None):
        self.posts.append({"url": url, "headers": headers, "data": json.loads(data)})
        return types.SimpleNamespace(status_code=200, json=lambda: {"UserConfirmationNecessary": False})

    def __getattr__(self, name):
        raise RuntimeError(f"unexpected requests.{name}")


aws_srp.boto3 = NoBoto3()
REQUESTS = RecordingRequests()
aws_srp.requests = REQUESTS

CLIENT_ID = "1example23456789abcdefghij"


class FakeCognito:
    """A boto3 cognito-idp client look-alike that answers from a script and records what it was sent."""

    def __init__(self, name, script):
        self.name = name
        self.script = list(script)
        self.calls = []

    def _answer(self, op, kwargs):
        self.calls.append((op, kwargs))
        if not self.script:
            raise RuntimeError(f"{self.name}: unexpected {op}")
        want_op, answer = self.script.pop(0)
        if want_op != op:
            raise RuntimeError(f"{self.name}: expected {want_op}, client sent {op}")
        return answer

    def initiate_auth(self, **kwargs):
        return self._answer("InitiateAuth", kwargs)

    def respond_to_auth_challenge(self, **kwargs):
        return self._answer("RespondToAuthChallenge", kwargs)

    def __getattr__(self, name):
        raise RuntimeError(f"unexpected client call {name}")


def a128(a_hex: str) -> bytes:
    """pycognito draws `a` as 128 random bytes; a shorter `a` is fed with leading zero bytes."""
    b = bytes.fromhex(a_hex)
    assert len(b) <= 128
    return b"\x00" * (128 - len(b)) + b


def password_verifier(user_id, salt, srp_b, block):
    return {"ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {"SALT": salt, "SRP_B": srp_b, "SECRET_BLOCK": block, "USER_ID_FOR_SRP": user_id,
                                    "USERNAME": user_id}}


def user_srp(v):
    RANDOM.fill(a128(v["a"]))
    fake = FakeCognito(v["name"], [
        ("InitiateAuth", password_verifier(v["user_id_for_srp"], v["salt"], v["srp_b"], v["secret_block"])),
        ("RespondToAuthChallenge", {"AuthenticationResult": {"AccessToken": "x"}}),
    ])
    srp = aws_srp.AWSSRP(username=v["username"], password=v["password"], pool_id=v["pool_id"], client_id=CLIENT_ID,
                         client=fake)
    fix_clock(v["epoch_seconds"])
    srp.authenticate_user()
    fix_clock(None)
    RANDOM.assert_consumed(v["name"])
    init = fake.calls[0][1]
    resp = fake.calls[1][1]
    cr = resp["ChallengeResponses"]
    assert init["AuthParameters"]["USERNAME"] == v["username"], v["name"]
    assert resp["ChallengeName"] == "PASSWORD_VERIFIER", v["name"]
    assert cr["USERNAME"] == v["user_id_for_srp"], v["name"]
    assert cr["PASSWORD_CLAIM_SECRET_BLOCK"] == v["secret_block"], v["name"]
    return {"name": v["name"], "srp_a": init["AuthParameters"]["SRP_A"], "timestamp": cr["TIMESTAMP"],
            "signature": cr["PASSWORD_CLAIM_SIGNATURE"]}


def device_srp(v):
    """Remembered-device sign-in; pycognito re-uses the user-step `a` for the device step."""
    RANDOM.fill(a128(v["a"]))
    fake = FakeCognito(v["name"], [
        ("InitiateAuth", password_verifier(v["user_id_for_srp"], v["user_salt"], v["user_srp_b"],
                                           v["user_secret_block"])),
        ("RespondToAuthChallenge", {"ChallengeName": "DEVICE_SRP_AUTH", "Session": "session-1"}),
        ("RespondToAuthChallenge", {"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": "session-2",
                                    "ChallengeParameters": {"SALT": v["salt"], "SRP_B": v["srp_b"],
                                                            "SECRET_BLOCK": v["secret_block"],
                                                            "USERNAME": v["user_id_for_srp"]}}),
        ("RespondToAuthChallenge", {"AuthenticationResult": {"AccessToken": "x"}}),
    ])
    srp = aws_srp.AWSSRP(username=v["username"], password=v["password"], pool_id=v["pool_id"], client_id=CLIENT_ID,
                         client=fake, device_key=v["device_key"], device_group_key=v["device_group_key"],
                         device_password=v["device_password"])
    fix_clock(v["epoch_seconds"])
    srp.authenticate_user()
    fix_clock(None)
    RANDOM.assert_consumed(v["name"])
    assert fake.calls[0][1]["AuthParameters"]["DEVICE_KEY"] == v["device_key"], v["name"]
    ds = fake.calls[2][1]
    dv = fake.calls[3][1]
    assert ds["ChallengeName"] == "DEVICE_SRP_AUTH" and dv["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER", v["name"]
    cr = dv["ChallengeResponses"]
    assert cr["DEVICE_KEY"] == v["device_key"] and cr["PASSWORD_CLAIM_SECRET_BLOCK"] == v["secret_block"], v["name"]
    return {"name": v["name"], "srp_a": ds["ChallengeResponses"]["SRP_A"], "timestamp": cr["TIMESTAMP"],
            "signature": cr["PASSWORD_CLAIM_SIGNATURE"],
            "session_sent": {"DEVICE_SRP_AUTH": "Session" in ds, "DEVICE_PASSWORD_VERIFIER": "Session" in dv}}


def device_verifier(v):
    """AWSSRP.confirm_device() after a sign-in that returned NewDeviceMetadata (its POST is recorded)."""
    RANDOM.fill(a128(v["user_a"]), bytes.fromhex(v["password_bytes"]), bytes.fromhex(v["salt_bytes"]))
    srp = aws_srp.AWSSRP(username=v["username"], password=v["password"], pool_id=v["pool_id"], client_id=CLIENT_ID,
                         client=FakeCognito(v["name"], []))
    tokens = {"AuthenticationResult": {"AccessToken": "access-token", "NewDeviceMetadata": {
        "DeviceKey": v["device_key"], "DeviceGroupKey": v["device_group_key"]}}}
    before = len(REQUESTS.posts)
    _, device_password = srp.confirm_device(tokens, device_name="srp-vectors")
    RANDOM.assert_consumed(v["name"])
    assert len(REQUESTS.posts) == before + 1
    body = REQUESTS.posts[-1]["data"]
    assert body["DeviceKey"] == v["device_key"], v["name"]
    cfg = body["DeviceSecretVerifierConfig"]
    return {"name": v["name"], "device_password": device_password, "salt": cfg["Salt"],
            "password_verifier": cfg["PasswordVerifier"]}


def negative_salt_probe():
    """pycognito cannot use a negative SALT (it hex-decodes the string as is); confirm and report."""
    RANDOM.fill(b"\x01" * 128)
    fake = FakeCognito("probe", [("InitiateAuth", password_verifier("testuser", "-6f01caa57a1b2c3d4e5f60718293a4b5",
                                                                    "b7a3", "AAAA"))])
    srp = aws_srp.AWSSRP(username="testuser", password="p", pool_id="us-east-1_AbCdEf123", client_id=CLIENT_ID,
                         client=fake)
    fix_clock(0)
    try:
        srp.authenticate_user()
    except ValueError as e:
        return f"{type(e).__name__}: {e}"
    finally:
        fix_clock(None)
    raise RuntimeError("pycognito accepted a negative SALT: the known limitation is gone, update the generator")


def main():
    inputs_path, out_path = sys.argv[1:3]
    with open(inputs_path, encoding="utf-8") as f:
        inputs = json.load(f)
    mine = lambda section: [v for v in inputs[section] if v["source"] == "pycognito"]  # noqa: E731
    out = {
        "versions": {"pycognito": metadata.version("pycognito"), "python": platform.python_version()},
        "user_srp": [user_srp(v) for v in mine("user_srp")],
        "device_srp": [device_srp(v) for v in mine("device_srp")],
        "device_verifier": [device_verifier(v) for v in mine("device_verifier")],
        "timestamps": [{"epoch_seconds": e,
                        "timestamp": aws_srp.AWSSRP.get_cognito_formatted_timestamp(
                            real_datetime.datetime(1970, 1, 1) + real_datetime.timedelta(seconds=e))}
                       for e in inputs["timestamps"]],
        "secret_hash": [dict(s, secret_hash=aws_srp.AWSSRP.get_secret_hash(s["username"], s["client_id"],
                                                                           s["client_secret"]))
                        for s in inputs["secret_hash"]],
        "negative_salt_probe": negative_salt_probe(),
    }
    assert pycognito.aws_srp is aws_srp
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
    print(f"drive_py: {len(out['user_srp'])} user, {len(out['device_srp'])} device SRP, "
          f"{len(out['device_verifier'])} verifiers, {len(out['timestamps'])} timestamps, "
          f"{len(out['secret_hash'])} secret hashes; negative SALT -> {out['negative_salt_probe']}", file=sys.stderr)


if __name__ == "__main__":
    main()
