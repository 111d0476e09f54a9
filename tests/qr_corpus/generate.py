"""Camera-like QR frames, built like the research corpus (perf-anchors.md §1).

Three payloads (byte mode, UTF-8, no ECI, level M): a CCCD card QR on an ID-1 card, a dossier
code on a phone screen, a receipt JSON on a thermal slip. The carrier gets a pinhole-camera 3-D
pose over a textured background at 720p or 1080p, a mild camera model, then one primary
degradation. Frame i depends only on `numpy.random.default_rng([seed, i])`, so a frame can be
regenerated alone and is byte-identical every time.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import segno

# The research corpus's payloads (perf-anchors.md §1: 113 B v7, 18 B v1, 326 B v13 at level M),
# so the success rates here can be set against the reference numbers.
CCCD = (
    "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|"
    "Số 12 Ngõ 34, Phường Trúc Bạch, Hà Nội|15062021"
)
DOSSIER = "H29.12-250315-0042"
RECEIPT = json.dumps(
    {
        "ma_ho_so": "H29.12-250315-0042",
        "ma_thu_tuc": "1.004222",
        "nguoi_nop": "Nguyễn Văn Án",
        "ten_giay_to": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "he_thong": "Hệ thống giải quyết TTHC",
        "thoi_gian": "2025-03-15T09:12",
        "ngay_hen_tra": "2025-03-20",
        "tra_cuu": "https://dvc.example.vn/?ma=H29.12-250315-0042",
    },
    ensure_ascii=False,
    separators=(",", ":"),
)
PAYLOADS: dict[str, str] = {"cccd": CCCD, "dossier": DOSSIER, "receipt": RECEIPT}
DEGRADATIONS = (
    "clean",
    "perspective",
    "rotation",
    "gaussian_blur",
    "motion_blur",
    "low_contrast",
    "jpeg",
    "noise",
    "glare",
    "combo",
)
RESOLUTIONS = ((1280, 720), (1920, 1080))


@dataclass(frozen=True, slots=True)
class CorpusFrame:
    index: int
    payload_kind: str
    payload: str
    degradation: str
    size: tuple[int, int]  # (width, height)
    module_px: float  # projected size of one module, for the blur-vs-module analysis
    gray: np.ndarray  # uint8, decoded back from the JPEG the "camera" produced
    jpeg: bytes


@functools.cache
def qr_matrix(payload: str) -> np.ndarray:
    """The symbol as 0/1 modules (1 = dark) with a 4-module quiet zone."""
    code = segno.make_qr(payload.encode("utf-8"), error="m", boost_error=False)
    return np.array(list(code.matrix_iter(scale=1, border=4)), dtype=np.uint8)


def _texture(rng: np.random.Generator, h: int, w: int, base: float, amp: float) -> np.ndarray:
    small = rng.normal(0.0, 1.0, (max(2, h // 32), max(2, w // 32))).astype(np.float32)
    low = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    grain = np.sin(np.linspace(0, rng.uniform(20, 80), w, dtype=np.float32))[None, :]
    return np.clip(base + amp * (0.7 * low + 0.3 * grain), 0, 255).astype(np.float32)


def _carrier(
    kind: str, rng: np.random.Generator, mpx: int, text: str
) -> tuple[np.ndarray, np.ndarray]:
    """The printed/shown object as a float image, and the QR symbol's corners on it."""
    m = qr_matrix(text)
    n = m.shape[0]
    side = n * mpx
    if kind == "cccd":  # dark-grey modules on a light guilloche card, QR top-right
        dark, light = rng.uniform(40, 70), rng.uniform(200, 230)
        ch, cw = int(side * 1.45), int(side * 2.3)
        img = _texture(rng, ch, cw, light - 10, 8)
        yy, xx = np.mgrid[0:ch, 0:cw]
        img += 6 * np.sin(xx / (mpx * 1.7) + 3 * np.sin(yy / (mpx * 5.0))).astype(np.float32)
        for row in range(4):  # printed text lines and a fingerprint box
            y = int(ch * (0.2 + 0.15 * row))
            img[y : y + mpx * 2, int(cw * 0.05) : int(cw * 0.45)] -= 90
        img[int(ch * 0.72) : int(ch * 0.92), int(cw * 0.05) : int(cw * 0.2)] -= 40
        x0, y0 = cw - side - mpx, mpx
    elif kind == "dossier":  # phone: black bezel, red header, white screen
        dark, light = 15.0, rng.uniform(225, 250)
        cw, ch = int(side * 1.3), int(side * 2.1)
        img = np.full((ch, cw), 20.0, np.float32)
        pad = int(side * 0.06)
        img[pad : ch - pad, pad : cw - pad] = light
        img[pad : pad + int(side * 0.3), pad : cw - pad] = 90  # red header in grey
        x0, y0 = (cw - side) // 2, int(ch * 0.3)
    else:  # thermal slip: grey modules, text above and below
        dark, light = rng.uniform(50, 90), rng.uniform(215, 240)
        cw, ch = int(side * 1.25), int(side * 1.9)
        img = _texture(rng, ch, cw, light, 4)
        for row in range(3):
            y = int(ch * 0.04) + row * mpx * 3
            img[y : y + mpx * 2, int(cw * 0.1) : int(cw * 0.85)] -= 110
        x0, y0 = (cw - side) // 2, int(ch * 0.35)
    modules = np.kron(m, np.ones((mpx, mpx), np.uint8)).astype(bool)
    img[y0 : y0 + side, x0 : x0 + side] = np.where(modules, dark, light)
    corners = np.array(
        [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side]], np.float32
    )
    return img, corners


def _rotation(tilt_deg: float, axis_deg: float, roll_deg: float) -> np.ndarray:
    a = math.radians(axis_deg)
    axis = np.array([math.cos(a), math.sin(a), 0.0])
    tilt, _ = cv2.Rodrigues(axis * math.radians(tilt_deg))
    roll, _ = cv2.Rodrigues(np.array([0.0, 0.0, math.radians(roll_deg)]))
    return np.asarray(tilt @ roll)


def _pose_homography(
    rng: np.random.Generator,
    carrier_wh: tuple[int, int],
    qr_corners: np.ndarray,
    frame_wh: tuple[int, int],
    qr_frac: float,
    tilt: float,
    roll: float,
) -> np.ndarray:
    """Pinhole projection of the carrier plane; the QR spans about `qr_frac` of frame width."""
    fw, fh = frame_wh
    f = fw * rng.uniform(0.9, 1.3)
    side = float(qr_corners[1, 0] - qr_corners[0, 0])
    qr_centre = qr_corners.mean(axis=0)
    r = _rotation(tilt, rng.uniform(0, 360), roll)
    z = f * side / (qr_frac * fw)
    cx, cy = fw / 2 + rng.uniform(-0.2, 0.2) * fw, fh / 2 + rng.uniform(-0.15, 0.15) * fh
    t = np.array([(cx - fw / 2) * z / f, (cy - fh / 2) * z / f, z])
    cw, ch = carrier_wh
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    pts = np.c_[src - qr_centre, np.zeros(4)]
    cam = pts @ r.T + t
    dst = np.c_[f * cam[:, 0] / cam[:, 2] + fw / 2, f * cam[:, 1] / cam[:, 2] + fh / 2]
    return np.asarray(cv2.getPerspectiveTransform(src, dst.astype(np.float32)))


def _motion_kernel(length: float, angle: float) -> np.ndarray:
    k = max(3, int(np.rint(length)) | 1)
    kernel = np.zeros((k, k), np.float32)
    c = k // 2
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    for s in np.linspace(-length / 2, length / 2, 4 * k):
        kernel[int(np.rint(c + s * dy)) % k, int(np.rint(c + s * dx)) % k] = 1.0
    out: np.ndarray = kernel / kernel.sum()
    return out


def make_frame(seed: int, index: int, payload: tuple[str, str] | None = None) -> CorpusFrame:
    """Frame `index` of the corpus; `payload` = (carrier, text) puts another code on the same
    carrier ("cccd" card, "dossier" phone, "receipt" slip) under the same camera model."""
    rng = np.random.default_rng([seed, index])
    kind = ("cccd", "dossier", "receipt")[index % 3]
    text = PAYLOADS[kind]
    if payload is not None:
        kind, text = payload
    degradation = DEGRADATIONS[(index // 3) % len(DEGRADATIONS)]
    fw, fh = RESOLUTIONS[(index // 30) % 2]
    tilt = rng.uniform(0, 10)
    roll = rng.uniform(-6, 6)
    if degradation in ("perspective", "combo"):
        tilt = rng.uniform(25, 55)
    if degradation in ("rotation", "combo"):
        roll = rng.uniform(0, 360)
    qr_frac = math.exp(rng.uniform(math.log(0.08), math.log(0.25)))
    n_modules = qr_matrix(text).shape[0] - 8
    module_px = qr_frac * fw / n_modules * math.cos(math.radians(tilt)) ** 0.5
    mpx = int(np.clip(round(module_px * 1.5), 2, 12))  # supersample the print before warping
    carrier, corners = _carrier(kind, rng, mpx, text)
    corners_inner = corners + np.array([[4, 4], [-4, 4], [-4, -4], [4, -4]], np.float32) * mpx
    h = _pose_homography(
        rng, (carrier.shape[1], carrier.shape[0]), corners_inner, (fw, fh), qr_frac, tilt, roll
    )
    frame = _texture(rng, fh, fw, rng.uniform(60, 170), rng.uniform(15, 40))
    for _ in range(4):  # out-of-focus clutter
        x, y = int(rng.uniform(0, fw)), int(rng.uniform(0, fh))
        cv2.circle(frame, (x, y), int(rng.uniform(20, 150)), float(rng.uniform(30, 220)), -1)
    frame = cv2.GaussianBlur(frame, (0, 0), 6)
    warped = cv2.warpPerspective(carrier, h, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones_like(carrier), h, (fw, fh), flags=cv2.INTER_LINEAR)
    frame = frame * (1 - mask) + warped * mask

    sigma = rng.uniform(0.4, 0.8)
    light_lo = 0.75
    contrast, read_sigma, quality = 1.0, rng.uniform(1, 3), int(rng.integers(88, 96))
    if degradation in ("gaussian_blur", "combo"):
        sigma = rng.uniform(1.0, 3.5) if degradation == "gaussian_blur" else rng.uniform(0.8, 2)
    if degradation == "low_contrast":
        contrast, light_lo = rng.uniform(0.22, 0.45), rng.uniform(0.3, 0.6)
    if degradation in ("noise", "combo"):
        read_sigma = rng.uniform(8, 22) if degradation == "noise" else rng.uniform(4, 10)
    if degradation == "jpeg":
        quality = int(rng.integers(8, 31))
    if degradation == "combo":
        quality = int(rng.integers(40, 71))
    frame = cv2.GaussianBlur(frame, (0, 0), sigma)
    if degradation == "motion_blur":
        streak = rng.uniform(5, 20)
        frame = cv2.filter2D(frame, -1, _motion_kernel(streak, rng.uniform(0, 180)))
    gx = np.linspace(light_lo, 1.1, fw, dtype=np.float32)[None, :]
    frame = frame * (gx if rng.random() < 0.5 else gx[:, ::-1])
    if contrast != 1.0:
        frame = 255 * 0.25 + (frame - 128) * contrast + 40
    if degradation == "glare" or (degradation == "combo" and rng.random() < 0.5):
        qc = cv2.perspectiveTransform(corners_inner[None], h)[0]
        centre = qc.mean(axis=0) + rng.uniform(-0.3, 0.3, 2) * (qc[1] - qc[0])
        radius = rng.uniform(0.12, 0.35) * float(np.linalg.norm(qc[1] - qc[0])) / 2
        yy, xx = np.ogrid[0:fh, 0:fw]
        d2 = (xx - centre[0]) ** 2 + (yy - centre[1]) ** 2
        frame = frame + 400 * np.exp(-d2 / (2 * radius**2)).astype(np.float32)
    shot = np.sqrt(np.clip(frame, 0, 255) / 255.0) * 4
    frame = frame + rng.normal(0, 1, (fh, fw)).astype(np.float32) * (read_sigma + shot)
    gray8 = np.clip(frame, 0, 255).astype(np.uint8)
    ok, enc = cv2.imencode(".jpg", gray8, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    jpeg = enc.tobytes()
    gray = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    return CorpusFrame(
        index=index,
        payload_kind=kind,
        payload=text,
        degradation=degradation,
        size=(fw, fh),
        module_px=module_px,
        gray=gray,
        jpeg=jpeg,
    )


def corpus(n: int, seed: int = 1) -> Iterator[CorpusFrame]:
    """Frames 0..n-1; every 60 frames cover each payload × degradation × resolution once."""
    for i in range(n):
        yield make_frame(seed, i)
