"""Writing the party-facing records of a case (issue #4 parts 3, 5, 10; R-CASE-2…6, R-DEC-4,
R-PUB-4).

Each service is keyword-only, validates its whole input before writing, and runs in ONE
transaction that locks the case row, moves or annotates the case through
`prudent.cases.services.case_transition` / `case_record` (which write the case event and their own
audit event), writes this app's row and appends its own audit event — so a failure half-way leaves
nothing. Staff services take the `lock_version` the officer saw (a stale one is a 409 conflict);
the party's services (flexible choice, online commitment, statements, hearing request, rating) act
on the case as it is when they run: each adds the party's own record, and the workflow's guards
refuse a step the case is no longer ready for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from lawcore.workflow import (
    TRANSITIONS_BY_NAME,
    CommitmentChannel,
    DecisionKind,
    State,
    hearing_request_due,
)
from prudent.calendars.services import current_calendar
from prudent.cases.models import Case
from prudent.cases.services import HANDLER_ROLES, case_record, case_transition
from prudent.core.audit import audit_append
from prudent.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from prudent.core.permissions import Action, user_role
from prudent.core.roles import Role
from prudent.followups.models import (
    Commitment,
    EducationRecord,
    FlexibleChoice,
    ReturnVisit,
    Statement,
)

TEXT_MAX = 5000
NAME_MAX = 100
#: Paper commitment scans: size limit (settings.FOLLOWUPS_SCAN_MAX_BYTES) and accepted types,
#: recognised from the content, not the file name.
SCAN_MAX_BYTES = 20 * 1024 * 1024
SCAN_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
#: States in which the party may make a statement or defence: after the notice, before the decision.
STATEMENT_STATES = frozenset(
    {State.NOTIFIED, State.HEARING, State.LEGAL_REVIEW, State.COLLECTIVE_DISCUSSION}
)
#: States in which a decision has been served and a return visit can be rated.
RATING_STATES = frozenset({State.SERVED, State.EXECUTING, State.CLOSED})
MSG_NOT_YOURS = "案件不存在或不是本单位的案件。"


# ------------------------------------------------------------------------------------ helpers


def _staff(actor: Any, case: Case) -> None:
    """An officer, legal reviewer or head of the case's department (change scope)."""
    if user_role(actor) not in HANDLER_ROLES:
        raise Forbidden("当前角色不能办理案件。")
    if not Case.objects.restrict(actor, Action.CHANGE).filter(pk=case.pk).exists():
        if Case.objects.restrict(actor, Action.VIEW).filter(pk=case.pk).exists():
            raise Forbidden("您只能查看该案件，不能办理。")
        raise NotFound("案件不存在或不在您的办理范围内。")


def _party(actor: Any, case: Case) -> None:
    """The enterprise user whose entity is the case's party (else 404, revealing nothing)."""
    if user_role(actor) is not Role.ENTERPRISE:
        raise Forbidden("只有当事人（企业用户）可以办理此事项。")
    entity_id = getattr(actor, "entity_id", None)
    if entity_id is None or entity_id != case.party_id:
        raise NotFound(MSG_NOT_YOURS)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _text(
    value: object,
    field: str,
    label: str,
    errors: dict[str, list[str]],
    *,
    required: bool = True,
    limit: int = TEXT_MAX,
) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors[field] = [f"请填写{label}"]
    elif len(text) > limit:
        errors[field] = [f"{label}过长（不超过{limit}字）"]
    return text


def _date(
    value: object,
    field: str,
    label: str,
    errors: dict[str, list[str]],
    *,
    default: dt.date | None = None,
) -> dt.date | None:
    if value in (None, ""):
        if default is None:
            errors[field] = [f"请填写{label}"]
        return default
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[field] = [f"{label}不是有效日期（应为YYYY-MM-DD）"]
        return None


def _score(value: object, errors: dict[str, list[str]], *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            errors["score"] = ["请选择评分（1至5分）"]
        return None
    try:
        score = int(str(value).strip())
    except ValueError:
        errors["score"] = ["评分应为1至5的整数"]
        return None
    if not 1 <= score <= 5:
        errors["score"] = [f"评分应为1至5分（收到{score}）"]
        return None
    return score


def _raise(errors: dict[str, list[str]], message: str = "录入内容有误，未保存。") -> None:
    if errors:
        raise ValidationFailed(message, errors=errors)


def _refuse(message: str, field: str = "transition") -> Conflict:
    return Conflict(message, errors={field: [message]})


def scan_limit() -> int:
    return int(getattr(settings, "FOLLOWUPS_SCAN_MAX_BYTES", SCAN_MAX_BYTES))


def sniff_scan(head: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) recognised from the first bytes, or None."""
    for magic, mime, ext in SCAN_TYPES:
        if head.startswith(magic):
            return mime, ext
    return None


# ------------------------------------------------------------- flexible choice (R-CASE-4)


def flexible_offer(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    offered_on: object = None,
    note: str = "",
    on: dt.date | None = None,
) -> FlexibleChoice:
    """Tell the party that it may choose flexible enforcement (常宁第6项); its answer is pending."""
    on = on or timezone.localdate()
    _staff(actor, case)
    errors: dict[str, list[str]] = {}
    offered = _date(offered_on, "offered_on", "告知日期", errors, default=on)
    note = _text(note, "note", "告知内容", errors, required=False)
    if offered is not None and offered > on:
        errors["offered_on"] = ["告知日期不能晚于今天"]
    _raise(errors)
    assert offered is not None
    with transaction.atomic():
        row = _locked(case)
        if row.state_enum not in TRANSITIONS_BY_NAME["start_flexible"].source_states:
            raise _refuse(f"案件处于“{row.state_label}”状态，不能再告知选择柔性执法")
        if FlexibleChoice.objects.filter(case=row, chosen__isnull=True).exists():
            raise _refuse("已告知当事人，正在等待当事人选择")
        row = case_record(
            actor=actor,
            case=row,
            lock_version=lock_version,
            changes={"flexible_offered": True, "flexible_accepted": False},
            summary="告知当事人可以自主选择是否接受柔性执法",
            on=on,
            data={"offered_on": offered.isoformat()},
        )
        choice = FlexibleChoice.objects.create(
            case=row, offered_on=offered, offered_by=actor, note=note
        )
        audit_append(
            actor=actor,
            action="followups_flexible_offer",
            object_type="followups.flexiblechoice",
            object_id=choice.pk,
            after={"case": row.number, "offered_on": offered.isoformat(), "note": note},
            summary=f"{row.number} 告知当事人可以选择柔性执法",
        )
    return choice


def flexible_choose(
    *,
    actor: Any,
    case: Case,
    chosen: object,
    lock_version: object = None,
    on: dt.date | None = None,
) -> FlexibleChoice:
    """Record the party's choice: by the enterprise user online, or by an officer (in person)."""
    on = on or timezone.localdate()
    party = user_role(actor) is Role.ENTERPRISE
    if party:
        _party(actor, case)
    else:
        _staff(actor, case)
    if isinstance(chosen, str):
        chosen = {
            "yes": True,
            "true": True,
            "1": True,
            "no": False,
            "false": False,
            "0": False,
        }.get(chosen.strip().lower())
    if not isinstance(chosen, bool):
        raise ValidationFailed.field("chosen", "请选择是否接受柔性执法")
    with transaction.atomic():
        row = _locked(case)
        choice = (
            FlexibleChoice.objects.select_for_update()
            .filter(case=row, chosen__isnull=True)
            .order_by("-pk")
            .first()
        )
        if choice is None:
            raise _refuse("执法部门尚未告知可以选择柔性执法，或选择已经记录", "chosen")
        row = case_record(
            actor=actor,
            case=row,
            lock_version=row.lock_version if party else lock_version,
            changes={"flexible_accepted": chosen},
            summary="当事人选择接受柔性执法" if chosen else "当事人不接受柔性执法",
            on=on,
            data={"chosen": chosen},
        )
        choice.chosen, choice.chosen_on, choice.chosen_by = chosen, on, actor
        choice.save(update_fields=["chosen", "chosen_on", "chosen_by"])
        audit_append(
            actor=actor,
            action="followups_flexible_choose",
            object_type="followups.flexiblechoice",
            object_id=choice.pk,
            after={"case": row.number, "chosen": chosen, "on": on.isoformat()},
            summary=f"{row.number} {choice.chosen_label}",
        )
    return choice


# --------------------------------------------------------------------- commitment (R-CASE-3)


def _commitment_input(
    text: object,
    deadline: object,
    signer_name: object,
    signed_on: dt.date,
    errors: dict[str, list[str]],
) -> tuple[str, dt.date | None, str]:
    body = _text(text, "text", "承诺内容", errors)
    until = _date(deadline, "deadline", "承诺改正期限", errors)
    name = _text(signer_name, "signer_name", "签署人姓名", errors, limit=NAME_MAX)
    if until is not None and until <= signed_on:
        errors["deadline"] = [f"承诺改正期限应晚于签署日期（{signed_on.isoformat()}）"]
    return body, until, name


def _commitment_step(
    actor: Any,
    row: Case,
    lock_version: object,
    channel: CommitmentChannel,
    signed_on: dt.date,
    until: dt.date,
    on: dt.date,
) -> Case:
    if row.state_enum is not State.FLEXIBLE:
        raise _refuse(f"案件处于“{row.state_label}”状态，不能签署承诺书（须先接受柔性执法）")
    return case_transition(
        actor=actor,
        case=row,
        name="sign_commitment",
        lock_version=lock_version,
        data={
            "commitment_channel": channel.value,
            "commitment_signed_on": signed_on.isoformat(),
            "commitment_deadline": until.isoformat(),
        },
        on=on,
    )


def _commitment_audit(actor: Any, row: Case, c: Commitment) -> None:
    audit_append(
        actor=actor,
        action="followups_commitment",
        object_type="followups.commitment",
        object_id=c.pk,
        after={
            "case": row.number,
            "channel": c.channel,
            "signed_on": c.signed_on.isoformat(),
            "deadline": c.deadline.isoformat(),
            "signer_name": c.signer_name,
            "scan_sha256": c.scan_sha256,
        },
        summary=f"{row.number} 承诺书（{c.channel_label}），承诺于{c.deadline.isoformat()}前改正",
    )


def commitment_sign_online(
    *,
    actor: Any,
    case: Case,
    text: object,
    deadline: object,
    signer_name: object,
    confirm: object,
    on: dt.date | None = None,
) -> Commitment:
    """The enterprise user signs the commitment in the portal (R-CASE-3, R-PUB-4); the deadline
    becomes the case's commitment deadline and the workflow's re-inspection task falls due on it."""
    on = on or timezone.localdate()
    _party(actor, case)
    errors: dict[str, list[str]] = {}
    body, until, name = _commitment_input(text, deadline, signer_name, on, errors)
    if confirm not in (True, "true", "on", "1", "yes"):
        errors["confirm"] = ["请勾选“本单位已阅读并自愿作出上述承诺”"]
    _raise(errors, "承诺书内容有误，未签署。")
    assert until is not None
    with transaction.atomic():
        row = _locked(case)
        row = _commitment_step(
            actor, row, row.lock_version, CommitmentChannel.ONLINE, on, until, on
        )
        c = Commitment.objects.create(
            case=row,
            text=body,
            deadline=until,
            channel=CommitmentChannel.ONLINE.value,
            signed_on=on,
            signer_name=name,
            signed_by=actor,
        )
        _commitment_audit(actor, row, c)
    return c


def commitment_record_paper(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    text: object,
    deadline: object,
    signed_on: object,
    signer_name: object,
    scan: Any,
    on: dt.date | None = None,
) -> Commitment:
    """An officer uploads the commitment the party signed on paper (scan: PDF, JPEG or PNG,
    recognised from its content, within the size limit; stored with its SHA-256)."""
    on = on or timezone.localdate()
    _staff(actor, case)
    errors: dict[str, list[str]] = {}
    signed = _date(signed_on, "signed_on", "签署日期", errors)
    if signed is not None and signed > on:
        errors["signed_on"] = ["签署日期不能晚于今天"]
    body, until, name = _commitment_input(text, deadline, signer_name, signed or on, errors)
    content = b""
    kind: tuple[str, str] | None = None
    if scan is None:
        errors["scan"] = ["请上传当事人签署的纸质承诺书扫描件"]
    else:
        size = getattr(scan, "size", None)
        if size is not None and size > scan_limit():
            errors["scan"] = [f"扫描件过大（{size}字节，上限{scan_limit()}字节）"]
        else:
            content = scan.read()
            if len(content) > scan_limit():
                errors["scan"] = [f"扫描件过大（上限{scan_limit()}字节）"]
            elif not content:
                errors["scan"] = ["扫描件是空文件"]
            else:
                kind = sniff_scan(content[:16])
                if kind is None:
                    errors["scan"] = ["扫描件应为PDF、JPEG或PNG文件（按文件内容识别）"]
    _raise(errors, "纸质承诺书信息有误，未保存。")
    assert signed is not None
    assert until is not None
    assert kind is not None
    digest = hashlib.sha256(content).hexdigest()
    stored: list[str] = []
    try:
        with transaction.atomic():
            row = _locked(case)
            row = _commitment_step(
                actor, row, lock_version, CommitmentChannel.PAPER, signed, until, on
            )
            c = Commitment(
                case=row,
                text=body,
                deadline=until,
                channel=CommitmentChannel.PAPER.value,
                signed_on=signed,
                signer_name=name,
                recorded_by=actor,
                scan_name=str(getattr(scan, "name", ""))[:200],
                scan_type=kind[0],
                scan_size=len(content),
                scan_sha256=digest,
            )
            c.scan.save(f"{row.pk}-{digest[:16]}.{kind[1]}", ContentFile(content), save=False)
            stored.append(c.scan.name)
            c.save()
            _commitment_audit(actor, row, c)
    except BaseException:
        for name_ in stored:  # the transaction rolled back: leave no orphan file
            c.scan.storage.delete(name_)
        raise
    return c


# ------------------------------------------------------ statements and hearing (APL 44, 45, 64)


def statement_submit(
    *, actor: Any, case: Case, kind: str, text: object, on: dt.date | None = None
) -> Statement:
    """The party's statement (陈述) or defence (申辩) after the notice, or its hearing request —
    refused, with the last day, after the 5 working days of APL 64 (一)."""
    on = on or timezone.localdate()
    _party(actor, case)
    errors: dict[str, list[str]] = {}
    if kind not in Statement.Kind.values:
        errors["kind"] = [f"未知的类型“{kind}”（可选：{'、'.join(Statement.Kind.values)}）"]
    required = kind != Statement.Kind.HEARING_REQUEST
    body = _text(text, "text", "内容" if required else "申请理由", errors, required=required)
    _raise(errors)
    label = Statement.Kind(kind).label
    with transaction.atomic():
        row = _locked(case)
        snap = row.case_snapshot()
        if snap.notice_served_on is None:
            raise _refuse(f"执法部门尚未向本单位送达行政处罚告知书，暂不能提交{label}", "kind")
        if kind == Statement.Kind.HEARING_REQUEST:
            if snap.proposal is not None and not snap.proposal.hearing_right:
                raise _refuse(
                    "本案拟作出的行政处罚不属于可以要求听证的范围（行政处罚法第六十三条）", "kind"
                )
            if snap.hearing_requested_on is not None:
                raise _refuse(f"本单位已于{snap.hearing_requested_on.isoformat()}申请听证", "kind")
            due = hearing_request_due(snap, current_calendar())
            if due is not None and on > due.date:
                raise _refuse(
                    f"听证申请期限已于{due.date.isoformat()}届满（告知书送达后五个工作日内提出，"
                    f"《中华人民共和国行政处罚法》第六十四条），{on.isoformat()}提出的申请不予受理",
                    "kind",
                )
            row = case_transition(
                actor=actor,
                case=row,
                name="request_hearing",
                lock_version=row.lock_version,
                data={"hearing_requested_on": on.isoformat()},
                note=body,
                on=on,
            )
        else:
            if row.state_enum not in STATEMENT_STATES:
                raise _refuse(f"案件处于“{row.state_label}”状态，不再受理{label}", "kind")
            row = case_record(
                actor=actor,
                case=row,
                lock_version=row.lock_version,
                changes={},
                summary=f"当事人提交{label}",
                on=on,
                data={"statement": kind, "text": body},
            )
        st = Statement.objects.create(
            case=row, kind=kind, text=body, submitted_on=on, submitted_by=actor
        )
        audit_append(
            actor=actor,
            action="followups_statement",
            object_type="followups.statement",
            object_id=st.pk,
            after={"case": row.number, "kind": kind, "on": on.isoformat(), "text": body},
            summary=f"{row.number} 当事人提交{label}",
        )
    return st


# ------------------------------------------------------------------- return visits (R-CASE-6)


def return_visit_record(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    visited_on: object,
    correction_account: object = "",
    opinion: object = "",
    score: object = None,
    on: dt.date | None = None,
) -> ReturnVisit:
    """An officer records a return visit after the decision: the party's account of its
    correction, its opinion of the enforcement and (if given) its 1–5 score."""
    on = on or timezone.localdate()
    _staff(actor, case)
    errors: dict[str, list[str]] = {}
    visited = _date(visited_on, "visited_on", "回访日期", errors)
    if visited is not None and visited > on:
        errors["visited_on"] = ["回访日期不能晚于今天"]
    account = _text(correction_account, "correction_account", "当事人对改正情况的说明", errors)
    view = _text(opinion, "opinion", "当事人对执法工作的意见", errors, required=False)
    value = _score(score, errors, required=False)
    _raise(errors, "回访记录有误，未保存。")
    assert visited is not None
    with transaction.atomic():
        row = _locked(case)
        decided = row.case_snapshot().decided_on
        if decided is not None and visited < decided:
            raise ValidationFailed.field(
                "visited_on", f"回访日期不能早于决定日期（{decided.isoformat()}）"
            )
        data: dict[str, object] = {
            "return_visit_on": visited.isoformat(),
            "correction_account": account,
            "opinion": view,
        }
        if value is not None:
            data["return_visit_score"] = value
        row = case_transition(
            actor=actor,
            case=row,
            name="record_return_visit",
            lock_version=lock_version,
            data=data,
            on=on,
        )
        visit = ReturnVisit.objects.create(
            case=row,
            visited_on=visited,
            source=ReturnVisit.Source.OFFICER,
            officer=actor,
            correction_account=account,
            opinion=view,
            score=value,
        )
        audit_append(
            actor=actor,
            action="followups_return_visit",
            object_type="followups.returnvisit",
            object_id=visit.pk,
            after={
                "case": row.number,
                "visited_on": visited.isoformat(),
                "score": value,
                "correction_account": account,
                "opinion": view,
            },
            summary=f"{row.number} 回访（{visited.isoformat()}）"
            + (f"，评分{value}分" if value else ""),
        )
    return visit


def return_visit_rate(
    *,
    actor: Any,
    case: Case,
    score: object,
    comment: object = "",
    correction_account: object = "",
    on: dt.date | None = None,
) -> ReturnVisit:
    """The enterprise rates the return visit (1–5 and its opinion): the latest visit it has not
    rated yet, or — when no officer has recorded one — its own online return-visit record."""
    on = on or timezone.localdate()
    _party(actor, case)
    errors: dict[str, list[str]] = {}
    value = _score(score, errors, required=True)
    text = _text(comment, "comment", "评价意见", errors, required=False)
    account = _text(
        correction_account, "correction_account", "改正情况说明", errors, required=False
    )
    _raise(errors, "评价有误，未保存。")
    assert value is not None
    with transaction.atomic():
        row = _locked(case)
        snap = row.case_snapshot()
        if snap.decided_on is None or row.state_enum not in RATING_STATES:
            raise _refuse("决定送达后才能对回访作出评价", "score")
        visit = (
            ReturnVisit.objects.select_for_update()
            .filter(case=row, rated_by__isnull=True)
            .order_by("-pk")
            .first()
        )
        if visit is None and ReturnVisit.objects.filter(case=row).exists():
            raise _refuse("本单位已对回访作出评价", "score")
        changes: dict[str, object] = {"return_visit_score": value}
        if snap.return_visit_on is None:
            changes["return_visit_on"] = on.isoformat()
        row = case_record(
            actor=actor,
            case=row,
            lock_version=row.lock_version,
            changes=changes,
            summary=f"当事人对回访评价：{value}分",
            on=on,
            data={"score": value, "comment": text},
        )
        if visit is None:
            visit = ReturnVisit.objects.create(
                case=row,
                visited_on=on,
                source=ReturnVisit.Source.ENTERPRISE,
                correction_account=account,
                opinion=text,
                score=value,
                rated_by=actor,
                rated_on=on,
                party_comment=text,
            )
        else:
            visit.score, visit.rated_by, visit.rated_on, visit.party_comment = (
                value,
                actor,
                on,
                text,
            )
            if account and not visit.correction_account:
                visit.correction_account = account
            visit.save(
                update_fields=[
                    "score",
                    "rated_by",
                    "rated_on",
                    "party_comment",
                    "correction_account",
                ]
            )
        audit_append(
            actor=actor,
            action="followups_return_visit_rate",
            object_type="followups.returnvisit",
            object_id=visit.pk,
            after={"case": row.number, "score": value, "comment": text, "on": on.isoformat()},
            summary=f"{row.number} 当事人对回访评价：{value}分",
        )
    return visit


# ---------------------------------------------------------------------- education (R-DEC-4)


def education_record(
    *,
    actor: Any,
    case: Case,
    lock_version: object,
    on_date: object,
    method: str,
    content: object,
    on: dt.date | None = None,
) -> EducationRecord:
    """Record the education that accompanies a no-penalty decision (行政处罚法第三十三条第三款);
    the case may then be closed (the workflow's `closable` guard)."""
    on = on or timezone.localdate()
    _staff(actor, case)
    errors: dict[str, list[str]] = {}
    when = _date(on_date, "on", "教育日期", errors, default=on)
    if when is not None and when > on:
        errors["on"] = ["教育日期不能晚于今天"]
    if method not in EducationRecord.Method.values:
        errors["method"] = [f"请选择教育方式（可选：{'、'.join(EducationRecord.Method.labels)}）"]
    body = _text(content, "content", "教育内容", errors)
    _raise(errors, "教育记录有误，未保存。")
    assert when is not None
    with transaction.atomic():
        row = _locked(case)
        snap = row.case_snapshot()
        if snap.decision_kind is not DecisionKind.NO_PENALTY:
            raise _refuse(
                "教育记录用于不予行政处罚决定（R-DEC-4）；本案尚未作出不予行政处罚决定", "method"
            )
        if not row.state_enum.is_open:
            raise _refuse(f"案件处于“{row.state_label}”状态，不能再登记", "method")
        row = case_record(
            actor=actor,
            case=row,
            lock_version=lock_version,
            changes={"education_recorded": True},
            summary=f"对当事人进行教育（{EducationRecord.Method(method).label}）",
            on=on,
            data={"on": when.isoformat(), "method": method, "content": body},
        )
        rec = EducationRecord.objects.create(
            case=row, on=when, method=method, content=body, officer=actor
        )
        audit_append(
            actor=actor,
            action="followups_education",
            object_type="followups.educationrecord",
            object_id=rec.pk,
            after={"case": row.number, "on": when.isoformat(), "method": method, "content": body},
            summary=f"{row.number} 教育记录（{rec.get_method_display()}）",
        )
    return rec
