"""Draw JPEG patches over pages of a PDF that img2pdf made (one image per page, by design).

img2pdf lays out exactly one image per page, filling it; a MIXED page needs its seal or photo
as a second image on top of the G4 text layer. pikepdf (qpdf; img2pdf's own dependency, so no
new package) adds the image objects and a few content-stream operators to those pages and
writes the file again without touching the embedded JPEG and G4 data. It costs a few ms per
paper and only runs for papers that have such a page.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Name

from printing.paper_pdf.layers import Box


@dataclass(frozen=True, slots=True)
class Overlay:
    jpeg: bytes
    box: Box  # where, in the pixels of the page's text layer
    colour: bool


def add_overlays(
    pdf: bytes,
    overlays: Mapping[int, Sequence[Overlay]],
    layer_sizes: Mapping[int, tuple[int, int]],
) -> bytes:
    """`overlays` by page index; `layer_sizes[page]`: the text layer's pixel size there."""
    if not overlays:
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, patches in overlays.items():
            page = doc.pages[index]
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            width_px, height_px = layer_sizes[index]
            sx, sy = (x1 - x0) / width_px, (y1 - y0) / height_px  # pt per layer pixel
            ops = []
            for overlay in patches:
                left, top, right, bottom = overlay.box
                image = pikepdf.Stream(doc, overlay.jpeg)
                image.Type = Name.XObject
                image.Subtype = Name.Image
                image.Width, image.Height = right - left, bottom - top
                image.ColorSpace = Name.DeviceRGB if overlay.colour else Name.DeviceGray
                image.BitsPerComponent = 8
                image.Filter = Name.DCTDecode
                name = page.add_resource(image, Name.XObject, prefix="Patch")
                w, h = (right - left) * sx, (bottom - top) * sy
                x, y = x0 + left * sx, y0 + (height_px - bottom) * sy  # PDF's y goes up
                ops.append(f"q {w:.4f} 0 0 {h:.4f} {x:.4f} {y:.4f} cm {name} Do Q")
            page.contents_add(pikepdf.Stream(doc, "\n".join(ops).encode()), prepend=False)
        out = io.BytesIO()
        # streams as they are: the JPEG and G4 data must not be decoded or re-encoded
        doc.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        return out.getvalue()
