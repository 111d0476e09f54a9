"""QR decoding benchmark: our camera pipeline against the plain decoders, on one corpus.

Frames come from tests/qr_corpus (seeded, built like perf-anchors.md §1). Per decoder and per
resolution: exact-payload success, wrong payloads (decoded text that is not the payload: must be
0), p50/p95 wall time of one decode call per frame (failures included, after a warm-up call),
and p95 CPU time of the calling thread (steadier than wall time when the machine is shared).
The union row counts a frame when any plain decoder reads it. Then the video clips of a hand
bringing a card into view: frames until the first correct decode, single frames vs accumulation.

    python -m bench.qr_decode [--frames 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from devices.qr_camera import decoders
from devices.qr_camera.accumulate import FrameAccumulator
from devices.qr_camera.decoders import Decoded
from devices.qr_camera.pipeline import decode_frame
from tests.qr_corpus import corpus
from tests.qr_corpus.video import write_clip

Decoder = Callable[[np.ndarray], list[Decoded]]
PLAIN: dict[str, Decoder] = {
    "zxing-cpp (defaults)": decoders.zxing,
    "zxing-cpp (fast)": lambda g: decoders.zxing(g, fast=True),
    "pyzbar/zbar (binary)": decoders.zbar,
    "cv2.QRCodeDetectorAruco": decoders.opencv,
}
OURS = "ours: devices.qr_camera.pipeline"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _pin_one_core() -> str:
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        cv2.setNumThreads(1)
        return f"pinned to CPU {core}, cv2.setNumThreads(1)"
    except (AttributeError, OSError) as exc:
        return f"not pinned ({exc})"


def _clips(seed: int) -> None:
    print("\nvideo clips (1280x720 MJPG via cv2.VideoCapture, 36 frames, card at rest from 14):")
    with tempfile.TemporaryDirectory() as tmp:
        for label, noise, frac in (("normal light", 3.0, 0.2), ("dim, noisy", 50.0, 0.12)):
            clip = write_clip(Path(tmp) / "clip.avi", seed, noise=noise, qr_frac=frac)
            cap = cv2.VideoCapture(str(clip.path))
            acc = FrameAccumulator(6)
            single: list[bool] = []
            accumulated: list[bool] = []
            while True:
                ok, frame = cap.read()
                if not ok:
                    break
                gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
                hit = any(d.text == clip.payload for d in decode_frame(gray))
                mean = None if hit else acc.add(gray)
                if hit:
                    acc.reset()
                hit_acc = hit or (
                    mean is not None and any(d.text == clip.payload for d in decode_frame(mean))
                )
                single.append(hit)
                accumulated.append(hit_acc)
            cap.release()
            first = next((i for i, h in enumerate(single) if h), None)
            first_acc = next((i for i, h in enumerate(accumulated) if h), None)
            rest = slice(clip.settle_frame, None)
            print(
                f"  {label:13s} first decode at frame {first} (single) / {first_acc} (with "
                f"accumulation); frames at rest read: single {sum(single[rest])}/"
                f"{len(single[rest])}, accumulated {sum(accumulated[rest])}/"
                f"{len(accumulated[rest])}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args(argv)
    print(
        "latency:",
        "not pinned (--no-pin)" if args.no_pin else _pin_one_core(),
        "| load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    )
    t0 = time.perf_counter()
    frames = list(corpus(args.frames, args.seed))
    print(
        f"corpus: {len(frames)} frames, seed {args.seed}, generated in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    runners: dict[str, Decoder] = {**PLAIN, OURS: decode_frame}
    hits: dict[str, list[bool]] = {}
    wrong: dict[str, int] = {}
    times: dict[str, dict[int, list[float]]] = {}
    cpu: dict[str, dict[int, list[float]]] = {}
    stages: collections.Counter[str] = collections.Counter()
    for name, run in runners.items():
        run(frames[0].gray)  # warm-up: first-call allocations are not a frame's cost
        hits[name], wrong[name] = [], 0
        times[name] = collections.defaultdict(list)
        cpu[name] = collections.defaultdict(list)
        for frame in frames:
            start, start_cpu = time.perf_counter(), time.thread_time()
            found = run(frame.gray)
            times[name][frame.size[1]].append(time.perf_counter() - start)
            cpu[name][frame.size[1]].append(time.thread_time() - start_cpu)
            good = [d for d in found if d.text == frame.payload]
            hits[name].append(bool(good))
            wrong[name] += sum(1 for d in found if d.text is not None and d.text != frame.payload)
            if name == OURS and good:
                stages[good[0].stage] += 1
    n = len(frames)
    union = [any(hits[k][i] for k in PLAIN) for i in range(n)]
    print(f"\n{'':50s}{'wall p50/p95/cpu p95 ms':>24s}")
    print(f"{'decoder':34s} {'read':>9s} {'wrong':>5s}  {'720p':>20s}  {'1080p':>20s}")
    for name in runners:
        ok = sum(hits[name])
        lat = "  ".join(
            f"{_pct(times[name][h], 0.5):6.1f}/{_pct(times[name][h], 0.95):6.1f}"
            f"/{_pct(cpu[name][h], 0.95):6.1f}"
            for h in sorted(times[name])
        )
        print(f"{name:34s} {ok:4d} {100 * ok / n:3.0f}% {wrong[name]:5d}  {lat}")
    u = sum(union)
    print(f"{'union of the plain decoders':34s} {u:4d} {100 * u / n:3.0f}%")
    missed = sum(1 for i in range(n) if union[i] and not hits[OURS][i])
    extra = sum(1 for i in range(n) if hits[OURS][i] and not union[i])
    print(
        f"ours vs union: misses {missed} union frames, reads {extra} frames no plain decoder read"
    )
    print(
        "ours, stage of the first correct decode:",
        ", ".join(f"{k} {v}" for k, v in stages.most_common()),
    )
    by_deg: dict[str, list[bool]] = collections.defaultdict(list)
    for i, frame in enumerate(frames):
        by_deg[frame.degradation].append(hits[OURS][i])
    print(
        "ours by degradation:",
        ", ".join(f"{k} {100 * statistics.fmean(v):.0f}%" for k, v in by_deg.items()),
    )
    _clips(args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
