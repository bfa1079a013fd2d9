"""The peers' measurement loop for scripts/bench-srp: run `fn` for `warmup` seconds untimed, then for at least
`seconds` seconds of wall-clock time; report the mean (total time / iterations) and the median iteration."""

import statistics
import time


def measure(fn, warmup: float, seconds: float) -> dict:
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        fn()
    laps = []
    start = last = time.perf_counter()
    while True:
        fn()
        now = time.perf_counter()
        laps.append(now - last)
        last = now
        if now - start >= seconds:
            break
    total = last - start
    return {
        "iterations": len(laps),
        "seconds": total,
        "mean_ms": total / len(laps) * 1e3,
        "median_ms": statistics.median(laps) * 1e3,
    }
