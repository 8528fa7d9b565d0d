"""Demo documents (R-CASE-8): the 立案审批表, 行政处罚告知书 and 行政处罚决定书 of the decided demo
case, and the 行政提示书 of the demo enterprise's 首违不罚 case, served on it — so the enterprise
sees a served document. Made through the services; skipped when they exist."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.cases.demo import TITLE_PREFIX
    from prudent.cases.models import Case
    from prudent.documents.models import CaseDocument
    from prudent.documents.services import document_generate, document_record_service

    if CaseDocument.objects.filter(case__title__startswith=TITLE_PREFIX).exists():
        return "0 documents"
    officer = User.objects.filter(username="officer").first()
    decided = Case.objects.filter(
        title__startswith=TITLE_PREFIX, title__contains="货值5000"
    ).first()
    own = Case.objects.filter(title__startswith=TITLE_PREFIX, title__contains="货值200元").first()
    if officer is None or decided is None or own is None:
        return "0 documents"
    today = timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    n = 0
    for kind, on in (
        ("case_filing_approval", ago(58)),
        ("penalty_notice", ago(39)),
        ("penalty_decision", ago(20)),
    ):
        document_generate(actor=officer, case=decided, kind=kind, on=on)
        n += 1
    reminder = document_generate(actor=officer, case=own, kind="reminder", on=ago(5))
    document_record_service(
        actor=officer,
        document=reminder,
        method="direct",
        served_on=ago(5),
        recipient="惠民食品店经营者",
        on=ago(5),
    )
    return f"{n + 1} documents"
