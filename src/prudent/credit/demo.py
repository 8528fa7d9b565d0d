"""Demo (issue #5 part 8): credit records for the decided demo cases (`credit_sync`), and one
record of another source for the demo enterprise's own entity, decided 120 days ago (一般失信, so
its minimum period has passed and it may apply for repair). Skipped when already there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

OWN_ENTITY = "92430421MA4L0C2D58"
DEMO_SOURCE = "（演示）其他部门移送的行政处罚信息"


def demo_load(actor: str) -> str:
    from prudent.credit.models import CreditRecord
    from prudent.credit.services import credit_record_create, credit_sync
    from prudent.entities.models import Entity
    from prudent.organisations.models import Department

    created = len(credit_sync(actor=actor))
    entity = Entity.objects.filter(code=OWN_ENTITY).first()
    dept = Department.objects.filter(name="衡阳县市场监督管理局").first()
    if entity and dept and not CreditRecord.objects.filter(source=DEMO_SOURCE).exists():
        credit_record_create(
            actor=actor,
            entity=entity,
            department=dept,
            severity="general",
            decided_on=timezone.localdate() - dt.timedelta(days=120),
            summary="（演示）未按规定公示食品经营许可证：罚款人民币5000元",
            source=DEMO_SOURCE,
            document_number="衡县市监处罚〔演示〕1号",
        )
        created += 1
    return f"{created} credit records"
