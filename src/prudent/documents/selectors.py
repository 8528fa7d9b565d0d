"""Reading case documents, always through `CaseDocument.objects.restrict(user, action)`:
department roles their department's cases, the judicial bureau all (read-only), an enterprise only
the documents served on it in its own cases (R-PUB-4, issue #4 part 10)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from prudent.core.errors import NotFound
from prudent.core.permissions import Action
from prudent.documents.models import CaseDocument


def case_documents(*, user: Any, case: Any) -> QuerySet[CaseDocument]:
    return (
        CaseDocument.objects.restrict(user, Action.VIEW)
        .filter(case_id=case.pk)
        .select_related("created_by", "served_by")
        .order_by("created_at", "pk")
    )


def document_detail(*, user: Any, pk: object) -> CaseDocument:
    try:
        pk_int = int(str(pk))
    except ValueError:
        raise NotFound("文书不存在。") from None
    doc = (
        CaseDocument.objects.restrict(user, Action.VIEW)
        .select_related("case", "case__department")
        .filter(pk=pk_int)
        .first()
    )
    if doc is None:
        raise NotFound("文书不存在或不在您的查看范围内。")
    return doc
