"""MRZ OCR benchmark: success rate and time per image over generated CCCD backs.

Each image is a rendered card back (OCR-B MRZ of an invented citizen, the scripted citizens
first) with one capture defect, cycling through every Degradation. Only `read_mrz` is timed,
not the rendering. Wall time and CPU time (this process plus the tesseract children) are both
printed: wall time depends on what else the machine runs, CPU time much less. "wrong" counts
reads whose lines differ from the printed MRZ (must be 0).

    python -m bench.mrz_ocr [--images 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
from collections import defaultdict

from devices.mrz_ocr import read_mrz
from devices.mrz_ocr.synthetic import Degradation, card_back, random_mrz
from devices.simulated.citizens import CITIZENS


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _cpu_seconds() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    kinds = list(Degradation)
    outcomes: dict[Degradation, list[str]] = defaultdict(list)
    times: dict[Degradation, list[float]] = defaultdict(list)
    cpu: list[float] = []
    failures: dict[str, int] = defaultdict(int)
    for n in range(args.images):
        lines = CITIZENS[n].mrz if n < len(CITIZENS) else random_mrz(rng)
        kind = kinds[n % len(kinds)]
        image = card_back(lines, kind, seed=n).image
        before = _cpu_seconds()
        result = read_mrz(image)
        cpu.append(_cpu_seconds() - before)
        times[kind].append(result.seconds)
        if result.lines is None:
            outcomes[kind].append("failed")
            failures[f"{result.failure}"] += 1
        else:
            outcomes[kind].append("ok" if result.lines == lines else "wrong")
    head = ("variant", "images", "ok", "failed", "wrong", "median s", "p95 s")
    print("{:<14}{:>7}{:>5}{:>8}{:>7}{:>10}{:>8}".format(*head))
    every: list[float] = []
    for kind in kinds:
        got, spent = outcomes[kind], times[kind]
        every += spent
        print(
            f"{kind.value:<14}{len(got):>7}{got.count('ok'):>5}{got.count('failed'):>8}"
            f"{got.count('wrong'):>7}{statistics.median(spent):>10.3f}{_p95(spent):>8.3f}"
        )
    total = [o for got in outcomes.values() for o in got]
    print(
        f"{'all':<14}{len(total):>7}{total.count('ok'):>5}{total.count('failed'):>8}"
        f"{total.count('wrong'):>7}{statistics.median(every):>10.3f}{_p95(every):>8.3f}"
    )
    median_cpu, p95_cpu = statistics.median(cpu), _p95(cpu)
    print(f"CPU s per image (self + tesseract): median {median_cpu:.3f}, p95 {p95_cpu:.3f}")
    print(f"success rate: {total.count('ok') / len(total):.1%}; wrong MRZs: {total.count('wrong')}")
    print(
        "failures by reason: "
        + (", ".join(f"{k}={v}" for k, v in sorted(failures.items())) or "none")
    )
    return 1 if total.count("wrong") else 0


if __name__ == "__main__":
    raise SystemExit(main())
