"""ESC/POS thermal printers through python-escpos: the ReceiptPrinter adapter (adapter.py), the
command sequence (encode.py), real-time status (status.py) and the transports (transport.py)."""

from printing.escpos.adapter import EscposReceiptPrinter
from printing.escpos.encode import receipt_bytes

__all__ = ["EscposReceiptPrinter", "receipt_bytes"]
