"""裁量辅助 API (issue #3 part 6; R-DEC-1…6): ``POST /api/v1/decisions`` decides one case with the
published rulebooks, ``GET /api/v1/decisions/items?q=`` finds items and the facts they need.

The request and response are those of docs/decide.md and ``Decision.to_json()``; the Schemas below
describe them in the OpenAPI schema. The body is read by the engine's own ``parse_request`` (not by
Ninja), so every bad input — malformed JSON included — is answered 422 with the engine's Chinese
message and the field path. Nothing is stored.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.security import SessionAuth

from lawcore.decision import DecisionInputError, decide, parse_request
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.core.sessions import session_user
from prudent.discretion import catalogue

router = Router(tags=["decisions"])


class CapabilityAuth(SessionAuth):
    """Session auth (CSRF checked, as for every session-authenticated write) that also requires a
    capability: 401 when not signed in, 403 without it. The user is settled by
    ``prudent.core.sessions.session_user`` — Django's checks, the user's row by one pre-compiled
    query (issue #3, Performance; docs/performance.md)."""

    def __init__(self, capability: Capability) -> None:
        super().__init__(csrf=True)
        self.capability = capability

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = session_user(request)
        if not user.is_authenticated:
            return None
        require_capability(user, self.capability)
        return user


AUTH = CapabilityAuth(Capability.USE_DISCRETION)

TierName = Literal["not_punishable", "no_penalty", "mitigated", "lighter", "ordinary", "heavier"]
FactValue = bool | float | str


# ---------------------------------------------------------------- request (docs/decide.md)


class HistoryEntryIn(Schema):
    item: str = Field(..., description="事项编码（同一事项或其所细化的上级事项）")
    date: str = Field(..., description="在先违法日期 YYYY-MM-DD，不晚于本次违法日期")
    tier: TierName = Field("ordinary", description="当时的处理结果（裁量阶次）")


class DecisionRequestIn(Schema):
    """docs/decide.md 'Request'. Unknown keys are an error."""

    item: str = Field(..., description="行政处罚事项编码，如 CN-TAX-FWBF-03")
    rulebook: str | None = Field(None, description="规则库编号；不填则用持有该事项的最基层规则库")
    party_kind: Literal["citizen", "organisation"] = Field(
        ..., description="citizen 公民 / organisation 法人或者其他组织"
    )
    facts: dict[str, FactValue] = Field(
        ...,
        description="事实名 → 值（是/否、枚举文本或者非负数值），见 docs/facts.md 与事项自有事实",
    )
    violation_date: str = Field(..., description="违法行为发生日期 YYYY-MM-DD，不晚于决定日期")
    decision_date: str = Field(..., description="处罚决定日期 YYYY-MM-DD")
    birth_date: str | None = Field(None, description="出生日期（仅公民；行政处罚法第三十条）")
    discovered_date: str | None = Field(
        None, description="发现日期，介于违法日期与决定日期之间（行政处罚法第三十六条）"
    )
    history: list[HistoryEntryIn] | None = Field(
        None, description="当事人在先违法记录；给出时（含空列表）据此认定是否初次违法（R-DEC-3）"
    )


# ---------------------------------------------------------------- response (Decision.to_json)


class FineOut(Schema):
    min: str = Field(..., description="罚款下限（元，文本）")
    max: str = Field(..., description="罚款上限（元，文本）")
    proposed: str = Field(..., description="建议罚款金额（元，文本）")
    rule: str


class ProcedureOut(Schema):
    simple: bool = Field(..., description="可适用简易程序（行政处罚法第五十一条）")
    hearing_right: bool = Field(..., description="应告知听证权利（第六十三条）")
    legal_review_required: bool = Field(..., description="应当法制审核（第五十八条）")
    collective_discussion_required: bool = Field(..., description="应当集体讨论（第五十七条）")
    transfer_to_police: bool = Field(..., description="涉嫌犯罪，移送公安机关")
    notes: list[str]


class FollowUpOut(Schema):
    kind: str = Field(
        ...,
        description="education / correction_order / re_inspection / return_visit / measure / guardian",
    )
    text: str
    due: str | None


class CitationOut(Schema):
    kind: str = Field(..., description="law / provision / row")
    label: str
    text: str


class CorrectivePathOut(Schema):
    changes: dict[str, bool | str] = Field(..., description="事实名 → 改变后的值（数值为文本）")
    tier: TierName
    text: str


class ConflictOut(Schema):
    rows: list[str]
    tiers: list[TierName]
    text: str


class VersionOut(Schema):
    rulebook: str
    version: str
    digest: str = Field(..., description="该版本规范化 JSON 的 SHA-256")
    date_role: Literal["violation_date", "decision_date"]
    date: str
    applied: bool


class DecisionOut(Schema):
    """``Decision.to_json()`` (docs/decide.md)."""

    item: str
    item_name: str
    rulebook: str
    tier: TierName
    tier_zh: str
    clause: str
    rows: list[str]
    penalty_kinds: list[str]
    fine: FineOut | None
    procedure: ProcedureOut
    follow_ups: list[FollowUpOut]
    reasons: list[str]
    citations: list[CitationOut]
    corrective_path: CorrectivePathOut | None
    conflicts: list[ConflictOut]
    versions: list[VersionOut]
    warnings: list[str]


class DecisionErrorOut(Schema):
    detail: str = Field(..., description="中文说明")
    errors: dict[str, list[str]] = Field(..., description="字段路径 → 中文错误信息")
    path: str = Field(..., description="出错的字段路径，如 facts.harm、violation_date、$")
    message: str = Field(..., description="English message")
    facts: list[str] = Field(..., description="缺少的事实")
    rows: list[str] = Field(
        ..., description="需要这些事实的清单条目（或 fine、benchmark:…、APL-33）"
    )


# ---------------------------------------------------------------- items


class QuestionOut(Schema):
    name: str
    type: Literal["bool", "enum", "number", "integer"]
    question: str
    choices: list[dict[str, str]]
    unit: str


class ItemOut(Schema):
    code: str
    name: str
    rulebook: str
    rulebook_name: str
    authority: str
    level: str
    version: str
    field: str
    field_label: str
    lists: list[str]
    facts: list[QuestionOut]


class ItemFilters(Schema):
    q: str = ""


def _request_schema() -> dict[str, Any]:
    """DecisionRequestIn as an inline JSON Schema (its nested definitions inlined)."""
    schema = DecisionRequestIn.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    resolved: dict[str, Any] = inline(schema)
    return resolved


@router.post(
    "",
    response={200: DecisionOut, 422: DecisionErrorOut},
    auth=AUTH,
    summary="裁量：按已发布的清单与裁量基准决定一个案件（422：输入有误，不保存任何内容）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _request_schema()}},
        }
    },
)
def decisions_create(request: HttpRequest) -> Status[dict[str, object]] | HttpResponse:
    books = catalogue.rulebooks()
    try:
        data = json.loads(request.body.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        error = DecisionInputError("$", f"not valid JSON: {exc}", "请求体不是有效的 JSON")
        return Status(422, catalogue.error_body(error, {}))
    try:
        decision = decide(books, parse_request(data)).to_json()
    except DecisionInputError as exc:
        return Status(422, catalogue.error_body(exc, _specs(books, data)))
    # The engine's JSON is sent as it is, rendered by the API's renderer: DecisionOut describes it
    # (test_api holds the two equal), and validating it again through the schema on every request
    # was a sizeable part of the request's time (issue #3, Performance; docs/performance.md).
    from prudent.config.api import api  # imported here: that module imports this one

    return api.create_response(request, decision, status=200)


def _specs(books: Any, data: object) -> dict[str, Any]:
    """The fact specs of the requested item, for naming missing facts by their questions."""
    if not isinstance(data, dict) or not isinstance(data.get("item"), str):
        return {}
    entry = catalogue.find_item(data["item"], timezone.localdate(), data.get("rulebook"))
    if entry is None:
        return {}
    return books.fact_specs(entry.book, entry.item)  # type: ignore[no-any-return]


@router.get(
    "/items",
    response=list[ItemOut],
    auth=AUTH,
    summary="查找行政处罚事项（名称、编码或关键词；仅今日有效的已发布规则库），及其需回答的事实",
)
def decision_items(request: HttpRequest, filters: Query[ItemFilters]) -> list[ItemOut]:
    books = catalogue.rulebooks()
    out = []
    for entry in catalogue.search_items(filters.q, timezone.localdate()):
        out.append(
            ItemOut(
                code=entry.item.code,
                name=entry.item.name,
                rulebook=entry.book.id,
                rulebook_name=entry.book.name,
                authority=entry.book.authority,
                level=entry.book.level.value,
                version=entry.version.version,
                field=entry.item.field or entry.book.field,
                field_label=entry.field_label,
                lists=entry.lists,
                facts=[
                    QuestionOut.model_validate(q.to_json())
                    for q in catalogue.questions(books, entry.book, entry.item)
                    if q.group == "item"
                ],
            )
        )
    return out
