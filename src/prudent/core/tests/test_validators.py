"""Django validators wrap lawcore.identifiers and carry its Chinese messages (CONVENTIONS §1–§3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lawcore.identifiers import citizen_id_check_char
from prudent.core.validators import (
    citizen_id_validator,
    division_code_validator,
    entity_code_validator,
    uscc_validator,
)


def test_uscc_validator_accepts_valid_and_names_expected_char_CONV_1_3() -> None:
    uscc_validator("91440300708461136T")
    with pytest.raises(ValidationError) as info:
        uscc_validator("91350100M000100Y4Z")
    assert info.value.messages == ["第18位校验码错误：应为“3”，实际为“Z”"]
    assert info.value.code == "checksum"


def test_citizen_id_validator_refuses_future_birth_and_bad_date_CONV_2_3() -> None:
    citizen_id_validator("11010519491231002x")
    future = "11010529990101001" + citizen_id_check_char("11010529990101001")
    with pytest.raises(ValidationError) as info:
        citizen_id_validator(future)
    assert info.value.code == "future_date"
    assert "晚于今天" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        citizen_id_validator("11010519800230002X")
    assert info.value.code == "date"


def test_division_code_validator_CONV_3_1() -> None:
    division_code_validator("430421")
    with pytest.raises(ValidationError) as info:
        division_code_validator("000000")
    assert "省级代码" in info.value.messages[0]


def test_entity_code_validator_takes_uscc_or_citizen_id_only_R_INSP_1() -> None:
    entity_code_validator("914403001922038216")
    entity_code_validator("11010519491231002X")
    with pytest.raises(ValidationError) as info:
        entity_code_validator("430421")
    assert info.value.code == "entity_code_kind"
    with pytest.raises(ValidationError) as info:
        entity_code_validator("914403001922038217")
    assert "应为“6”" in info.value.messages[0]
