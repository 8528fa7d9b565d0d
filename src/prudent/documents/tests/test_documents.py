import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length

from prudent.documents import builders as b
from prudent.documents.docx import render_docx
from prudent.documents.inputs import Penalty, Reasoning, ServedDocument, ServiceMethod
from prudent.documents.model import DocumentInputError, DocumentKind, DocumentSpec, Party, PartyType
from prudent.documents.samples import (
    AUTHORITY,
    COMPANY,
    CONTACT,
    DATE,
    OFFICERS,
    PENALTY_JSON,
    num,
    penalty_reasoning,
    samples,
)

SAMPLES = samples()


def _mm(length: Length | None) -> float:
    assert length is not None
    return length.mm


def _open(spec: DocumentSpec):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(render_docx(spec)))


def _all_text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_catalogue_has_the_twelve_documents_R_CASE_8() -> None:
    assert {k.title_zh for k in DocumentKind} == {
        "立案审批表",
        "行政处罚告知书",
        "不予行政处罚决定书",
        "行政处罚决定书",
        "责令改正通知书",
        "行政提示书",
        "行政建议书",
        "约谈通知书",
        "承诺书",
        "复查记录",
        "回访记录",
        "送达回证",
        "警示告诫书",
        "劝导示范记录",
        "涉嫌犯罪案件移送书",
    }
    assert set(SAMPLES) == set(DocumentKind)
    assert DocumentKind.CRIME_TRANSFER.samr_number == 5
    assert DocumentKind.PENALTY_DECISION.samr_number == 45


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_docx_page_setup_follows_gbt9704_R_CASE_8(kind: DocumentKind) -> None:
    spec = SAMPLES[kind]
    doc = _open(spec)
    sec = doc.sections[0]
    assert _mm(sec.page_width) == pytest.approx(210, abs=0.5)
    assert _mm(sec.page_height) == pytest.approx(297, abs=0.5)
    assert _mm(sec.top_margin) == pytest.approx(37, abs=0.5)
    assert _mm(sec.left_margin) == pytest.approx(28, abs=0.5)
    assert _mm(sec.bottom_margin) == pytest.approx(35, abs=0.5)
    assert _mm(sec.right_margin) == pytest.approx(26, abs=0.5)
    # title: 2号 (22 pt) in the 小标宋 stack; body runs 3号 (16 pt) with eastAsia 仿宋_GB2312
    title = next(p for p in doc.paragraphs if p.text == spec.title)
    assert title.runs[0].font.size.pt == 22
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    cells = [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs if p.text]
    body = [p for p in doc.paragraphs if p.text and p.runs[0].font.size.pt == 16]
    assert body or cells
    assert all(p.runs[0].font.size.pt == 14 for p in cells)  # tables in 4号
    fonts = {p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) for p in body + cells}
    assert "仿宋_GB2312" in fonts
    assert {p.runs[0]._element.rPr.rFonts.get(qn("w:ascii")) for p in body + cells} == {
        "Times New Roman"
    }
    assert all(p.paragraph_format.line_spacing.pt == 29 for p in body)
    indented = [p for p in body if p.paragraph_format.first_line_indent is not None]
    assert all(p.paragraph_format.first_line_indent.pt == 32 for p in indented)
    if kind is DocumentKind.PENALTY_DECISION:
        assert len(indented) > 10
    # the requested stacks are recorded in the metadata
    assert (
        "仿宋_GB2312, FangSong_GB2312, 仿宋, FangSong, Noto Serif CJK SC"
        in doc.core_properties.keywords
    )
    assert "黑体, SimHei, Noto Sans CJK SC" in doc.core_properties.comments
    # page number — n — in the footer, a PAGE field, 4号; odd right, even left
    for footer in (sec.footer, sec.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml
        assert footer.paragraphs[0].text == "— 1 —"
        assert footer.paragraphs[0].runs[0].font.size.pt == 14
    assert doc.settings.odd_and_even_pages_header_footer


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_docx_holds_the_party_and_the_number_R_CASE_8(kind: DocumentKind) -> None:
    spec = SAMPLES[kind]
    text = _all_text(_open(spec))
    assert spec.party is not None
    assert spec.party.name in text
    if spec.number is not None:
        lines = [p.text for p in _open(spec).paragraphs]
        assert str(spec.number) in lines
        assert lines.index(spec.authority) < lines.index(str(spec.number)) < lines.index(spec.title)
        assert f"〔2026〕{spec.number.seq}号" in text


def test_decision_has_the_apl59_contents_R_CASE_8() -> None:
    text = _all_text(_open(SAMPLES[DocumentKind.PENALTY_DECISION]))
    for needed in (
        "统一社会信用代码：91430421MA4L12346A",
        "住所：湖南省衡阳市衡阳县西渡镇蒸阳北路88号",
        "法定代表人（负责人）：李明",
        "衡县市监处罚〔2026〕12号",
        "立案调查",
        "以上事实有下列证据证明",
        "不予采纳，理由是",
        "《中华人民共和国食品安全法》第一百二十五条第一款第二项",
        "罚款人民币10,000.00元（大写：壹万元整）",
        "十五日内",
        "中国农业银行衡阳县支行",
        "罚缴分离",
        "六十日内向衡阳县人民政府申请行政复议",
        "六个月内依法向衡阳县人民法院提起行政诉讼",
        "（印章）",
        "2026年3月5日",
    ):
        assert needed in text, needed
    # the engine's reasons are the reasons section, in order
    reasons = PENALTY_JSON["reasons"]
    assert isinstance(reasons, list)
    assert text.index(reasons[0]) < text.index(reasons[1]) < text.index("罚款人民币")


def test_notice_carries_statement_and_five_working_day_hearing_rights_R_CASE_8() -> None:
    text = _all_text(_open(SAMPLES[DocumentKind.PENALTY_NOTICE]))
    assert "陈述和申辩" in text
    assert "第六十三条、第六十四条" in text
    assert "要求听证的，应当自收到本告知书之日起五个工作日内向本机关提出" in text
    assert "七日前通知" in text
    assert "拟对你单位作出如下行政处罚" in text
    without = b.build_penalty_notice(
        authority=AUTHORITY,
        number=num(13),
        date=DATE,
        party=COMPANY,
        case_opened=datetime.date(2026, 1, 15),
        cause="x",
        facts=("事实",),
        evidence=("证据",),
        reasoning=penalty_reasoning(),
        penalty=Penalty(("警告",)),
        hearing_right=False,
        contact=CONTACT,
    ).plain_text()
    assert "听证" not in without
    assert "陈述、申辩" in without


def test_no_penalty_decision_has_reasons_education_follow_ups_and_remedies_R_CASE_8() -> None:
    text = SAMPLES[DocumentKind.NO_PENALTY_DECISION].plain_text()
    assert "不予行政处罚" in text
    assert "系初次违法" in text
    assert "《中华人民共和国行政处罚法》第三十三条第一款" in text
    assert "法治教育" in text
    assert "2026年4月4日前" in text
    assert "六十日内" in text
    assert "六个月内" in text


@pytest.mark.parametrize(
    ("kind", "needles"),
    [
        (
            DocumentKind.CASE_FILING_APPROVAL,
            (
                "案件来源",
                "案由",
                "简要案情及\n立案理由",
                "承办人意见",
                "执法证号：43042100123",
                "机关负责人\n审批意见",
            ),
        ),
        (DocumentKind.CORRECTION_ORDER, ("责令你单位于2026年3月20日前改正", "复查")),
        (DocumentKind.REMINDER, ("提示如下", "行政指导")),
        (DocumentKind.SUGGESTION, ("建议", "2026年4月5日前", "不具有强制执行力")),
        (DocumentKind.INTERVIEW_NOTICE, ("2026年3月12日9时30分", "三楼会议室", "会同衡阳县商务局")),
        (
            DocumentKind.COMMITMENT,
            (
                "郑重承诺",
                "2026年3月20日前",
                "接受衡阳县市场监督管理局的复查",
                "承诺人（签名或者盖章）",
            ),
        ),
        (
            DocumentKind.REINSPECTION_RECORD,
            ("复查时间", "2026年3月21日10时00分", "已按要求改正", "衡县市监责改〔2026〕21号"),
        ),
        (
            DocumentKind.RETURN_VISIT_RECORD,
            ("整改情况\n（当事人陈述）", "对执法工作的\n意见和建议", "5分（满分5分）"),
        ),
        (
            DocumentKind.WARNING_RECORD,
            ("予以警示告诫", "《中华人民共和国食品安全法》第三十四条", "不是行政处罚决定"),
        ),
        (
            DocumentKind.PERSUASION_RECORD,
            ("劝导时间", "2026年3月5日10时30分", "劝导和示范内容", "当事人接受劝导", "当事人签名"),
        ),
        (
            DocumentKind.CRIME_TRANSFER,
            ("衡阳县公安局", "涉嫌犯罪的事实", "移送材料清单", "检验报告复印件", "第二十七条"),
        ),
        (
            DocumentKind.SERVICE_RECEIPT,
            (
                "行政处罚决定书（衡县市监处罚〔2026〕12号）",
                "送达单位",
                "2026年3月6日14时05分",
                "直接送达",
                "与受送达人关系",
                "见证人签名",
                "送达人签名",
                "备注",
            ),
        ),
    ],
)
def test_each_builder_has_its_mandatory_fields_R_CASE_8(
    kind: DocumentKind, needles: tuple[str, ...]
) -> None:
    text = SAMPLES[kind].plain_text()
    for needle in needles:
        assert needle in text, needle


def test_builders_refuse_bad_input_naming_the_field_R_CASE_8() -> None:
    with pytest.raises(DocumentInputError) as exc:
        Party(PartyType.ORGANISATION, "某公司", "91430421MA4L12346B", "某地", "李明")
    assert exc.value.field_name == "party.code"
    with pytest.raises(DocumentInputError) as exc:
        b.build_return_visit_record(
            authority=AUTHORITY,
            date=DATE,
            party=COMPANY,
            when=datetime.datetime(2026, 3, 6, 9),
            method="电话",
            visitors=OFFICERS,
            decision=None,
            correction_account="已改正",
            opinion="",
            score=6,
        )
    assert exc.value.field_name == "score"
    with pytest.raises(DocumentInputError) as exc:
        b.build_reinspection_record(
            authority=AUTHORITY,
            date=DATE,
            party=COMPANY,
            when=datetime.datetime(2026, 3, 6, 9),
            place="现场",
            officers=OFFICERS[:1],
            order=None,
            requirements=("改正",),
            findings="已改正",
            outcome=b.ReinspectionOutcome.CORRECTED,
        )
    assert exc.value.field_name == "officers"
    with pytest.raises(DocumentInputError) as exc:
        b.build_service_receipt(
            authority=AUTHORITY,
            date=DATE,
            party=COMPANY,
            documents=(ServedDocument("决定书"),),
            served_at=datetime.datetime(2026, 3, 6, 9),
            place="现场",
            method=ServiceMethod.ELECTRONIC,
            servers=("张伟",),
        )
    assert exc.value.field_name == "method"
    with pytest.raises(DocumentInputError) as exc:
        Penalty(fine=Decimal("0"))
    assert exc.value.field_name == "penalty.fine"
    with pytest.raises(DocumentInputError) as exc:
        Reasoning.from_decision_json({"reasons": "not a list"})
    assert exc.value.field_name == "reasons"
