"""Chip ID card reader over PC/SC (pcscd + pyscard) speaking ICAO 9303.

Import `devices.pcsc_card.adapter.PcscCardReader`; this package file imports nothing, so the
pure ICAO code in `icao/` stays importable where pyscard is not installed.
"""
