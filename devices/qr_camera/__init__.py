"""Camera QR decoding: the decoding pipeline, the capture adapter and `kiosk qr decode`."""
