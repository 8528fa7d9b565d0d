"""The joint check form 联合检查单 as .docx (python-docx), for printing and signing on site.

CJ 四(五) asks for 个性化联合检查表单: one form per enterprise listing every department's items with
their content, method and basis, and room for the findings. A4 landscape (the table has six
columns), CJK text in the body stack's first face set as ``w:eastAsia`` and Latin text in Times New
Roman — the same fonts `prudent.documents` uses (`set_run_font`), so a deployment needs no other
fonts. Findings already recorded on the platform are printed; empty rows are left for handwriting.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from prudent.documents import layout as lay
from prudent.documents.docx import set_run_font
from prudent.joint.models import JointInspection
from prudent.joint.selectors import check_form, results_of

COLUMNS = ("序号", "检查事项", "检查内容", "检查方式", "检查依据", "检查结果及情况")
WIDTHS_MM = (12, 38, 62, 30, 48, 67)  # 257 mm: A4 landscape minus 20 mm margins


def _para(
    container, text: str, size: float, *, bold: bool = False, center: bool = False, stack=None
):  # type: ignore[no-untyped-def]
    p = container.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(2)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p.add_run(text), stack or lay.BODY_STACK, size, bold=bold)
    return p


def _cell(cell, text: str, size: float = 10.5, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    lines = text.split("\n") or [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        set_run_font(p.add_run(line), lay.BODY_STACK, size, bold=bold)


def finding_text(row) -> str:  # type: ignore[no-untyped-def]
    if not row.result:
        return "□符合要求  □发现问题  □不涉及\n情况：\n\n检查人员签名："
    text = f"{row.get_result_display()}"
    if row.note:
        text += f"：{row.note}"
    if row.test_result_id:
        r = row.test_result
        text += f"\n采用检验检测结果：{r.sample}·{r.test}（{r.lab}，报告{r.report_no}）"
    when = timezone.localtime(row.recorded_at) if row.recorded_at else None
    text += f"\n填写：{row.recorded_by}" + (f" {when:%Y-%m-%d %H:%M}" if when else "")
    return text


def render_check_form(joint: JointInspection) -> bytes:  # noqa: C901 - one block per part
    insp = joint.inspection
    entity = insp.entity
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(lay.PAGE_HEIGHT_MM), Mm(lay.PAGE_WIDTH_MM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(sec, side, Mm(20))
    normal = doc.styles["Normal"]
    normal.font.name = lay.ASCII_FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), lay.BODY_STACK.first)
    doc.core_properties.title = f"联合检查单：{entity.name}"
    doc.core_properties.author = insp.department.name
    doc.core_properties.keywords = lay.font_stacks_text(("title", "body"))

    _para(doc, "部门联合检查单", lay.TITLE_PT, center=True, stack=lay.TITLE_STACK)
    task = joint.task
    _para(
        doc,
        f"{task.plan.year}年度部门联合抽查计划 第{task.plan.version}版 · 任务{task.number}：{task.title}",
        12,
        center=True,
    )
    departments = "、".join(d.name for d in insp.departments.order_by("name"))
    inspectors = "、".join(
        f"{u.display_name}（{u.department.name if u.department else ''}）"
        for u in insp.inspectors.select_related("department").order_by(
            "department__name", "username"
        )
    )
    for line in (
        f"检查对象：{entity.name}    统一社会信用代码：{entity.code}",
        f"牵头部门：{insp.department.name}    参加部门：{departments}",
        f"检查日期：{insp.planned_on:%Y年%m月%d日}    检查人员：{inspectors}",
    ):
        _para(doc, line, 12)

    number = 0
    for section in check_form(joint):
        _para(doc, f"{section.department.name}检查事项", 14, bold=True, stack=lay.HEITI_STACK)
        table = doc.add_table(rows=1 + len(section.rows), cols=len(COLUMNS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for c, title in enumerate(COLUMNS):
            table.cell(0, c).width = Mm(WIDTHS_MM[c])
            _cell(table.cell(0, c), title, bold=True)
        for r, row in enumerate(section.rows, start=1):
            number += 1
            item = row.item
            values = (
                str(number),
                f"{item.code}\n{item.name}",
                item.content,
                item.method,
                item.basis,
                finding_text(row),
            )
            for c, text in enumerate(values):
                table.cell(r, c).width = Mm(WIDTHS_MM[c])
                _cell(table.cell(r, c), text)

    results = results_of(joint)
    _para(doc, "检验检测结果（各部门直接采用，不得重复检测）", 14, bold=True, stack=lay.HEITI_STACK)
    if results:
        cols = (
            "样品",
            "检验检测项目",
            "检测值",
            "结论",
            "检验检测机构",
            "报告编号",
            "检测日期",
            "登记部门",
        )
        table = doc.add_table(rows=1 + len(results), cols=len(cols))
        table.style = "Table Grid"
        for c, title in enumerate(cols):
            _cell(table.cell(0, c), title, bold=True)
        for r, res in enumerate(results, start=1):
            for c, text in enumerate(
                (
                    res.sample,
                    res.test,
                    res.value,
                    res.get_conclusion_display(),
                    res.lab,
                    res.report_no,
                    f"{res.tested_on:%Y-%m-%d}",
                    res.department.name,
                )
            ):
                _cell(table.cell(r, c), text)
    else:
        _para(doc, "本次检查未登记检验检测结果。", 12)
    _para(doc, "", 12)
    _para(
        doc,
        "被检查单位意见：                                    负责人签名：            年  月  日",
        12,
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
