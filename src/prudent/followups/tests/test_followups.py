"""Follow-ups and the enterprise side (issue #4 parts 3, 5, 10; R-CASE-2…6, R-DEC-4, R-PUB-4)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from prudent.cases import services as case_services
from prudent.cases.demo import FIRST_VIOLATION_FACTS, ITEM
from prudent.cases.models import Case, CaseTask
from prudent.core.errors import Conflict, NotFound, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.entities.models import Entity
from prudent.followups import services
from prudent.followups.models import (
    Commitment,
    EducationRecord,
    FlexibleChoice,
    ReturnVisit,
    Statement,
)
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SHOP = "92430421MA4L0C2D58"  # the demo enterprise user's own entity
JIANCAI = "91430421MA4L0G4H1B"  # another party


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def users(demo_user: Any) -> dict[str, Any]:
    return {r: demo_user(r) for r in ("officer", "officer2", "head", "enterprise")}


def _lead(users: dict[str, Any], party: str = SHOP) -> Case:
    return case_services.case_create(
        actor=users["officer"],
        department=Department.objects.get(name="衡阳县市场监督管理局"),
        source="inspection",
        party=Entity.objects.get(code=party),
        item_code=ITEM,
        title="货架上有超过保质期的饮料",
        facts=FIRST_VIOLATION_FACTS,
        lead_received_on=ago(30),
        violation_on=ago(31),
        officers=[users["officer"], users["officer2"]],
    )


def _step(case: Case, user: Any, name: str, on: dt.date | None = None, **data: Any) -> Case:
    return case_services.case_transition(
        actor=user, case=case, name=name, lock_version=case.lock_version, data=data, on=on or TODAY
    )


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _flexible(users: dict[str, Any], *, opened: bool = False, party: str = SHOP) -> Case:
    """A case on the flexible path: offered, chosen online by the party, started, a reminder."""
    case = _lead(users, party)
    case = _step(case, users["officer"], "start_verification", ago(29))
    if opened:
        case = _step(
            case, users["head"], "open_case", ago(25), opening_approved=True, opened_on=ago(25)
        )
        case = _step(case, users["officer"], "start_investigation", ago(24))
    services.flexible_offer(
        actor=users["officer"], case=case, lock_version=case.lock_version, offered_on=ago(20)
    )
    chooser = users["enterprise"] if party == SHOP else users["officer"]
    services.flexible_choose(
        actor=chooser, case=_fresh(case), chosen=True, lock_version=_fresh(case).lock_version
    )
    case = _step(
        _fresh(case), users["officer"], "start_flexible", ago(20), flexible_initiated_by="authority"
    )
    return _step(case, users["officer"], "measure_reminder", ago(20))


def _sign(users: dict[str, Any], case: Case, deadline: dt.date) -> Commitment:
    return services.commitment_sign_online(
        actor=users["enterprise"],
        case=case,
        text="本单位承诺下架并销毁过期饮料，建立进货查验制度。",
        deadline=deadline.isoformat(),
        signer_name="王惠民",
        confirm=True,
    )


# --------------------------------------------------------------- the 首违不罚 flexible path


def test_first_violation_flexible_path_end_to_end_R_CASE_2_R_CASE_3_R_CASE_4_R_DEC_4(
    users: Any,
) -> None:
    case = _lead(users)
    case = _step(case, users["officer"], "start_verification", ago(29))
    choice = services.flexible_offer(
        actor=users["officer"], case=case, lock_version=case.lock_version, offered_on=ago(20)
    )
    assert choice.chosen is None
    assert _fresh(case).snapshot["flexible_offered"] is True
    # the workflow refuses to start before the party has chosen (常宁第6项)
    with pytest.raises(case_services.TransitionRefused):
        _step(
            _fresh(case),
            users["officer"],
            "start_flexible",
            ago(20),
            flexible_initiated_by="authority",
        )

    services.flexible_choose(actor=users["enterprise"], case=_fresh(case), chosen=True)
    choice.refresh_from_db()
    assert (choice.chosen, choice.chosen_by, choice.chosen_on) == (True, users["enterprise"], TODAY)
    case = _step(
        _fresh(case), users["officer"], "start_flexible", ago(20), flexible_initiated_by="authority"
    )
    case = _step(case, users["officer"], "measure_reminder", ago(20))
    assert case.state == "flexible"

    deadline = TODAY + dt.timedelta(days=10)
    commitment = _sign(users, case, deadline)
    case = _fresh(case)
    assert case.state == "commitment"
    assert (commitment.channel, commitment.signed_by, commitment.signed_on) == (
        "online",
        users["enterprise"],
        TODAY,
    )
    assert case.snapshot["commitment_deadline"] == deadline.isoformat()
    event = case.events.get(transition="sign_commitment")
    assert event.actor == users["enterprise"]
    assert event.document_type == "commitment"
    task = case.tasks.get(kind=CaseTask.Kind.REINSPECTION, done_at__isnull=True)
    assert task.due == deadline
    assert task.assignee == users["officer"]

    case = _step(
        case,
        users["officer"],
        "reinspect",
        deadline,
        reinspection_on=deadline,
        reinspection_result="corrected",
    )
    assert case.state == "reinspection"
    task.refresh_from_db()
    assert task.done_at is not None
    case = case_services.case_decide(
        actor=users["head"],
        case=case,
        lock_version=case.lock_version,
        tier="no_penalty",
        decided_on=deadline,
        on=deadline,
    )
    assert case.state == "decided"
    assert case.snapshot["decision_kind"] == "no_penalty"
    # R-DEC-4: the case cannot close before the education is recorded
    case = _step(
        case,
        users["officer"],
        "serve",
        deadline,
        service_method="direct",
        served_on=deadline,
        service_proof="送达回证",
    )
    services.return_visit_record(
        actor=users["officer"],
        case=case,
        lock_version=case.lock_version,
        visited_on=deadline,
        correction_account="已下架销毁，建立台账",
        opinion="执法人员耐心说明",
        on=deadline,
    )
    with pytest.raises(case_services.TransitionRefused) as refused:
        _step(_fresh(case), users["head"], "close", deadline)
    assert any("教育" in m for m in refused.value.missing)
    record = services.education_record(
        actor=users["officer"],
        case=_fresh(case),
        lock_version=_fresh(case).lock_version,
        on_date=deadline,
        method="in_person",
        content="讲解食品安全法关于保质期的规定",
        on=deadline,
    )
    assert record.officer == users["officer"]
    assert _fresh(case).snapshot["education_recorded"] is True
    case = _step(_fresh(case), users["head"], "close", deadline)
    assert case.state == "closed"
    assert FlexibleChoice.objects.filter(case=case).count() == 1
    assert EducationRecord.objects.filter(case=case).count() == 1
    actions = set(
        AuditEvent.objects.filter(action__startswith="followups_").values_list("action", flat=True)
    )
    assert {
        "followups_flexible_offer",
        "followups_flexible_choose",
        "followups_commitment",
        "followups_education",
        "followups_return_visit",
    } <= actions


def test_not_corrected_goes_to_the_ordinary_procedure_keeping_every_record_R_CASE_3(
    users: Any,
) -> None:
    case = _flexible(users, opened=True)
    deadline = TODAY + dt.timedelta(days=5)
    _sign(users, case, deadline)
    case = _step(
        _fresh(case),
        users["officer"],
        "reinspect",
        deadline,
        reinspection_on=deadline,
        reinspection_result="not_corrected",
    )
    # corrected is the only way to the no-penalty decision
    with pytest.raises(case_services.TransitionRefused):
        case_services.case_decide(
            actor=users["head"],
            case=case,
            lock_version=case.lock_version,
            tier="no_penalty",
            on=deadline,
        )
    case = _step(_fresh(case), users["officer"], "end_flexible", deadline)
    assert case.state == "investigation"
    assert case.snapshot["commitment_deadline"] == deadline.isoformat()
    assert case.snapshot["reinspection_result"] == "not_corrected"
    assert Commitment.objects.filter(case=case).count() == 1
    assert FlexibleChoice.objects.get(case=case).chosen is True
    steps = list(case.events.order_by("seq").values_list("transition", flat=True))
    for name in (
        "start_flexible",
        "measure_reminder",
        "sign_commitment",
        "reinspect",
        "end_flexible",
    ):
        assert name in steps
    # the enterprise still sees its commitment on its case page
    assert Commitment.objects.restrict(users["enterprise"]).filter(case=case).count() == 1


def test_refused_choice_is_recorded_and_flexible_cannot_start_R_CASE_4(users: Any) -> None:
    case = _lead(users)
    case = _step(case, users["officer"], "start_verification", ago(29))
    services.flexible_offer(actor=users["officer"], case=case, lock_version=case.lock_version)
    services.flexible_choose(actor=users["enterprise"], case=_fresh(case), chosen="no")
    assert FlexibleChoice.objects.get(case=case).chosen is False
    with pytest.raises(case_services.TransitionRefused):
        _step(
            _fresh(case),
            users["officer"],
            "start_flexible",
            TODAY,
            flexible_initiated_by="authority",
        )
    # a second answer without a new offer is refused
    with pytest.raises(Conflict):
        services.flexible_choose(actor=users["enterprise"], case=_fresh(case), chosen=True)


def test_commitment_needs_confirmation_and_a_later_deadline_nothing_written_R_CASE_3(
    users: Any,
) -> None:
    case = _flexible(users)
    version = _fresh(case).lock_version
    with pytest.raises(ValidationFailed) as bad:
        services.commitment_sign_online(
            actor=users["enterprise"],
            case=case,
            text="",
            deadline=TODAY.isoformat(),
            signer_name="",
            confirm=False,
        )
    assert set(bad.value.errors) == {"text", "deadline", "signer_name", "confirm"}
    assert _fresh(case).lock_version == version
    assert not Commitment.objects.filter(case=case).exists()


def test_paper_commitment_scan_is_sniffed_hashed_and_stored_R_CASE_3(users: Any) -> None:
    import hashlib

    case = _flexible(users)
    fake = SimpleUploadedFile("承诺书.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as bad:
        services.commitment_record_paper(
            actor=users["officer"],
            case=_fresh(case),
            lock_version=_fresh(case).lock_version,
            text="承诺改正",
            deadline=(TODAY + dt.timedelta(days=7)).isoformat(),
            signed_on=TODAY.isoformat(),
            signer_name="王惠民",
            scan=fake,
        )
    assert "scan" in bad.value.errors
    content = b"%PDF-1.4\n% scanned commitment\n"
    c = services.commitment_record_paper(
        actor=users["officer"],
        case=_fresh(case),
        lock_version=_fresh(case).lock_version,
        text="承诺改正",
        deadline=(TODAY + dt.timedelta(days=7)).isoformat(),
        signed_on=TODAY.isoformat(),
        signer_name="王惠民",
        scan=SimpleUploadedFile("scan.bin", content),
    )
    assert (c.channel, c.scan_type, c.scan_size) == ("paper", "application/pdf", len(content))
    assert c.scan_sha256 == hashlib.sha256(content).hexdigest()
    assert c.scan.read() == content
    assert _fresh(case).state == "commitment"


def test_paper_commitment_failure_leaves_no_file_and_no_record_R_CASE_3(
    users: Any, monkeypatch: Any
) -> None:
    from django.core.files.storage import default_storage

    case = _flexible(users)

    def boom(**kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_append", boom)
    before = (
        set(default_storage.listdir("followups/commitments")[1])
        if default_storage.exists("followups/commitments")
        else set()
    )
    with pytest.raises(RuntimeError):
        services.commitment_record_paper(
            actor=users["officer"],
            case=_fresh(case),
            lock_version=_fresh(case).lock_version,
            text="承诺改正",
            deadline=(TODAY + dt.timedelta(days=7)).isoformat(),
            signed_on=TODAY.isoformat(),
            signer_name="王惠民",
            scan=SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        )
    after = (
        set(default_storage.listdir("followups/commitments")[1])
        if default_storage.exists("followups/commitments")
        else set()
    )
    assert after == before
    assert _fresh(case).state == "flexible"
    assert not Commitment.objects.filter(case=case).exists()


def test_online_signing_is_atomic_R_CASE_3(users: Any, monkeypatch: Any) -> None:
    case = _flexible(users)
    before = (
        _fresh(case).lock_version,
        case.events.count(),
        case.tasks.count(),
        AuditEvent.objects.count(),
    )

    def boom(**kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_append", boom)
    with pytest.raises(RuntimeError):
        _sign(users, case, TODAY + dt.timedelta(days=10))
    case = _fresh(case)
    assert case.state == "flexible"
    assert (
        case.lock_version,
        case.events.count(),
        case.tasks.count(),
        AuditEvent.objects.count(),
    ) == before
    assert not Commitment.objects.filter(case=case).exists()


# ------------------------------------------------------------- statements and hearing requests


def _notified(users: dict[str, Any], notice_on: dt.date) -> Case:
    case = _lead(users)
    case = _step(case, users["officer"], "start_verification", ago(29))
    case = _step(
        case, users["head"], "open_case", ago(25), opening_approved=True, opened_on=ago(25)
    )
    case = _step(case, users["officer"], "start_investigation", ago(24))
    case = case_services.case_propose(
        actor=users["officer"], case=case, lock_version=case.lock_version, on=ago(22)
    )
    case = _step(case, users["officer"], "record_proposal", ago(22))
    # the procedure's flags for a penalty with a hearing right (APL 63)
    flags = {
        "penalty": True,
        "hearing_right": True,
        "legal_review_required": True,
        "collective_discussion_required": False,
    }
    case = case_services.case_record(
        actor=users["officer"],
        case=case,
        lock_version=case.lock_version,
        changes={"proposal": flags},
        summary="测试：拟处罚",
    )
    return _step(case, users["officer"], "notify", notice_on, notice_served_on=notice_on)


def test_hearing_request_after_five_working_days_is_refused_with_the_date_R_CASE_1(
    users: Any,
) -> None:
    from lawcore.workflow import hearing_request_due
    from prudent.calendars.services import current_calendar

    case = _notified(users, ago(20))
    due = hearing_request_due(case.case_snapshot(), current_calendar())
    assert due is not None
    assert due.date < TODAY
    before = (case.lock_version, case.events.count())
    with pytest.raises(Conflict) as refused:
        services.statement_submit(
            actor=users["enterprise"], case=case, kind="hearing_request", text=""
        )
    assert due.date.isoformat() in refused.value.message
    assert "第六十四条" in refused.value.message
    case = _fresh(case)
    assert (case.state, case.lock_version, case.events.count()) == ("notified", *before)
    assert not Statement.objects.filter(case=case).exists()
    # a statement (陈述) is still received before the decision
    st = services.statement_submit(
        actor=users["enterprise"], case=case, kind="statement", text="货值较小，已主动下架。"
    )
    assert st.submitted_by == users["enterprise"]
    assert _fresh(case).events.order_by("-seq").first().data["statement"] == "statement"


def test_hearing_request_within_the_limit_moves_the_case_to_hearing_R_CASE_1(users: Any) -> None:
    case = _notified(users, TODAY)
    services.statement_submit(
        actor=users["enterprise"], case=case, kind="hearing_request", text="对罚款数额有异议"
    )
    case = _fresh(case)
    assert case.state == "hearing"
    assert case.snapshot["hearing_requested_on"] == TODAY.isoformat()
    assert case.events.get(transition="request_hearing").actor == users["enterprise"]
    assert Statement.objects.get(case=case).kind == "hearing_request"


def test_statement_before_the_notice_is_refused(users: Any) -> None:
    case = _lead(users)
    with pytest.raises(Conflict):
        services.statement_submit(actor=users["enterprise"], case=case, kind="defence", text="申辩")
    with pytest.raises(ValidationFailed) as bad:
        services.statement_submit(actor=users["enterprise"], case=case, kind="gossip", text="x")
    assert "kind" in bad.value.errors


# ----------------------------------------------------------------- return visits and scores


def _served(users: dict[str, Any]) -> Case:
    case = _flexible(users)
    deadline = TODAY - dt.timedelta(days=1)
    case = _step(
        case,
        users["officer"],
        "sign_commitment",
        ago(15),
        commitment_channel="paper",
        commitment_signed_on=ago(15),
        commitment_deadline=ago(5),
    )
    case = _step(
        case,
        users["officer"],
        "reinspect",
        ago(5),
        reinspection_on=ago(5),
        reinspection_result="corrected",
    )
    case = case_services.case_decide(
        actor=users["head"],
        case=case,
        lock_version=case.lock_version,
        tier="no_penalty",
        decided_on=ago(4),
        on=ago(4),
    )
    return _step(
        case,
        users["officer"],
        "serve",
        deadline,
        service_method="direct",
        served_on=ago(3),
        service_proof="送达回证",
    )


@pytest.mark.parametrize("score", [0, 6, -1, "五"])
def test_return_visit_score_outside_1_to_5_is_refused_R_CASE_6(users: Any, score: object) -> None:
    case = _served(users)
    version = case.lock_version
    with pytest.raises(ValidationFailed) as bad:
        services.return_visit_record(
            actor=users["officer"],
            case=case,
            lock_version=version,
            visited_on=TODAY,
            correction_account="已改正",
            score=score,
        )
    assert "score" in bad.value.errors
    with pytest.raises(ValidationFailed) as bad:
        services.return_visit_rate(actor=users["enterprise"], case=case, score=score, comment="")
    assert "score" in bad.value.errors
    case = _fresh(case)
    assert case.lock_version == version
    assert case.snapshot["return_visit_on"] is None
    assert not ReturnVisit.objects.filter(case=case).exists()


def test_enterprise_rates_the_return_visit_the_officer_recorded_R_CASE_6(users: Any) -> None:
    case = _served(users)
    visit = services.return_visit_record(
        actor=users["officer"],
        case=case,
        lock_version=case.lock_version,
        visited_on=TODAY,
        correction_account="已建立进货查验记录",
        opinion="",
    )
    assert visit.score is None
    rated = services.return_visit_rate(
        actor=users["enterprise"], case=_fresh(case), score=5, comment="执法文明"
    )
    assert rated.pk == visit.pk
    assert rated.score == 5
    assert rated.rated_by == users["enterprise"]
    assert _fresh(case).snapshot["return_visit_score"] == 5
    with pytest.raises(Conflict):
        services.return_visit_rate(actor=users["enterprise"], case=_fresh(case), score=4)


def test_rating_before_the_decision_is_refused_R_CASE_6(users: Any) -> None:
    case = _flexible(users)
    with pytest.raises(Conflict):
        services.return_visit_rate(actor=users["enterprise"], case=case, score=4)


def test_education_only_for_a_no_penalty_decision_R_DEC_4(users: Any) -> None:
    case = _flexible(users)
    with pytest.raises(Conflict):
        services.education_record(
            actor=users["officer"],
            case=case,
            lock_version=case.lock_version,
            on_date=TODAY,
            method="written",
            content="教育",
        )
    assert not EducationRecord.objects.filter(case=case).exists()


# --------------------------------------------------------------------- the enterprise's view


def test_enterprise_sees_its_case_state_change_R_PUB_4(users: Any, client_as: Any) -> None:
    client = client_as("enterprise")
    case = _lead(users)
    case = _step(case, users["officer"], "start_verification", ago(29))
    home = client.get("/").content.decode()
    assert "我的案件" in home
    page = client.get(f"/enterprise/cases/{case.pk}/").content.decode()
    assert "核查" in page
    assert "正在核查线索" in page
    listing = client.get("/enterprise/cases/").content.decode()
    assert case.number in listing

    services.flexible_offer(
        actor=users["officer"], case=_fresh(case), lock_version=_fresh(case).lock_version
    )
    page = client.get(f"/enterprise/cases/{case.pk}/").content.decode()
    assert 'id="form-choice"' in page
    r = client.post(f"/enterprise/cases/{case.pk}/choice/", {"chosen": "yes"})
    assert r.status_code == 302
    case = _step(
        _fresh(case), users["officer"], "start_flexible", TODAY, flexible_initiated_by="authority"
    )
    page = client.get(f"/enterprise/cases/{case.pk}/").content.decode()
    assert "柔性执法" in page
    assert 'id="form-commitment"' in page

    deadline = TODAY + dt.timedelta(days=14)
    r = client.post(
        f"/enterprise/cases/{case.pk}/commitment/",
        {"text": "承诺改正", "deadline": deadline.isoformat(), "signer_name": "王惠民"},
    )
    assert r.status_code == 422  # not confirmed: nothing signed
    assert "请勾选" in r.content.decode()
    assert _fresh(case).state == "flexible"
    r = client.post(
        f"/enterprise/cases/{case.pk}/commitment/",
        {
            "text": "承诺改正",
            "deadline": deadline.isoformat(),
            "signer_name": "王惠民",
            "confirm": "true",
        },
    )
    assert r.status_code == 302
    page = client.get(f"/enterprise/cases/{case.pk}/").content.decode()
    assert '<span class="badge" id="case-state">承诺</span>' in page
    assert deadline.isoformat() in page
    assert 'id="form-commitment"' not in page
    api = client.get("/api/v1/enterprise/cases").json()
    mine = next(c for c in api if c["id"] == case.pk)
    assert mine["state"] == "commitment"
    assert mine["commitments"][0]["deadline"] == deadline.isoformat()


def test_enterprise_cannot_see_another_entitys_case_R_PUB_4(users: Any, client_as: Any) -> None:
    other = _lead(users, JIANCAI)
    client = client_as("enterprise")
    assert client.get(f"/enterprise/cases/{other.pk}/").status_code == 404
    assert (
        client.post(
            f"/enterprise/cases/{other.pk}/statements/", {"kind": "statement", "text": "x"}
        ).status_code
        == 404
    )
    r = client.post(
        f"/api/v1/enterprise/cases/{other.pk}/commitment",
        data=json.dumps(
            {"text": "x", "deadline": "2099-01-01", "signer_name": "x", "confirm": True}
        ),
        content_type="application/json",
    )
    assert r.status_code == 404
    assert other.pk not in {c["id"] for c in client.get("/api/v1/enterprise/cases").json()}
    assert other.number not in client.get("/enterprise/cases/").content.decode()
    with pytest.raises(NotFound):
        services.statement_submit(actor=users["enterprise"], case=other, kind="statement", text="x")
    with pytest.raises(NotFound):
        services.flexible_choose(actor=users["enterprise"], case=other, chosen=True)


def test_enterprise_api_commitment_and_rating_R_PUB_4_R_CASE_6(users: Any, client_as: Any) -> None:
    client = client_as("enterprise")
    case = _flexible(users)
    body = {
        "text": "承诺改正",
        "deadline": (TODAY + dt.timedelta(days=9)).isoformat(),
        "signer_name": "王惠民",
        "confirm": True,
    }
    r = client.post(
        f"/api/v1/enterprise/cases/{case.pk}/commitment",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert _fresh(case).state == "commitment"
    r = client.post(
        f"/api/v1/enterprise/cases/{case.pk}/return-visit-rating",
        data=json.dumps({"score": 9}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert "score" in r.json()["errors"]


def test_staff_api_return_visit_and_education_R_CASE_6_R_DEC_4(users: Any, client_as: Any) -> None:
    client = client_as("officer")
    case = _served(users)
    r = client.post(
        f"/api/v1/cases/{case.pk}/return-visits",
        data=json.dumps(
            {
                "lock_version": case.lock_version,
                "visited_on": TODAY.isoformat(),
                "correction_account": "已改正",
                "score": 7,
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert "score" in r.json()["errors"]
    r = client.post(
        f"/api/v1/cases/{case.pk}/return-visits",
        data=json.dumps(
            {
                "lock_version": case.lock_version,
                "visited_on": TODAY.isoformat(),
                "correction_account": "已改正",
                "score": 4,
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    case = _fresh(case)
    r = client.post(
        f"/api/v1/cases/{case.pk}/education",
        data=json.dumps(
            {
                "lock_version": case.lock_version - 1,
                "method": "written",
                "content": "书面告知相关规定",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 409  # stale version: nothing written
    assert not EducationRecord.objects.filter(case=case).exists()
    r = client.post(
        f"/api/v1/cases/{case.pk}/education",
        data=json.dumps(
            {"lock_version": case.lock_version, "method": "written", "content": "书面告知相关规定"}
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert _fresh(case).snapshot["education_recorded"] is True


def test_case_page_panel_shows_records_and_forms_to_handlers(users: Any, client_as: Any) -> None:
    case = _served(users)
    services.return_visit_rate(
        actor=users["enterprise"], case=case, score=3, comment="流程可再简化"
    )
    html = client_as("officer").get(f"/cases/{case.pk}/").content.decode()
    assert 'id="panel-followups"' in html
    assert "当事人评分 <strong>3</strong>/5" in html
    assert "尚未登记教育记录" in html
    assert f'action="/followups/cases/{case.pk}/education/"' in html
    supervisor = client_as("supervisor").get(f"/cases/{case.pk}/").content.decode()
    assert 'id="panel-followups"' in supervisor
    assert f"/followups/cases/{case.pk}/education/" not in supervisor
    r = client_as("officer").post(
        f"/followups/cases/{case.pk}/education/",
        {"lock_version": _fresh(case).lock_version, "method": "written", "content": ""},
    )
    assert r.status_code == 422
    assert "请填写教育内容" in r.content.decode()
