"""Time curve of every pattern that sees user text (outside bot/planning/), at 1K, 10K and 64K characters.

Run: .venv/bin/python bench/bench_patterns.py [--sizes 1000 10000 65000] [--runs 3]

Each case is a hostile input shaped for its pattern (tests/hostile_inputs.py, shared with the fuzz
suite). Linear growth shows as a 64K/1K ratio near 64; a quadratic pattern shows about 4,000, a cubic
one never finishes. Printed, not asserted: speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the cases live under tests/

from tests.hostile_inputs import PATTERN_CASES, PatternCase


def best_time(case: PatternCase, size: int, runs: int) -> float:
    text = case.make(size)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        case.run(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 65_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sizes: list[int] = args.sizes
    header = " | ".join(f"{size:,} chars" for size in sizes)
    print(f"| Pattern (hostile input) | {header} | {sizes[-1] // sizes[0]}x input: time x |")
    print("|---" * (len(sizes) + 2) + "|")
    for case in PATTERN_CASES:
        times = [best_time(case, size, args.runs) for size in sizes]
        cells = " | ".join(f"{t * 1000:.2f} ms" for t in times)
        print(f"| {case.name} | {cells} | {times[-1] / max(times[0], 1e-6):.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
