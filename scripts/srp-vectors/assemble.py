#!/usr/bin/env python3
"""Merges the reference clients' outputs into crates/srp/tests/data/vectors.json (part of scripts/gen-srp-vectors).

Every output is recomputed with the independent model in srp_ref.py; any disagreement (or lost coverage) is
printed with the vector's name and the script exits non-zero without writing the file.

Usage: assemble.py INPUTS.json JS_OUT.json PY_OUT.json OUT_VECTORS.json
"""

import base64
import calendar
import hashlib
import json
import re
import sys

import srp_ref as ref

JS = "amazon-cognito-identity-js"
PY = "pycognito"
SCRIPT = "scripts/gen-srp-vectors"

ERRORS = []


def fail(name, msg):
    ERRORS.append(f"{name}: {msg}")


def expect(name, what, got, want):
    if got != want:
        fail(name, f"{what} differs\n    reference client: {got!r}\n    independent model: {want!r}")


TS_RE = re.compile(r"^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                   r"([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC [0-9]{4}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX_RE = re.compile(r"^[0-9a-f]+$")


def by_name(results):
    out = {}
    for r in results:
        if r["name"] in out:
            fail(r["name"], "duplicate output")
        out[r["name"]] = r
    return out


def result_for(outputs, v):
    r = outputs.get(v["name"])
    if r is None:
        fail(v["name"], "no output from the reference client")
    return r


def check_srp_common(name, a_hex, srp_a, timestamp, epoch):
    a = int(a_hex, 16)
    expect(name, "SRP_A", srp_a, format(ref.big_a(a), "x"))
    expect(name, "TIMESTAMP", timestamp, ref.timestamp(epoch))
    if not TS_RE.match(timestamp or ""):
        fail(name, f"TIMESTAMP shape {timestamp!r}")
    if not HEX_RE.match(srp_a or ""):
        fail(name, f"SRP_A not lowercase hex: {srp_a!r}")


def user_srp(inputs, js_out, py_out):
    outs = {JS: by_name(js_out["user_srp"]), PY: by_name(py_out["user_srp"])}
    vectors = []
    for v in inputs["user_srp"]:
        r = result_for(outs[v["source"]], v)
        if r is None:
            continue
        name = v["name"]
        check_srp_common(name, v["a"], r["srp_a"], r["timestamp"], v["epoch_seconds"])
        want = ref.signature(int(v["a"], 16), v["srp_b"], v["salt"], ref.pool_name(v["pool_id"]),
                             v["user_id_for_srp"], v["password"], v["secret_block"], ref.timestamp(v["epoch_seconds"]))
        expect(name, "PASSWORD_CLAIM_SIGNATURE", r["signature"], want)
        vectors.append({
            "name": name, "source": v["source"], "pool_id": v["pool_id"], "user_id_for_srp": v["user_id_for_srp"],
            "password": v["password"], "a": v["a"], "srp_a": r["srp_a"], "salt": v["salt"], "srp_b": v["srp_b"],
            "secret_block": v["secret_block"], "timestamp": r["timestamp"], "epoch_seconds": v["epoch_seconds"],
            "signature": r["signature"],
        })
    spec = [x for x in vectors if x["name"].startswith("js-000 spec")]
    if len(spec) != 1 or spec[0]["signature"] != ref.SPEC_SIGNATURE:
        fail("js-000 spec 6.10 vector", f"signature is not the spec's {ref.SPEC_SIGNATURE}")
    return vectors


def device_srp(inputs, js_out, py_out):
    outs = {JS: by_name(js_out["device_srp"]), PY: by_name(py_out["device_srp"])}
    vectors = []
    for v in inputs["device_srp"]:
        r = result_for(outs[v["source"]], v)
        if r is None:
            continue
        name = v["name"]
        check_srp_common(name, v["a"], r["srp_a"], r["timestamp"], v["epoch_seconds"])
        want = ref.signature(int(v["a"], 16), v["srp_b"], v["salt"], v["device_group_key"], v["device_key"],
                             v["device_password"], v["secret_block"], ref.timestamp(v["epoch_seconds"]))
        expect(name, "device PASSWORD_CLAIM_SIGNATURE", r["signature"], want)
        vectors.append({
            "name": name, "source": v["source"], "device_group_key": v["device_group_key"],
            "device_key": v["device_key"], "device_password": v["device_password"], "a": v["a"],
            "srp_a": r["srp_a"], "salt": v["salt"], "srp_b": v["srp_b"], "secret_block": v["secret_block"],
            "timestamp": r["timestamp"], "epoch_seconds": v["epoch_seconds"], "signature": r["signature"],
        })
    return vectors


def device_verifier(inputs, js_out, py_out):
    outs = {JS: by_name(js_out["device_verifier"]), PY: by_name(py_out["device_verifier"])}
    vectors = []
    for v in inputs["device_verifier"]:
        r = result_for(outs[v["source"]], v)
        if r is None:
            continue
        name = v["name"]
        pw = base64.b64encode(bytes.fromhex(v["password_bytes"])).decode()
        expect(name, "device password", r["device_password"], pw)
        want_salt, want_verifier = ref.device_verifier(v["device_group_key"], v["device_key"], pw,
                                                       bytes.fromhex(v["salt_bytes"]))
        expect(name, "DeviceSecretVerifierConfig.Salt", r["salt"], want_salt)
        expect(name, "DeviceSecretVerifierConfig.PasswordVerifier", r["password_verifier"], want_verifier)
        if "spec" in name:
            pv = r["password_verifier"]
            if not (pv.startswith(ref.SPEC_VERIFIER_PREFIX)
                    and hashlib.sha256(pv.encode()).hexdigest() == ref.SPEC_VERIFIER_SHA256):
                fail(name, "PasswordVerifier is not the spec's")
        vectors.append({
            "source": v["source"], "device_group_key": v["device_group_key"], "device_key": v["device_key"],
            "device_password": r["device_password"], "salt_bytes": v["salt_bytes"], "salt": r["salt"],
            "password_verifier": r["password_verifier"],
        })
    return vectors


def timestamps(inputs, js_out, py_out):
    out = []
    js = js_out["timestamps"]
    py = py_out["timestamps"]
    if not (len(js) == len(py) == len(inputs["timestamps"])):
        fail("timestamps", "count mismatch")
        return out
    for e, j, p in zip(inputs["timestamps"], js, py):
        name = f"timestamp {e}"
        if j["epoch_seconds"] != e or p["epoch_seconds"] != e:
            fail(name, "epoch mismatch")
        want = ref.timestamp(e)
        expect(name, "JS DateHelper", j["timestamp"], want)
        expect(name, "pycognito get_cognito_formatted_timestamp", p["timestamp"], want)
        if not TS_RE.match(want):
            fail(name, f"shape {want!r}")
        out.append({"epoch_seconds": e, "timestamp": j["timestamp"]})
    return out


def secret_hash(inputs, py_out):
    out = []
    if len(py_out["secret_hash"]) != len(inputs["secret_hash"]):
        fail("secret_hash", "count mismatch")
    for s, r in zip(inputs["secret_hash"], py_out["secret_hash"]):
        name = f"secret_hash {s['username']!r}"
        expect(name, "SECRET_HASH", r["secret_hash"], ref.secret_hash(s["client_id"], s["client_secret"],
                                                                      s["username"]))
        out.append({"client_id": s["client_id"], "client_secret": s["client_secret"], "username": s["username"],
                    "secret_hash": r["secret_hash"], "source": PY})
    spec = [x for x in out if x["client_id"] == "1example23456789" and x["username"] == "testuser"]
    if not spec or spec[0]["secret_hash"] != "l57DMkeHNZkZd/v01uqxl3BGxxKsXyZUpq/0Ni7uQj8=":
        fail("secret_hash", "spec section 7 vector missing or wrong")
    return out


def pad_hex(inputs, js_out):
    out = []
    if [p["value"] for p in js_out["pad_hex"]] != inputs["pad_hex"]:
        fail("pad_hex", "values mismatch")
    for p in js_out["pad_hex"]:
        expect(f"padHex {p['value']}", "padHex", p["padded"], ref.pad_hex(ref.parse_signed_hex(p["value"])))
        out.append({"value": p["value"], "padded": p["padded"]})
    spec = {"14": "14", "ec": "00ec", "c8": "00c8", "80": "0080", "-14": "ec", "-38": "c8", "-80": "80",
            "-c8": "ff38", "-ec": "ff14", "9001": "009001", "-6fff": "9001"}
    got = {p["value"]: p["padded"] for p in out}
    for k, want in spec.items():
        if got.get(k) != want:
            fail("pad_hex", f"spec 6.2 example {k} -> {got.get(k)!r}, want {want!r}")
    return out


# ---- coverage ------------------------------------------------------------------------------------------------

def need(cond, what):
    if not cond:
        fail("coverage", what)


def ts_parts(ts):
    m = TS_RE.match(ts)
    return m.groups() if m else None


def coverage(doc):
    users = doc["user_srp"]
    for src in (JS, PY):
        mine = [v for v in users if v["source"] == src]
        parts = [ts_parts(v["timestamp"]) for v in mine]
        need(set(p[2] for p in parts) == set(str(d) for d in range(1, 32)), f"{src}: every day 1-31 in TIMESTAMP")
        need(len(set(p[0] for p in parts)) == 7, f"{src}: all weekdays")
        need(len(set(p[1] for p in parts)) == 12, f"{src}: all months")
        need(any("00" in p[3:6] for p in parts) and any("59" in p[3:6] for p in parts), f"{src}: 00 and 59")
        need(any(not v["salt"].startswith("-") and v["salt"][0] in "89abcdef" for v in mine),
             f"{src}: positive SALT starting 8-f")
        need(any(len(v["srp_b"]) == 768 and v["srp_b"][0] in "89abcdef" for v in mine), f"{src}: B top bit set")
        need(any(len(v["srp_b"]) < 767 for v in mine), f"{src}: B shorter than 384 bytes")
        need(any(len(v["srp_a"]) == 768 and v["srp_a"][0] in "89abcdef" for v in mine), f"{src}: A top bit set")
        need(any(len(v["srp_a"]) == 768 and v["srp_a"][0] in "1234567" for v in mine), f"{src}: A top bit clear")
        need(any(len(v["srp_a"]) < 767 for v in mine), f"{src}: A shorter than 384 bytes")
        s_short = 0
        for v in mine:
            S, _, _ = ref.compute_s(int(v["a"], 16), int(v["srp_b"], 16), ref.parse_signed_hex(v["salt"]),
                                    ref.pool_name(v["pool_id"]) + v["user_id_for_srp"], v["password"])
            s_short += S < (1 << 3064)
        need(s_short >= 2, f"{src}: S with a zero leading byte ({s_short})")
        need(any(any(ord(c) > 0x7F for c in v["password"]) for v in mine), f"{src}: unicode password")
        need(any(any(ord(c) > 0xFFFF for c in v["password"]) for v in mine), f"{src}: emoji password")
        need(any(re.search(r"[\u4e00-\u9fff]", v["password"]) for v in mine), f"{src}: CJK password")
        need(any(len(v["password"]) == 256 for v in mine), f"{src}: 256-character password")
        need(any(UUID_RE.match(v["user_id_for_srp"]) for v in mine), f"{src}: UUID username")
        need(any("@" in v["user_id_for_srp"] for v in mine), f"{src}: e-mail username")
        lens = {len(v["a"]) // 2 for v in mine}
        need(min(lens) == 32 and max(lens) == 128, f"{src}: a lengths 32..128 bytes ({sorted(lens)})")
    need(len(users) >= 100, "at least 100 user_srp vectors")
    need(sum(v["salt"].startswith("-") for v in users if v["source"] == JS) >= 20, "JS negative salts")
    need(sum(not v["salt"].startswith("-") for v in users if v["source"] == PY) >= 30, "30 pycognito positive salts")
    need(not any(v["salt"].startswith("-") for v in users if v["source"] == PY), "pycognito never gets a negative SALT")
    need(len(doc["device_srp"]) >= 10, "10 device SRP vectors")
    need({v["source"] for v in doc["device_srp"]} == {JS, PY}, "device SRP from both clients")
    need(len(doc["device_verifier"]) >= 10, "10 device verifiers")
    need(len(doc["timestamps"]) >= 40, "40 timestamps")
    days = {ts_parts(t["timestamp"])[2] for t in doc["timestamps"]}
    need(days == {str(d) for d in range(1, 32)}, "timestamps: every day 1-31")
    need(len({ts_parts(t["timestamp"])[0] for t in doc["timestamps"]}) == 7, "timestamps: all weekdays")
    need(len({ts_parts(t["timestamp"])[1] for t in doc["timestamps"]}) == 12, "timestamps: all months")
    need(len(doc["secret_hash"]) >= 10, "10 secret hashes")
    need(any(any(ord(c) > 0x7F for c in s["username"]) for s in doc["secret_hash"]), "unicode secret-hash usernames")


def main():
    inputs_path, js_path, py_path, out_path = sys.argv[1:5]
    load = lambda p: json.load(open(p, encoding="utf-8"))  # noqa: E731
    inputs, js_out, py_out = load(inputs_path), load(js_path), load(py_path)
    ref.self_test()
    doc = {
        "generated_by": {JS: js_out["versions"][JS], PY: py_out["versions"][PY], "node": js_out["versions"]["node"],
                         "python": py_out["versions"]["python"], "script": SCRIPT},
        "user_srp": user_srp(inputs, js_out, py_out),
        "device_srp": device_srp(inputs, js_out, py_out),
        "device_verifier": device_verifier(inputs, js_out, py_out),
        "timestamps": timestamps(inputs, js_out, py_out),
        "secret_hash": secret_hash(inputs, py_out),
        "pad_hex": pad_hex(inputs, js_out),
    }
    if not ERRORS:
        coverage(doc)
    if ERRORS:
        print(f"assemble: {len(ERRORS)} problem(s); vectors.json NOT written:", file=sys.stderr)
        for e in ERRORS:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    counts = ", ".join(f"{k}={len(v)}" for k, v in doc.items() if isinstance(v, list))
    by_src = {k: {s: sum(v["source"] == s for v in doc[k]) for s in (JS, PY)}
              for k in ("user_srp", "device_srp", "device_verifier")}
    print(f"assemble: all outputs match the independent model; {counts}; by source {by_src}", file=sys.stderr)
    print(f"assemble: pycognito and a negative SALT -> {py_out['negative_salt_probe']}", file=sys.stderr)
    sessions = {r["name"]: r["session_sent"] for r in py_out["device_srp"]}
    if any(any(s.values()) for s in sessions.values()):
        print("assemble: note: pycognito now sends Session in device challenges", file=sys.stderr)


if __name__ == "__main__":
    main()
