"""The article texts quoted by lawcore.law are verbatim copies of shared/law (R-DEC-1, R-DEC-5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawcore.law import APL, Citation, apl, apl_articles, apl_lines, chinese_number

LAW_FILE = Path(__file__).resolve().parents[4] / "shared" / "law" / "administrative-penalty-law.md"

REQUIRED = (30, 31, 32, 33, 36, 37, 51, 57, 58, 63, 64, 66, 67, 72, 85)


def test_every_article_the_rules_cite_is_transcribed_R_DEC_1() -> None:
    assert set(REQUIRED) <= set(apl_articles())


@pytest.mark.skipif(not LAW_FILE.exists(), reason="shared/law not available next to the repository")
@pytest.mark.parametrize("article", sorted(set(REQUIRED) | {9, 73}))
def test_article_text_is_verbatim_from_the_law_file_R_DEC_5(article: int) -> None:
    source = LAW_FILE.read_text(encoding="utf-8").splitlines()
    lines = apl_lines(article)
    head = f"第{chinese_number(article)}条 {lines[0]}"
    start = source.index(head)
    body = [line for line in source[start + 1 :] if line.strip()][: len(lines) - 1]
    assert body == list(lines[1:])


def test_paragraph_sentence_and_item_citations_quote_the_right_text_R_DEC_5() -> None:
    s1 = apl(33, 1, sentence=1)
    s2 = apl(33, 1, sentence=2)
    assert s1.text == "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"
    assert s2.text == "初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"
    assert apl(33, 1).text == s1.text + s2.text
    assert apl(32, 1, item=3).text == "（三）主动供述行政机关尚未掌握的违法行为的；"
    assert (
        apl(57, 2).text
        == "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。"
    )
    assert apl(72, 2).text.startswith("行政机关批准延期、分期缴纳罚款的")


def test_citation_label_is_the_form_used_in_decision_documents_R_DEC_5() -> None:
    assert apl(33, 2).label() == "《中华人民共和国行政处罚法》第三十三条第二款"
    assert apl(30, 1).label() == "《中华人民共和国行政处罚法》第三十条"  # single paragraph
    assert apl(63, 1, item=1).label() == "《中华人民共和国行政处罚法》第六十三条第一款第（一）项"
    assert (
        apl(33, 3)
        .quote()
        .endswith("“对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。”")
    )
    assert Citation(law=APL, article=33, paragraph=1, text="x").law == "中华人民共和国行政处罚法"


def test_article_42_is_not_invented_when_it_is_not_transcribed() -> None:
    with pytest.raises(KeyError, match="42"):
        apl(42)


def test_missing_paragraph_or_item_is_an_error() -> None:
    with pytest.raises(KeyError):
        apl(33, 4)
    with pytest.raises(KeyError):
        apl(32, 1, item=6)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (14, "十四"),
        (33, "三十三"),
        (100, "一百"),
        (105, "一百零五"),
        (123, "一百二十三"),
    ],
)
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text
