"""What running libsane in a child process costs (devices/sane_scanner/remote.py).

SANE's real `test` backend with the tests' own configuration (a 300 mm bed): the time to start
the child and open the device (python start-up + sane_init + sane_open), and per A4 page the
wall time of a flatbed scan through the child versus the same scan through python-sane in this
process (done last, in a forked child of this benchmark, so this process never holds libsane),
at 200 dpi colour — 11.6 MB of pixels crossing the pipe.

    python -m bench.sane_process [--pages 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from devices.sane_scanner.adapter import SaneDocumentScanner
from kiosk.ports.document_scanner import ColourMode, ScanSettings
from tests.peers.sane import DEVICE, write_config

PAGE = ScanSettings(dpi=200, mode=ColourMode.COLOUR)


def _in_process(pages: int) -> list[float]:
    """python-sane in a forked child (the scans are timed there, sent back through a pipe)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        os.close(read)
        import sane

        from devices.sane_scanner.options import apply_settings

        sane.init()
        dev = sane.open(DEVICE)
        apply_settings(dev, PAGE)
        times = []
        for _ in range(pages):
            start = time.perf_counter()
            dev.start()
            dev.snap().tobytes()
            times.append(time.perf_counter() - start)
        os.write(write, ",".join(f"{t:.6f}" for t in times).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read().decode()
    os.waitpid(pid, 0)
    return [float(t) for t in data.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SANE_CONFIG_DIR"] = str(write_config(Path(folder)))
        scanner = SaneDocumentScanner(DEVICE)
        start = time.perf_counter()
        scanner.open()
        scanner.probe()
        opened = time.perf_counter() - start
        through_child = []
        for _ in range(args.pages):
            start = time.perf_counter()
            page = scanner.scan_page(PAGE)
            through_child.append(time.perf_counter() - start)
        scanner.close()
        direct = _in_process(args.pages)
    mb = page.width * page.height * 3 / 1e6
    child_ms, direct_ms = (statistics.median(t) * 1000 for t in (through_child, direct))
    print(f"child start + sane_init + open: {opened * 1000:.0f} ms (once per kiosk start)")
    print(
        f"A4 {PAGE.dpi} dpi colour ({page.width}x{page.height}, {mb:.1f} MB): "
        f"through the child median {child_ms:.0f} ms, in-process median {direct_ms:.0f} ms "
        f"(overhead {child_ms - direct_ms:+.0f} ms)"
    )


if __name__ == "__main__":
    main()
