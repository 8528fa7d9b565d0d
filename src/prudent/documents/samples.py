"""One sample of each kind (衡阳县 demo names), for tests, docs and ``python -m
prudent.documents.samples OUTDIR`` which writes every kind as .docx and .pdf."""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from pathlib import Path

from prudent.documents import builders as b
from prudent.documents.inputs import (
    Citation,
    Contact,
    FollowUp,
    Officer,
    Payment,
    Penalty,
    Reasoning,
    ReinspectionOutcome,
    Remedies,
    ServedDocument,
    ServiceMethod,
    Statement,
)
from prudent.documents.model import DocumentKind, DocumentSpec, Party, PartyType
from prudent.documents.numbering import DocumentNumber

AUTHORITY = "衡阳县市场监督管理局"
DATE = datetime.date(2026, 3, 5)
COMPANY = Party(
    PartyType.ORGANISATION,
    "衡阳县湘味食品有限公司",
    "91430421MA4L12346A",
    "湖南省衡阳市衡阳县西渡镇蒸阳北路88号",
    legal_representative="李明",
    phone="0734-6812345",
)
SHOP = Party(
    PartyType.INDIVIDUAL_BUSINESS,
    "衡阳县西渡镇好邻居便利店",
    "92430421MA4L567871",
    "湖南省衡阳市衡阳县西渡镇解放路12号",
    legal_representative="王芳",
)
OFFICERS = (Officer("张伟", "43042100123"), Officer("刘洋", "43042100456"))
CONTACT = Contact("张伟", "0734-6820000", "衡阳县西渡镇人民路1号")
REMEDIES = Remedies("衡阳县人民政府", "衡阳县人民法院")

# What lawcore.decision.Decision.to_json() gives for an ordinary-tier food case (abridged).
PENALTY_JSON: dict[str, object] = {
    "reasons": [
        "当事人经营标签不符合规定的食品，货值金额较小，违法所得较少，属于一般违法情形。",
        "当事人在调查中如实陈述违法事实，积极配合调查，可以在法定幅度内从轻确定罚款数额。",
    ],
    "citations": [
        {
            "kind": "provision",
            "label": "《中华人民共和国食品安全法》第一百二十五条第一款第二项",
            "text": "",
        },
        {"kind": "law", "label": "《中华人民共和国行政处罚法》第二十八条", "text": ""},
    ],
    "follow_ups": [],
}
NO_PENALTY_JSON: dict[str, object] = {
    "reasons": [
        "经查，当事人历史记录中无同一违法行为记录，系初次违法。",
        "当事人的违法行为危害后果轻微，并在责令改正期限内改正，符合首违不罚情形。",
    ],
    "citations": [
        {
            "kind": "law",
            "label": "《中华人民共和国行政处罚法》第三十三条第一款",
            "text": "初次违法且危害后果轻微并及时改正的，可以不予行政处罚。",
        },
    ],
    "follow_ups": [
        {"kind": "re_inspection", "text": "对改正情况进行复查。", "due": "2026-04-04"},
        {"kind": "return_visit", "text": "对当事人进行回访，督促守法经营。", "due": "2026-06-03"},
    ],
}


def num(seq: int, prefix: str = "衡县市监处罚") -> DocumentNumber:
    return DocumentNumber(prefix, 2026, seq)


def penalty_reasoning() -> Reasoning:
    return Reasoning.from_decision_json(PENALTY_JSON)


def samples() -> dict[DocumentKind, DocumentSpec]:
    facts = (
        "2026年1月12日，当事人在其经营场所销售标签未标注生产日期的散装糕点共计40袋，货值金额人民币800元，违法所得人民币120元。",
    )
    evidence = ("现场笔录", "询问笔录", "进货单据复印件", "现场照片")
    fine = Decimal("10000")
    return {
        DocumentKind.CASE_FILING_APPROVAL: b.build_case_filing_approval(
            authority=AUTHORITY,
            number=num(3, "衡县市监立"),
            date=DATE,
            party=COMPANY,
            source="日常监督检查",
            cause="经营标签不符合规定的食品",
            summary="执法人员在日常检查中发现当事人销售标签未标注生产日期的散装糕点，涉嫌违反《中华人民共和国食品安全法》第六十八条的规定，依法应当立案调查。",
            handler_opinion="建议立案调查。",
            handlers=OFFICERS,
        ),
        DocumentKind.PENALTY_NOTICE: b.build_penalty_notice(
            authority=AUTHORITY,
            number=num(11, "衡县市监罚告"),
            date=DATE,
            party=COMPANY,
            case_opened=datetime.date(2026, 1, 15),
            cause="经营标签不符合规定的食品",
            facts=facts,
            evidence=evidence,
            reasoning=penalty_reasoning(),
            penalty=Penalty(("没收违法所得人民币120元",), fine),
            hearing_right=True,
            contact=CONTACT,
        ),
        DocumentKind.NO_PENALTY_DECISION: b.build_no_penalty_decision(
            authority=AUTHORITY,
            number=num(7, "衡县市监不罚"),
            date=DATE,
            party=SHOP,
            case_opened=datetime.date(2026, 2, 2),
            cause="未按规定公示营业执照",
            investigation="执法人员依法进行了现场检查并询问了经营者。",
            facts=("当事人未在经营场所醒目位置悬挂营业执照，经责令改正后已于当日改正。",),
            evidence=("现场笔录", "整改后照片"),
            reasoning=Reasoning.from_decision_json(NO_PENALTY_JSON),
            remedies=REMEDIES,
        ),
        DocumentKind.PENALTY_DECISION: b.build_penalty_decision(
            authority=AUTHORITY,
            number=num(12),
            date=DATE,
            party=COMPANY,
            case_opened=datetime.date(2026, 1, 15),
            cause="经营标签不符合规定的食品",
            investigation="执法人员依法进行了现场检查，对涉案糕点实施了先行登记保存，并调取了进货单据。",
            facts=facts,
            evidence=evidence,
            statements=(
                Statement(
                    "涉案糕点系供货商标签错误所致，请求免予处罚",
                    False,
                    "食品经营者负有查验标签的法定义务，供货商的过错不免除当事人的责任；本机关已在确定罚款数额时考虑当事人配合调查的情节。",
                ),
            ),
            hearing="当事人未要求听证。",
            reasoning=penalty_reasoning(),
            penalty=Penalty(("没收违法所得人民币120元",), fine),
            payment=Payment(
                "中国农业银行衡阳县支行", "衡阳县非税收入汇缴结算户", "18-500101040001234"
            ),
            remedies=REMEDIES,
        ),
        DocumentKind.CORRECTION_ORDER: b.build_correction_order(
            authority=AUTHORITY,
            number=num(21, "衡县市监责改"),
            date=DATE,
            party=SHOP,
            facts=("当事人未在经营场所醒目位置悬挂营业执照。",),
            basis=("《中华人民共和国市场主体登记管理条例》第三十六条",),
            requirements=("在经营场所醒目位置悬挂营业执照正本", "将改正情况的照片报送本机关"),
            deadline=datetime.date(2026, 3, 20),
            contact=CONTACT,
        ),
        DocumentKind.REMINDER: b.build_reminder(
            authority=AUTHORITY,
            number=num(2, "衡县市监提示"),
            date=DATE,
            party=SHOP,
            findings=("经营场所内部分预包装食品临近保质期，未集中陈列并作出醒目提示。",),
            basis=("《中华人民共和国食品安全法》第五十四条",),
            reminders=(
                "定期检查库存食品，及时清理变质或者超过保质期的食品",
                "临近保质期的食品应当集中陈列并醒目提示",
            ),
        ),
        DocumentKind.SUGGESTION: b.build_suggestion(
            authority=AUTHORITY,
            number=num(4, "衡县市监建议"),
            date=DATE,
            party=COMPANY,
            findings=("食品进货查验记录不完整，部分批次未留存供货者许可证复印件。",),
            suggestions=("建立电子化进货查验台账", "指定专人负责食品安全管理"),
            feedback_by=datetime.date(2026, 4, 5),
        ),
        DocumentKind.INTERVIEW_NOTICE: b.build_interview_notice(
            authority=AUTHORITY,
            number=num(5, "衡县市监约谈"),
            date=DATE,
            party=COMPANY,
            matter="近期多次被消费者投诉食品标签问题",
            when=datetime.datetime(2026, 3, 12, 9, 30),
            place="衡阳县市场监督管理局三楼会议室",
            attendees="法定代表人或者主要负责人、食品安全管理人员",
            materials=("营业执照副本复印件", "食品安全管理制度"),
            joint_departments=("衡阳县商务局",),
            contact=CONTACT,
        ),
        DocumentKind.COMMITMENT: b.build_commitment(
            authority=AUTHORITY,
            date=DATE,
            party=SHOP,
            facts=("未在经营场所醒目位置悬挂营业执照。",),
            measures=("在经营场所醒目位置悬挂营业执照正本",),
            deadline=datetime.date(2026, 3, 20),
            reference=num(21, "衡县市监责改"),
        ),
        DocumentKind.REINSPECTION_RECORD: b.build_reinspection_record(
            authority=AUTHORITY,
            date=datetime.date(2026, 3, 21),
            party=SHOP,
            when=datetime.datetime(2026, 3, 21, 10, 0),
            place="衡阳县西渡镇解放路12号",
            officers=OFFICERS,
            order=num(21, "衡县市监责改"),
            requirements=("在经营场所醒目位置悬挂营业执照正本",),
            findings="营业执照正本已悬挂于收银台上方墙面，清晰可见。",
            outcome=ReinspectionOutcome.CORRECTED,
        ),
        DocumentKind.RETURN_VISIT_RECORD: b.build_return_visit_record(
            authority=AUTHORITY,
            date=datetime.date(2026, 6, 3),
            party=SHOP,
            when=datetime.datetime(2026, 6, 3, 15, 0),
            method="实地回访",
            visitors=OFFICERS,
            decision=num(7, "衡县市监不罚"),
            correction_account="已按要求悬挂营业执照，并建立了每日自查制度。",
            opinion="执法人员讲解耐心，希望多开展政策宣传。",
            score=5,
        ),
        DocumentKind.SERVICE_RECEIPT: b.build_service_receipt(
            authority=AUTHORITY,
            date=DATE,
            party=COMPANY,
            documents=(ServedDocument("行政处罚决定书", num(12)),),
            served_at=datetime.datetime(2026, 3, 6, 14, 5),
            place="衡阳县西渡镇蒸阳北路88号",
            method=ServiceMethod.DIRECT,
            servers=("张伟", "刘洋"),
            receiver="李明",
        ),
        DocumentKind.WARNING_RECORD: b.build_warning_record(
            authority=AUTHORITY,
            number=num(3, "衡县市监警示"),
            date=DATE,
            party=SHOP,
            findings=("2026年3月2日检查发现，你店货架上陈列的3袋饼干已超过标注的保质期。",),
            basis=("《中华人民共和国食品安全法》第三十四条",),
            warnings=("立即下架并销毁超过保质期的食品", "建立进货查验和临期食品定期清查制度"),
            contact=CONTACT,
        ),
        DocumentKind.PERSUASION_RECORD: b.build_persuasion_record(
            authority=AUTHORITY,
            date=DATE,
            party=SHOP,
            when=datetime.datetime(2026, 3, 5, 10, 30),
            place="衡阳县西渡镇解放路12号（当事人经营场所）",
            officers=OFFICERS,
            issues=("店外占道堆放货物，遮挡消防通道标识",),
            demonstration=(
                "讲解《湖南省优化营商环境条例》和店外经营的有关规定",
                "现场示范货物归类上架和通道标识的设置",
            ),
            response="认可，当场将货物搬回店内。",
            agreed=True,
        ),
        DocumentKind.CRIME_TRANSFER: b.build_crime_transfer(
            authority=AUTHORITY,
            number=num(1, "衡县市监移"),
            date=DATE,
            party=COMPANY,
            receiver="衡阳县公安局",
            cause="生产经营不符合食品安全标准的食品",
            facts=(
                "经查，当事人生产的散装卤肉制品经抽样检验，菌落总数超过食品安全国家标准限量，"
                "涉案货值金额人民币六万余元，可能涉嫌生产、销售不符合安全标准的食品罪。",
            ),
            basis=(
                "《中华人民共和国行政处罚法》第二十七条第一款",
                "《行政执法机关移送涉嫌犯罪案件的规定》第三条",
            ),
            materials=(
                "涉嫌犯罪案件调查报告",
                "检验报告复印件",
                "现场笔录及询问笔录",
                "涉案物品清单",
            ),
            contact=CONTACT,
        ),
    }


__all__ = ["Citation", "FollowUp", "samples"]


def main(argv: list[str]) -> int:
    from prudent.documents.docx import write_docx
    from prudent.documents.pdf import write_pdf

    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    for kind, spec in samples().items():
        write_docx(spec, out / f"{kind.value}.docx")
        write_pdf(spec, out / f"{kind.value}.pdf")
        print(out / kind.value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
