"""Frozen view models of the diagnostics screens, already worded from the catalogue."""

from __future__ import annotations

import msgspec


class DiagRowView(msgspec.Struct, frozen=True, kw_only=True):
    port: str  # "card_reader", … or "camera"
    name: str  # "Đầu đọc thẻ CCCD"
    where: str  # adapter · connection (English, from the settings: shown as data)
    status: str  # Vietnamese: what the check found
    detail: str  # English, redacted: the last error / detail ("" for none)
    severity: str  # "ok" | "note" | "broken" | "unknown" (words carry it; colour only helps)
    busy: bool
    check_label: str
    extra_action: str  # "" or "scan_test" | "print_test" | "audio_test" | "camera_view"
    extra_label: str


class DiagHomeView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    system: str
    rows: tuple[DiagRowView, ...]
    message: str  # summary / export result / no ports
    alert: bool
    picture_caption: str  # under the scan thumbnail or camera frame ("" hides the picture)
    touch_label: str
    cleaning_label: str
    export_label: str
    close_label: str
    busy_export: bool


class TouchGridView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    progress: str
    rows: int
    cols: int
    touched: frozenset[int]
    finished: bool  # "Xong" pressed: untouched cells are shown as dead zones
    done_label: str


class CleaningView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    countdown: str
    hint: str
