"""The draw inputs exported in prudent-draw/1's canonical CSV (issue #5 part 1; R-INSP-1/2, R-CRED-2)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lawcore.sampling import (
    canonical_population_text,
    commit,
    draw,
    parse_inspectors,
    parse_population,
)
from prudent.cli import main
from prudent.entities.models import Entity
from prudent.inspections import selectors, services

pytestmark = pytest.mark.django_db


def test_population_strata_are_classes_and_S_overrides_R_INSP_2_R_CRED_2(demo_user: Any) -> None:
    today = timezone.localdate()
    builder = Entity.objects.get(code="91430421MA4L0G4H1B")  # class D in the demo
    services.membership_add(
        actor=demo_user("head"),
        entity=builder,
        list_name="serious_dishonesty",
        valid_from=today - dt.timedelta(days=1),
        reason="列入严重违法失信名单",
    )
    rows = dict(selectors.population_rows(on=today))
    assert rows["92430421MA4L0C2D58"] == "A"
    assert rows["93430421MA4L0E3F35"] == "C"
    assert rows["91430421MA4L0G4H1B"] == "S"  # the list overrides class D
    assert rows["92430421MA4L0J5K0B"] == "B"  # no class set: ordinary
    # the day before the listing it is still D
    assert (
        dict(selectors.population_rows(on=today - dt.timedelta(days=2)))["91430421MA4L0G4H1B"]
        == "D"
    )


def test_exports_are_canonical_and_accepted_by_the_draw_R_INSP_1() -> None:
    today = timezone.localdate()
    pop_text = selectors.population_csv(on=today)
    ins_text = selectors.inspectors_csv(on=today)
    population = parse_population(pop_text)
    inspectors = parse_inspectors(ins_text)
    # the file without its header is exactly the canonical text, so its hash is the digest
    body = pop_text.removeprefix("id,stratum\n")
    assert canonical_population_text(population) == body
    assert hashlib.sha256(body.encode()).hexdigest() == population.digest
    ins_body = ins_text.removeprefix("id,conflicts\n")
    assert hashlib.sha256(ins_body.encode()).hexdigest() == inspectors.digest
    assert len(population) == Entity.objects.count()
    # officer2 (湘衡4304210002) declared a conflict with 蒸湘餐饮 in the demo
    assert inspectors.conflicts["湘衡4304210002"] == frozenset({"91430421MA4L0A1B7B"})
    quotas = dict.fromkeys(population.sizes, "1")
    c = commit("T-1", population, inspectors, quotas, 2)
    result = draw(c, population, inspectors, "12345678901234567890")
    for sel in result.selected:
        for inspector in sel.inspectors:
            assert sel.id not in inspectors.conflicts[inspector]


def test_expired_or_revoked_certificates_leave_the_directory_R_INSP_1(demo_user: Any) -> None:
    today = timezone.localdate()
    ids = [i for i, _ in selectors.inspector_rows(on=today)]
    assert "湘衡4304210002" in ids
    # officer2's certificate ends in 20 days in the demo
    later = [i for i, _ in selectors.inspector_rows(on=today + dt.timedelta(days=21))]
    assert "湘衡4304210002" not in later
    rows = selectors.inspector_directory(user=demo_user("officer"), on=today)
    assert "湘衡4304210002" in [r.certificate.number for r in rows]
    assert selectors.inspector_directory(user=demo_user("enterprise"), on=today) == []


def test_cli_export_feeds_draw_commit_R_INSP_1(tmp_path: Path, capsys: Any) -> None:
    pop, ins = tmp_path / "p.csv", tmp_path / "i.csv"
    assert main(["inspections", "export-population", "--out", str(pop)]) == 0
    assert (
        main(
            [
                "inspections",
                "export-inspectors",
                "--department",
                "衡阳县市场监督管理局",
                "--out",
                str(ins),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(
        [
            "draw",
            "commit",
            "--task",
            "T-2",
            "--population",
            str(pop),
            "--inspectors",
            str(ins),
            "--quota",
            "A=0.5",
            "--quota",
            "B=0.5",
            "--quota",
            "C=0.5",
            "--quota",
            "D=1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert '"protocol"' in out
    assert hashlib.sha256(pop.read_bytes()[len(b"id,stratum\n") :]).hexdigest() in out
    assert main(["inspections", "export-population", "--department", "没有这个部门"]) == 2
