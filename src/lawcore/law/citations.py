"""Citations of the Administrative Penalty Law (《中华人民共和国行政处罚法》, 2021 revision).

Every rule in `lawcore.law` returns the `Citation` objects it relied on, each with the verbatim
Chinese text of the article, paragraph (款), item (项) or sentence it applies, so that a decision
document can quote it.

Source of the texts: `shared/law/administrative-penalty-law.md` (status VERIFIED there: full
statutory text of the 2021 revision, copied from `LawRefBook/Laws` 行政法/行政处罚法.md, a mirror of
the NPC's 国家法律法规数据库 https://flk.npc.gov.cn; in force 2021-07-15, Art. 86). The lines below
were extracted mechanically from that file; `tests/lawcore/law/test_citations.py` re-checks them.

Numbering: `paragraph` is the 款 (1-based), `item` the 项 within that paragraph (（一） = 1),
`sentence` the sentence (句) within the paragraph, split at “。”. A line of the source that starts
with “（” is an item of the paragraph before it.

Article 42 (two enforcement officers) was asked for but is not in the transcription, so it is not
offered here: quoting it would mean typing statute from memory.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

APL: Final = "中华人民共和国行政处罚法"
APL_SOURCE: Final = (
    "shared/law/administrative-penalty-law.md — 《中华人民共和国行政处罚法》(2021年修订) full text, "
    "VERIFIED transcription of LawRefBook/Laws 行政法/行政处罚法.md (mirror of https://flk.npc.gov.cn)"
)
APL_IN_FORCE_FROM: Final = "2021-07-15"

_DIGITS: Final = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 33 → 三十三, 105 → 一百零五 (the form used in article and paragraph numbers)."""
    if not 0 < n < 1000:
        raise ValueError(f"number out of range for a citation: {n}")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return out + "零" + _DIGITS[units]
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        out += _DIGITS[units]
    return out


@dataclass(frozen=True, slots=True)
class Citation:
    """One quotable piece of a law: an article, or a paragraph / item / sentence of it."""

    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None
    sentence: int | None = None
    text: str = ""

    def label(self) -> str:
        """The reference as written in a decision document, e.g. 《中华人民共和国行政处罚法》第三十三条第一款."""
        out = f"《{self.law}》第{chinese_number(self.article)}条"
        if self.paragraph is not None and not (
            self.paragraph == 1 and self.law == APL and _paragraph_count(self.article) == 1
        ):
            out += f"第{chinese_number(self.paragraph)}款"
        if self.item is not None:
            out += f"第（{chinese_number(self.item)}）项"
        return out

    def quote(self) -> str:
        """Label followed by the quoted text: 《…》第三十条规定：“…”."""
        return f"{self.label()}规定：“{self.text}”"


# Verbatim lines of the articles used by lawcore (article number → its lines, in order).
_APL_LINES: Final[Mapping[int, tuple[str, ...]]] = MappingProxyType(
    {
        9: (
            "行政处罚的种类：",
            "（一）警告、通报批评；",
            "（二）罚款、没收违法所得、没收非法财物；",
            "（三）暂扣许可证件、降低资质等级、吊销许可证件；",
            "（四）限制开展生产经营活动、责令停产停业、责令关闭、限制从业；",
            "（五）行政拘留；",
            "（六）法律、行政法规规定的其他行政处罚。",
        ),
        30: (
            "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚。",
        ),
        31: (
            "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚，但应当责令其监护人严加看管和治疗。间歇性精神病人在精神正常时有违法行为的，应当给予行政处罚。尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人有违法行为的，可以从轻或者减轻行政处罚。",
        ),
        32: (
            "当事人有下列情形之一，应当从轻或者减轻行政处罚：",
            "（一）主动消除或者减轻违法行为危害后果的；",
            "（二）受他人胁迫或者诱骗实施违法行为的；",
            "（三）主动供述行政机关尚未掌握的违法行为的；",
            "（四）配合行政机关查处违法行为有立功表现的；",
            "（五）法律、法规、规章规定其他应当从轻或者减轻行政处罚的。",
        ),
        33: (
            "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。",
            "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。",
            "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。",
        ),
        36: (
            "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。法律另有规定的除外。",
            "前款规定的期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。",
        ),
        37: (
            "实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、法规、规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定。",
        ),
        51: (
            "违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告的行政处罚的，可以当场作出行政处罚决定。法律另有规定的，从其规定。",
        ),
        57: (
            "调查终结，行政机关负责人应当对调查结果进行审查，根据不同情况，分别作出如下决定：",
            "（一）确有应受行政处罚的违法行为的，根据情节轻重及具体情况，作出行政处罚决定；",
            "（二）违法行为轻微，依法可以不予行政处罚的，不予行政处罚；",
            "（三）违法事实不能成立的，不予行政处罚；",
            "（四）违法行为涉嫌犯罪的，移送司法机关。",
            "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。",
        ),
        58: (
            "有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定：",
            "（一）涉及重大公共利益的；",
            "（二）直接关系当事人或者第三人重大权益，经过听证程序的；",
            "（三）案件情况疑难复杂、涉及多个法律关系的；",
            "（四）法律、法规规定应当进行法制审核的其他情形。",
            "行政机关中初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格。",
        ),
        63: (
            "行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利，当事人要求听证的，行政机关应当组织听证：",
            "（一）较大数额罚款；",
            "（二）没收较大数额违法所得、没收较大价值非法财物；",
            "（三）降低资质等级、吊销许可证件；",
            "（四）责令停产停业、责令关闭、限制从业；",
            "（五）其他较重的行政处罚；",
            "（六）法律、法规、规章规定的其他情形。",
            "当事人不承担行政机关组织听证的费用。",
        ),
        64: (
            "听证应当依照以下程序组织：",
            "（一）当事人要求听证的，应当在行政机关告知后五日内提出；",
            "（二）行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点；",
            "（三）除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行；",
            "（四）听证由行政机关指定的非本案调查人员主持；当事人认为主持人与本案有直接利害关系的，有权申请回避；",
            "（五）当事人可以亲自参加听证，也可以委托一至二人代理；",
            "（六）当事人及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，行政机关终止听证；",
            "（七）举行听证时，调查人员提出当事人违法的事实、证据和行政处罚建议，当事人进行申辩和质证；",
            "（八）听证应当制作笔录。笔录应当交当事人或者其代理人核对无误后签字或者盖章。当事人或者其代理人拒绝签字或者盖章的，由听证主持人在笔录中注明。",
        ),
        66: (
            "行政处罚决定依法作出后，当事人应当在行政处罚决定书载明的期限内，予以履行。",
            "当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳。",
        ),
        67: (
            "作出罚款决定的行政机关应当与收缴罚款的机构分离。",
            "除依照本法第六十八条、第六十九条的规定当场收缴的罚款外，作出行政处罚决定的行政机关及其执法人员不得自行收缴罚款。",
            "当事人应当自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。银行应当收受罚款，并将罚款直接上缴国库。",
        ),
        72: (
            "当事人逾期不履行行政处罚决定的，作出行政处罚决定的行政机关可以采取下列措施：",
            "（一）到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额；",
            "（二）根据法律规定，将查封、扣押的财物拍卖、依法处理或者将冻结的存款、汇款划拨抵缴罚款；",
            "（三）根据法律规定，采取其他行政强制执行方式；",
            "（四）依照《中华人民共和国行政强制法》的规定申请人民法院强制执行。",
            "行政机关批准延期、分期缴纳罚款的，申请人民法院强制执行的期限，自暂缓或者分期缴纳罚款期限结束之日起计算。",
        ),
        73: (
            "当事人对行政处罚决定不服，申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。",
            "当事人对限制人身自由的行政处罚决定不服，申请行政复议或者提起行政诉讼的，可以向作出决定的机关提出暂缓执行申请。符合法律规定情形的，应当暂缓执行。",
            "当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算。",
        ),
        85: ("本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。",),
    }
)


def _is_item(line: str) -> bool:
    return line.startswith("（")


@functools.cache
def _paragraphs(article: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The paragraphs of an article as (lead text, items)."""
    try:
        lines = _APL_LINES[article]
    except KeyError:
        raise KeyError(
            f"APL article {article} is not transcribed in lawcore.law.citations"
        ) from None
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if _is_item(line) and out:
            out[-1][1].append(line)
        else:
            out.append((line, []))
    return tuple((lead, tuple(items)) for lead, items in out)


def _sentences(text: str) -> tuple[str, ...]:
    parts = [p for p in text.split("。") if p]
    return tuple(p + "。" for p in parts)


def _paragraph_count(article: int) -> int:
    return len(_paragraphs(article)) if article in _APL_LINES else 0


@functools.lru_cache(maxsize=1024)
def apl(
    article: int,
    paragraph: int | None = None,
    *,
    item: int | None = None,
    sentence: int | None = None,
) -> Citation:
    """A citation of the APL with its verbatim text.

    `apl(33)` → the whole article (paragraphs joined by newlines); `apl(33, 1)` → paragraph 1;
    `apl(33, 1, sentence=2)` → its second sentence; `apl(32, 1, item=1)` → item （一）.
    A pure function of the transcribed text, so kept once built: the decision engine cites APL 37
    and others for every request it decides (issue #3, Performance).
    """
    paragraphs = _paragraphs(article)
    if paragraph is None:
        if item is not None or sentence is not None:
            raise ValueError("item or sentence needs a paragraph")
        return Citation(APL, article, text="\n".join(_APL_LINES[article]))
    if not 1 <= paragraph <= len(paragraphs):
        raise KeyError(f"APL article {article} has no paragraph {paragraph}")
    lead, items = paragraphs[paragraph - 1]
    if item is not None:
        if not 1 <= item <= len(items):
            raise KeyError(f"APL article {article} paragraph {paragraph} has no item {item}")
        return Citation(APL, article, paragraph, item=item, text=items[item - 1])
    if sentence is not None:
        sentences = _sentences(lead)
        if not 1 <= sentence <= len(sentences):
            raise KeyError(
                f"APL article {article} paragraph {paragraph} has no sentence {sentence}"
            )
        return Citation(APL, article, paragraph, sentence=sentence, text=sentences[sentence - 1])
    return Citation(APL, article, paragraph, text="\n".join((lead, *items)))


def apl_articles() -> tuple[int, ...]:
    """The APL articles whose text is available here."""
    return tuple(sorted(_APL_LINES))


def apl_lines(article: int) -> tuple[str, ...]:
    """The verbatim source lines of one article (without the “第…条” prefix)."""
    return _APL_LINES[article]
