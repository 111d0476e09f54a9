"""Short MJPG clips of "a hand bringing a card into view", played through cv2.VideoCapture.

The card slides in from the side of the frame while coming closer (so the first frames are small
and motion-blurred along the movement), then is held still for the rest of the clip. The sensor
noise level is a parameter: `dim` clips are noisy enough that single frames rarely decode, which
is where averaging a steady run of frames (devices/qr_camera/accumulate.py) must help.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from tests.qr_corpus.generate import PAYLOADS, _carrier, _motion_kernel, _texture

SIZE = (1280, 720)
FPS = 15.0


@dataclass(frozen=True, slots=True)
class Clip:
    path: Path
    payload: str
    frames: int
    settle_frame: int  # first frame where the card is at rest


def _place(
    carrier_wh: tuple[int, int], scale: float, centre: tuple[float, float], angle: float
) -> np.ndarray:
    cw, ch = carrier_wh
    m = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, scale)
    m[0, 2] += centre[0] - cw / 2
    m[1, 2] += centre[1] - ch / 2
    return np.asarray(m)


def frames(
    seed: int,
    kind: str = "cccd",
    n: int = 36,
    settle: int = 14,
    noise: float = 3.0,
    qr_frac: float = 0.2,
) -> list[np.ndarray]:
    rng = np.random.default_rng([seed, 7])
    fw, fh = SIZE
    carrier, corners = _carrier(kind, rng, 6, PAYLOADS[kind])
    side = float(corners[1, 0] - corners[0, 0])
    end_scale = qr_frac * fw / side
    background = cv2.GaussianBlur(_texture(rng, fh, fw, 120, 30), (0, 0), 5)
    out: list[np.ndarray] = []
    prev: tuple[float, float] | None = None
    for i in range(n):
        t = min(1.0, i / settle)
        ease = 1 - (1 - t) ** 3  # decelerates into the resting position
        scale = end_scale * (0.45 + 0.55 * ease)
        cx = fw * (1.15 - 0.65 * ease) + (rng.normal(0, 0.6) if t >= 1 else 0)
        cy = fh * (0.75 - 0.25 * ease) + (rng.normal(0, 0.6) if t >= 1 else 0)
        angle = 18 * (1 - ease) + 4
        m = _place((carrier.shape[1], carrier.shape[0]), scale, (cx, cy), angle)
        warped = cv2.warpAffine(carrier, m, (fw, fh), flags=cv2.INTER_AREA)
        mask = cv2.warpAffine(np.ones_like(carrier), m, (fw, fh))
        frame: np.ndarray = background * (1 - mask) + warped * mask
        if prev is not None:
            dx, dy = cx - prev[0], cy - prev[1]
            streak = 0.6 * math.hypot(dx, dy)  # exposure is ~60 % of the frame interval
            if streak > 1.0:
                frame = cv2.filter2D(
                    frame, -1, _motion_kernel(streak, math.degrees(math.atan2(dy, dx)))
                )
        prev = (cx, cy)
        frame = cv2.GaussianBlur(frame, (0, 0), 0.7)
        frame = frame + rng.normal(0, noise, frame.shape).astype(np.float32)
        gray = np.clip(frame, 0, 255).astype(np.uint8)
        out.append(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    return out


def write_clip(
    path: Path,
    seed: int,
    kind: str = "cccd",
    *,
    n: int = 36,
    settle: int = 14,
    noise: float = 3.0,
    qr_frac: float = 0.2,
) -> Clip:
    images = frames(seed, kind, n=n, settle=settle, noise=noise, qr_frac=qr_frac)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS, SIZE)
    if not writer.isOpened():
        raise RuntimeError(f"cv2.VideoWriter cannot write MJPG to {path}")
    for image in images:
        writer.write(image)
    writer.release()
    return Clip(path, PAYLOADS[kind], n, settle)
