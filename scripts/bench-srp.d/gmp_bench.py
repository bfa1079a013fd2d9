#!/usr/bin/env python3
"""GMP (through gmpy2) doing the three exponentiations of one Cognito SRP client login, with the exponent sizes
a login has: A = g^a (a: 1024 bits), g^x (x: 256 bits), S = (B - k*g^x)^(a + u*x) mod N (~1025 bits). Only the
big-number work: no hashing, no encoding. Part of scripts/bench-srp.

Usage (inside the venv that has gmpy2): gmp_bench.py CHALLENGE.json WARMUP_S SECONDS powmod|powmod_sec OUT.json
"""

import json
import sys

import gmpy2
from gmpy2 import mpz

from timing import measure


def main(argv):
    if len(argv) != 6:
        raise SystemExit(__doc__)
    with open(argv[1]) as f:
        ch = json.load(f)
    warmup, seconds, variant, out = float(argv[2]), float(argv[3]), argv[4], argv[5]
    pm = getattr(gmpy2, variant)  # powmod (variable time) or powmod_sec (constant time)
    p = ch["gmp"]
    n, k, a, x, u = (mpz(p[key], 16) for key in ("n", "k", "a", "x", "u"))
    b_pub = mpz(ch["srp_b"], 16)
    g = mpz(2)

    def login():
        a_pub = pm(g, a, n)
        gx = pm(g, x, n)
        base = (b_pub - k * gx) % n
        s = pm(base, a + u * x, n)
        return a_pub, s

    result = measure(login, warmup, seconds)
    result["name"] = f"gmpy2.{variant}"
    result["gmp_s"] = format(login()[1], "x")
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv)
