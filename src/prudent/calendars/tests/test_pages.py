"""The calendar pages and API (issue #2 part 10); who may see them is in tests/permissions/matrix.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prudent.calendars.models import HolidaySchedule
from prudent.calendars.tests.conftest import schedule_2027
from prudent.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_list_shows_years_and_provisional_2027(client_as: Any) -> None:
    html = client_as("officer").get(reverse("calendars:list")).content.decode()
    assert "2026" in html
    assert "2004" in html
    assert "内置" in html
    assert "2027" in html
    assert "暂定" in html


def test_deadline_form_marks_provisional_result(client_as: Any) -> None:
    url = reverse("calendars:list")
    html = client_as("officer").get(url, {"start": "2026-12-31", "working_days": "1"}).content
    text = html.decode()
    assert "2027-01-01" in text
    assert 'class="badge warn"' in text.split("第 1 个工作日")[1].split("</p>")[0]


def test_deadline_form_without_badge_for_loaded_year(client_as: Any) -> None:
    url = reverse("calendars:list")
    response = client_as("officer").get(url, {"start": "2024-09-30", "working_days": "1"})
    result = response.content.decode().split("第 1 个工作日")[1].split("</p>")[0]
    assert "2024-10-08" in result
    assert "暂定" not in result


def test_admin_loads_by_paste_R_CASE_7(client_as: Any, recomputed_years: list[int]) -> None:
    response = client_as("admin").post(
        reverse("calendars:load"), {"text": json.dumps(schedule_2027(), ensure_ascii=False)}
    )
    assert response.status_code == 302
    assert HolidaySchedule.objects.filter(year=2027).exists()
    assert recomputed_years == [2027]
    page = client_as("admin").get(reverse("calendars:list")).content.decode()
    assert "已载入" in page
    assert "国办发明电〔2026〕9号（测试）" in page


def test_admin_loads_by_upload(client_as: Any) -> None:
    upload = SimpleUploadedFile(
        "2027.json", json.dumps(schedule_2027(), ensure_ascii=False).encode("utf-8")
    )
    response = client_as("admin").post(reverse("calendars:load"), {"file": upload})
    assert response.status_code == 302
    assert HolidaySchedule.objects.filter(year=2027).exists()


def test_bad_paste_shows_chinese_field_errors_and_writes_nothing(client_as: Any) -> None:
    events = AuditEvent.objects.count()
    doc = schedule_2027(makeup_workdays=["2027-02-15"], source="")
    response = client_as("admin").post(reverse("calendars:load"), {"text": json.dumps(doc)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "调休上班日期：调休上班日应为周六或周日" in html
    assert "依据：请填写依据" in html
    assert not HolidaySchedule.objects.exists()
    assert AuditEvent.objects.count() == events


def test_empty_form_asks_for_file_or_text(client_as: Any) -> None:
    response = client_as("admin").post(reverse("calendars:load"), {})
    assert "请上传文件或粘贴JSON内容" in response.content.decode()


def test_api_deadline(client_as: Any) -> None:
    client = client_as("enterprise")
    body = client.get(
        "/api/v1/calendar/deadline", {"start": "2024-09-30", "working_days": 1}
    ).json()
    assert body == {"date": "2024-10-08", "provisional": False, "years_provisional": []}
    body = client.get(
        "/api/v1/calendar/deadline", {"start": "2026-12-31", "working_days": 1}
    ).json()
    assert body["provisional"] is True
    response = client.get("/api/v1/calendar/deadline", {"start": "2024-09-30", "working_days": -1})
    assert response.status_code == 422
    assert "working_days" in response.json()["errors"]


def test_deadline_snippet_renders_badge_only_when_provisional() -> None:
    from datetime import date

    from django.template.loader import render_to_string

    from lawcore.calendar import Deadline

    sure = render_to_string("calendars/deadline.html", {"deadline": Deadline(date(2026, 1, 5))})
    assert "2026-01-05" in sure
    assert "暂定" not in sure
    maybe = render_to_string(
        "calendars/deadline.html", {"deadline": Deadline(date(2027, 1, 4), True, (2027,))}
    )
    assert "暂定" in maybe
    assert "2027年节假日安排尚未载入" in maybe
