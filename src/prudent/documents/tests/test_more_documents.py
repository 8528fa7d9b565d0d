"""警示告诫书, 劝导示范记录 and 涉嫌犯罪案件移送书 from a case (issue #4; R-CASE-2, R-CASE-8): the
three documents the workflow names beyond issue #4 part 6 are generated once their step is taken,
numbered (警示, 移) or not (the record), and refused before."""

from __future__ import annotations

from typing import Any

import pytest

from prudent.cases.models import Case
from prudent.cases.services import case_transition
from prudent.core.errors import Conflict
from prudent.documents import builders as b
from prudent.documents import services
from prudent.documents.model import DocumentInputError
from prudent.documents.numbering import DocumentNumber
from prudent.documents.samples import AUTHORITY, DATE, OFFICERS, SHOP
from prudent.documents.tests.test_case_documents import (  # noqa: F401 - fixture
    _docx,
    _seq,
    _text,
    proposed_case,
)

pytestmark = pytest.mark.django_db


def _flexible(case: Case, officer: Any, measure: str) -> Case:
    case = case_transition(
        actor=officer,
        case=case,
        name="start_flexible",
        lock_version=case.lock_version,
        data={
            "flexible_offered": True,
            "flexible_accepted": True,
            "flexible_initiated_by": "authority",
        },
    )
    return case_transition(
        actor=officer,
        case=case,
        name=f"measure_{measure}",
        lock_version=case.lock_version,
        note="现场讲解并示范货物归类上架",
    )


def test_warning_record_after_the_warning_step_numbered_警示_R_CASE_2_R_CASE_8(
    proposed_case: Case,  # noqa: F811
    demo_user: Any,
) -> None:
    officer = demo_user("officer")
    with pytest.raises(Conflict):
        services.document_generate(actor=officer, case=proposed_case, kind="warning_record")
    case = _flexible(proposed_case, officer, "warning")
    doc = services.document_generate(
        actor=officer, case=case, kind="warning_record", details={"legal_representative": "王芳"}
    )
    assert "市监警示〔" in doc.number
    assert _seq(doc.number) == 1
    text = _text(_docx(doc))
    assert "警示告诫书" in text
    assert case.party.name in text
    assert "予以警示告诫" in text


def test_persuasion_record_is_an_unnumbered_record_with_two_officers_R_CASE_2_R_CASE_8(
    proposed_case: Case,  # noqa: F811
    demo_user: Any,
) -> None:
    officer = demo_user("officer")
    case = _flexible(proposed_case, officer, "persuasion")
    doc = services.document_generate(actor=officer, case=case, kind="persuasion_record")
    assert doc.number == ""
    text = _text(_docx(doc))
    assert "劝导示范记录" in text
    assert "现场讲解并示范货物归类上架" in text
    assert "执法证号" in text


def test_crime_transfer_after_the_approved_transfer_R_CASE_1_R_CASE_8(
    proposed_case: Case,  # noqa: F811
    demo_user: Any,
) -> None:
    head = demo_user("head")
    with pytest.raises(Conflict):
        services.document_generate(actor=head, case=proposed_case, kind="crime_transfer")
    case = case_transition(
        actor=head,
        case=proposed_case,
        name="transfer",
        lock_version=proposed_case.lock_version,
        data={"transfer_approved": True},
        note="涉案食品货值较大，可能涉嫌销售不符合安全标准的食品罪",
    )
    doc = services.document_generate(actor=head, case=case, kind="crime_transfer")
    assert "市监移〔" in doc.number
    text = _text(_docx(doc))
    assert "涉嫌犯罪案件移送书" in text
    assert "可能涉嫌销售不符合安全标准的食品罪" in text
    assert "衡阳县公安局" in text
    assert "移送材料清单" in text


def test_new_builders_refuse_bad_input_naming_the_field_R_CASE_8() -> None:
    with pytest.raises(DocumentInputError) as exc:
        b.build_persuasion_record(
            authority=AUTHORITY,
            date=DATE,
            party=SHOP,
            when=DATE,
            place="店内",
            officers=OFFICERS[:1],
            issues=("占道经营",),
            demonstration=("讲解",),
            response="接受",
            agreed=True,
        )
    assert exc.value.field_name == "officers"
    with pytest.raises(DocumentInputError) as exc:
        b.build_crime_transfer(
            authority=AUTHORITY,
            number=DocumentNumber("衡县市监移", 2026, 1),
            date=DATE,
            party=SHOP,
            receiver="",
            cause="x",
            facts=("x",),
            basis=("x",),
            materials=("x",),
        )
    assert exc.value.field_name == "receiver"
    with pytest.raises(DocumentInputError) as exc:
        b.build_warning_record(
            authority=AUTHORITY,
            number=DocumentNumber("衡县市监警示", 2026, 1),
            date=DATE,
            party=SHOP,
            findings=("x",),
            basis=("x",),
            warnings=(),
        )
    assert exc.value.field_name == "warnings"
