"""Case documents in the platform (issue #4 part 6; R-CASE-8): generated from the case through
the service, the page and the API; numbered per department, prefix and year; stored with their
SHA-256; served; downloaded within scope."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from prudent.cases.models import Case, CaseEvent
from prudent.cases.services import case_create, case_decide, case_propose, case_transition
from prudent.core.errors import Conflict, ValidationFailed
from prudent.documents import services
from prudent.documents.models import AppendOnly, CaseDocument, DocumentNumberCounter
from prudent.entities.models import Entity
from prudent.organisations.models import Department

DEPT = "衡阳县市场监督管理局"
ITEM = "HY-FSL-124-1-05"
FACTS = {
    "harm": "slight",
    "corrected_in_time": True,
    "minor": False,
    "no_fault_proven": False,
    "catering": False,
    "truthful_source": True,
    "food_safety_incident": False,
    "goods_value_yuan": 5000,
    "repeat_count_2y": 1,
    "reduced_harm": False,
    "coerced": False,
    "confessed": False,
    "meritorious": False,
}
PARTY = "92430421MA4L0J5K0B"  # 个体工商户 of the demo directory


def _docx(doc: CaseDocument) -> Any:
    with doc.docx.open("rb") as fh:
        return Document(io.BytesIO(fh.read()))


def _text(d: Any) -> str:
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _step(case: Case, user: Any, name: str, **data: Any) -> Case:
    return case_transition(
        actor=user, case=case, name=name, lock_version=case.lock_version, data=data
    )


@pytest.fixture
def proposed_case(demo_user: Any) -> Case:
    """A penalty case of 衡阳县市场监督管理局 with the engine's proposal recorded (state proposed)."""
    officer, head = demo_user("officer"), demo_user("head")
    today = timezone.localdate()
    case = case_create(
        actor=officer,
        department=Department.objects.get(name=DEPT),
        source="inspection",
        party=Entity.objects.get(code=PARTY),
        item_code=ITEM,
        title="经营超过保质期的食品",
        lead_received_on=today - dt.timedelta(days=3),
        violation_on=today - dt.timedelta(days=4),
        facts=FACTS,
        officers=[officer, demo_user("officer2")],
    )
    case = _step(case, officer, "start_verification")
    case = _step(case, head, "open_case", opening_approved=True, opened_on=today.isoformat())
    case = _step(case, officer, "start_investigation")
    case = case_propose(actor=officer, case=case, lock_version=case.lock_version)
    return _step(case, officer, "record_proposal")


def _seq(number: str) -> int:
    m = re.fullmatch(r".+〔(\d{4})〕([1-9]\d*)号", number)
    assert m is not None, number
    assert int(m.group(1)) == timezone.localdate().year
    return int(m.group(2))


def test_filing_notice_and_decision_from_the_case_R_CASE_8(
    proposed_case: Case, demo_user: Any
) -> None:
    officer, head = demo_user("officer"), demo_user("head")
    case = proposed_case
    party = case.party
    approval = services.document_generate(actor=officer, case=case, kind="case_filing_approval")
    assert approval.number == case.number  # the 立案审批表 carries the case number
    notice = services.document_generate(actor=officer, case=case, kind="penalty_notice")
    notice2 = services.document_generate(actor=officer, case=case, kind="penalty_notice")
    assert notice.number.startswith("衡县市监罚告〔")
    assert _seq(notice2.number) == _seq(notice.number) + 1  # consecutive, no leading zero

    d = _docx(notice)
    text = _text(d)
    assert notice.number in text
    assert party.name in text
    assert party.code in text
    for reason in case.proposal["reasons"]:
        assert reason in text  # the reasons section comes from the engine
    assert "听证" in text  # hearing right from the proposal's procedure
    assert case.proposal["procedure"]["hearing_right"] is True
    section = d.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28
    assert round(section.bottom_margin.mm) == 35
    assert round(section.right_margin.mm) == 26
    with notice.docx.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == notice.docx_sha256

    # the officers and their certificate numbers are on the 立案审批表
    approval_text = _text(_docx(approval))
    assert "执法证号" in approval_text
    assert party.code in approval_text

    # serving the notice fills the case's notice date; notify then needs no data
    services.document_record_service(
        actor=officer,
        document=notice,
        method="direct",
        served_on=timezone.localdate(),
        recipient="经营者本人",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.snapshot["notice_served_on"] == timezone.localdate().isoformat()
    case = _step(case, officer, "notify")
    case = _step(
        case,
        officer,
        "submit_legal_review",
        legal_review_submitted_on=timezone.localdate().isoformat(),
        hearing_waived=True,
    )
    fine = case.proposal["fine"]["proposed"]
    case = case_decide(
        actor=head,
        case=case,
        lock_version=case.lock_version,
        tier=case.proposal["tier"],
        fine_yuan=fine,
        data={"legal_review_passed": True},
    )
    decision = services.document_generate(actor=officer, case=case, kind="penalty_decision")
    assert decision.number.startswith("衡县市监罚决〔")
    text = _text(_docx(decision))
    assert case.proposal["reasons"][0] in text
    assert party.code in text
    assert "大写" in text
    assert "十五日" in text
    events = CaseEvent.objects.filter(case=case, note__startswith="制作文书").count()
    assert events == 4


def test_second_department_numbers_from_one_R_CASE_8(proposed_case: Case) -> None:
    hy = proposed_case.department
    other = Department.objects.exclude(pk=hy.pk).exclude(short_name=hy.short_name).first()
    assert other is not None
    from prudent.documents.model import DocumentKind

    class Stub:
        department = other
        number = ""

    first = services._allocate(Stub(), DocumentKind.PENALTY_NOTICE, 2031)  # type: ignore[arg-type]
    second = services._allocate(Stub(), DocumentKind.PENALTY_NOTICE, 2031)  # type: ignore[arg-type]
    assert str(first) == f"{other.short_name}罚告〔2031〕1号"
    assert str(second) == f"{other.short_name}罚告〔2031〕2号"
    Stub.department = hy
    assert services._allocate(Stub(), DocumentKind.PENALTY_NOTICE, 2031).seq == 1  # type: ignore[arg-type,union-attr]
    assert services._allocate(Stub(), DocumentKind.PENALTY_DECISION, 2031).seq == 1  # type: ignore[arg-type,union-attr]


def test_page_generates_lists_and_downloads_R_CASE_8(proposed_case: Case, client_as: Any) -> None:
    client = client_as("officer")
    response = client.post(
        f"/documents/cases/{proposed_case.pk}/generate/", {"kind": "penalty_notice"}
    )
    assert response.status_code == 302
    doc = CaseDocument.objects.get(case=proposed_case, kind="penalty_notice")
    page = client.get(f"/cases/{proposed_case.pk}/").content.decode()
    assert doc.number in page
    assert "生成文书" in page
    assert f"/documents/{doc.pk}/download/?format=docx" in page
    response = client.get(f"/documents/{doc.pk}/download/", {"format": "docx"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == doc.docx_sha256
    assert response["X-Content-SHA256"] == doc.docx_sha256
    # API lists it with the kinds available now
    data = client.get(f"/api/v1/cases/{proposed_case.pk}/documents").json()
    assert [d["number"] for d in data["items"]] == [doc.number]
    assert {a["kind"] for a in data["available"]} >= {"case_filing_approval", "penalty_notice"}


def test_kind_not_yet_available_is_refused_R_CASE_8(
    proposed_case: Case, demo_user: Any, client_as: Any
) -> None:
    before = (
        CaseDocument.objects.count(),
        list(DocumentNumberCounter.objects.values_list("last", flat=True)),
    )
    with pytest.raises(Conflict) as exc:
        services.document_generate(
            actor=demo_user("officer"), case=proposed_case, kind="penalty_decision"
        )
    assert "作出行政处罚决定" in exc.value.message
    response = client_as("officer").post(
        f"/api/v1/cases/{proposed_case.pk}/documents",
        {"kind": "no_penalty_decision"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "作出不予行政处罚决定" in response.json()["detail"]
    page = client_as("officer").post(
        f"/documents/cases/{proposed_case.pk}/generate/", {"kind": "service_receipt"}
    )
    assert page.status_code == 409
    assert "送达" in page.content.decode()
    after = (
        CaseDocument.objects.count(),
        list(DocumentNumberCounter.objects.values_list("last", flat=True)),
    )
    assert after == before


def test_generation_is_atomic_R_CASE_8(
    proposed_case: Case, demo_user: Any, monkeypatch: Any
) -> None:
    def boom(**kwargs: Any) -> None:
        raise RuntimeError("audit down")

    from django.core.files.storage import default_storage

    folder = f"documents/{proposed_case.pk}"

    def files() -> list[str]:
        return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []

    stored = files()
    monkeypatch.setattr(services, "audit_append", boom)
    counters = list(DocumentNumberCounter.objects.values_list("pk", "last"))
    events = CaseEvent.objects.filter(case=proposed_case).count()
    version = Case.objects.get(pk=proposed_case.pk).lock_version
    with pytest.raises(RuntimeError):
        services.document_generate(
            actor=demo_user("officer"), case=proposed_case, kind="penalty_notice"
        )
    assert not CaseDocument.objects.filter(case=proposed_case).exists()
    assert list(DocumentNumberCounter.objects.values_list("pk", "last")) == counters
    assert CaseEvent.objects.filter(case=proposed_case).count() == events
    assert Case.objects.get(pk=proposed_case.pk).lock_version == version
    assert files() == stored  # the rendered .docx was removed with the rollback


def test_service_rules_and_append_only_R_CASE_8(proposed_case: Case, demo_user: Any) -> None:
    officer = demo_user("officer")
    doc = services.document_generate(actor=officer, case=proposed_case, kind="penalty_notice")
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as exc:
        services.document_record_service(
            actor=officer, document=doc, method="electronic", served_on=today, recipient="x"
        )
    assert "address_confirmed" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        services.document_record_service(
            actor=officer, document=doc, method="left_at_address", served_on=today, recipient="x"
        )
    assert "witness" in exc.value.errors
    assert CaseDocument.objects.get(pk=doc.pk).served_on is None
    served = services.document_record_service(
        actor=officer, document=doc, method="public_notice", served_on=today
    )
    assert served.public_notice_on == today
    assert served.served_on == today + dt.timedelta(days=30)  # deemed served 30 days after
    with pytest.raises(Conflict):
        services.document_record_service(
            actor=officer, document=served, method="direct", served_on=today, recipient="x"
        )
    served.title = "改过的标题"
    with pytest.raises(AppendOnly):
        served.save()
    with pytest.raises(AppendOnly):
        served.delete()


def test_pdf_rendered_once_and_hashed_R_CASE_8(client_as: Any) -> None:
    doc = CaseDocument.objects.filter(kind="reminder", case__title__startswith="（演示）").first()
    assert doc is not None
    assert not doc.pdf_sha256
    response = client_as("officer").get(f"/documents/{doc.pk}/download/", {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    doc.refresh_from_db()
    assert doc.pdf_sha256 == hashlib.sha256(body).hexdigest()
    name = doc.pdf.name
    again = services.document_pdf(document=doc)
    assert again.pdf.name == name  # stored once, not rendered again


def test_enterprise_downloads_only_documents_served_on_it_R_CASE_8(
    demo_user: Any, client_as: Any
) -> None:
    ent = client_as("enterprise")
    own = Case.objects.get(title__startswith="（演示）", title__contains="货值200元")
    served = CaseDocument.objects.get(case=own, kind="reminder")
    assert served.served_on is not None
    unserved = services.document_generate(actor=demo_user("officer"), case=own, kind="commitment")
    other = CaseDocument.objects.filter(case__title__contains="货值5000元").first()
    assert other is not None
    assert ent.get(f"/documents/{served.pk}/download/", {"format": "docx"}).status_code == 200
    assert ent.get(f"/documents/{unserved.pk}/download/", {"format": "docx"}).status_code == 404
    assert ent.get(f"/documents/{other.pk}/download/", {"format": "docx"}).status_code == 404
    assert ent.get(f"/api/v1/documents/{unserved.pk}/download").status_code == 404
    items = ent.get(f"/api/v1/cases/{own.pk}/documents").json()
    assert [d["id"] for d in items["items"]] == [served.pk]
    assert items["available"] == []
    # the enterprise cannot generate or serve
    assert ent.post(f"/documents/cases/{own.pk}/generate/", {"kind": "reminder"}).status_code == 403
