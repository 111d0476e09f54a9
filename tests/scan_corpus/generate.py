"""Seeded synthetic photos of A4 papers on a desk, with the ground truth, for the camera scanner.

Each photo: an A4 page (a title, lines of text, a table rule, a red round stamp) rendered flat,
then warped into the frame by a known in-plane tilt and a keystone perspective, on a textured
wood desk, under a shadow gradient, with sensor noise. Variants spoil one thing each: blurred,
dark, cut off (part of the page outside the frame), glare (a saturated reflection), or no page
at all. The same seed gives the same photo, byte for byte.

    python -m tests.scan_corpus.generate OUT_DIR [--count N] [--size 1920x1080]

writes JPEGs and a truth.json (corners TL, TR, BR, BL in frame pixels, tilt, variant).
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

A4_MM = (210.0, 297.0)
VARIANTS = ("clean", "blurred", "dark", "cut_off", "glare", "no_page")

_WORDS = (
    "CONG HOA XA HOI CHU NGHIA VIET NAM",
    "Doc lap - Tu do - Hanh phuc",
    "GIAY KHAI SINH",
    "Ho, chu dem, ten",
    "Ngay, thang, nam sinh",
    "Gioi tinh  Dan toc  Quoc tich",
    "Noi sinh  Que quan",
    "Ho ten cha  Ho ten me",
    "Noi dang ky  So  Quyen so",
)


@dataclass(frozen=True, slots=True)
class Photo:
    frame: np.ndarray  # BGR uint8, height x width x 3
    corners: np.ndarray | None  # float32 (4, 2): TL, TR, BR, BL of the page in frame pixels
    tilt_deg: float  # in-plane rotation applied to the page (counter-clockwise positive)
    variant: str
    seed: int

    @property
    def page_size_px(self) -> tuple[float, float]:
        """Mean width and height of the page's outline in the frame."""
        assert self.corners is not None
        c = self.corners
        width = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2
        height = (np.linalg.norm(c[3] - c[0]) + np.linalg.norm(c[2] - c[1])) / 2
        return float(width), float(height)


def render_page(width: int, rng: np.random.Generator) -> np.ndarray:
    """A flat A4 page, BGR, `width` pixels wide (height by the A4 ratio)."""
    height = round(width * A4_MM[1] / A4_MM[0])
    paper = np.array([232, 236, 238], np.float32) + rng.normal(0, 2, 3).astype(np.float32)
    page = np.empty((height, width, 3), np.uint8)
    page[:] = np.clip(paper, 0, 255).astype(np.uint8)
    u = width / 210.0  # pixels per millimetre
    ink = (40, 36, 30)
    font = cv2.FONT_HERSHEY_SIMPLEX

    def text(s: str, x_mm: float, y_mm: float, size_mm: float, thick: float = 0.35) -> None:
        scale = size_mm * u / 22.0  # Hershey simplex capitals are ~22 units tall at scale 1
        cv2.putText(
            page,
            s,
            (round(x_mm * u), round(y_mm * u)),
            font,
            scale,
            ink,
            max(1, round(thick * u)),
            cv2.LINE_AA,
        )

    text(_WORDS[0], 45, 20, 4.2, 0.45)
    text(_WORDS[1], 70, 28, 3.5)
    text(_WORDS[2], 78, 48, 6.5, 0.7)
    y = 66.0
    while y < 250:
        label = _WORDS[3 + int(rng.integers(0, len(_WORDS) - 3))]
        value = "".join(chr(int(c)) for c in rng.integers(65, 91, int(rng.integers(6, 18))))
        text(f"{label}: {value}", 22, y, 3.2)
        y += float(rng.uniform(8.5, 11.0))
    cv2.rectangle(
        page,
        (round(20 * u), round(255 * u)),
        (round(190 * u), round(280 * u)),
        ink,
        max(1, round(0.3 * u)),
    )
    cv2.line(
        page,
        (round(105 * u), round(255 * u)),
        (round(105 * u), round(280 * u)),
        ink,
        max(1, round(0.3 * u)),
    )
    # the red round stamp over the signature, as on every Vietnamese civil-status paper
    centre = (round(150 * u), round(230 * u))
    red = (40, 40, 200)
    cv2.circle(page, centre, round(17 * u), red, max(1, round(1.0 * u)), cv2.LINE_AA)
    cv2.circle(page, centre, round(13 * u), red, max(1, round(0.5 * u)), cv2.LINE_AA)
    cv2.putText(
        page,
        "UBND",
        (centre[0] - round(8 * u), centre[1] + round(2 * u)),
        font,
        3.5 * u / 22.0,
        red,
        max(1, round(0.4 * u)),
        cv2.LINE_AA,
    )
    return page


def desk(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Dark wood: low-frequency grain streaks along x plus fine noise."""
    small_h, small_w = max(8, height // 8), max(8, width // 8)
    rows = rng.normal(0, 1, (small_h, 1)).astype(np.float32)
    grain = cv2.GaussianBlur(np.repeat(rows, small_w, axis=1), (0, 0), sigmaX=0.8, sigmaY=3.0)
    noise = cv2.GaussianBlur(rng.normal(0, 1, (small_h, small_w)).astype(np.float32), (0, 0), 2)
    field = cv2.resize(grain * 12 + noise * 8, (width, height), interpolation=cv2.INTER_LINEAR)
    base = np.array([38, 62, 96], np.float32) + rng.normal(0, 4, 3).astype(np.float32)
    wood = base[None, None, :] + field[:, :, None] * np.array([0.6, 0.8, 1.0], np.float32)
    result: np.ndarray = np.clip(wood, 0, 255).astype(np.uint8)
    return result


def page_corners(
    frame_w: int,
    frame_h: int,
    rng: np.random.Generator,
    fill: float,
    tilt_deg: float,
    keystone: float,
    shift: tuple[float, float] = (0.0, 0.0),
) -> np.ndarray:
    """Where the page lands: TL, TR, BR, BL. `fill`: page height / frame height (upright)."""
    h = fill * min(frame_h, frame_w * A4_MM[1] / A4_MM[0] / 0.98)
    w = h * A4_MM[0] / A4_MM[1]
    cx = frame_w / 2 + rng.uniform(-0.02, 0.02) * frame_w
    cy = frame_h / 2 + rng.uniform(-0.02, 0.02) * frame_h
    # keystone: the top edge is farther from the camera, so shorter
    top, bottom = w * (1 - keystone) / 2, w * (1 + keystone / 3) / 2
    pts = np.array([[-top, -h / 2], [top, -h / 2], [bottom, h / 2], [-bottom, h / 2]], np.float32)
    pts += rng.uniform(-0.004, 0.004, (4, 2)).astype(np.float32) * h  # corner jitter
    a = math.radians(tilt_deg)
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]], np.float32)
    pts = pts @ rot.T
    # a tilted page must still fit: shrink it about its centre to leave a 2 % margin
    margin = 0.02 * max(frame_w, frame_h)
    room_x = min(cx - margin, frame_w - margin - cx) / max(float(np.abs(pts[:, 0]).max()), 1.0)
    room_y = min(cy - margin, frame_h - margin - cy) / max(float(np.abs(pts[:, 1]).max()), 1.0)
    pts *= min(1.0, room_x, room_y)
    return (pts + np.array([cx, cy], np.float32)).astype(np.float32)


def make_photo(
    seed: int,
    size: tuple[int, int] = (1920, 1080),
    variant: str = "clean",
    tilt_deg: float | None = None,
) -> Photo:
    """One photo. `size` is (width, height) of the frame; the same arguments, the same bytes."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {VARIANTS}")
    rng = np.random.default_rng(seed)
    frame_w, frame_h = size
    frame = desk(frame_h, frame_w, rng)
    tilt = float(rng.uniform(-12, 12)) if tilt_deg is None else tilt_deg
    if variant == "no_page":
        return Photo(_finish(frame, rng, variant), None, 0.0, variant, seed)
    fill = float(rng.uniform(0.78, 0.88))
    keystone = float(rng.uniform(0.03, 0.08))
    corners = page_corners(frame_w, frame_h, rng, fill, tilt, keystone)
    if variant == "cut_off":
        # slide the page over one frame edge until 15-30 % of its width or height is outside
        side = int(rng.integers(0, 4))
        out = float(rng.uniform(0.15, 0.3))
        xs, ys = corners[:, 0], corners[:, 1]
        page_w, page_h = float(xs.max() - xs.min()), float(ys.max() - ys.min())
        dx, dy = (
            (-(xs.min() + out * page_w), 0.0),
            (frame_w - xs.max() + out * page_w, 0.0),
            (0.0, -(ys.min() + out * page_h)),
            (0.0, frame_h - ys.max() + out * page_h),
        )[side]
        corners = corners + np.array([dx, dy], np.float32)
    page_w = int(max(float(np.linalg.norm(corners[1] - corners[0])), 64.0) * 1.3)
    page = render_page(page_w, rng)
    src = np.array(
        [[0, 0], [page.shape[1], 0], [page.shape[1], page.shape[0]], [0, page.shape[0]]],
        np.float32,
    )
    warp = cv2.getPerspectiveTransform(src, corners)
    # a soft drop shadow under the page, then the page
    mask = np.zeros((frame_h, frame_w), np.uint8)
    cv2.fillConvexPoly(mask, np.round(corners + 6).astype(np.int32), 255)
    shadow = cv2.GaussianBlur(mask, (0, 0), max(2.0, frame_h / 150)).astype(np.float32) / 255
    frame = (frame.astype(np.float32) * (1 - 0.45 * shadow[:, :, None])).astype(np.uint8)
    cv2.warpPerspective(
        page,
        warp,
        (frame_w, frame_h),
        dst=frame,
        flags=cv2.INTER_AREA,
        borderMode=cv2.BORDER_TRANSPARENT,
    )
    return Photo(_finish(frame, rng, variant, corners), corners, tilt, variant, seed)


def _finish(
    frame: np.ndarray, rng: np.random.Generator, variant: str, corners: np.ndarray | None = None
) -> np.ndarray:
    """Light (a gradient from one side, darker for 'dark'), glare, blur and sensor noise."""
    h, w = frame.shape[:2]
    angle = rng.uniform(0, 2 * math.pi)
    ys, xs = np.mgrid[0:h:8, 0:w:8].astype(np.float32)
    ramp = (xs / w - 0.5) * math.cos(angle) + (ys / h - 0.5) * math.sin(angle)
    light_small = 0.92 + 0.22 * ramp  # a shadow gradient across the frame: ±~11 %
    if variant == "dark":
        light_small *= 0.22
    light = cv2.resize(light_small, (w, h), interpolation=cv2.INTER_LINEAR)
    out: np.ndarray = frame.astype(np.float32) * light[:, :, None]
    if variant == "glare" and corners is not None:
        t = rng.uniform(0.3, 0.7, 2)
        centre = corners[0] + (corners[1] - corners[0]) * t[0] + (corners[3] - corners[0]) * t[1]
        radius = 0.09 * float(np.linalg.norm(corners[2] - corners[0]))
        spot: np.ndarray = np.zeros((h, w), np.float32)
        cv2.circle(spot, (round(centre[0]), round(centre[1])), round(radius), 1.0, -1)
        spot = cv2.GaussianBlur(spot, (0, 0), radius / 3)
        out += spot[:, :, None] * 260
    if variant == "blurred":
        out = cv2.GaussianBlur(out, (0, 0), max(2.5, h / 300))
    small_noise = rng.normal(0, 3.0, (h // 2 + 1, w // 2 + 1)).astype(np.float32)
    out += cv2.resize(small_noise, (w, h), interpolation=cv2.INTER_NEAREST)[:, :, None]
    result: np.ndarray = np.clip(out, 0, 255).astype(np.uint8)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    truth = []
    for i in range(args.count):
        variant = VARIANTS[i % len(VARIANTS)]
        photo = make_photo(args.seed + i, (width, height), variant)
        name = f"{i:03d}-{variant}.jpg"
        cv2.imwrite(str(args.out / name), photo.frame, [cv2.IMWRITE_JPEG_QUALITY, 92])
        corners = None if photo.corners is None else photo.corners.round(2).tolist()
        truth.append(
            {
                "file": name,
                "variant": variant,
                "tilt_deg": photo.tilt_deg,
                "corners": corners,
                "seed": photo.seed,
            }
        )
    (args.out / "truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    print(f"wrote {args.count} photos to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
