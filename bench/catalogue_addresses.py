"""Procedure catalogue and address book: load time at start, search and conversion per call.

Each load runs in a fresh process (import + parse + checks), so caches do not flatter it.
Prints medians; the kiosk loads both once at start, off the GUI thread.

    python -m bench.catalogue_addresses [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD = {
    "catalogue": "from kiosk.services.procedures import load_catalogue as f",
    "address_book": "from kiosk.services.addresses import load_address_book as f",
}
CHILD = "import time; t=time.perf_counter(); {imp}; f(); print(time.perf_counter()-t)"


def load_seconds(name: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        code = CHILD.format(imp=LOAD[name])
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True)  # fmt: skip
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def per_call_ms(fn: object, args: Sequence[tuple[object, ...]], repeat: int = 5) -> float:
    assert callable(fn)
    best = []
    for _ in range(repeat):
        t = time.perf_counter()
        for a in args:
            fn(*a)
        best.append((time.perf_counter() - t) / len(args) * 1000)
    return min(best)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from kiosk.services.addresses import load_address_book
    from kiosk.services.procedures import load_catalogue

    for name in LOAD:
        print(f"{name}_load_s (median of {runs} fresh processes): {load_seconds(name, runs):.3f}")
    catalogue = load_catalogue()
    book = load_address_book()
    queries = [("dang ky thuong tru",), ("khai sinh",), ("KHAI TU",), ("sao y",), ("x",)]
    print(f"catalogue_search_ms: {per_call_ms(catalogue.search, queries):.3f}")
    searches = [("ba dinh", "01"), ("phu", None), ("ben thanh", "79"), ("x", None)]
    print(f"address_search_ms: {per_call_ms(book.search, searches):.3f}")
    olds = [(", ".join(x for x in (w.ward, w.district, w.province) if x),)
            for w in book.old_wards()[::10]]  # fmt: skip
    print(f"from_old_ms ({len(olds)} old addresses): {per_call_ms(book.from_old, olds, 3):.3f}")


if __name__ == "__main__":
    main()
