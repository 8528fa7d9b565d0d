"""裁量辅助 pages (issue #3 part 6; R-DEC-1…6): find the item, answer its facts as plain questions,
see the outcome, the range and proposal, the procedure, the follow-ups, the reasons, the citations
and the corrective path — printable. Nothing is stored."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lawcore.decision import DecisionInputError, decide, parse_request
from prudent.core.permissions import require_capability
from prudent.core.roles import Capability
from prudent.discretion import catalogue
from prudent.discretion.forms import DecisionForm, money

SEARCH_LIMIT = 100


@login_required
def search(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, Capability.USE_DISCRETION)
    q = request.GET.get("q", "").strip()
    today = timezone.localdate()
    results = catalogue.search_items(q, today)
    return render(
        request,
        "discretion/search.html",
        {
            "q": q,
            "today": today,
            "count": len(results),
            "results": results[:SEARCH_LIMIT],
            "limit": SEARCH_LIMIT,
            "level_labels": catalogue.LEVEL_LABELS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, code: str) -> HttpResponse:
    require_capability(request.user, Capability.USE_DISCRETION)
    today = timezone.localdate()
    rulebook = request.GET.get("rulebook") or None
    entry = catalogue.find_item(code, today, rulebook)
    if entry is None:
        raise Http404("没有这个行政处罚事项（仅查找已发布的规则库）。")
    books = catalogue.rulebooks()
    specs = books.fact_specs(entry.book, entry.item)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        item_code=entry.item.code,
        questions=catalogue.questions(books, entry.book, entry.item),
        today=today,
    )
    result: dict[str, Any] | None = None
    if request.method == "POST" and form.is_valid():
        body = form.to_request()
        if rulebook is not None:
            body["rulebook"] = rulebook
        try:
            result = decide(books, parse_request(body)).to_json()
        except DecisionInputError as exc:
            form.add_engine_error(exc, specs)
    return render(
        request,
        "discretion/item.html",
        {
            "entry": entry,
            "level_label": catalogue.LEVEL_LABELS[entry.book.level.value],
            "form": form,
            "result": _present(result) if result is not None else None,
            "today": today,
        },
        status=422 if request.method == "POST" and result is None else 200,
    )


def _present(result: dict[str, Any]) -> dict[str, Any]:
    """The decision JSON with Chinese labels and yuan amounts for the page."""
    fine = result["fine"]
    procedure = result["procedure"]
    steps = ["简易程序（当场处罚）" if procedure["simple"] else "普通程序"]
    if procedure["hearing_right"]:
        steps.append("应告知当事人有要求听证的权利")
    if procedure["legal_review_required"]:
        steps.append("作出决定前应当进行法制审核")
    if procedure["collective_discussion_required"]:
        steps.append("应当由行政机关负责人集体讨论决定")
    if procedure["transfer_to_police"]:
        steps.append("涉嫌犯罪，应当移送公安机关")
    return {
        **result,
        "tier_label": catalogue.TIER_LABELS[result["tier"]],
        "clause_label": catalogue.clause_label(result["clause"], result["rows"]),
        "lenient": result["tier"] in ("no_penalty", "not_punishable"),
        "penalty_kind_labels": [catalogue.PENALTY_KIND_LABELS[k] for k in result["penalty_kinds"]],
        "fine_text": (
            {
                "min": money(fine["min"]),
                "max": money(fine["max"]),
                "proposed": money(fine["proposed"]),
            }
            if fine
            else None
        ),
        "procedure_steps": steps,
        "follow_up_rows": [
            {**f, "label": catalogue.FOLLOW_UP_LABELS.get(f["kind"], f["kind"])}
            for f in result["follow_ups"]
        ],
        "reasons_text": "\n".join(result["reasons"]),
    }
