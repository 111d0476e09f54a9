"""The chip's face photo for the greeting: decoded off the GUI thread, held only while shown.

`face_from_chip` takes the encoded face out of a chip read (pure Python, cheap);
`FaceDecoder.request` decodes it to a QImage no larger than the theme's face box on a short-lived
thread of its own and reports back by `decoded`, a signal the screen connects to a bound method,
so Qt queues the result onto the GUI thread. JPEG goes through Qt's own reader (scaled while
decoding); JPEG 2000 through Pillow's openjpeg, since Qt has no JPEG 2000 plugin here.
A face that does not decode is logged (in English, without the data) and simply not shown.
"""

from __future__ import annotations

import io
import logging
import threading

import msgspec
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QMargins,
    QObject,
    QSize,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk.ports.card_reader import ChipData
from kiosk.services.identity.errors import IdentityError
from kiosk.services.identity.face import FaceImage, extract_face
from ui.theme import Theme
from ui.view_models import IdentifyView, ScreenView

log = logging.getLogger(__name__)

FACE_MM = (35.0, 45.0)  # the passport photo box (w × h): ID-photo proportions
MAX_PIXELS = 16_000_000  # no face needs more; a hostile header must not make us allocate GBs


def face_box_px(px_per_mm: float) -> QSize:
    return QSize(round(FACE_MM[0] * px_per_mm), round(FACE_MM[1] * px_per_mm))


def face_from_chip(chip: ChipData) -> FaceImage | None:
    """The encoded face of a chip read, or None (logged) when DG2 is missing or damaged."""
    dg2 = chip.data_groups.get("DG2")
    if dg2 is None:
        log.info("face: the chip read has no DG2")
        return None
    face = extract_face(dg2)
    if isinstance(face, IdentityError):
        log.warning("face: DG2 not usable: %s", face.detail)
        return None
    return face


class FaceGreetingView(IdentifyView, frozen=True, kw_only=True):
    """The greeting with the chip's face: an IdentifyView, so the screen's contract holds."""

    face: FaceImage | None = None


def with_face(view: IdentifyView, face: FaceImage | None) -> IdentifyView:
    if face is None:
        return view
    return FaceGreetingView(**msgspec.structs.asdict(view), face=face)


def _fitted(width: int, height: int, box: QSize) -> QSize:
    """The largest size with the image's proportions inside `box` (never enlarged)."""
    size = QSize(width, height)
    if width > box.width() or height > box.height():
        size = size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(1, size.width()), max(1, size.height()))


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def decode_face(face: FaceImage, box: QSize) -> QImage | None:
    """Decode to a QImage that fits `box`; None (logged) on failure. Never on the GUI thread."""
    if _on_gui_thread():
        log.error("face: decode refused on the GUI thread")
        return None
    try:
        image = _decode_jpeg(face.data, box) if face.format == "jpeg" else _decode_jp2(face, box)
    except Exception as exc:  # a damaged picture must cost the citizen only the picture
        log.warning("face: %s decode failed: %s", face.format, type(exc).__name__)
        return None
    if image is None or image.isNull():
        log.warning("face: %s (%d bytes) did not decode", face.format, len(face.data))
        return None
    return image


def _decode_jpeg(data: bytes, box: QSize) -> QImage | None:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"jpeg"))
    size = reader.size()
    if not size.isValid():
        return None  # not even a header: the caller logs it
    if size.width() * size.height() > MAX_PIXELS:
        log.warning("face: JPEG size %dx%d refused", size.width(), size.height())
        return None
    reader.setScaledSize(_fitted(size.width(), size.height(), box))  # scaled while decoding
    image = reader.read()
    buffer.close()
    return image


def _decode_jp2(face: FaceImage, box: QSize) -> QImage | None:
    from PIL import Image  # only a JPEG 2000 face pays for importing Pillow

    with Image.open(io.BytesIO(face.data), formats=["JPEG2000"]) as picture:
        width, height = picture.size
        if width * height > MAX_PIXELS:
            log.warning("face: JPEG 2000 size %dx%d refused", width, height)
            return None
        fitted = _fitted(width, height, box)
        rgb = picture.convert("RGB").resize(
            (fitted.width(), fitted.height()), Image.Resampling.LANCZOS
        )
    raw = rgb.tobytes()
    image = QImage(raw, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    return image.copy()  # detach from `raw`, which Python frees


class FaceDecoder(QObject):
    """Decodes one face at a time on a short-lived thread; a newer request or `cancel()` makes
    any result still on its way stale (its generation no longer matches)."""

    decoded = Signal(int, object)  # generation, QImage | None (emitted on the decoding thread)

    def __init__(self) -> None:
        super().__init__()  # no Qt parent: the thread's reference keeps it alive while it runs
        self._lock = threading.Lock()
        self._generation = 0

    @property
    def generation(self) -> int:
        with self._lock:
            return self._generation

    def request(self, face: FaceImage, box: QSize) -> int:
        with self._lock:
            self._generation += 1
            generation = self._generation
        thread = threading.Thread(
            target=self._run, args=(generation, face, QSize(box)), name="face-decode", daemon=True
        )
        thread.start()
        return generation

    def cancel(self) -> None:
        with self._lock:
            self._generation += 1

    def _run(self, generation: int, face: FaceImage, box: QSize) -> None:  # decoding thread
        if generation != self.generation:
            return
        image = decode_face(face, box)
        if generation == self.generation:
            self.decoded.emit(generation, image)


class FacePhoto(QLabel):
    """The greeting's photo: hidden until its face has decoded; `wipe()` forgets it entirely."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentifyPhoto")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.box = face_box_px(4.0)
        self._edge = QMargins()
        self.setFixedSize(self.box)
        self.setVisible(False)
        self._face: FaceImage | None = None
        self.decoder = FaceDecoder()
        self.decoder.decoded.connect(self._on_decoded)

    def apply(self, theme: Theme) -> None:
        # a thin edge, as a printed ID photo has: light photo grounds fade into the paper
        edge = max(1, round(0.4 * theme.px_per_mm))
        self.setStyleSheet(f"QLabel {{ border: {edge}px solid {theme.colours.rule}; }}")
        self._edge = QMargins(edge, edge, edge, edge)
        box = face_box_px(theme.px_per_mm)
        self.setFixedSize(box.grownBy(self._edge))
        if box != self.box:
            self.box = box
            if self._face is not None:  # decode again at the new size
                face, self._face = self._face, None
                self.show_face(face)

    def show_view(self, view: ScreenView) -> None:
        self.show_face(view.face if isinstance(view, FaceGreetingView) else None)

    def show_face(self, face: FaceImage | None) -> None:
        """Decode and show `face` (off the GUI thread); None clears the photo."""
        if face is None:
            self.wipe()
            return
        if face == self._face:
            return  # the same greeting rendered again
        self.wipe()
        self._face = face
        self.decoder.request(face, self.box)

    def wipe(self) -> None:
        """Session over or greeting left: no pixmap, no face bytes, no result on its way."""
        self.decoder.cancel()
        self._face = None
        self.clear()
        self.setVisible(False)

    @property
    def width_px(self) -> int:
        """The widest the photo gets, with its edge: what the greeting keeps free for it."""
        return self.box.width() + self._edge.left() + self._edge.right()

    @property
    def holds_face(self) -> bool:
        return self._face is not None

    def _on_decoded(self, generation: int, image: object) -> None:  # GUI thread (queued)
        if generation != self.decoder.generation or self._face is None:
            return  # a stale decode: wiped, or a newer face asked for
        if not isinstance(image, QImage) or image.isNull():
            self.setVisible(False)  # no photo; the greeting stands on its own
            return
        self.setFixedSize(image.size().grownBy(self._edge))  # the edge hugs the picture
        self.setPixmap(QPixmap.fromImage(image))
        self.setVisible(True)


def with_face_group(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The chip read's groups plus DG2, which the greeting's photo comes from."""
    return groups if "DG2" in groups else (*groups, "DG2")
