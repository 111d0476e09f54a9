"""Serial (COM / USB-CDC) QR scanner adapter."""
