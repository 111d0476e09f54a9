"""How sharp a camera frame is: the variance of its Laplacian (the usual focus measure; the
camera scanner uses the same idea), computed on a small gray preview in plain Python so the
core stays free of OpenCV. Higher is sharper; the number depends on the scene, so the screen
shows it live while the technician turns the focus ring, with a rough "rõ"/"mờ" mark."""

from __future__ import annotations

SHARP_AT = 100.0  # a printed page in focus gives several hundred; a blurred one tens
MAX_SIDE = 160  # frames are sampled down to this: enough for focus, cheap in Python


def laplacian_variance(gray: bytes, width: int, height: int) -> float:
    if width < 3 or height < 3 or len(gray) != width * height:
        raise ValueError(f"need a gray frame of at least 3x3, got {len(gray)} for {width}x{height}")
    step = max(1, max(width, height) // MAX_SIDE)
    rows = [gray[y * width : (y + 1) * width : step] for y in range(0, height, step)]
    h, w = len(rows), len(rows[0])
    if h < 3 or w < 3:
        return 0.0
    total = 0.0
    squares = 0.0
    n = 0
    for y in range(1, h - 1):
        above, row, below = rows[y - 1], rows[y], rows[y + 1]
        for x in range(1, w - 1):
            v = above[x] + below[x] + row[x - 1] + row[x + 1] - 4 * row[x]
            total += v
            squares += v * v
            n += 1
    mean = total / n
    return squares / n - mean * mean
