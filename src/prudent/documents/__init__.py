"""Case documents 文书 (R-CASE-8): the model, one builder per kind, 发文字号, 大写 amounts, and the
.docx / PDF renderers laid out per GB/T 9704-2012. No database: a case feeds the builders later.
See docs/documents.md.
"""

from prudent.documents.builders import (
    build_case_filing_approval,
    build_commitment,
    build_correction_order,
    build_interview_notice,
    build_no_penalty_decision,
    build_penalty_decision,
    build_penalty_notice,
    build_reinspection_record,
    build_reminder,
    build_return_visit_record,
    build_service_receipt,
    build_suggestion,
)
from prudent.documents.model import DocumentInputError, DocumentKind, DocumentSpec, Party, PartyType
from prudent.documents.money import amount_text, capital_amount
from prudent.documents.numbering import DocumentNumber, next_number, parse_number

__all__ = [
    "DocumentInputError",
    "DocumentKind",
    "DocumentNumber",
    "DocumentSpec",
    "Party",
    "PartyType",
    "amount_text",
    "build_case_filing_approval",
    "build_commitment",
    "build_correction_order",
    "build_interview_notice",
    "build_no_penalty_decision",
    "build_penalty_decision",
    "build_penalty_notice",
    "build_reinspection_record",
    "build_reminder",
    "build_return_visit_record",
    "build_service_receipt",
    "build_suggestion",
    "capital_amount",
    "next_number",
    "parse_number",
]
