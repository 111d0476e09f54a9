"""The `http` portal adapter: the kiosk's side of docs/api/gateway-openapi.yaml."""

from devices.portal_http.adapter import HttpPortal

__all__ = ["HttpPortal"]
