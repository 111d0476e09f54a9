"""Where the kiosk finds its shipped data and keeps its own."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def config_dir() -> Path:
    """Shipped data (settings sample, prompts, procedures); KIOSK_CONFIG_DIR overrides."""
    return Path(os.environ.get("KIOSK_CONFIG_DIR") or PROJECT_ROOT / "config")


def data_dir() -> Path:
    """Writable state (the SQLite database); the installer sets KIOSK_DATA_DIR=/var/lib/kiosk."""
    env = os.environ.get("KIOSK_DATA_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "ward-kiosk"


def default_settings_file() -> Path:
    return config_dir() / "kiosk.toml"


def prompts_file(language: str = "vi") -> Path:
    """The language's prompt folder: one TOML file per part of the kiosk, ids unique across all."""
    return config_dir() / "prompts" / language


def resolve_database_url(url: str) -> str:
    """Make a relative SQLite path absolute under the data dir; leave other URLs alone."""
    prefix, sep, rest = url.partition(":///")
    if not sep or not prefix.startswith("sqlite") or rest.startswith("/") or rest == ":memory:":
        return url
    return f"{prefix}:///{data_dir() / rest}"
