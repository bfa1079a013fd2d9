#!/usr/bin/env python3
"""Turns one run of scripts/bench-emulator into a markdown section: goals and whether they are met, the machine
and its load, the versions, the tables, where a sign-in's time goes. Prints it, and with --doc PATH writes it into
PATH between <!-- bench-emulator:begin --> and <!-- bench-emulator:end --> (under a `## Emulator` heading,
created at the end of the file if absent), leaving the rest of the file as it was. stdlib only.

Usage: report.py WORK_DIR [--doc PATH]
  WORK_DIR holds meta.tsv, cpu.tsv, results.json (load.py), openssl.json (rs256_openssl.py) and
  criterion/emulator/*/new/estimates.json.
"""

import json
import os
import statistics
import sys

BEGIN = "<!-- bench-emulator:begin -->"
END = "<!-- bench-emulator:end -->"
HEADING = "## Emulator"

GOAL_FASTER = 5.0  # password sign-ins per second, emulator / moto, same loop, same run
GOAL_CPU_WITHIN = 2.0  # emulator CPU per password sign-in / cost of signing its two RS256 tokens
GOAL_STARTUP_S = 0.1  # spawn -> open port, median

# Loop names (load.py) -> what the table says.
LOOPS = [
    ("boto3-user", "boto3 `initiate_auth` USER_PASSWORD_AUTH, 1 client, sequential"),
    ("boto3-admin", "boto3 `admin_initiate_auth` ADMIN_USER_PASSWORD_AUTH (SigV4-signed by botocore), sequential"),
    ("raw-user", "raw HTTP keep-alive, `InitiateAuth` USER_PASSWORD_AUTH, sequential"),
    ("raw-admin", "raw HTTP keep-alive, `AdminInitiateAuth` ADMIN_USER_PASSWORD_AUTH, sequential"),
    ("raw-user-x2", "raw HTTP keep-alive, USER_PASSWORD_AUTH, 2 worker processes"),
]
HEADLINE = "raw-user"


def read_tsv(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    return rows


def criterion(work, bench):
    with open(os.path.join(work, "criterion", "emulator", bench, "new", "estimates.json")) as f:
        est = json.load(f)
    return {"mean_ms": est["mean"]["point_estimate"] / 1e6, "median_ms": est["median"]["point_estimate"] / 1e6}


def mean(rounds, key):
    return statistics.mean(r[key] for r in rounds)


def rate_total(rounds):
    """Sign-ins per second over all rounds: total sign-ins / total time."""
    return sum(r["sign_ins"] for r in rounds) / sum(r["seconds"] for r in rounds)


def ms(v):
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def verdict(ok):
    return "**met**" if ok else "**NOT met**"


def build(work):
    meta = dict(read_tsv(os.path.join(work, "meta.tsv")))
    with open(os.path.join(work, "results.json")) as f:
        res = json.load(f)
    with open(os.path.join(work, "openssl.json")) as f:
        openssl = json.load(f)
    crit = {b: criterion(work, b) for b in ("rs256_pair", "rs256_one", "verifier", "user_password_auth",
                                             "srp_server")}
    bounds = res["bounds"]
    loops = res["loops"]

    # ---- password sign-ins ---------------------------------------------------------------------------------
    rows = {}
    for name, _ in LOOPS:
        e, m = loops["emulator"][name], loops["moto"][name]
        rows[name] = {
            "emu": rate_total(e), "moto": rate_total(m),
            "emu_rounds": [r["per_second"] for r in e], "moto_rounds": [r["per_second"] for r in m],
            "emu_cpu": sum(r["server_cpu_s"] for r in e) / sum(r["sign_ins"] for r in e) * 1e3,
            "moto_cpu": sum(r["server_cpu_s"] for r in m) / sum(r["sign_ins"] for r in m) * 1e3,
            "emu_cores": sum(r["server_cpu_s"] for r in e) / sum(r["seconds"] for r in e),
            "moto_cores": sum(r["server_cpu_s"] for r in m) / sum(r["seconds"] for r in m),
            "emu_client": mean(e, "client_cpu_ms_per"), "moto_client": mean(m, "client_cpu_ms_per"),
            "emu_n": sum(r["sign_ins"] for r in e), "moto_n": sum(r["sign_ins"] for r in m),
        }
        rows[name]["x"] = rows[name]["emu"] / rows[name]["moto"]
    head = rows[HEADLINE]
    met_loops = [n for n, _ in LOOPS if rows[n]["x"] >= GOAL_FASTER]
    pair = crit["rs256_pair"]["mean_ms"]
    cpu_ratio = head["emu_cpu"] / pair
    su = res["startup"]
    emu_start = statistics.median(su["emulator"]["connect"])
    moto_start = statistics.median(su["moto"]["connect"])

    ld0 = res["load"]
    early = [ld0["start"], ld0["after_startup"], ld0["end"]] + [
        s for loop in loops.values() for rounds in loop.values() for r in rounds
        for s in (r["load_before"], r["load_after"])]
    max_load_early = max(s[0] for s in early)

    goals = [
        f"- Password sign-ins per second at least {GOAL_FASTER:g}× moto's, same loop, same run: "
        f"{head['x']:.2f}× in the `{HEADLINE}` loop (raw keep-alive HTTP, the loop with the least client work "
        f"per request, so the one that measures the servers most directly: {head['emu']:.0f}/s against "
        f"{head['moto']:.0f}/s); {len(met_loops)} of {len(LOOPS)} loops reach {GOAL_FASTER:g}× (range "
        f"{min(r['x'] for r in rows.values()):.2f}×–{max(r['x'] for r in rows.values()):.2f}×) "
        f"— {verdict(head['x'] >= GOAL_FASTER and len(met_loops) == len(LOOPS))}.",
        f"- Emulator CPU per password sign-in within {GOAL_CPU_WITHIN:g}× the cost of signing its two RS256 tokens: "
        f"{ms(head['emu_cpu'])} ms of emulator CPU per sign-in (`{HEADLINE}` loop, /proc utime+stime) against "
        f"{ms(pair)} ms for the pair (criterion `emulator/rs256_pair`), {cpu_ratio:.2f}× "
        f"(all loops: {min(r['emu_cpu'] for r in rows.values()) / pair:.2f}×–"
        f"{max(r['emu_cpu'] for r in rows.values()) / pair:.2f}×) — {verdict(cpu_ratio <= GOAL_CPU_WITHIN)}."
        + (" Caveat: criterion's figure is wall-clock time and /proc's is CPU time; on this loaded machine the "
           "former is inflated, which flatters this ratio." if max_load_early > 2.5 else ""),
        f"- Start-up (spawn → first accepted TCP connection) at most {GOAL_STARTUP_S:g} s: median "
        f"{emu_start * 1e3:.1f} ms over {len(su['emulator']['connect'])} starts (moto's server: "
        f"{moto_start * 1e3:.0f} ms) — {verdict(emu_start <= GOAL_STARTUP_S)}.",
    ]

    # ---- load --------------------------------------------------------------------------------------------
    ld = res["load"]
    samples = [ld["start"], ld["after_startup"], ld["end"]]
    for loop in loops.values():
        for rounds in loop.values():
            for r in rounds:
                samples += [r["load_before"], r["load_after"]]
    samples += [res["srp"]["load_before"], res["srp"]["load_after"]]
    max_load = max(s[0] for s in samples)
    busy = None
    cpu = dict((k, [int(x) for x in v.split()]) for k, v in read_tsv(os.path.join(work, "cpu.tsv")))
    if "start" in cpu and "end" in cpu:
        d = [e - s for s, e in zip(cpu["start"], cpu["end"])]
        total = sum(d[:8])
        if total > 0:
            busy = 100.0 * (total - d[3] - d[4]) / total
    load_txt = (f"load average (1/5/15 min) {' / '.join(f'{x:.2f}' for x in ld['start'])} when the measurements "
                f"started, {' / '.join(f'{x:.2f}' for x in ld['end'])} when they ended, highest 1-minute value "
                f"seen {max_load:.2f}")
    if busy is not None:
        load_txt += f"; the CPUs were {busy:.0f}% busy over the measurements (this benchmark included)"
    if max_load > 2.5:
        shared_txt = ("**Taken on a shared machine**: other engineers' builds were running (a load above 2 on 2 "
                      "cores, where the benchmark itself accounts for about 1–1.5: the Python client and the "
                      "server under test). Absolute rates are pessimistic and noisy; the ratios, taken in the same "
                      "run with the two servers alternating loop by loop, are the more reliable figures.")
    else:
        shared_txt = ("The benchmark itself accounts for a load of about 1–1.5 (the Python client and the "
                      "server under test).")

    # ---- tables ------------------------------------------------------------------------------------------
    def rounds_txt(v):
        return " / ".join(f"{x:.0f}" for x in v)

    table = [
        "| loop | emulator sign-ins/s | moto sign-ins/s | emulator ÷ moto | ≥ 5× | emulator CPU ms/sign-in "
        "(cores busy) | moto CPU ms/sign-in (cores busy) | client CPU ms/sign-in, emulator / moto |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for name, label in LOOPS:
        r = rows[name]
        table.append(
            f"| `{name}`: {label} | **{r['emu']:.0f}** ({rounds_txt(r['emu_rounds'])}) | **{r['moto']:.0f}** "
            f"({rounds_txt(r['moto_rounds'])}) | **{r['x']:.2f}×** | {'yes' if r['x'] >= GOAL_FASTER else 'no'} | "
            f"{ms(r['emu_cpu'])} ({r['emu_cores']:.2f}) | {ms(r['moto_cpu'])} ({r['moto_cores']:.2f}) | "
            f"{ms(r['emu_client'])} / {ms(r['moto_client'])} |")

    srp = res["srp"]
    srp_free = 1e3 / srp["exchange_ms_per"]
    srp_lines = [
        f"**SRP sign-ins, emulator only** (moto accepts any SRP signature, so there is nothing to compare): "
        f"`InitiateAuth` USER_SRP_AUTH then `RespondToAuthChallenge` PASSWORD_VERIFIER with a real password "
        f"claim, raw keep-alive HTTP, one client, {srp['sign_ins']} sign-ins in {srp['seconds']:.1f} s. "
        f"End to end **{srp['per_second']:.1f} sign-ins/s**, of which the Python client's SRP arithmetic "
        f"(`a` of 128 random bytes, A, then x, u, S and the HMAC claim with CPython's `pow`) took "
        f"{ms(srp['client_ms_per'])} ms per sign-in and the two HTTP exchanges {ms(srp['exchange_ms_per'])} ms "
        f"(the emulator's time as the client sees it: server work + loopback + http.client) — so the emulator "
        f"alone would sustain about **{srp_free:.0f} SRP sign-ins/s** from a client that cost nothing. "
        f"Emulator CPU per SRP sign-in (/proc): **{ms(srp['server_cpu_ms_per'])} ms**; in process, without "
        f"HTTP (criterion `emulator/srp_server`: both calls, the client's part excluded): "
        f"{ms(crit['srp_server']['mean_ms'])} ms, of which {ms(pair)} ms is the two RS256 signatures"
        + ("; the difference is the HTTP handling of two requests and, likely, caches gone cold while the client "
           "computes for tens of milliseconds between the calls." if srp["server_cpu_ms_per"] > crit["srp_server"]
           ["mean_ms"] else
           " (higher than the CPU counted over HTTP because criterion's figures are wall-clock time, which a "
           "loaded machine inflates, while /proc counts CPU time only)."),
    ]

    def st(values):
        return (f"{statistics.median(values) * 1e3:.1f} ms (min {min(values) * 1e3:.1f}, max "
                f"{max(values) * 1e3:.1f})")

    startup = [
        "| start-up, median of "
        f"{len(su['emulator']['connect'])} spawns (min, max) | emulator | moto server |",
        "|---|---:|---:|",
        f"| spawn → first accepted TCP connection | **{st(su['emulator']['connect'])}** | "
        f"**{st(su['moto']['connect'])}** |",
        f"| spawn → first answer to a Cognito call (`ListUserPools`) | {st(su['emulator']['api'])} | "
        f"{st(su['moto']['api'])} |",
        f"| spawn with `--seed crates/emulator/examples/seed.json` → open port | "
        f"{st(su['emulator_seeded']['connect'])} | — |",
        f"| spawn with that seed → first password sign-in's tokens | {st(su['emulator_seeded']['sign_in'])} | — |",
    ]

    # ---- where the time goes -----------------------------------------------------------------------------
    inproc = crit["user_password_auth"]["mean_ms"]
    ver = crit["verifier"]["mean_ms"]
    one = crit["rs256_one"]["mean_ms"]
    http_rest = head["emu_cpu"] - inproc
    x2 = rows["raw-user-x2"]
    needed = head["moto_cpu"] / GOAL_FASTER
    parts = [
        "| part of one password sign-in (criterion, in process) | ms | share of the in-process sign-in |",
        "|---|---:|---:|",
        f"| whole `InitiateAuth` USER_PASSWORD_AUTH through `Emulator::call` (`emulator/user_password_auth`) | "
        f"{ms(inproc)} | 100% |",
        f"| signing the ID + access tokens, RS256, RSA-2048 (`emulator/rs256_pair`; one signature, "
        f"`rs256_one`: {ms(one)}) | {ms(pair)} | {100 * pair / inproc:.0f}% |",
        f"| the password check: SRP verifier g^x recomputed, 256-bit fixed-base exponentiation "
        f"(`emulator/verifier`) | {ms(ver)} | {100 * ver / inproc:.0f}% |",
        f"| the rest (JSON, the store, refresh token, claims), by difference | {ms(max(0.0, inproc - pair - ver))} | "
        f"{max(0.0, 100 * (inproc - pair - ver) / inproc):.0f}% |",
        f"| *reference:* the same token pair signed by OpenSSL {openssl['openssl'].replace('OpenSSL ', '')} through "
        f"Python `cryptography` {openssl['cryptography']} (what moto signs with) | {ms(openssl['pair_ms'])} | — |",
    ]
    rest_share = max(0.0, 100 * (inproc - pair - ver) / inproc)
    findings = [
        f"**Where the time goes.** Over HTTP the emulator spent {ms(head['emu_cpu'])} ms of CPU per password "
        f"sign-in (`{HEADLINE}`); in process the whole operation costs {ms(inproc)} ms, so HTTP, the async runtime "
        f"and the per-request log line add about {ms(max(0.0, http_rest))} ms. Inside the operation the two RS256 "
        f"signatures are {100 * pair / inproc:.0f}% and the verifier recomputation {100 * ver / inproc:.0f}%"
        + (" (measured apart, so the shares carry some noise)" if pair + ver > inproc else "") + "; "
        + ("JSON and the store are in the noise. " if rest_share < 10 else
           f"the rest (JSON, the store) {rest_share:.0f}%. ")
        + f"RSA signing is RustCrypto's `rsa` {meta['rsa']} (crypto-bigint, constant time, no assembly): "
        f"{ms(pair / 2)} ms per RSA-2048 signature (half the pair; `rs256_one` alone: {ms(one)} ms), "
        f"{pair / openssl['pair_ms']:.1f}× OpenSSL's {ms(openssl['pair_ms'] / 2)} ms.",
    ]
    if x2["emu_cores"] < 1.3:
        serial = (f"More clients do not buy more cores: with 2 client processes (`raw-user-x2`, {x2['emu']:.0f}/s "
                  f"against {head['emu']:.0f}/s sequentially) the emulator still used only {x2['emu_cores']:.2f} "
                  "cores, consistent with the code: the tokens are signed while the emulator's state mutex is held "
                  "(`ops/auth.rs` `password_auth` → `after_password` → `tokens::issue` → `mint` → "
                  "`PoolKeys::sign`), so sign-ins run one at a time whatever the core count (moto's server is "
                  f"capped by the GIL: {x2['moto_cores']:.2f} cores).")
    else:
        serial = (f"With 2 client processes (`raw-user-x2`) the emulator used {x2['emu_cores']:.2f} cores and "
                  f"reached {x2['emu']:.0f}/s (moto {x2['moto_cores']:.2f} cores).")
    if not (head["x"] >= GOAL_FASTER and len(met_loops) == len(LOOPS)):
        est = head["moto_cpu"] / max(head["emu_cpu"] - pair + openssl["pair_ms"], 1e-9)
        findings += [
            "",
            f"**Why the {GOAL_FASTER:g}× goal is not met.** moto is not slow per sign-in: {ms(head['moto_cpu'])} ms "
            f"of CPU (`{HEADLINE}`), against the emulator's {ms(head['emu_cpu'])} ms, because moto's two "
            f"signatures are OpenSSL's ({ms(openssl['pair_ms'])} ms for both) and the rest is Python. "
            f"{GOAL_FASTER:g}× its rate at equal CPU would need about {ms(needed)} ms of emulator CPU per sign-in "
            f"— {'less than one' if needed < pair / 2 else 'about one'} RustCrypto RSA-2048 signature "
            f"({ms(pair / 2)} ms), "
            f"and the emulator signs two. {serial} What would move the ratio, for the lead to weigh: signing "
            "outside the state lock (build the claims under it, do the RSA work after releasing it), so sign-ins "
            "use every core; and a faster RSA signer (e.g. `aws-lc-rs` or `ring`, near OpenSSL's speed, at the "
            "price of C/assembly among the emulator's dependencies). Even with OpenSSL-speed signing, one core "
            f"each would put the ratio roughly at {est:.1f}× (moto's CPU per sign-in over the emulator's with its "
            "token pair swapped for OpenSSL's; as noisy as the figures it is made of); beyond that only spare "
            "cores help. The boto3 loops are "
            f"client-bound (botocore costs {ms(rows['boto3-user']['emu_client'])} ms of client CPU per call, raw "
            f"HTTP {ms(head['emu_client'])} ms), which compresses their ratios further.",
        ]
    else:
        findings += ["", serial]

    lines = [
        f"_Written by `scripts/bench-emulator` on {meta['date']}; rerun the script to refresh it, do not edit by "
        "hand._",
        "",
        "The cognito-flow emulator (`cognito-emulator`, release build) against moto's server (`moto_server`, "
        "`moto[server]` from PyPI), both on 127.0.0.1 with the same user pool, public app client and confirmed "
        "user created through boto3, driven by the same loops. Goals, and whether this run meets them:",
        "",
        *goals,
        "",
        f"**Run.** `{meta['command']}`, {meta['date']}, on {meta['nproc']} cores (`nproc`), CPU \"{meta['cpu']}\" "
        f"(/proc/cpuinfo); {load_txt}. {shared_txt} The whole script took {meta['elapsed']} s (builds and installs "
        "included).",
        "",
        f"**Versions.** Emulator at {meta['git']}, {meta['rustc']}, `rsa` {meta['rsa']}, crypto-bigint "
        f"{meta['crypto_bigint']}, criterion {meta['criterion']}; moto {meta['moto']} (Werkzeug {meta['werkzeug']}, "
        f"joserfc {meta['joserfc']}), boto3 {meta['boto3']} / botocore {meta['botocore']}, cryptography "
        f"{openssl['cryptography']} with {openssl['openssl']}, Python {meta['python']}. moto and boto3 were "
        "installed from PyPI into a temporary virtualenv for the run and deleted afterwards.",
        "",
        "**Password sign-ins** (USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH → ID, access and refresh tokens; "
        f"every response checked for the tokens). Each loop: {bounds['warmup']} untimed sign-ins, then at most "
        f"{bounds['seconds']:g} s or {bounds['limit']} sign-ins, whichever comes first; "
        + (f"{bounds['rounds']} rounds, the second with the servers in the other order; rates are total sign-ins / "
           "total time over the rounds (each round's rate in brackets). " if bounds["rounds"] > 1 else
           "1 round, emulator first. ")
        + "CPU is the server process's utime+stime (all threads) over the timed "
        "part, per sign-in; \"cores busy\" is that CPU time over the wall time.",
        "",
        *table,
        "",
        *srp_lines,
        "",
        "**Start-up** (a fresh free port each time, the two servers alternating; the port is polled every 0.5 ms):",
        "",
        *startup,
        "",
        "The emulator opens its port before generating its two RSA-2048 token-signing keys (in the background), "
        "so the first sign-in of a fresh process waits for them: that is the last row, which varies from run to run "
        "(RSA key generation searches for random primes); the goal is about the open port.",
        "",
        *parts,
        "",
        *findings,
        "",
        "**Method.** `scripts/bench-emulator` builds `cognito-emulator` with `cargo build --release` and the "
        "criterion bench `crates/emulator/benches/tokens.rs`, installs `moto[server]` and boto3 into a temporary "
        "virtualenv, and runs `scripts/bench-emulator.d/load.py`: start-ups first, then both servers started once "
        "(default settings: no `--credentials`, so neither checks SigV4 signatures; both log one line per request, "
        "to a file) and the loops above, then the SRP loop; all traffic is on 127.0.0.1 and every loop is bounded "
        "in count and time. The raw-HTTP loops post the JSON body with `X-Amz-Target` on one reused "
        "`http.client.HTTPConnection`; the admin one adds a fixed, well-formed SigV4 `Authorization` header. The "
        "SRP client is the pure-Python model `scripts/srp-vectors/srp_ref.py`; its arithmetic is timed apart from "
        "the HTTP exchanges. After the load, criterion times the parts of a sign-in in process "
        f"({meta['crit_warmup']} s warm-up, {meta['crit_measure']} s of samples, means shown; "
        "`cargo bench -p cognito-flow-emulator --bench tokens`): `rs256_pair` repeats `PoolKeys::sign`'s steps "
        "with the same `rsa` calls (the module is private to the crate), `user_password_auth` and `srp_server` "
        "go through the public `Emulator::call`. `scripts/bench-emulator.d/rs256_openssl.py` times the same token "
        "pair with OpenSSL for reference.",
    ]
    summary = {
        "ratios": {n: rows[n]["x"] for n in rows}, "emulator_per_s": {n: rows[n]["emu"] for n in rows},
        "moto_per_s": {n: rows[n]["moto"] for n in rows}, "emulator_cpu_ms": head["emu_cpu"],
        "rs256_pair_ms": pair, "cpu_ratio": cpu_ratio, "startup_ms": emu_start * 1e3,
        "moto_startup_ms": moto_start * 1e3, "srp_per_s": srp["per_second"], "srp_free_per_s": srp_free,
        "goal_faster_met": head["x"] >= GOAL_FASTER and len(met_loops) == len(LOOPS),
        "goal_cpu_met": cpu_ratio <= GOAL_CPU_WITHIN, "goal_startup_met": emu_start <= GOAL_STARTUP_S,
        "max_load1": max_load,
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
        raise SystemExit(f"report.py: {path} has only one of the bench-emulator markers, or them out of order")
    else:
        lines = text.split("\n")
        heading = next((n for n, line in enumerate(lines) if line.strip() == HEADING), None)
        if heading is None:
            text = text.rstrip("\n") + f"\n\n{HEADING}\n\n" + block + "\n"
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
    verdicts = [("≥ 5× moto's password sign-ins/s", summary["goal_faster_met"]),
                ("CPU per sign-in ≤ 2× the RS256 pair", summary["goal_cpu_met"]),
                ("start-up ≤ 0.1 s", summary["goal_startup_met"])]
    for name, ok in verdicts:
        print(f"bench-emulator: goal {name}: {'met' if ok else 'NOT met'}", file=sys.stderr)
    if doc:
        write_doc(doc, section)


if __name__ == "__main__":
    main(sys.argv)
