"""lawcore.identifiers against every vector of CONVENTIONS §1.4, §2.2 and §3.2, plus properties.

The entity directory (R-INSP-1 检查对象名录库) is keyed by these codes, so a wrong accept or a
wrong reject here corrupts it. Test names cite the CONVENTIONS section as CONV_x_y.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawcore.identifiers import (
    DivisionCode,
    IdentifierError,
    check,
    citizen_id_check_char,
    upgrade_citizen_id,
    uscc_check_char,
    uscc_warnings,
    validate_citizen_id,
    validate_division_code,
    validate_uscc,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TODAY = datetime.date(2025, 6, 1)

VALID_USCC = [
    "914403001922038216",  # 华为
    "91440300708461136T",  # 腾讯
    "91110108551385082Q",  # 小米
    "11341700MB1915595L",  # 宣城市市场监督管理局
    "1144150000724047XL",  # 汕尾市审计局
    "121200004013590816",  # Tianjin 事业单位
    "91110000600037341L",
    "91350100M000100Y43",  # GB 32100 worked example, corrected
]

# -- USCC, CONVENTIONS §1 -------------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_USCC)
def test_published_uscc_vectors_validate_CONV_1_4_R_INSP_1(code: str) -> None:
    assert validate_uscc(code) == code
    result = check(code)
    assert (result.kind, result.valid, result.normalised, result.error) == (
        "uscc",
        True,
        code,
        None,
    )


@pytest.mark.parametrize("code", VALID_USCC)
def test_published_uscc_vectors_pass_the_gb11714_check_so_carry_no_warning_CONV_1_3(
    code: str,
) -> None:
    assert uscc_warnings(code) == []


def test_gb32100_worked_example_check_char_is_3_CONV_1_3() -> None:
    assert uscc_check_char("91350100M000100Y4") == "3"


def test_standards_illustration_ending_z_names_position_and_expected_char_CONV_1_4() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc("91350100M000100Y4Z")
    exc = info.value
    assert str(exc) == "第18位校验码错误：应为“3”，实际为“Z”"
    assert (exc.kind, exc.position, exc.expected, exc.reason) == ("uscc", 18, "3", "checksum")


def test_huawei_with_last_char_changed_is_invalid_CONV_1_4() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc("914403001922038217")
    assert info.value.expected == "6"
    assert info.value.position == 18
    assert "应为“6”，实际为“7”" in str(info.value)


def test_banned_letters_are_named_with_their_position_CONV_1_2() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc("9111000060003IOZSV")
    assert str(info.value) == "第14位字符“I”不在统一社会信用代码字符集中"
    assert (info.value.position, info.value.reason, info.value.expected) == (14, "charset", None)


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_each_banned_letter_is_rejected_at_its_position_CONV_1_2(letter: str) -> None:
    code = "91110108551" + letter + "85082Q"
    with pytest.raises(IdentifierError) as info:
        validate_uscc(code)
    assert str(info.value) == f"第12位字符“{letter}”不在统一社会信用代码字符集中"


@pytest.mark.parametrize("value", ["91110108551385082", "91110108551385082QQ", "", "9"])
def test_uscc_of_wrong_length_is_refused_naming_the_length_CONV_1_1(value: str) -> None:
    with pytest.raises(IdentifierError) as info:
        validate_uscc(value)
    assert info.value.reason == "length"
    assert f"实际为{len(value)}位" in str(info.value)
    assert info.value.position is None


def test_uscc_letter_in_division_positions_3_to_8_is_refused_CONV_1_1() -> None:
    code = "91A10108551385082Q"
    with pytest.raises(IdentifierError) as info:
        validate_uscc(code)
    assert (info.value.position, info.value.reason) == (3, "digit")


def test_uscc_is_normalised_to_stripped_upper_case_CONV_1_2() -> None:
    assert validate_uscc("  91440300708461136t ") == "91440300708461136T"


@pytest.mark.parametrize("first", ["A", "N", "Y", "1", "3", "9"])
def test_codes_starting_with_a_n_y_validate_unlike_stdnum_CONV_1_5(first: str) -> None:
    body = first + "1" + "430421" + "MA4L00001"
    code = body + uscc_check_char(body)
    assert validate_uscc(code) == code
    assert check(code).kind == "uscc"


def test_uscc_details_name_authority_and_category_from_table_CONV_1_1() -> None:
    body = "31430421MA4L00001"  # 司法行政 / 律师执业机构, registered in 衡阳县
    code = body + uscc_check_char(body)
    details = check(code).details
    assert details["registration_authority"] == "司法行政"
    assert details["category"] == "律师执业机构"
    assert details["division_code"] == "430421"
    assert check("11341700MB1915595L").details["category"] == "机关"


def test_gb11714_failure_is_only_a_warning_CONV_1_3() -> None:
    # 91350100M000100Y43 ends its organisation code "M000100Y" with 4; make it fail GB 11714
    # while keeping a valid USCC check character.
    body = "91350100M000100Y5"
    code = body + uscc_check_char(body)
    assert validate_uscc(code) == code
    warnings = uscc_warnings(code)
    assert len(warnings) == 1
    assert "GB 11714" in warnings[0]
    result = check(code)
    assert result.valid
    assert result.warnings == tuple(warnings)


def test_unknown_category_for_authority_is_a_warning_CONV_1_1() -> None:
    body = "94440300708461136"  # 工商 has no category 4
    code = body + uscc_check_char(body)
    assert validate_uscc(code) == code
    assert any("机构类别代码“4”" in w for w in uscc_warnings(code))


def test_invalid_code_has_no_warnings_CONV_1_3() -> None:
    assert uscc_warnings("914403001922038217") == []


# -- citizen ID, CONVENTIONS §2 --------------------------------------------------------------

VALID_IDS = ["11010519491231002X", "440524188001010014", "513101198201130014"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_published_citizen_id_vectors_validate_CONV_2_2(number: str) -> None:
    assert validate_citizen_id(number, today=TODAY) == number
    assert citizen_id_check_char(number[:17]) == number[17]
    result = check(number, today=TODAY)
    assert (result.kind, result.valid, result.normalised) == ("citizen_id", True, number)


def test_1880_born_example_with_retired_region_is_not_rejected_CONV_2_3() -> None:
    assert validate_citizen_id("440524188001010014", today=TODAY) == "440524188001010014"
    assert check("440524188001010014").details["birth_date"] == "1880-01-01"


def test_unknown_region_prefix_does_not_crash_or_reject_CONV_2_3() -> None:
    first17 = "34052419800101001"
    number = first17 + citizen_id_check_char(first17)
    assert validate_citizen_id(number) == number


def test_citizen_id_details_give_birth_date_and_sex_CONV_2_1() -> None:
    assert check("11010519491231002X").details == {
        "region_code": "110105",
        "birth_date": "1949-12-31",
        "sex": "女",
        "sequence": "002",
    }
    assert check("513101198201130014").details["sex"] == "男"


def test_lowercase_x_is_accepted_and_normalised_CONV_2_2() -> None:
    assert validate_citizen_id("11010519491231002x") == "11010519491231002X"
    assert check("11010519491231002x").normalised == "11010519491231002X"


def test_wrong_check_digit_names_expected_char_CONV_2_2() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_citizen_id("110105194912310021")
    exc = info.value
    assert (exc.kind, exc.position, exc.expected, exc.reason) == ("citizen_id", 18, "X", "checksum")
    assert "第18位校验码错误：应为“X”，实际为“1”" in str(exc)


def test_15_digit_number_is_upgraded_with_19_and_check_CONV_2_3() -> None:
    assert upgrade_citizen_id("110105491231002") == "11010519491231002X"
    assert validate_citizen_id("110105491231002", today=TODAY) == "11010519491231002X"
    result = check("110105491231002")
    assert result.valid
    assert result.normalised == "11010519491231002X"
    assert result.details["upgraded_from"] == "110105491231002"


def test_15_digit_number_with_impossible_date_is_refused_CONV_2_3() -> None:
    with pytest.raises(IdentifierError) as info:
        validate_citizen_id("110105800230002")
    assert info.value.reason == "date"


def test_feb_30_is_not_a_date_CONV_2_3() -> None:
    first17 = "11010519800230002"
    number = first17 + citizen_id_check_char(first17)  # right checksum, impossible date
    with pytest.raises(IdentifierError) as info:
        validate_citizen_id(number)
    assert info.value.reason == "date"
    assert info.value.position == 7
    assert "19800230" in str(info.value)
    assert check(number).kind == "citizen_id"
    assert check(number).error == str(info.value)


def test_birth_date_after_today_is_refused_CONV_2_3() -> None:
    first17 = "43042120250602001"
    number = first17 + citizen_id_check_char(first17)
    with pytest.raises(IdentifierError) as info:
        validate_citizen_id(number, today=TODAY)
    assert info.value.reason == "future_date"
    assert "2025-06-02" in str(info.value)
    assert validate_citizen_id(number, today=TODAY + datetime.timedelta(days=1)) == number
    assert not check(number, today=TODAY).valid


@pytest.mark.parametrize(
    ("value", "position"), [("1101051949123A002X", 14), ("11010519491231002Y", 18)]
)
def test_non_digit_is_named_with_position_CONV_2_1(value: str, position: int) -> None:
    with pytest.raises(IdentifierError) as info:
        validate_citizen_id(value)
    assert info.value.position == position
    assert f"第{position}位" in str(info.value)


@pytest.mark.parametrize("value", ["11010519491231002", "11010519491231002XX", "1101051949"])
def test_citizen_id_of_wrong_length_is_refused_CONV_2_1(value: str) -> None:
    with pytest.raises(IdentifierError) as info:
        validate_citizen_id(value)
    assert info.value.reason == "length"


# -- division codes, CONVENTIONS §3 -----------------------------------------------------------

DIVISIONS = [
    ("430421", "430400", "430000", "县、自治县、旗、林区"),  # 衡阳县
    ("430482", "430400", "430000", "省辖县级市"),  # 常宁市
    ("652301", "652300", "650000", "市辖区，或地区、自治州辖县级市"),  # 昌吉市
    ("141123", "141100", "140000", "县、自治县、旗、林区"),  # 兴县
    ("410526", "410500", "410000", "县、自治县、旗、林区"),  # 滑县
]


@pytest.mark.parametrize(("code", "parent", "grandparent", "county_kind"), DIVISIONS)
def test_requested_division_codes_validate_with_their_parents_CONV_3_2(
    code: str, parent: str, grandparent: str, county_kind: str
) -> None:
    division = validate_division_code(code)
    assert isinstance(division, DivisionCode)
    assert (division.code, division.level) == (code, "county")
    assert (division.county, division.prefecture, division.province) == (code, parent, grandparent)
    assert division.county_kind == county_kind
    assert check(code).details["prefecture"] == parent


def test_changji_prefecture_23_is_an_autonomous_prefecture_range_CONV_3_2() -> None:
    assert validate_division_code("652301").prefecture_kind == "地区、自治州、盟"
    assert validate_division_code("430421").prefecture_kind == "地级市"


def test_province_and_prefecture_level_codes_CONV_3_1() -> None:
    assert validate_division_code("430000").level == "province"
    assert validate_division_code("430000").province_name == "湖南省"
    pref = validate_division_code("430400")
    assert (pref.level, pref.prefecture, pref.county) == ("prefecture", "430400", "")


@pytest.mark.parametrize(
    ("code", "position", "reason"),
    [
        ("000000", 1, "province"),
        ("43x421", 3, "digit"),
        ("990101", 1, "province"),
        ("430021", 5, "layers"),
        ("438021", 3, "prefecture"),
        ("43042", None, "length"),
        ("4304210", None, "length"),
    ],
)
def test_structurally_bad_division_codes_are_refused_CONV_3_1(
    code: str, position: int | None, reason: str
) -> None:
    with pytest.raises(IdentifierError) as info:
        validate_division_code(code)
    assert (info.value.kind, info.value.position, info.value.reason) == (
        "division_code",
        position,
        reason,
    )
    assert "行政区划代码" in str(info.value)


# -- check(): detection by shape --------------------------------------------------------------


def test_check_reports_unknown_shape_with_kind_none() -> None:
    result = check("12345")
    assert (result.kind, result.valid, result.normalised) == (None, False, None)
    assert result.error is not None
    assert "无法识别" in result.error


def test_check_failure_carries_position_and_expected_CONV_1_3() -> None:
    result = check("91350100M000100Y4Z")
    assert (result.kind, result.valid, result.position, result.expected) == ("uscc", False, 18, "3")
    assert result.error == "第18位校验码错误：应为“3”，实际为“Z”"


def test_all_digit_uscc_is_not_taken_for_a_citizen_id() -> None:
    assert check("121200004013590816").kind == "uscc"
    assert check("914403001922038216").kind == "uscc"


def test_all_digit_uscc_shaped_like_an_id_falls_back_to_uscc() -> None:
    # county digits "19" then "800101…": looks like an ID born 1980-01-01, fails as one
    code = "914304198001010042"
    with pytest.raises(IdentifierError):
        validate_citizen_id(code)
    result = check(code)
    assert (result.kind, result.valid) == ("uscc", True)


def test_id_shaped_value_failing_both_reports_the_citizen_id_error() -> None:
    result = check("110105194912310021")
    assert (result.kind, result.position, result.expected) == ("citizen_id", 18, "X")
    result = check("11010519491231002Z")
    assert (result.kind, result.position) == ("citizen_id", 18)
    assert result.error == "身份证号码第18位字符“Z”应为数字或X"


# -- properties ---------------------------------------------------------------------------------

code_char = st.sampled_from(ALPHABET)
digit = st.sampled_from("0123456789")
uscc_body = st.tuples(
    st.lists(code_char, min_size=2, max_size=2),
    st.lists(digit, min_size=6, max_size=6),
    st.lists(code_char, min_size=9, max_size=9),
).map(lambda t: "".join(t[0] + t[1] + t[2]))


@given(uscc_body)
def test_appending_the_computed_check_char_always_validates_CONV_1_3(body: str) -> None:
    code = body + uscc_check_char(body)
    assert validate_uscc(code) == code


@given(uscc_body, st.integers(0, 17), st.integers(1, 30))
def test_any_single_character_change_invalidates_a_uscc_CONV_1_3(
    body: str, index: int, shift: int
) -> None:
    code = body + uscc_check_char(body)
    changed = ALPHABET[(ALPHABET.index(code[index]) + shift) % 31]
    mutated = code[:index] + changed + code[index + 1 :]
    with pytest.raises(IdentifierError):
        validate_uscc(mutated)


id_body = st.tuples(
    st.lists(digit, min_size=6, max_size=6),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2024, 12, 31)),
    st.lists(digit, min_size=3, max_size=3),
).map(lambda t: "".join(t[0]) + t[1].strftime("%Y%m%d") + "".join(t[2]))


@given(id_body)
def test_appending_the_computed_check_digit_always_validates_CONV_2_2(body: str) -> None:
    number = body + citizen_id_check_char(body)
    assert validate_citizen_id(number, today=TODAY) == number
    assert check(number, today=TODAY).valid


@given(id_body, st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_invalidates_a_citizen_id_CONV_2_2(
    body: str, index: int, shift: int
) -> None:
    number = body + citizen_id_check_char(body)
    chars = "0123456789X" if index == 17 else "0123456789"
    changed = chars[(chars.index(number[index]) + shift) % len(chars)]
    if changed == number[index]:
        return
    mutated = number[:index] + changed + number[index + 1 :]
    with pytest.raises(IdentifierError):
        validate_citizen_id(mutated)


@given(
    st.lists(digit, min_size=6, max_size=6),
    st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31)),
    st.lists(digit, min_size=3, max_size=3),
)
def test_upgraded_15_digit_numbers_always_validate_CONV_2_3(
    region: list[str], born: datetime.date, seq: list[str]
) -> None:
    old = "".join(region) + born.strftime("%y%m%d") + "".join(seq)
    new = upgrade_citizen_id(old)
    assert new[:6] + new[8:17] == old
    assert validate_citizen_id(old) == new == validate_citizen_id(new)
