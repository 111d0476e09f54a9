"""Keyboard-wedge (USB HID) QR scanner, recognised from key timing in a Qt event filter."""
