"""Demo: the decided 衡阳县市场监督管理局 case “（演示）经营超过保质期的食品（货值5000元）” is
published on the portal two days after its decision (R-CASE-12). Skipped when already published."""

from __future__ import annotations

import datetime as dt


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.cases.models import Case
    from prudent.publication.models import Publication
    from prudent.publication.services import publication_publish, verdict

    case = Case.objects.filter(
        title__startswith="（演示）", title__contains="货值5000元", decided_on__isnull=False
    ).first()
    head = User.objects.filter(username="head").first()
    if case is None or head is None or Publication.objects.filter(case=case).exists():
        return "0 publications"
    if verdict(case) is not None:
        return "0 publications"
    assert case.decided_on is not None
    publication_publish(actor=head, case=case, on=case.decided_on + dt.timedelta(days=2))
    return "1 publication"
