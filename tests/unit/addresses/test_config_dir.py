"""An installed release keeps its data under KIOSK_CONFIG_DIR, not beside the code: the address
book and the procedure catalogue must read it from there (seen in the installer's test root)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.addresses.book import load_address_book
from kiosk.services.procedures.catalogue import default_folder as procedures_folder
from kiosk.settings.loader import ConfigError


def test_the_shipped_data_follow_kiosk_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    assert procedures_folder() == tmp_path / "procedures"
    with pytest.raises(ConfigError) as caught:
        load_address_book()  # nothing there: the error names the folder it looked in
    assert str(tmp_path / "addresses") in str(caught.value.problems[0])
