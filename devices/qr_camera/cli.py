"""`kiosk qr decode IMAGE... [--json]`: what the camera pipeline reads in image files.

For technicians checking a printed receipt or a photo of a card: prints each code's text, kind
and fields (fields may be personal, so this is a local tool and never logs them). Exit 0 even
when nothing is found ("found": false); exit 2 when an image is missing or unreadable.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from devices.qr_camera.decoders import Decoded
from devices.qr_camera.pipeline import QrPipeline
from kiosk.services.qr_payloads import classify

# no live frame rate to keep up with here: let every retry stage run
_PIPELINE = QrPipeline(budget_s=1.0)


def _load(path: Path) -> np.ndarray | None:
    if not path.is_file():
        return None
    data = np.fromfile(path, dtype=np.uint8)  # cv2.imread mishandles non-ASCII paths
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
    return image


def _describe(decoded: Decoded) -> dict[str, Any]:
    payload = classify(decoded.raw if decoded.text is None else decoded.text)
    return {
        "text": decoded.text if decoded.text is not None else payload.text,
        "utf8": decoded.valid,  # False: the bytes were not UTF-8; text is the classifier's repair
        "kind": str(payload.kind),
        "fields": dict(payload.fields),
        "damaged": payload.damaged,
        "stage": decoded.stage,
    }


def decode_images(paths: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    for name in paths:
        image = _load(Path(name))
        if image is None:
            errors.append(f"{name}: no such file or not a readable image")
            continue
        codes = [_describe(d) for d in _PIPELINE.decode(image)]
        results.append({"image": name, "found": bool(codes), "codes": codes})
    return results, errors


def handle_decode(args: argparse.Namespace) -> int:
    results, errors = decode_images(list(args.images))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            if not result["found"]:
                print(f"{result['image']}: no QR code found")
            for code in result["codes"]:
                flag = " (damaged)" if code["damaged"] else ""
                print(f"{result['image']}: {code['kind']}{flag}: {code['text']}")
                for key, value in code["fields"].items():
                    print(f"    {key}: {value}")
    return 2 if errors else 0


def register_decode(qr_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = qr_sub.add_parser("decode", help="decode QR codes in image files")
    parser.add_argument("images", nargs="+", metavar="IMAGE")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle_decode)
