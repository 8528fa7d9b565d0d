"""Demo execution data (issue #4 part 7): on the decided and served demo case of 衡阳县市场监督管理局
(货值5000元), the party's application to pay the fine in two instalments, waiting for the head's
approval, and a confiscated item in the register. Made through the services; skipped when the
demo case is missing or already has execution records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.cases.models import Case
    from prudent.execution.models import ConfiscatedItem, PaymentArrangement
    from prudent.execution.services import arrangement_apply, confiscated_item_add

    case = Case.objects.filter(title__startswith="（演示）", title__contains="货值5000元").first()
    officer = User.objects.filter(username="officer").first()
    if case is None or officer is None:
        return ""
    if PaymentArrangement.objects.filter(case=case).exists():
        return "0 execution records"
    today = timezone.localdate()
    fine = Decimal(str(case.snapshot.get("fine_yuan") or 0))
    notes = []
    if fine > 0 and case.snapshot.get("served_on"):
        first = (fine / 2).quantize(Decimal("0.01"))
        arrangement_apply(
            actor=officer,
            case=case,
            lock_version=case.lock_version,
            kind="instalments",
            applied_on=today - dt.timedelta(days=5),
            reason="（演示）受疫情后客流下降影响，店铺流动资金紧张，确有经济困难，申请分两期缴纳。",
            schedule=[
                {"due": (today + dt.timedelta(days=15)).isoformat(), "amount": str(first)},
                {"due": (today + dt.timedelta(days=45)).isoformat(), "amount": str(fine - first)},
            ],
            on=today,
        )
        notes.append("1 instalment application")
        case.refresh_from_db()
    if not ConfiscatedItem.objects.filter(case=case).exists():
        confiscated_item_add(
            actor=officer,
            case=case,
            lock_version=case.lock_version,
            description="（演示）超过保质期的袋装饼干",
            quantity="48",
            unit="袋",
            value="240",
            storage_place="执法稽查大队罚没物品仓库A-3",
            on=today,
        )
        notes.append("1 confiscated item")
    return ", ".join(notes)
