"""A CCCD-shaped eMRTD card emulator and its test PKI, for unit tests and the vpcd peer."""
