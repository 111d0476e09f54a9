"""Every error code has a prompt the kiosk can show and speak."""

from __future__ import annotations

import pytest

from kiosk.paths import prompts_file
from kiosk.prompts import load_prompts
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode


@pytest.mark.parametrize("code", list(IdentityErrorCode))
def test_every_code_has_a_prompt_in_the_catalogue(code: IdentityErrorCode) -> None:
    catalogue = load_prompts(prompts_file())
    error = IdentityError.of(code, "detail")
    assert error.prompt_id in catalogue
    prompt = catalogue.get(error.prompt_id)
    assert "/" not in prompt.speech and prompt.speech != prompt.text


def test_the_unreadable_prompt_is_the_one_in_the_issue() -> None:
    prompt = load_prompts(prompts_file()).get("identity.unreadable")
    assert prompt.text == "Không đọc được thẻ, ông/bà vui lòng đặt lại thẻ"
    assert "ông bà" in prompt.speech


def test_error_is_frozen() -> None:
    error = IdentityError.of(IdentityErrorCode.WRONG_CARD)
    with pytest.raises(AttributeError):
        error.detail = "x"  # type: ignore[misc]
