"""ICAO 9303 eMRTD logic (BAC, secure messaging, reads, passive auth), free of PC/SC."""
