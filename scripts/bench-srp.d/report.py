#!/usr/bin/env python3
"""Turns one run of scripts/bench-srp into a markdown section: goals and whether they are met, why crypto-bigint,
the machine and its load, the versions, the table. Prints it, and with --doc PATH writes it into PATH between the
markers <!-- bench-srp:begin --> and <!-- bench-srp:end --> (under a `## SRP` heading, created if absent),
leaving the rest of the file as it was. stdlib only.

Usage: report.py WORK_DIR [--doc PATH]
  WORK_DIR holds meta.tsv, load.tsv, cpu.tsv, results/round*/NAME.json and criterion/*/srp/*/new/estimates.json.
"""

import glob
import json
import os
import statistics
import sys

BEGIN = "<!-- bench-srp:begin -->"
END = "<!-- bench-srp:end -->"

# Goals for the client work of one login (cognito-flow-srp's time relative to the peers').
GOAL_GMP_WITHIN = 1.25
GOAL_PYCOGNITO_FASTER = 3.5
GOAL_AWS_FASTER = 1.4


def read_tsv(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    return rows


def criterion_estimate(work, run, bench):
    path = os.path.join(work, "criterion", run, "srp", bench, "new", "estimates.json")
    with open(path) as f:
        est = json.load(f)
    return {"mean_ms": est["mean"]["point_estimate"] / 1e6, "median_ms": est["median"]["point_estimate"] / 1e6}


def peer_rounds(work, name):
    out = []
    for path in sorted(glob.glob(os.path.join(work, "results", "round*", name + ".json"))):
        with open(path) as f:
            out.append(json.load(f))
    if not out:
        raise SystemExit(f"report.py: no results for {name}")
    return out


def fmt_ms(v):
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def fmt_x(v):
    return f"{v:.2f}×"


def rounds_note(values):
    return " / ".join(fmt_ms(v) for v in values)


def build(work):
    meta = dict(read_tsv(os.path.join(work, "meta.tsv")))
    rounds = int(meta["rounds"])

    ours_runs = [criterion_estimate(work, f"round{r}", "client_login") for r in range(1, rounds + 1)]
    ours = statistics.mean(r["mean_ms"] for r in ours_runs)
    ours_median = statistics.mean(r["median_ms"] for r in ours_runs)
    server = criterion_estimate(work, "extra", "server_login")
    client_a = criterion_estimate(work, "extra", "client_a")

    peers = {}
    for name in ("gmp-powmod", "gmp-powmod_sec", "pycognito", "aws-cognito-srp"):
        rs = peer_rounds(work, name)
        peers[name] = {
            "mean_ms": statistics.mean(r["mean_ms"] for r in rs),
            "median_ms": statistics.mean(r["median_ms"] for r in rs),
            "rounds": [r["mean_ms"] for r in rs],
            "iterations": sum(r["iterations"] for r in rs),
            "seconds": sum(r["seconds"] for r in rs),
        }
    gmp = peers["gmp-powmod"]["mean_ms"]

    # ---- load ------------------------------------------------------------------------------------------------
    load = read_tsv(os.path.join(work, "load.tsv"))  # phase, load1, load5, load15
    load1 = [float(r[1]) for r in load]
    start_load, end_load = load[0], load[-1]
    max_load = max(load1)
    cpu = dict((k, [int(x) for x in v.split()]) for k, v in read_tsv(os.path.join(work, "cpu.tsv")))
    busy_share = None
    if "start" in cpu and "end" in cpu:
        d = [e - s for s, e in zip(cpu["start"], cpu["end"])]
        total = sum(d[:8])  # user nice system idle iowait irq softirq steal
        idle = d[3] + d[4]
        if total > 0:
            busy_share = 100.0 * (total - idle) / total
    shared = max_load > 1.0

    # ---- goals -----------------------------------------------------------------------------------------------
    x_gmp = ours / gmp
    x_py = peers["pycognito"]["mean_ms"] / ours
    x_aws = peers["aws-cognito-srp"]["mean_ms"] / ours

    def verdict(ok):
        return "**met**" if ok else "**NOT met**"

    goals = [
        f"- Client work per login within {GOAL_GMP_WITHIN}× of GMP (`powmod`): measured {fmt_x(x_gmp)} of GMP "
        f"— {verdict(x_gmp <= GOAL_GMP_WITHIN)}.",
        f"- At least {GOAL_PYCOGNITO_FASTER}× faster than pycognito: measured {x_py:.1f}× faster "
        f"— {verdict(x_py >= GOAL_PYCOGNITO_FASTER)}.",
        f"- At least {GOAL_AWS_FASTER}× faster than aws-cognito-srp: measured {x_aws:.2f}× faster "
        f"— {verdict(x_aws >= GOAL_AWS_FASTER)}.",
    ]

    # ---- table -----------------------------------------------------------------------------------------------
    def row(impl, ms, notes):
        return f"| {impl} | {fmt_ms(ms)} | {fmt_x(ms / gmp)} | {notes} |"

    table = [
        "| implementation | ms per client login | × GMP | notes |",
        "|---|---:|---:|---|",
        row(f"**cognito-flow-srp** {meta['ours_version']} (crypto-bigint {meta['crypto_bigint']}), constant time",
            ours,
            f"criterion `srp/client_login` mean, {rounds} runs ({rounds_note([r['mean_ms'] for r in ours_runs])}); "
            f"median {fmt_ms(ours_median)}; A + `ServerChallenge::parse` + `password_claim`, `a` 128 bytes"),
        row(f"GMP `powmod` (gmpy2 {meta['gmpy2']}, GMP {meta['gmp']}), variable time",
            gmp,
            f"the three exponentiations only (A, g^x, S; exponents 1024, 256, 1025 bits), no hashing; "
            f"rounds {rounds_note(peers['gmp-powmod']['rounds'])}; median {fmt_ms(peers['gmp-powmod']['median_ms'])}"),
        row("GMP `powmod_sec`, constant time",
            peers["gmp-powmod_sec"]["mean_ms"],
            f"same three exponentiations with GMP's side-channel-silent `mpz_powm_sec`; "
            f"rounds {rounds_note(peers['gmp-powmod_sec']['rounds'])}"),
        row(f"pycognito {meta['pycognito']} (Python {meta['python']}, built-in `pow`)",
            peers["pycognito"]["mean_ms"],
            f"`AWSSRP(...)` (draws `a`, computes A) + `get_auth_params` + `process_challenge`; "
            f"rounds {rounds_note(peers['pycognito']['rounds'])}; {peers['pycognito']['iterations']} logins timed"),
        row(f"aws-cognito-srp {meta['aws_cognito_srp']} (num-bigint {meta['num_bigint']}), release build",
            peers["aws-cognito-srp"]["mean_ms"],
            f"`SrpClient::new` + `get_auth_parameters` + `verify` (which computes A again: 4 exponentiations); "
            f"rounds {rounds_note(peers['aws-cognito-srp']['rounds'])}"),
    ]

    # ---- text ------------------------------------------------------------------------------------------------
    load_txt = (
        f"load average (1/5/15 min, as `uptime` shows it) {start_load[1]} / {start_load[2]} / {start_load[3]} "
        f"when the measurements started, {end_load[1]} / {end_load[2]} / {end_load[3]} when they ended, "
        f"highest 1-minute value seen {max_load:.2f}"
    )
    if busy_share is not None:
        load_txt += (f"; the machine's CPUs were {busy_share:.0f}% busy during the measurements (the benchmark "
                     f"itself keeps one of the {meta['nproc']} cores busy, {100 / int(meta['nproc']):.0f}%)")
    if shared:
        shared_txt = (
            "**These figures were taken on a shared machine**: the load average was above 1 during the run "
            "(it is shared with other engineers' builds; the benchmark's own single thread accounts for about 1). "
            "Absolute times are therefore somewhat pessimistic and noisier than on an idle machine; the ratios, "
            "taken in the same run with the implementations alternating, are the more reliable figures."
        )
    else:
        shared_txt = "The load average stayed at or below 1 during the run."

    lines = [
        f"_Written by `scripts/bench-srp` on {meta['date']}; rerun the script to refresh it, do not edit by hand._",
        "",
        "Goals for the client work of one login (`SRP_A`, then the `PASSWORD_VERIFIER` answer), and whether "
        "the figures below meet them:",
        "",
        *goals,
        "",
        "**Why crypto-bigint.** The big-number arithmetic is crypto-bigint's constant-time Montgomery arithmetic "
        "(`ConstMontyForm` over the fixed 3072-bit modulus) from the RustCrypto project: well kept, widely used, "
        "portable Rust with no assembly, so this crate needs no `unsafe` and no asm of its own (it is "
        "`#![forbid(unsafe_code)]`). Two of a login's three exponentiations have the fixed base `g`: `A = g^a` and "
        "`g^x`. For them the crate builds once per process a table of powers of `g` with 5-bit windows (205 rows "
        "of 32 entries, covering 1024-bit exponents), so `g^a` costs about 205 Montgomery multiplications and no "
        "squarings, and `g^x` (256 bits) about 51, each row read with a constant-time scan of all its entries. That "
        "removes most of the cost of A and g^x, which is why a constant-time implementation can match "
        "variable-time GMP. The one remaining variable-base exponentiation, "
        "`S = (B − k·g^x)^(a + u·x)` with its ~1025-bit exponent, uses crypto-bigint's constant-time fixed-window "
        "exponentiation (`pow_bounded_exp`: 4-bit windows, every table entry read for each window), whose length "
        "depends only on the public exponent bound.",
        "",
        f"**Run.** `{meta['command']}`, {meta['date']}, on {meta['nproc']} cores (`nproc`), CPU "
        f"\"{meta['cpu']}\" (/proc/cpuinfo); {load_txt}. {shared_txt} The whole script took {meta['elapsed']} s "
        "(installs and builds included).",
        "",
        f"**Versions.** cognito-flow-srp {meta['ours_version']} at {meta['git']}, crypto-bigint "
        f"{meta['crypto_bigint']}, criterion {meta['criterion']}; gmpy2 {meta['gmpy2']} with GMP {meta['gmp']}; "
        f"pycognito {meta['pycognito']} on Python {meta['python']}; aws-cognito-srp {meta['aws_cognito_srp']} "
        f"(num-bigint {meta['num_bigint']}); {meta['rustc']} for both Rust builds. The peers were installed from "
        "PyPI and crates.io into a temporary directory for the run and deleted afterwards.",
        "",
        *table,
        "",
        f"Server side (cognito-flow-srp, criterion): `srp/server_login` (B from the verifier, then checking the "
        f"claim) {fmt_ms(server['mean_ms'])} ms mean (median {fmt_ms(server['median_ms'])}). For reference, "
        f"`srp/client_a` (A alone) {fmt_ms(client_a['mean_ms'])} ms.",
        "",
        f"**Method.** Everything was timed in the same run, in {rounds} rounds; the second round runs the "
        "implementations in the reverse order of the first, and each figure is the mean of its rounds. "
        f"cognito-flow-srp: criterion's mean ({meta['crit_warmup']} s warm-up, {meta['crit_measure']} s of "
        "samples, `cargo bench -p cognito-flow-srp --bench srp`). Peers: wall-clock mean (total time / logins) over at "
        f"least {meta['seconds']} s after a {meta['warmup']} s warm-up. × GMP is the time divided by GMP "
        "`powmod`'s. All answer the same fixed `PASSWORD_VERIFIER` challenge (positive `SALT`: pycognito and "
        "aws-cognito-srp cannot parse a negative one); each peer's answer was checked outside the timed loop "
        "against a server model (`scripts/bench-srp.d/srp_model.py`): the claims of pycognito and "
        "aws-cognito-srp verify, GMP's `S` equals the server's. The GMP rows time only the exponentiations, so "
        "they are a floor for any client, not a complete login.",
    ]
    summary = {
        "ours_ms": ours, "gmp_ms": gmp, "gmp_sec_ms": peers["gmp-powmod_sec"]["mean_ms"],
        "pycognito_ms": peers["pycognito"]["mean_ms"], "aws_ms": peers["aws-cognito-srp"]["mean_ms"],
        "server_ms": server["mean_ms"], "client_a_ms": client_a["mean_ms"], "x_gmp": x_gmp,
        "x_pycognito": x_py, "x_aws": x_aws, "max_load1": max_load, "busy_share": busy_share,
    }
    return "\n".join(lines), summary


def write_doc(path, section):
    block = f"{BEGIN}\n{section}\n{END}"
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    else:
        text = "# Performance\n"
    has_begin, has_end = BEGIN in text, END in text
    if has_begin and has_end and text.index(BEGIN) < text.index(END):
        i = text.index(BEGIN)
        j = text.index(END) + len(END)
        text = text[:i] + block + text[j:]
    elif has_begin or has_end:
        raise SystemExit(f"report.py: {path} has only one of the bench-srp markers, or them out of order; fix it")
    else:
        lines = text.split("\n")
        heading = next((n for n, line in enumerate(lines) if line.strip() == "## SRP"), None)
        if heading is None:
            text = text.rstrip("\n") + "\n\n## SRP\n\n" + block + "\n"
        else:
            lines[heading + 1:heading + 1] = ["", block]
            text = "\n".join(lines)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    if len(argv) == 2:
        work, doc = argv[1], None
    elif len(argv) == 4 and argv[2] == "--doc":
        work, doc = argv[1], argv[3]
    else:
        raise SystemExit(__doc__)
    section, summary = build(work)
    with open(os.path.join(work, "summary.json"), "w") as f:
        json.dump(summary, f)
    print(section)
    if doc:
        write_doc(doc, section)


if __name__ == "__main__":
    main(sys.argv)
