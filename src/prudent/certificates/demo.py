"""Demo certificates for the 衡阳县 demo people (R-CASE-13, R-SUP-8).

Dates are computed from the day the demo is loaded, so the register always shows a realistic
picture: long-valid certificates for most, and 刘洋 (officer2) expiring in 20 days so that the
30-day warning has something to show. Numbers follow the 湘衡 + division code + serial pattern and
are fictional. Existing numbers are skipped, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

ISSUER = "衡阳县人民政府"

# username, number, days valid before today, days valid after today, fields
CERTIFICATES: list[tuple[str, str, int, int, list[str]]] = [
    ("officer", "湘衡4304210001", 400, 3 * 365, ["market_regulation"]),
    ("officer2", "湘衡4304210002", 4 * 365 - 20, 20, ["market_regulation"]),
    ("reviewer", "湘衡4304210003", 700, 2 * 365, ["market_regulation"]),
    ("head", "湘衡4304210004", 300, 4 * 365, ["market_regulation"]),
    ("cg_officer", "湘衡4304210005", 500, 2 * 365 + 100, ["urban_management"]),
    ("xd_officer", "湘衡4304210006", 200, 3 * 365 + 200, ["comprehensive", "urban_management"]),
]


def demo_load(actor: str) -> str:
    from prudent.accounts.models import User
    from prudent.certificates.models import Certificate
    from prudent.certificates.services import certificate_issue

    today = timezone.localdate()
    created = 0
    for username, number, before, after, fields in CERTIFICATES:
        if Certificate.objects.filter(number=number).exists():
            continue
        holder = User.objects.filter(username=username).first()
        if holder is None:
            continue
        certificate_issue(
            actor=actor,
            holder=holder,
            number=number,
            issuer=ISSUER,
            valid_from=today - dt.timedelta(days=before),
            valid_to=today + dt.timedelta(days=after),
            fields=fields,
        )
        created += 1
    return f"{created} certificates"
