"""Words for the diagnostics home: a row's view from its last check, the kiosk's numbers.

Pure functions of the catalogue's `text`, so the controller only keeps state."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.services.diagnostics.report import DeviceCheck, SystemInfo
from kiosk.services.diagnostics.screen_probes import CAMERA, Row
from kiosk.services.diagnostics.verdict import Severity, explain
from ui.diagnostics.views import DiagRowView

Text = Callable[..., str]  # PromptCatalogue.text

EXTRA = {  # the second button of a row
    "document_scanner": "scan_test",
    "receipt_printer": "print_test",
    "speaker": "audio_test",
    CAMERA: "camera_view",
}


def row_view(
    t: Text,
    row: Row,
    check: DeviceCheck | None,
    *,
    busy: bool,
    listen_s: float,
    camera_preview: bool,
) -> DiagRowView:
    where = f"{row.adapter} · {row.connection}" if row.connection else row.adapter
    if busy:
        if row.port == "qr_source":
            status = t("diag.listening", seconds=f"{listen_s:g}")
        else:
            status = t("diag.checking")
        severity, detail = "unknown", ""
    elif check is None:
        status, severity, detail = t("diag.why_untested"), "unknown", ""
    else:
        why, sev = explain(check)
        status = status_text(t, check, why)
        severity = sev.value
        detail = check.last_error or (check.detail if sev is not Severity.OK else "")
    extra = EXTRA.get(row.port, "")
    if row.port == CAMERA and not camera_preview:
        extra = ""
    return DiagRowView(
        port=row.port,
        name=t(f"diag.device_{row.port}"),
        where=where,
        status=status,
        detail=detail,
        severity=severity,
        busy=busy,
        check_label=t("diag.check"),
        extra_action=extra,
        extra_label=t(f"diag.{extra}") if extra else "",
    )


def status_text(t: Text, check: DeviceCheck, why: str) -> str:
    """The reason, or for a device that works, what its test just did."""
    test = check.self_test
    if why == "diag.why_ready":
        if test.get("bac") == "opened":
            return t("diag.bac_opened")
        atr = test.get("card_atr")
        if test.get("card") == "present" or (isinstance(atr, str) and atr != "no card"):
            return t("diag.why_card_present")
        scans = test.get("scans")
        if isinstance(scans, int) and scans > 0:
            return t("diag.why_qr_arrived", count=scans, arrived=test.get("arrived", ""))
        if test.get("test_receipt") == "printed":
            return t("diag.printed")
        if test.get("prompt") == "spoken":
            return t("diag.spoken_tone" if test.get("tone") == "played" else "diag.spoken")
        if "width_mm" in test:
            return scan_caption(t, check)
    return t(why)


def scan_caption(t: Text, check: DeviceCheck) -> str:
    test = check.self_test
    if "width_mm" not in test:
        return ""
    return t("diag.scanned", width=test["width_mm"], height=test["height_mm"], dpi=test["dpi"])


def system_text(t: Text, info: SystemInfo | None) -> str:
    if info is None:
        return t("diag.loading")
    unknown = t("diag.unknown")
    return t(
        "diag.system",
        version=info.version,
        config=info.config_sha256[:12],
        disk=size(info.disk_free_bytes) or unknown,
        memory=size(info.memory_available_bytes) or unknown,
        uptime=duration(t, info.uptime_s) or unknown,
    )


def size(n: int | None) -> str:
    if n is None:
        return ""
    gib = n / 1024**3
    return f"{gib:.1f} GiB" if gib >= 1 else f"{n / 1024**2:.0f} MiB"


def duration(t: Text, seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes = int(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return t("diag.uptime_days", days=days, hours=hours, minutes=minutes)
    return t("diag.uptime_hours", hours=hours, minutes=minutes)
