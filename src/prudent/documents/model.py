"""The document model: what a 文书 says, independent of .docx or PDF.

A :class:`DocumentSpec` is built by one builder per :class:`DocumentKind` (``builders.py``) from typed
inputs, and rendered by ``docx.py`` or ``pdf.py``. No database and no I/O here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from lawcore.identifiers.citizen_id import validate_citizen_id
from lawcore.identifiers.errors import IdentifierError
from lawcore.identifiers.uscc import validate_uscc
from prudent.core.errors import ValidationFailed
from prudent.documents.layout import FONT_STACKS, FontStack
from prudent.documents.numbering import DocumentNumber


class DocumentInputError(ValidationFailed):
    """Bad builder input; ``errors`` names the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message, errors={field_name: [message]})
        self.field_name = field_name


class DocumentKind(StrEnum):
    """The documents of the case procedure (R-CASE-8): the twelve of issue #4 part 6 and the three
    other documents the workflow names (警示告诫书, 劝导示范记录, 涉嫌犯罪案件移送书).

    ``samr_number`` is the item in the 市场监督管理行政处罚文书格式范本 (2021) catalogue
    (CONVENTIONS.md §5.2); the flexible-enforcement documents are outside that set.
    """

    CASE_FILING_APPROVAL = "case_filing_approval"
    PENALTY_NOTICE = "penalty_notice"
    NO_PENALTY_DECISION = "no_penalty_decision"
    PENALTY_DECISION = "penalty_decision"
    CORRECTION_ORDER = "correction_order"
    REMINDER = "reminder"
    SUGGESTION = "suggestion"
    INTERVIEW_NOTICE = "interview_notice"
    COMMITMENT = "commitment"
    REINSPECTION_RECORD = "reinspection_record"
    RETURN_VISIT_RECORD = "return_visit_record"
    SERVICE_RECEIPT = "service_receipt"
    WARNING_RECORD = "warning_record"
    PERSUASION_RECORD = "persuasion_record"
    CRIME_TRANSFER = "crime_transfer"

    @property
    def title_zh(self) -> str:
        return _CATALOGUE[self][0]

    @property
    def samr_number(self) -> int | None:
        return _CATALOGUE[self][1]


_CATALOGUE: dict[DocumentKind, tuple[str, int | None]] = {
    DocumentKind.CASE_FILING_APPROVAL: ("立案审批表", 7),
    DocumentKind.PENALTY_NOTICE: ("行政处罚告知书", 37),
    DocumentKind.NO_PENALTY_DECISION: ("不予行政处罚决定书", 46),
    DocumentKind.PENALTY_DECISION: ("行政处罚决定书", 45),
    DocumentKind.CORRECTION_ORDER: ("责令改正通知书", 33),
    DocumentKind.REMINDER: ("行政提示书", None),
    DocumentKind.SUGGESTION: ("行政建议书", None),
    DocumentKind.INTERVIEW_NOTICE: ("约谈通知书", None),
    DocumentKind.COMMITMENT: ("承诺书", None),
    DocumentKind.REINSPECTION_RECORD: ("复查记录", None),
    DocumentKind.RETURN_VISIT_RECORD: ("回访记录", None),
    DocumentKind.SERVICE_RECEIPT: ("送达回证", 50),
    DocumentKind.WARNING_RECORD: ("警示告诫书", None),
    DocumentKind.PERSUASION_RECORD: ("劝导示范记录", None),
    DocumentKind.CRIME_TRANSFER: ("涉嫌犯罪案件移送书", 5),
}


class PartyType(StrEnum):
    ORGANISATION = "organisation"  # 法人或者其他组织
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户（字号为当事人名称）
    CITIZEN = "citizen"  # 公民


@dataclass(frozen=True, slots=True)
class Party:
    """当事人 (CONVENTIONS.md §5.3 item 1). ``code`` is the USCC, or the 公民身份号码 for a citizen."""

    kind: PartyType
    name: str
    code: str
    address: str
    legal_representative: str = ""  # 法定代表人（负责人）; 经营者 for a 个体工商户
    phone: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise DocumentInputError("party.name", "当事人名称不能为空。")
        if not self.address.strip():
            raise DocumentInputError("party.address", "当事人住所（住址）不能为空。")
        try:
            if self.kind is PartyType.CITIZEN:
                validate_citizen_id(self.code)
            else:
                validate_uscc(self.code)
        except IdentifierError as exc:
            label = "公民身份号码" if self.kind is PartyType.CITIZEN else "统一社会信用代码"
            raise DocumentInputError("party.code", f"当事人{label}无效：{exc}") from None
        if self.kind is PartyType.ORGANISATION and not self.legal_representative.strip():
            raise DocumentInputError(
                "party.legal_representative", "单位当事人应写明法定代表人（负责人）。"
            )

    @property
    def code_label(self) -> str:
        return "公民身份号码" if self.kind is PartyType.CITIZEN else "统一社会信用代码"

    @property
    def address_label(self) -> str:
        return "住址" if self.kind is PartyType.CITIZEN else "住所"

    @property
    def representative_label(self) -> str:
        return "经营者" if self.kind is PartyType.INDIVIDUAL_BUSINESS else "法定代表人（负责人）"

    @property
    def you(self) -> str:
        """How the documents address the party: 你 or 你单位."""
        return "你" if self.kind is PartyType.CITIZEN else "你单位"

    def lines(self) -> tuple[str, ...]:
        out = [f"当事人：{self.name}", f"{self.code_label}：{self.code}"]
        out.append(f"{self.address_label}：{self.address}")
        if self.kind is not PartyType.CITIZEN:
            out.append(f"{self.representative_label}：{self.legal_representative}")
        if self.phone:
            out.append(f"联系电话：{self.phone}")
        return tuple(out)


class Align(StrEnum):
    JUSTIFY = "justify"
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Heading:
    """一、 level 1 (黑体), （一） level 2 (楷体)."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    indent: bool = True  # two-字 first-line indent
    align: Align = Align.JUSTIFY


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; ``widths_mm`` sum to the 版心 width (156 mm). Cells may hold ``\\n``."""

    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] = (46.0, 110.0)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.widths_mm):
                raise DocumentInputError("table", "表格每行的单元格数应与列数一致。")


@dataclass(frozen=True, slots=True)
class Signature:
    """Signature / seal block, right-aligned: the authority's name and （印章）, or signature lines."""

    lines: tuple[str, ...]
    seal: bool = False


@dataclass(frozen=True, slots=True)
class DateLine:
    """成文日期 in full Arabic numerals, right-indented 4 字 under a seal."""

    date: datetime.date

    @property
    def text(self) -> str:
        return format_date(self.date)


Section = Heading | Paragraph | Table | Signature | DateLine


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    kind: DocumentKind
    authority: str  # 发文机关 (for a 承诺书: the authority it is given to)
    number: DocumentNumber | None
    title: str
    addressee: str | None
    party: Party | None
    sections: tuple[Section, ...]
    date: datetime.date
    letterhead: bool = True  # authority line and number above the title
    party_block: bool = True  # print the party lines after the addressee
    fonts: dict[str, FontStack] = field(default_factory=lambda: dict(FONT_STACKS))

    def texts(self) -> Iterator[str]:
        """Every piece of text in reading order (for tests and search)."""
        if self.letterhead:
            yield self.authority
            if self.number is not None:
                yield str(self.number)
        yield self.title
        if self.addressee:
            yield self.addressee + "："
        if self.party is not None and self.party_block:
            yield from self.party.lines()
        for s in self.sections:
            if isinstance(s, Table):
                for row in s.rows:
                    yield from row
            elif isinstance(s, Signature):
                yield from s.lines
            elif isinstance(s, DateLine):
                yield s.text
            else:
                yield s.text

    def plain_text(self) -> str:
        return "\n".join(self.texts())


def format_date(d: datetime.date) -> str:
    """2026年3月5日 — no leading zeros (GB/T 9704 成文日期)."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_datetime(d: datetime.datetime) -> str:
    """2026年3月5日10时30分 (送达时间 to the minute)."""
    return f"{format_date(d.date())}{d.hour}时{d.minute:02d}分"
