"""Shared requests for the 裁量辅助 tests: the tax 首违不罚 case of docs/decide.md."""

from __future__ import annotations

import copy
from typing import Any

TAX_ITEM = "CN-TAX-FWBF-03"

FIRST_VIOLATION: dict[str, Any] = {
    "item": TAX_ITEM,
    "party_kind": "organisation",
    "violation_date": "2024-03-01",
    "decision_date": "2024-04-01",
    "facts": {
        "minor": True,
        "harm": "slight",
        "corrected_in_time": True,
        "no_fault_proven": False,
        "serious": False,
        "irrecoverable_tax_loss": False,
        "major_social_impact": False,
    },
    "history": [],
}


def tax_request(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(FIRST_VIOLATION)
    body.update(changes)
    return body


#: The same case answered on the 裁量辅助 page.
FIRST_VIOLATION_FORM: dict[str, str] = {
    "party_kind": "organisation",
    "violation_date": "2024-03-01",
    "decision_date": "2024-04-01",
    "first_basis": "records",
    "f_minor": "yes",
    "f_harm": "slight",
    "f_corrected_in_time": "yes",
    "f_no_fault_proven": "no",
    "f_serious": "no",
    "f_irrecoverable_tax_loss": "no",
    "f_major_social_impact": "no",
}
