"""Technician diagnostics (`kiosk diag`): per-device self-tests through the ports, one report.

Pure core: the report model, the orchestration with per-check timeouts, and redaction. The
adapters' extras (a card's ATR through PC/SC) are handed in by `devices/diagnostics`.
"""
