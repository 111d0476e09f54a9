"""Reference gateway: the server side of the kiosk's portal API (docs/api/gateway-openapi.yaml).

For integration tests, demos and a ward back-office PC: `kiosk gateway serve`. It imports only
pure kiosk code (the ward register in `kiosk.services.portal_local`), never ui/devices/printing.
"""
