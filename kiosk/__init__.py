"""The kiosk's core (domain, flows, ports, store, services): no Qt, no device libraries."""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (setuptools dynamic version)
