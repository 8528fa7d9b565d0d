"""The draw in the platform: plan, freeze and commit, seed and draw, redo (issue #5 part 3;
R-INSP-1, R-INSP-2, R-INSP-3, R-INSP-4, R-INSP-5, APL 42)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.utils import timezone

from lawcore.sampling import verify
from prudent.core.errors import Conflict, Forbidden, ValidationFailed
from prudent.core.models import AuditEvent
from prudent.draws import selectors, services
from prudent.draws.models import Draw, DrawExclusion, DrawSelection, DrawState
from prudent.entities.models import Entity
from prudent.inspections import services as insp
from prudent.inspections.models import Inspection, InspectionItem, InspectorConflict
from prudent.inspections.tasks import inspection_open
from prudent.organisations.models import Department

pytestmark = pytest.mark.django_db

SCJG = "衡阳县市场监督管理局"
WHITE = "92430421MA4L0C2D58"  # 惠民食品店: class A, white list
KEY = "91430421MA4L0G4H1B"  # 蒸水建材: class D, key-supervision list
CONFLICTED = "91430421MA4L0A1B7B"  # 蒸湘餐饮: officer2 declared a conflict
PERSON = "430421198503120021"  # 李某某, a natural person
SEED = "31415926535897932384626"


def today() -> dt.date:
    return timezone.localdate()


def dept() -> Department:
    return Department.objects.get(name=SCJG)


def item(code: str) -> InspectionItem:
    return InspectionItem.objects.get(code=code, item_list__status="published")


def ent(code: str) -> Entity:
    return Entity.objects.get(code=code)


def plan(demo_user: Any, **kw: Any) -> Draw:
    args: dict[str, Any] = {
        "actor": demo_user("head"),
        "task": "衡县市监抽-测试-001",
        "name": "食品销售者年度抽查",
        "department": dept(),
        "items": [item("SCJG-02")],
        "planned_on": today() + dt.timedelta(days=7),
        "quotas": {"A": "1", "B": "1", "C": "1", "D": "1"},
    }
    args.update(kw)
    return services.draw_plan(**args)


def committed(demo_user: Any, **kw: Any) -> Draw:
    return services.draw_commit(actor=demo_user("head"), draw=plan(demo_user, **kw))


# --- plan -----------------------------------------------------------------------------------------


def test_plan_defaults_to_the_class_quotas_and_full_coverage_of_the_lists_R_INSP_2_R_INSP_5(
    demo_user: Any,
) -> None:
    d = plan(demo_user, quotas=None)
    assert d.quotas == {"A": "0.03", "B": "0.05", "C": "0.1", "D": "0.2", "S": "1", "K": "1"}
    assert d.per_entity == 2
    assert d.state == DrawState.PLANNED
    assert AuditEvent.objects.filter(action="draw_plan", object_id=str(d.pk)).count() == 1


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "abc", "NaN"])
def test_a_quota_outside_0_1_is_refused_and_nothing_stored_R_INSP_2(
    demo_user: Any, bad: str
) -> None:
    before = (Draw.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        plan(demo_user, quotas={"A": bad})
    assert "quota_A" in exc.value.errors
    assert (Draw.objects.count(), AuditEvent.objects.count()) == before


def test_full_coverage_strata_cannot_be_lowered_R_INSP_2_R_INSP_5(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        plan(demo_user, quotas={"S": "0.5", "K": "0.2"})
    assert {"quota_S", "quota_K"} <= set(exc.value.errors)


def test_fewer_than_two_inspectors_per_entity_is_refused_APL_42(demo_user: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        plan(demo_user, per_entity=1)
    assert "第四十二条" in exc.value.errors["per_entity"][0]


def test_plan_checks_task_items_dates_and_filter(demo_user: Any) -> None:
    plan(demo_user)
    with pytest.raises(ValidationFailed) as exc:
        plan(
            demo_user,
            items=[],
            planned_on=today() - dt.timedelta(days=1),
            kinds=["robot"],
            division_prefix="43a",
        )
    assert {"task", "items", "planned_on", "kinds", "division_prefix"} <= set(exc.value.errors)


def test_only_the_head_of_the_lead_department_plans_a_draw(demo_user: Any) -> None:
    with pytest.raises(Forbidden):
        plan(demo_user, actor=demo_user("officer"))
    with pytest.raises(Forbidden):
        plan(demo_user, department=Department.objects.get(name="衡阳县交通运输局"))


# --- freeze and commit ----------------------------------------------------------------------------


def test_commit_stores_the_hashed_texts_and_publishes_the_commitment_R_INSP_1(
    demo_user: Any,
) -> None:
    d = committed(demo_user)
    assert d.state == DrawState.COMMITTED
    assert d.committed_at is not None
    published = json.loads(d.commitment_json)
    assert published["commitment"] == d.commitment
    assert published["population"] == hashlib.sha256(d.population_text.encode()).hexdigest()
    assert published["inspectors"] == hashlib.sha256(d.inspectors_text.encode()).hexdigest()
    assert published["quotas"]["S"] == "1"
    assert published["quotas"]["K"] == "1"
    assert selectors.public_draw(d.pk) == d  # on the portal at once
    strata = dict(line.split(",") for line in d.population_text.splitlines())
    assert strata[KEY] == "K"  # key-supervision list: its own, fully covered stratum
    assert AuditEvent.objects.filter(action="draw_commit", object_id=str(d.pk)).count() == 1


def test_published_population_never_contains_a_citizen_id_number_PIPL(demo_user: Any) -> None:
    d = committed(demo_user)
    person = ent(PERSON)
    assert PERSON not in d.population_text
    assert PERSON not in d.inspectors_text
    assert f"NP{person.pk:08d},B\n" in d.population_text
    assert PERSON not in d.commitment_json


def test_white_listed_entity_inspected_this_year_is_excluded_with_its_reason_R_INSP_4(
    demo_user: Any,
) -> None:
    inspection_open(
        actor=demo_user("head"),
        entity=ent(WHITE),
        department=dept(),
        items=[item("SCJG-06")],  # another type: only the white-list rule excludes it
        inspectors=[demo_user("officer"), demo_user("head")],
        planned_on=today(),
        origin="triggered",
    )
    d = committed(demo_user)
    assert WHITE not in d.population_text
    ex = DrawExclusion.objects.get(draw=d, entity=ent(WHITE))
    assert ex.reason == "white_list"
    assert "一年内至多检查一次" in ex.detail


def test_entity_inspected_this_year_for_the_same_type_is_excluded_R_INSP_3(
    demo_user: Any,
) -> None:
    inspection_open(
        actor=demo_user("head"),
        entity=ent(KEY),
        department=dept(),
        items=[item("SCJG-02"), item("SCJG-05")],
        inspectors=[demo_user("officer"), demo_user("head")],
        planned_on=today(),
        origin="joint",
    )
    d = committed(demo_user)
    ex = DrawExclusion.objects.get(draw=d, entity=ent(KEY))
    assert ex.reason == "same_type"
    assert "SCJG-02" in ex.detail
    assert "联合检查" in ex.detail
    assert KEY not in d.population_text
    # another type this year does not exclude it
    other = committed(demo_user, task="T-other", items=[item("SCJG-04")])
    assert f"{KEY},K\n" in other.population_text


def test_observation_period_excludes_only_when_the_plan_says_so_R_DEC_8(demo_user: Any) -> None:
    e = ent(CONFLICTED)
    e.observation_until = today() + dt.timedelta(days=60)
    e.save()
    d = committed(demo_user)
    assert DrawExclusion.objects.get(draw=d, entity=e).reason == "observation"
    kept = committed(demo_user, task="T-obs", exclude_observation=False)
    assert CONFLICTED in kept.population_text


def test_inspectors_are_certified_on_the_planned_date_with_their_conflicts_APL_43(
    demo_user: Any,
) -> None:
    d = committed(demo_user)
    lines = dict(line.split(",", 1) for line in d.inspectors_text.splitlines())
    assert set(lines) == {"湘衡4304210001", "湘衡4304210002", "湘衡4304210003", "湘衡4304210004"}
    assert lines["湘衡4304210002"] == CONFLICTED  # officer2's declared conflict
    # officer2's certificate expires in 20 days: not eligible for a later date
    later = committed(demo_user, task="T-late", planned_on=today() + dt.timedelta(days=40))
    assert "湘衡4304210002" not in later.inspectors_text


def test_an_empty_population_is_refused_and_nothing_stored(demo_user: Any) -> None:
    d = plan(demo_user, industry="不存在的行业")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.draw_commit(actor=demo_user("head"), draw=d)
    assert "为空" in exc.value.errors["population"][0]
    d.refresh_from_db()
    assert d.state == DrawState.PLANNED
    assert d.commitment == ""
    assert AuditEvent.objects.count() == before


def test_fewer_eligible_inspectors_than_per_entity_is_refused_R_INSP_1(demo_user: Any) -> None:
    d = plan(demo_user, per_entity=5)
    with pytest.raises(ValidationFailed) as exc:
        services.draw_commit(actor=demo_user("head"), draw=d)
    assert "少于每户检查人员数5人" in exc.value.errors["inspectors"][0]
    d.refresh_from_db()
    assert d.state == DrawState.PLANNED
    assert not DrawExclusion.objects.filter(draw=d).exists()


def test_commit_twice_is_refused(demo_user: Any) -> None:
    d = committed(demo_user)
    with pytest.raises(Conflict):
        services.draw_commit(actor=demo_user("head"), draw=d)


# --- seed and draw --------------------------------------------------------------------------------


def test_seed_before_the_commitment_is_published_is_refused(demo_user: Any) -> None:
    d = plan(demo_user)
    with pytest.raises(Conflict) as exc:
        services.draw_seed(actor=demo_user("head"), draw=d, seed=SEED)
    assert "承诺值尚未公布" in exc.value.message
    d.refresh_from_db()
    assert d.seed == ""
    assert d.state == DrawState.PLANNED


@pytest.mark.parametrize("bad", ["1234567890123456789", "3141592653589793238a", " " + SEED, ""])
def test_a_seed_shorter_than_20_digits_is_refused_and_nothing_stored(
    demo_user: Any, bad: str
) -> None:
    d = committed(demo_user)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.draw_seed(actor=demo_user("head"), draw=d, seed=bad)
    assert "20位" in exc.value.errors["seed"][0]
    d.refresh_from_db()
    assert d.state == DrawState.COMMITTED
    assert d.seed == ""
    assert AuditEvent.objects.count() == before


def test_the_draw_publishes_the_protocol_result_and_opens_one_task_per_entity_R_INSP_1(
    demo_user: Any,
) -> None:
    d = committed(demo_user)
    before = Inspection.objects.count()
    d = services.draw_seed(actor=demo_user("head"), draw=d, seed=SEED)
    assert d.state == DrawState.DRAWN
    result = json.loads(d.result_json)
    check = verify(
        result,
        selectors.population_csv(d),
        selectors.inspectors_csv(d),
    )
    assert check.ok, check.message
    assert result["commitment"] == d.commitment
    assert result["seed"] == SEED
    # quotas 100 %: every entity of the population is drawn, each with its task
    assert len(result["selected"]) == d.population_size
    sels = list(DrawSelection.objects.filter(draw=d).order_by("position"))
    assert Inspection.objects.count() == before + len(sels)
    for sel, want in zip(sels, result["selected"], strict=True):
        assert sel.public_id == want["id"]
        assert sel.inspection.origin == "draw"
        numbers = {
            u.certificates.order_by("-valid_to").first().number
            for u in sel.inspection.inspectors.all()
        }
        assert numbers == set(want["inspectors"])
    # officer2 is never sent to the entity it conflicts with (APL 43)
    conflicted = next(s for s in sels if s.entity.code == CONFLICTED)
    assert "officer2" not in {u.username for u in conflicted.inspection.inspectors.all()}
    assert AuditEvent.objects.filter(action="draw_result", object_id=str(d.pk)).count() == 1


def test_a_second_seed_is_refused_the_draw_holds_one_result(demo_user: Any) -> None:
    d = services.draw_seed(actor=demo_user("head"), draw=committed(demo_user), seed=SEED)
    with pytest.raises(Conflict) as exc:
        services.draw_seed(actor=demo_user("head"), draw=d, seed="9" * 25)
    assert "只能抽取一次" in exc.value.message
    d.refresh_from_db()
    assert d.seed == SEED


def test_if_a_task_cannot_be_opened_nothing_is_stored_and_the_entity_is_named_R_INSP_3(
    demo_user: Any,
) -> None:
    d = committed(demo_user, quotas={"A": "0", "B": "0", "C": "0", "D": "0"})  # only K: 蒸水建材
    # after the freeze, another department's same-type inspection of it is opened
    inspection_open(
        actor=demo_user("head"),
        entity=ent(KEY),
        department=dept(),
        items=[item("SCJG-02")],
        inspectors=[demo_user("officer"), demo_user("head")],
        planned_on=today(),
        origin="triggered",
    )
    before = (Inspection.objects.count(), DrawSelection.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        services.draw_seed(actor=demo_user("head"), draw=d, seed=SEED)
    assert "蒸水建材" in exc.value.message
    assert KEY in exc.value.message
    assert (Inspection.objects.count(), DrawSelection.objects.count()) == before
    d.refresh_from_db()
    # no result; the attempt is on record so no other seed can be tried under this commitment
    assert d.state == DrawState.FAILED
    assert d.result_json == ""
    assert d.seed == SEED
    assert AuditEvent.objects.filter(action="draw_failed", object_id=str(d.pk)).count() == 1
    with pytest.raises(Conflict):
        services.draw_seed(actor=demo_user("head"), draw=d, seed="2" * 30)


def test_a_new_conflict_after_the_freeze_makes_the_draw_fail_not_assign_it_APL_43(
    demo_user: Any,
) -> None:
    d = committed(demo_user)
    officer = demo_user("officer")
    others = [e for e in Entity.objects.all() if e.code in d.population_text]
    for e in others:  # officer declares conflicts with every entity after the freeze
        if not InspectorConflict.objects.filter(inspector=officer, entity=e).exists():
            insp.conflict_declare(
                actor=demo_user("head"),
                inspector=officer,
                entity=e,
                reason="近亲属",
                declared_on=today(),
            )
    with pytest.raises(ValidationFailed):
        services.draw_seed(actor=demo_user("head"), draw=d, seed=SEED)
    assert not DrawSelection.objects.filter(draw=d).exists()


# --- redo -----------------------------------------------------------------------------------------


def test_redo_is_a_new_draw_with_a_new_commitment_and_both_stay_audited_R_INSP_1(
    demo_user: Any,
) -> None:
    d = committed(demo_user)
    with pytest.raises(ValidationFailed):
        services.draw_redo(actor=demo_user("head"), draw=d, reason=" ")
    new = services.draw_redo(actor=demo_user("head"), draw=d, reason="事项选择有误")
    d.refresh_from_db()
    assert d.state == DrawState.SUPERSEDED
    assert new.previous == d
    assert new.task == f"{d.task}-R2"
    assert new.redo_reason == "事项选择有误"
    new = services.draw_commit(actor=demo_user("head"), draw=new)
    assert new.commitment != d.commitment
    assert AuditEvent.objects.filter(action="draw_superseded", object_id=str(d.pk)).exists()
    assert AuditEvent.objects.filter(action="draw_commit", object_id=str(d.pk)).exists()
    with pytest.raises(Conflict):
        services.draw_seed(actor=demo_user("head"), draw=d, seed=SEED)
    drawn = services.draw_seed(actor=demo_user("head"), draw=new, seed=SEED)
    with pytest.raises(Conflict):
        services.draw_redo(actor=demo_user("head"), draw=drawn, reason="再来一次")
