"""Query counts of the case pages are capped and do not grow with the data (issue #4 performance;
R-CASE-7). The figures with a million cases are in docs/performance.md (bench/cases.py); nothing
here is timed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prudent.cases import services, views
from prudent.cases.demo import ITEM
from prudent.cases.models import Case, CaseTask
from prudent.entities.models import Entity
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JIANCAI = "91430421MA4L0G4H1B"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"

WORKBENCH_CAP = 6
LIST_CAP = 6
CASE_PAGE_CAP = 30


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def users(demo_user: Any) -> dict[str, Any]:
    return {r: demo_user(r) for r in ("officer", "officer2", "head", "supervisor")}


def _investigating(users: dict[str, Any], title: str = "经营超过保质期的食品") -> Case:
    case = services.case_create(
        actor=users["officer"],
        department=Department.objects.get(name="衡阳县市场监督管理局"),
        source="inspection",
        party=Entity.objects.get(code=JIANCAI),
        item_code=ITEM,
        title=title,
        lead_received_on=ago(30),
        violation_on=ago(31),
        officers=[users["officer"], users["officer2"]],
    )
    for user, name, on, data in (
        (users["officer"], "start_verification", ago(29), {}),
        (users["head"], "open_case", ago(25), {"opening_approved": True, "opened_on": ago(25)}),
        (users["officer"], "start_investigation", ago(24), {}),
    ):
        case = services.case_transition(
            actor=user, case=case, name=name, lock_version=case.lock_version, data=data, on=on
        )
    return case


def _task(case: Case, assignee: Any, due: dt.date, title: str = "复查整改情况") -> CaseTask:
    return CaseTask.objects.create(
        case=case, kind="reinspection", key="bench", title=title, due=due, assignee=assignee
    )


def _count(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_workbench_queries_are_capped_and_do_not_grow_with_cases_and_tasks_R_CASE_5(
    users: Any, client_as: Any
) -> None:
    client = client_as("officer2")
    first = _count(client, "/cases/workbench/")
    made = []
    for n in range(4):
        case = _investigating(users, title=f"工作台用例{n}")
        made.append(case)
        _task(case, users["officer"], ago(3 + n), title=f"逾期复查{n}")  # overdue, lead's task
        _task(case, users["officer"], TODAY + dt.timedelta(days=5 + n), title=f"到期复查{n}")
    after = _count(client, "/cases/workbench/")
    assert first == after <= WORKBENCH_CAP
    html = client.get("/cases/workbench/").content.decode()
    # officer2 assists on these cases: the lead's tasks show on the workbench, each once
    for n in range(4):
        assert html.count(f"逾期复查{n}") == 1
        assert html.count(f"到期复查{n}") == 1
        assert f"工作台用例{n}" in html
        assert f'href="/cases/{made[n].pk}/"' in html


def test_workbench_shows_no_task_of_a_case_the_officer_does_not_handle_R_CASE_5(
    users: Any, client_as: Any, demo_user: Any
) -> None:
    case = _investigating(users, title="他人案件")
    _task(case, users["head"], ago(2), title="他人的复查")
    html = client_as("cg_officer").get("/cases/workbench/").content.decode()
    assert "他人的复查" not in html
    html = client_as("officer").get("/cases/workbench/").content.decode()
    assert html.count("他人的复查") == 1  # officer handles the case though the task is the head's


def test_case_list_queries_are_capped_and_do_not_grow_with_rows(users: Any, client_as: Any) -> None:
    for role in ("officer", "supervisor"):
        client = client_as(role)
        before = {p: _count(client, p) for p in ("/cases/", "/cases/?q=保质期", "/cases/?mine=1")}
        for n in range(3):
            _investigating(users, title=f"保质期列表{role}{n}")
        for path, count in before.items():
            assert _count(client, path) == count <= LIST_CAP, path


def test_case_list_counts_at_most_the_cap_and_says_more_than(
    users: Any, client_as: Any, monkeypatch: Any
) -> None:
    for n in range(4):
        _investigating(users, title=f"计数上限{n}")
    monkeypatch.setattr(views.CappedPaginator, "cap", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    with CaptureQueriesContext(connection) as ctx:
        html = client_as("officer").get("/cases/").content.decode()
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0]
    assert "超过3件" in html
    assert "共" not in html.split("超过3件")[0][-20:]
    # a search below the cap still says how many
    html = client_as("officer").get("/cases/", {"q": "计数上限3"}).content.decode()
    assert "超过" not in html


@pytest.mark.parametrize("role", ["officer", "head", "supervisor"])
def test_case_page_queries_are_capped_and_do_not_grow_with_events_tasks_evidence_documents_R_CASE_7(
    users: Any, client_as: Any, role: str
) -> None:
    from prudent.documents.services import document_generate
    from prudent.evidence.services import evidence_add

    case = _investigating(users)
    client = client_as(role)
    path = f"/cases/{case.pk}/"
    first = _count(client, path)
    for n in range(3):
        evidence_add(
            actor=users["officer"],
            case=case,
            upload=SimpleUploadedFile(f"p{n}.png", PNG + bytes([n]) * 40),
            title=f"现场照片{n}",
        )
        if n == 0:  # the 立案审批表 carries the case number: once per case
            document_generate(
                actor=users["officer"],
                case=case,
                kind="case_filing_approval",
                details={"legal_representative": "王某某"},
            )
        case.refresh_from_db()
        case = services.case_record(
            actor=users["officer"],
            case=case,
            lock_version=case.lock_version,
            changes={"suspended_days": 0},
            summary=f"记录{n}",
        )
        _task(case, users["officer2"], ago(n), title=f"任务{n}")
    assert case.events.count() >= 4 + 7
    after = _count(client, path)
    assert first == after <= CASE_PAGE_CAP
    html = client.get(path).content.decode()
    assert "现场照片2" in html
    assert "任务2" in html
