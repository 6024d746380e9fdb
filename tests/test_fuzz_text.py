"""Any text at all gets a verdict for every element; nothing in segmentation or evaluation crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import check_text

# Characters a report is made of, weighted towards what the segmenter and the rules look at: headings'
# numerals and marks, both widths of punctuation, quotes, dates, line breaks and the words of the rules.
REPORT_ALPHABET = st.sampled_from(
    [
        *'一二三四五六七八九十()（）、.。，,;；:：!?“”"《》 \t\n\r0123456789年月日-',
        "\n\n",
        "存在的不足",
        "下一步",
        "法治政府建设",
        "年度报告",
        "人民政府",
        "普法",
        "复议",
        "发布日期:",
        "版权所有",
    ]
)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _every_element_has_a_verdict(checker, text: str) -> None:
    result = check_text(checker, text)
    assert {e.id for e in result.elements} == {r.id for r in checker.ruleset_for(result.profile).rules}
    assert all(e.status for e in result.elements)
    assert 0 <= result.score <= 100


@FUZZ
@given(text=st.text())
def test_any_unicode_text(checker, text):
    _every_element_has_a_verdict(checker, text)


@FUZZ
@given(pieces=st.lists(REPORT_ALPHABET, max_size=300))
def test_report_like_text(checker, pieces):
    _every_element_has_a_verdict(checker, "".join(pieces))
