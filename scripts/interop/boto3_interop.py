#!/usr/bin/env python3
"""boto3 against the cognito-flow emulator: every call goes through botocore's real client
(request serialization, SigV4 signing of admin calls, response parsing, error mapping).

Run by scripts/interop-boto3, which starts the emulator and installs boto3:

    boto3_interop.py --endpoint http://127.0.0.1:PORT --access-key KEY --secret-key SECRET
                     [--emulator-log FILE]

Each check prints `ok` or `FAIL` with the reason; a check whose prerequisite failed fails too.
The last line is `N passed, M failed`; the exit status is 1 when anything failed.

Only the standard library besides boto3: the TOTP codes (RFC 6238) and the SRP client
(USER_SRP_AUTH, spec section 6) are computed here, independently of the Rust code.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import secrets
import struct
import sys
import time
import traceback
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

PASSWORD = "Passw0rd!"
NEW_PASSWORD = "N3w-Passw0rd!"
TEMPORARY_PASSWORD = "Temp0rary!"


# --------------------------------------------------------------------------------------------
# TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps)
# --------------------------------------------------------------------------------------------

def totp(secret, at=None):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (value % 1_000_000)


# --------------------------------------------------------------------------------------------
# SRP, as Cognito does it (spec section 6)
# --------------------------------------------------------------------------------------------

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2


def pad(value):
    """Java's BigInteger.toByteArray(): minimal big-endian two's complement."""
    bits = (~value).bit_length() if value < 0 else value.bit_length()
    return value.to_bytes(bits // 8 + 1, "big", signed=True)


def sha256(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.digest()


K_MULTIPLIER = int.from_bytes(sha256(pad(N), pad(G)), "big")
assert format(K_MULTIPLIER, "064x").startswith("538282c4"), "k must match spec section 6.1"

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def srp_timestamp(now=None):
    """`EEE MMM d HH:mm:ss UTC yyyy`, English, day without a leading zero (spec section 6.5)."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return "%s %s %d %02d:%02d:%02d UTC %d" % (
        WEEKDAYS[now.weekday()], MONTHS[now.month - 1], now.day,
        now.hour, now.minute, now.second, now.year,
    )


class SrpClient:
    def __init__(self):
        while True:
            self.a = int.from_bytes(secrets.token_bytes(128), "big") % N
            self.big_a = pow(G, self.a, N)
            if self.big_a % N:
                break

    def srp_a(self):
        return format(self.big_a, "x")

    def claim(self, pool_id, params, password):
        pool_name = pool_id.split("_", 1)[1]
        user_id = params["USER_ID_FOR_SRP"]
        big_b = int(params["SRP_B"], 16)
        if big_b % N == 0:
            raise ValueError("B mod N is 0")
        salt = int(params["SALT"], 16)  # signed: may start with '-'
        u = int.from_bytes(sha256(pad(self.big_a), pad(big_b)), "big")
        if u == 0:
            raise ValueError("u is 0")
        inner = sha256((pool_name + user_id + ":" + password).encode())
        x = int.from_bytes(sha256(pad(salt), inner), "big")
        base = (big_b - K_MULTIPLIER * pow(G, x, N)) % N
        s = pow(base, self.a + u * x, N)
        prk = hmac.new(pad(u), pad(s), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        timestamp = srp_timestamp()
        message = (pool_name.encode() + user_id.encode()
                   + base64.b64decode(params["SECRET_BLOCK"]) + timestamp.encode())
        signature = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
        return {
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": signature,
            "TIMESTAMP": timestamp,
        }


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

class Run:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.state = {}

    def check(self, name, needs=()):
        """Decorator: runs the check now, unless a value it needs is missing."""
        def run(fn):
            missing = [n for n in needs if n not in self.state]
            if missing:
                self.failed += 1
                print("FAIL %s: needs %s (an earlier check failed)" % (name, ", ".join(missing)))
                return fn
            try:
                fn()
            except AssertionError as e:
                self.failed += 1
                print("FAIL %s: %s" % (name, e))
            except ClientError as e:
                self.failed += 1
                err = e.response.get("Error", {})
                print("FAIL %s: %s: %s" % (name, err.get("Code"), err.get("Message")))
            except Exception as e:  # noqa: BLE001 - report anything, keep going
                self.failed += 1
                print("FAIL %s: %s" % (name, "".join(traceback.format_exception_only(type(e), e)).strip()))
            else:
                self.passed += 1
                print("ok   %s" % name)
            return fn
        return run


def expect_error(code, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        got = e.response.get("Error", {}).get("Code")
        assert got == code, "expected %s, got %s (%s)" % (
            code, got, e.response.get("Error", {}).get("Message"))
        return e
    raise AssertionError("expected %s, the call succeeded" % code)


def outbox_code(endpoint, pool_id, username):
    query = urllib.parse.urlencode({"userPoolId": pool_id, "username": username})
    with urllib.request.urlopen("%s/_emulator/outbox?%s" % (endpoint, query), timeout=10) as resp:
        messages = json.load(resp)
    assert messages, "no message for %s in the outbox" % username
    return messages[-1]["code"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--emulator-log")
    args = parser.parse_args()

    config = Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=30)

    def client(key=args.access_key, secret=args.secret_key):
        return boto3.client(
            "cognito-idp", endpoint_url=args.endpoint, region_name=args.region,
            aws_access_key_id=key, aws_secret_access_key=secret, config=config,
        )

    idp = client()
    run = Run()
    s = run.state

    # ---- Setup ---------------------------------------------------------------------------

    @run.check("create_user_pool")
    def _():
        out = idp.create_user_pool(PoolName="interop", AutoVerifiedAttributes=["email"])
        pool = out["UserPool"]
        assert pool["Id"].startswith(args.region + "_"), pool["Id"]
        assert isinstance(pool["CreationDate"], datetime.datetime), pool["CreationDate"]
        assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
        s["pool"] = pool["Id"]

    @run.check("set_user_pool_mfa_config (TOTP, OPTIONAL)", needs=["pool"])
    def _():
        idp.set_user_pool_mfa_config(
            UserPoolId=s["pool"], SoftwareTokenMfaConfiguration={"Enabled": True},
            MfaConfiguration="OPTIONAL",
        )
        got = idp.get_user_pool_mfa_config(UserPoolId=s["pool"])
        assert got["SoftwareTokenMfaConfiguration"]["Enabled"] is True, got
        assert got["MfaConfiguration"] == "OPTIONAL", got

    @run.check("create_user_pool_client", needs=["pool"])
    def _():
        out = idp.create_user_pool_client(
            UserPoolId=s["pool"], ClientName="interop",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                               "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        )
        c = out["UserPoolClient"]
        assert len(c["ClientId"]) == 26, c["ClientId"]
        assert "ClientSecret" not in c
        s["client"] = c["ClientId"]
        described = idp.describe_user_pool_client(UserPoolId=s["pool"], ClientId=c["ClientId"])
        assert described["UserPoolClient"]["ExplicitAuthFlows"] == c["ExplicitAuthFlows"]

    @run.check("list_user_pools paginator (NextToken)", needs=["pool"])
    def _():
        for name in ("page-a", "page-b"):
            idp.create_user_pool(PoolName=name)
        pages = list(idp.get_paginator("list_user_pools").paginate(MaxResults=2))
        ids = [p["Id"] for page in pages for p in page["UserPools"]]
        assert len(pages) == 2, "expected 2 pages, got %d" % len(pages)
        assert s["pool"] in ids and len(ids) == 3, ids

    @run.check("admin_create_user", needs=["pool"])
    def _():
        out = idp.admin_create_user(
            UserPoolId=s["pool"], Username="alice", MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": "alice@example.com"},
                            {"Name": "email_verified", "Value": "true"}],
        )
        user = out["User"]
        assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD", user
        assert isinstance(user["UserCreateDate"], datetime.datetime)
        assert any(a["Name"] == "sub" for a in user["Attributes"])
        s["alice"] = "alice"

    @run.check("admin_set_user_password (permanent)", needs=["alice"])
    def _():
        idp.admin_set_user_password(UserPoolId=s["pool"], Username="alice", Password=PASSWORD,
                                    Permanent=True)
        got = idp.admin_get_user(UserPoolId=s["pool"], Username="alice")
        assert got["UserStatus"] == "CONFIRMED", got["UserStatus"]
        s["alice_password"] = True

    @run.check("list_users with a filter", needs=["alice"])
    def _():
        out = idp.list_users(UserPoolId=s["pool"], Filter='email ^= "alice@"')
        assert [u["Username"] for u in out["Users"]] == ["alice"], out["Users"]

    # ---- Sign-in -------------------------------------------------------------------------

    @run.check("admin_initiate_auth ADMIN_USER_PASSWORD_AUTH", needs=["client", "alice_password"])
    def _():
        out = idp.admin_initiate_auth(
            UserPoolId=s["pool"], ClientId=s["client"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )
        result = out["AuthenticationResult"]
        assert result["TokenType"] == "Bearer" and result["ExpiresIn"] == 3600, result
        assert result["AccessToken"].count(".") == 2
        s["alice_refresh"] = result["RefreshToken"]

    @run.check("initiate_auth USER_PASSWORD_AUTH", needs=["client", "alice_password"])
    def _():
        out = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )
        s["alice_access"] = out["AuthenticationResult"]["AccessToken"]
        me = idp.get_user(AccessToken=s["alice_access"])
        assert me["Username"] == "alice", me

    @run.check("initiate_auth USER_SRP_AUTH (Python SRP client)", needs=["client", "alice_password"])
    def _():
        srp = SrpClient()
        out = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": "alice", "SRP_A": srp.srp_a()},
        )
        assert out["ChallengeName"] == "PASSWORD_VERIFIER", out
        answer = srp.claim(s["pool"], out["ChallengeParameters"], PASSWORD)
        done = idp.respond_to_auth_challenge(
            ClientId=s["client"], ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer,
        )
        assert "AccessToken" in done["AuthenticationResult"], done

    @run.check("initiate_auth REFRESH_TOKEN_AUTH", needs=["alice_refresh"])
    def _():
        out = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": s["alice_refresh"]},
        )
        assert "AccessToken" in out["AuthenticationResult"], out

    @run.check("NEW_PASSWORD_REQUIRED answered with respond_to_auth_challenge", needs=["client"])
    def _():
        idp.admin_create_user(UserPoolId=s["pool"], Username="bob", MessageAction="SUPPRESS",
                              TemporaryPassword=TEMPORARY_PASSWORD)
        out = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "bob", "PASSWORD": TEMPORARY_PASSWORD},
        )
        assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED", out
        done = idp.respond_to_auth_challenge(
            ClientId=s["client"], ChallengeName="NEW_PASSWORD_REQUIRED", Session=out["Session"],
            ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": NEW_PASSWORD},
        )
        assert "AccessToken" in done["AuthenticationResult"], done
        got = idp.admin_get_user(UserPoolId=s["pool"], Username="bob")
        assert got["UserStatus"] == "CONFIRMED", got["UserStatus"]

    @run.check("TOTP set-up: associate, verify, set_user_mfa_preference", needs=["client", "pool"])
    def _():
        idp.admin_create_user(UserPoolId=s["pool"], Username="carol", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=s["pool"], Username="carol", Password=PASSWORD,
                                    Permanent=True)
        tokens = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "carol", "PASSWORD": PASSWORD},
        )["AuthenticationResult"]
        secret = idp.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"]
        assert len(secret) >= 16, secret
        verified = idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=totp(secret),
                                             FriendlyDeviceName="interop")
        assert verified["Status"] == "SUCCESS", verified
        idp.set_user_mfa_preference(
            AccessToken=tokens["AccessToken"],
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
        got = idp.admin_get_user(UserPoolId=s["pool"], Username="carol")
        assert got.get("PreferredMfaSetting") == "SOFTWARE_TOKEN_MFA", got
        s["carol_secret"] = secret

    @run.check("SOFTWARE_TOKEN_MFA sign-in", needs=["carol_secret"])
    def _():
        out = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "carol", "PASSWORD": PASSWORD},
        )
        assert out["ChallengeName"] == "SOFTWARE_TOKEN_MFA", out
        # The set-up used this 30-second step's code; codes are single-use, so answer with the
        # next step's (accepted: +-1 step).
        done = idp.respond_to_auth_challenge(
            ClientId=s["client"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=out["Session"],
            ChallengeResponses={"USERNAME": "carol",
                                "SOFTWARE_TOKEN_MFA_CODE": totp(s["carol_secret"], time.time() + 30)},
        )
        assert "AccessToken" in done["AuthenticationResult"], done

    # ---- Sign-up and password reset --------------------------------------------------------

    @run.check("sign_up, confirm_sign_up (code from the outbox), sign in", needs=["client"])
    def _():
        out = idp.sign_up(ClientId=s["client"], Username="dan", Password=PASSWORD,
                          UserAttributes=[{"Name": "email", "Value": "dan@example.com"}])
        assert out["UserConfirmed"] is False, out
        assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL", out
        code = outbox_code(args.endpoint, s["pool"], "dan")
        wrong = "000000" if code != "000000" else "111111"
        expect_error("CodeMismatchException", idp.confirm_sign_up, ClientId=s["client"],
                     Username="dan", ConfirmationCode=wrong)
        idp.confirm_sign_up(ClientId=s["client"], Username="dan", ConfirmationCode=code)
        idp.initiate_auth(ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "dan", "PASSWORD": PASSWORD})

    @run.check("forgot_password, confirm_forgot_password, sign in", needs=["alice_password"])
    def _():
        out = idp.forgot_password(ClientId=s["client"], Username="alice")
        assert out["CodeDeliveryDetails"]["Destination"] == "a***@e***", out
        code = outbox_code(args.endpoint, s["pool"], "alice")
        idp.confirm_forgot_password(ClientId=s["client"], Username="alice", ConfirmationCode=code,
                                    Password=NEW_PASSWORD)
        idp.initiate_auth(ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "alice", "PASSWORD": NEW_PASSWORD})

    # ---- Errors as ClientError codes -------------------------------------------------------

    @run.check("wrong password -> NotAuthorizedException", needs=["client", "alice"])
    def _():
        e = expect_error("NotAuthorizedException", idp.initiate_auth, ClientId=s["client"],
                         AuthFlow="USER_PASSWORD_AUTH",
                         AuthParameters={"USERNAME": "alice", "PASSWORD": "Wrong-Passw0rd!"})
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    @run.check("unknown user -> UserNotFoundException", needs=["client"])
    def _():
        expect_error("UserNotFoundException", idp.initiate_auth, ClientId=s["client"],
                     AuthFlow="USER_PASSWORD_AUTH",
                     AuthParameters={"USERNAME": "nobody", "PASSWORD": PASSWORD})

    @run.check("bad TOTP code -> CodeMismatchException", needs=["carol_secret"])
    def _():
        out = idp.initiate_auth(
            ClientId=s["client"], AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "carol", "PASSWORD": PASSWORD},
        )
        now = time.time()
        valid = {totp(s["carol_secret"], now + d) for d in (-30, 0, 30)}
        wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
        expect_error("CodeMismatchException", idp.respond_to_auth_challenge, ClientId=s["client"],
                     ChallengeName="SOFTWARE_TOKEN_MFA", Session=out["Session"],
                     ChallengeResponses={"USERNAME": "carol", "SOFTWARE_TOKEN_MFA_CODE": wrong})

    @run.check("unknown pool -> ResourceNotFoundException")
    def _():
        expect_error("ResourceNotFoundException", idp.describe_user_pool,
                     UserPoolId=args.region + "_Nope12345")

    @run.check("invalid parameter -> InvalidParameterException (botocore validation off)")
    def _():
        raw = boto3.client(
            "cognito-idp", endpoint_url=args.endpoint, region_name=args.region,
            aws_access_key_id=args.access_key, aws_secret_access_key=args.secret_key,
            config=config.merge(Config(parameter_validation=False)),
        )
        expect_error("InvalidParameterException", raw.list_user_pools, MaxResults=0)

    @run.check("wrong secret key -> InvalidSignatureException")
    def _():
        expect_error("InvalidSignatureException",
                     client(secret="not-the-secret").list_user_pools, MaxResults=1)

    @run.check("unknown access key -> UnrecognizedClientException")
    def _():
        expect_error("UnrecognizedClientException",
                     client(key="AKIDUNKNOWN").list_user_pools, MaxResults=1)

    # ---- Clean-up and the emulator's log ---------------------------------------------------

    @run.check("admin_delete_user, delete_user_pool", needs=["pool"])
    def _():
        idp.admin_delete_user(UserPoolId=s["pool"], Username="alice")
        expect_error("UserNotFoundException", idp.admin_get_user, UserPoolId=s["pool"],
                     Username="alice")
        idp.delete_user_pool(UserPoolId=s["pool"])

    if args.emulator_log:
        @run.check("the emulator's log holds no secret")
        def _():
            with open(args.emulator_log, encoding="utf-8", errors="replace") as f:
                log = f.read()
            assert "operation=InitiateAuth" in log, "no request lines in the log"
            for canary in (args.secret_key, PASSWORD, NEW_PASSWORD, TEMPORARY_PASSWORD):
                assert canary not in log, "a secret appears in the log"

    print("%d passed, %d failed" % (run.passed, run.failed))
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
