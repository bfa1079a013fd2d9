#!/usr/bin/env python3
"""The measurements of scripts/bench-emulator: the cognito-flow emulator and moto's server side by side on
127.0.0.1, driven by the same bounded loops. Writes WORK/results.json (and the servers' logs into WORK).

Usage: load.py --emulator BIN --moto-server BIN --seed FILE --work DIR [--quick]

Phases, in this order (every loop is bounded in count and in time, and talks to loopback only):
  1. start-up: spawn -> first accepted TCP connection, and -> first answer to a Cognito call (ListUserPools),
     10 times for each server, alternating; for the emulator also spawn with --seed -> first password
     sign-in's tokens (which waits for the RSA key generation the emulator does after opening its port);
  2. password sign-ins per second: both servers started once, the same pool / app client / user created in
     each through boto3, then the same loops against each (in 2 rounds, the second in the other order):
       boto3-user   boto3 InitiateAuth USER_PASSWORD_AUTH, one client, sequential
       boto3-admin  boto3 AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH (botocore signs each call, SigV4)
       raw-user     InitiateAuth USER_PASSWORD_AUTH posted on one reused keep-alive http.client connection
       raw-admin    AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH the same way, with a fixed well-formed SigV4
                    Authorization header (neither server checks signatures when run as here)
       raw-user-x2  raw-user in 2 worker processes at once, one connection each
     each loop's server CPU time (/proc/PID/stat utime+stime, all threads) is read before and after;
  3. SRP sign-ins per second against the emulator: InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge
     PASSWORD_VERIFIER with a real claim computed here (scripts/srp-vectors/srp_ref.py), the client's
     computation timed apart from the HTTP exchanges.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "srp-vectors"))
import srp_ref  # noqa: E402  (the pure-Python SRP model: N, g, k, padding, hashing, the timestamp)

HOST = "127.0.0.1"
REGION = "us-east-1"
ACCESS_KEY = "AKIDBENCHEMULATOR"
SECRET_KEY = "bench/emulator+secret-key-0123456789"
USER = "bench-user"
PASSWORD = "Passw0rd!"
TARGET = "AWSCognitoIdentityProviderService."
JSON_11 = "application/x-amz-json-1.1"
# Well formed, never valid: neither server verifies signatures when started as here.
FAKE_AUTH = (f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20260101/{REGION}/cognito-idp/aws4_request, "
             "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64)
FAKE_DATE = "20260101T000000Z"
CLK_TCK = os.sysconf("SC_CLK_TCK")
LOOPS = ["boto3-user", "boto3-admin", "raw-user", "raw-admin", "raw-user-x2"]


def log(msg):
    print(f"   {msg}", file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def proc_cpu(pid):
    """utime + stime of a process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # fields 14 and 15 of proc(5), 1-based


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------------------------------
# Servers
# ------------------------------------------------------------------------------------------------------------

class Server:
    def __init__(self, kind, argv, log_path):
        self.kind = kind
        self.port = free_port()
        self.endpoint = f"http://{HOST}:{self.port}"
        if kind == "emulator":
            argv = argv + ["--host", HOST, "--port", str(self.port)]
        else:
            argv = argv + ["-H", HOST, "-p", str(self.port)]
        self.log = open(log_path, "ab")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)

    @property
    def pid(self):
        return self.proc.pid

    def wait_connect(self, limit=60.0):
        """Seconds from spawn to the first accepted TCP connection."""
        while True:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return time.perf_counter() - self.started
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit(f"load.py: the {self.kind} server exited at start-up (see its log)")
                if time.perf_counter() - self.started > limit:
                    raise SystemExit(f"load.py: the {self.kind} server did not open its port in {limit} s")
                time.sleep(0.0005)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def raw_call(conn, operation, payload, signed=False):
    headers = {"Content-Type": JSON_11, "X-Amz-Target": TARGET + operation}
    if signed:
        headers["Authorization"] = FAKE_AUTH
        headers["X-Amz-Date"] = FAKE_DATE
    conn.request("POST", "/", json.dumps(payload).encode(), headers)
    response = conn.getresponse()
    return response.status, response.read()


def boto3_client(endpoint):
    return boto3.client(
        "cognito-idp", endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def setup(endpoint):
    """The same pool, public app client and confirmed user, through boto3. Returns (pool_id, client_id)."""
    c = boto3_client(endpoint)
    pool_id = c.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id = c.create_user_pool_client(
        UserPoolId=pool_id, ClientName="bench",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
                           "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    c.admin_create_user(UserPoolId=pool_id, Username=USER, MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": "email", "Value": "bench@example.com"},
                                        {"Name": "email_verified", "Value": "true"}])
    c.admin_set_user_password(UserPoolId=pool_id, Username=USER, Password=PASSWORD, Permanent=True)
    result = c.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": USER, "PASSWORD": PASSWORD})["AuthenticationResult"]
    for name in ("IdToken", "AccessToken", "RefreshToken"):
        if not result.get(name):
            raise SystemExit(f"load.py: no {name} from {endpoint}")
    header = json.loads(base64.urlsafe_b64decode(result["AccessToken"].split(".")[0] + "=="))
    return pool_id, client_id, header.get("alg")


# ------------------------------------------------------------------------------------------------------------
# 1. Start-up
# ------------------------------------------------------------------------------------------------------------

def first_api_answer(server, limit=60.0):
    """Seconds from spawn to the first 200 answer to ListUserPools (a signed Cognito call)."""
    while True:
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
            status, _ = raw_call(conn, "ListUserPools", {"MaxResults": 1}, signed=True)
            conn.close()
            if status == 200:
                return time.perf_counter() - server.started
        except OSError:
            pass
        if time.perf_counter() - server.started > limit:
            raise SystemExit(f"load.py: the {server.kind} server answered no ListUserPools in {limit} s")
        time.sleep(0.0005)


def first_sign_in(server, pool_id, client_id, username, password, limit=60.0):
    """Seconds from spawn to the first password sign-in's tokens."""
    payload = {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
               "AuthParameters": {"USERNAME": username, "PASSWORD": password}}
    while True:
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
            status, body = raw_call(conn, "InitiateAuth", payload)
            conn.close()
            if status == 200 and b'"AccessToken"' in body:
                return time.perf_counter() - server.started
            if status != 200:
                raise SystemExit(f"load.py: seeded sign-in failed: {status} {body[:200]!r}")
        except OSError:
            pass
        if time.perf_counter() - server.started > limit:
            raise SystemExit(f"load.py: no seeded sign-in in {limit} s")
        time.sleep(0.0005)


def startup(args, runs):
    out = {"emulator": {"connect": [], "api": []}, "moto": {"connect": [], "api": []},
           "emulator_seeded": {"connect": [], "sign_in": []}}
    seed = json.load(open(args.seed))
    pool = seed["pools"][0]
    client = next(c for c in pool["clients"] if "ALLOW_USER_PASSWORD_AUTH" in c.get("explicit_auth_flows", [])
                  and not c.get("secret"))
    user = next(u for u in pool["users"] if u["username"] == "alice")
    for run in range(runs):
        order = ["emulator", "moto"] if run % 2 == 0 else ["moto", "emulator"]
        for kind in order:
            argv = [args.emulator] if kind == "emulator" else [args.moto_server]
            s = Server(kind, argv, os.path.join(args.work, f"startup-{kind}.log"))
            try:
                out[kind]["connect"].append(s.wait_connect())
                out[kind]["api"].append(first_api_answer(s))
            finally:
                s.stop()
        s = Server("emulator", [args.emulator, "--seed", args.seed],
                   os.path.join(args.work, "startup-emulator-seeded.log"))
        try:
            out["emulator_seeded"]["connect"].append(s.wait_connect())
            out["emulator_seeded"]["sign_in"].append(
                first_sign_in(s, pool["id"], client["id"], user["username"], user["password"]))
        finally:
            s.stop()
        log(f"start-up run {run + 1}/{runs}: emulator {out['emulator']['connect'][-1] * 1e3:.1f} ms, "
            f"moto {out['moto']['connect'][-1] * 1e3:.0f} ms (to an open port)")
    return out


# ------------------------------------------------------------------------------------------------------------
# 2. Password sign-ins
# ------------------------------------------------------------------------------------------------------------

def make_call(kind, endpoint, client_id):
    """A function doing one sign-in and checking its tokens, for loop `kind` (raw-user-x2 builds its own)."""
    user_params = {"USERNAME": USER, "PASSWORD": PASSWORD}
    if kind.startswith("boto3"):
        c = boto3_client(endpoint)
        if kind == "boto3-user":
            def call():
                r = c.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=user_params)
                assert r["AuthenticationResult"]["AccessToken"]
        else:
            pool_id = endpoint_pool[endpoint]

            def call():
                r = c.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                                          AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters=user_params)
                assert r["AuthenticationResult"]["AccessToken"]
        return call
    port = int(endpoint.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    if kind == "raw-admin":
        operation = "AdminInitiateAuth"
        payload = {"UserPoolId": endpoint_pool[endpoint], "ClientId": client_id,
                   "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": user_params}
        headers = {"Content-Type": JSON_11, "X-Amz-Target": TARGET + operation,
                   "Authorization": FAKE_AUTH, "X-Amz-Date": FAKE_DATE}
    else:
        operation = "InitiateAuth"
        payload = {"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": user_params}
        headers = {"Content-Type": JSON_11, "X-Amz-Target": TARGET + operation}
    body = json.dumps(payload).encode()

    def call():
        conn.request("POST", "/", body, headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 200 or b'"AccessToken"' not in data or b'"IdToken"' not in data:
            raise SystemExit(f"load.py: {kind} sign-in failed: {response.status} {data[:300]!r}")
    return call


endpoint_pool = {}


def timed_loop(call, warmup, seconds, limit, barrier=None):
    for _ in range(warmup):
        call()
    if barrier is not None:
        barrier.wait()
    n = 0
    start = time.perf_counter()
    deadline = start + seconds
    while n < limit:
        call()
        n += 1
        if time.perf_counter() >= deadline:
            break
    return n, time.perf_counter() - start


def _worker(endpoint, client_id, warmup, seconds, limit, barrier, queue):
    call = make_call("raw-user", endpoint, client_id)
    cpu0 = os.times()
    n, elapsed = timed_loop(call, warmup, seconds, limit, barrier)
    cpu1 = os.times()
    queue.put((n, elapsed, (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)))


def run_loop(kind, server, client_id, bounds):
    warmup, seconds, limit = bounds
    load0 = loadavg()
    if kind == "raw-user-x2":
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(3)
        queue = ctx.Queue()
        workers = [ctx.Process(target=_worker, args=(server.endpoint, client_id, warmup, seconds, limit // 2,
                                                     barrier, queue)) for _ in range(2)]
        for w in workers:
            w.start()
        barrier.wait()  # both warmed up
        cpu0 = proc_cpu(server.pid)
        results = [queue.get(timeout=seconds + 120) for _ in workers]
        cpu1 = proc_cpu(server.pid)
        for w in workers:
            w.join(timeout=30)
        n = sum(r[0] for r in results)
        elapsed = max(r[1] for r in results)
        client_cpu = sum(r[2] for r in results)
    else:
        call = make_call(kind, server.endpoint, client_id)
        for _ in range(warmup):
            call()
        c0 = os.times()
        cpu0 = proc_cpu(server.pid)
        n, elapsed = timed_loop(call, 0, seconds, limit)
        cpu1 = proc_cpu(server.pid)
        c1 = os.times()
        client_cpu = (c1.user - c0.user) + (c1.system - c0.system)
    return {
        "sign_ins": n, "seconds": elapsed, "per_second": n / elapsed,
        "server_cpu_s": cpu1 - cpu0, "server_cpu_ms_per": (cpu1 - cpu0) / n * 1e3,
        "client_cpu_ms_per": client_cpu / n * 1e3, "load_before": load0, "load_after": loadavg(),
    }


# ------------------------------------------------------------------------------------------------------------
# 3. SRP sign-ins (emulator)
# ------------------------------------------------------------------------------------------------------------

def srp_timestamp():
    now = datetime.datetime.now(datetime.timezone.utc)
    return srp_ref.timestamp(int(now.timestamp()))


def srp_loop(server, pool_id, client_id, bounds):
    warmup, seconds, limit = bounds
    conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
    pool_name = srp_ref.pool_name(pool_id)

    def one(stats):
        t0 = time.perf_counter()
        a = int.from_bytes(secrets.token_bytes(128), "big") % srp_ref.N
        big_a = srp_ref.big_a(a)
        t1 = time.perf_counter()
        status, body = raw_call(conn, "InitiateAuth", {
            "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
            "AuthParameters": {"USERNAME": USER, "SRP_A": format(big_a, "x")}})
        t2 = time.perf_counter()
        if status != 200:
            raise SystemExit(f"load.py: USER_SRP_AUTH failed: {status} {body[:300]!r}")
        out = json.loads(body)
        p = out["ChallengeParameters"]
        user_id = p["USER_ID_FOR_SRP"]
        big_b = int(p["SRP_B"], 16)
        salt = srp_ref.parse_signed_hex(p["SALT"])
        if big_b % srp_ref.N == 0:
            raise SystemExit("load.py: B mod N is 0")
        u = srp_ref.compute_u(big_a, big_b)
        x = srp_ref.compute_x(salt, pool_name + user_id, PASSWORD)
        base = (big_b - srp_ref.K_MULT * pow(srp_ref.G, x, srp_ref.N)) % srp_ref.N
        s = pow(base, a + u * x, srp_ref.N)
        key = srp_ref.hkdf_key(s, u)
        timestamp = srp_timestamp()
        message = (pool_name.encode() + user_id.encode() + base64.b64decode(p["SECRET_BLOCK"])
                   + timestamp.encode())
        signature = base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()
        t3 = time.perf_counter()
        status, body = raw_call(conn, "RespondToAuthChallenge", {
            "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "Session": out.get("Session"),
            "ChallengeResponses": {"USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
                                   "PASSWORD_CLAIM_SIGNATURE": signature, "TIMESTAMP": timestamp}})
        t4 = time.perf_counter()
        if status != 200 or b'"AccessToken"' not in body:
            raise SystemExit(f"load.py: PASSWORD_VERIFIER failed: {status} {body[:300]!r}")
        stats["client"] += (t1 - t0) + (t3 - t2)
        stats["exchange"] += (t2 - t1) + (t4 - t3)

    scratch = {"client": 0.0, "exchange": 0.0}
    for _ in range(warmup):
        one(scratch)
    stats = {"client": 0.0, "exchange": 0.0}
    load0 = loadavg()
    cpu0 = proc_cpu(server.pid)
    n = 0
    start = time.perf_counter()
    while n < limit:
        one(stats)
        n += 1
        if time.perf_counter() - start >= seconds:
            break
    elapsed = time.perf_counter() - start
    cpu1 = proc_cpu(server.pid)
    return {
        "sign_ins": n, "seconds": elapsed, "per_second": n / elapsed,
        "client_ms_per": stats["client"] / n * 1e3, "exchange_ms_per": stats["exchange"] / n * 1e3,
        "server_cpu_ms_per": (cpu1 - cpu0) / n * 1e3, "load_before": load0, "load_after": loadavg(),
    }


# ------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emulator", required=True)
    ap.add_argument("--moto-server", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()

    if args.quick:
        startup_runs, rounds, bounds, srp_bounds = 3, 1, (10, 0.5, 500), (2, 1.0, 100)
    else:
        # Each loop: 50 untimed sign-ins, then at most 5 s or 10 000 sign-ins (whichever comes first).
        startup_runs, rounds, bounds, srp_bounds = 10, 2, (50, 5.0, 10_000), (5, 8.0, 2_000)
    results = {"bounds": {"warmup": bounds[0], "seconds": bounds[1], "limit": bounds[2], "rounds": rounds,
                          "startup_runs": startup_runs, "srp_warmup": srp_bounds[0],
                          "srp_seconds": srp_bounds[1], "srp_limit": srp_bounds[2]},
               "load": {"start": loadavg()}}

    log("start-up")
    results["startup"] = startup(args, startup_runs)
    results["load"]["after_startup"] = loadavg()

    servers = {
        "emulator": Server("emulator", [args.emulator], os.path.join(args.work, "emulator.log")),
        "moto": Server("moto", [args.moto_server], os.path.join(args.work, "moto.log")),
    }
    try:
        clients = {}
        for kind, s in servers.items():
            s.wait_connect()
            first_api_answer(s)
            pool_id, client_id, alg = setup(s.endpoint)
            endpoint_pool[s.endpoint] = pool_id
            clients[kind] = (pool_id, client_id)
            results.setdefault("token_alg", {})[kind] = alg
            log(f"{kind} at {s.endpoint}: pool {pool_id}, client {client_id}, tokens {alg}")

        loops = {kind: {loop: [] for loop in LOOPS} for kind in servers}
        for r in range(rounds):
            for loop in LOOPS:
                order = ["emulator", "moto"] if r % 2 == 0 else ["moto", "emulator"]
                for kind in order:
                    res = run_loop(loop, servers[kind], clients[kind][1], bounds)
                    loops[kind][loop].append(res)
                    log(f"round {r + 1} {loop:<12} {kind:<8} {res['per_second']:8.1f}/s  server CPU "
                        f"{res['server_cpu_ms_per']:.2f} ms/sign-in  ({res['sign_ins']} in {res['seconds']:.2f} s, "
                        f"load {res['load_after'][0]:.2f})")
        results["loops"] = loops

        log("SRP sign-ins against the emulator")
        srp = srp_loop(servers["emulator"], *clients["emulator"], srp_bounds)
        results["srp"] = srp
        log(f"SRP: {srp['per_second']:.1f}/s end to end; client {srp['client_ms_per']:.2f} ms, exchanges "
            f"{srp['exchange_ms_per']:.2f} ms, emulator CPU {srp['server_cpu_ms_per']:.2f} ms per sign-in")
        results["emulator_threads"] = len(os.listdir(f"/proc/{servers['emulator'].pid}/task"))
        results["moto_threads"] = len(os.listdir(f"/proc/{servers['moto'].pid}/task"))
    finally:
        for s in servers.values():
            s.stop()
    results["load"]["end"] = loadavg()
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
