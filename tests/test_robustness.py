"""The same report reformatted must get the same verdicts; a report with a part removed must lose it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEEDS, check_text, statuses

SEED_FILES = sorted(SEEDS.glob("*.txt"))
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
FULL_TO_HALF = {full: half for half, full in HALF_TO_FULL.items()}


def widen(text: str) -> str:
    return "".join(HALF_TO_FULL.get(c, c) for c in text)


def narrow(text: str) -> str:
    return "".join(FULL_TO_HALF.get(c, c) for c in text)


def rewrap(text: str, width: int = 38, keep_blank_lines: bool = True) -> str:
    """Hard-wrap every line at `width` characters, as a careless copy from a PDF or an e-mail would."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if keep_blank_lines:
                out.append("")
            continue
        out += [line[i : i + width] for i in range(0, len(line), width)]
    return "\n".join(out)


def add_chrome(text: str) -> str:
    header = "您当前的位置：首页 > 政务公开 > 法治政府建设年度报告\n【字体：大 中 小】 打印 分享到：\n\n"
    footer = "\n\n扫一扫在手机打开当前页\n版权所有：某某县人民政府办公室 网站标识码：5002410002\n渝ICP备18015756号-1\n"
    return header + text + footer


TRANSFORMS = {
    "widen": widen,
    "narrow": narrow,
    "rewrap": rewrap,
    "rewrap-no-blank-lines": lambda t: rewrap(t, 45, keep_blank_lines=False),
    "chrome": add_chrome,
    "crlf": lambda t: t.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("transform", list(TRANSFORMS))
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_reformatting_keeps_verdicts(checker, seed, transform):
    text = seed.read_text(encoding="utf-8")
    before = statuses(check_text(checker, text))
    after = statuses(check_text(checker, TRANSFORMS[transform](text)))
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not changed


def _without_section(checker, text: str, kind: str) -> str:
    """The report with one top-level section (heading and body) cut out, located by the segmenter."""
    from checker.read.segment import segment
    from checker.read.source import SourceDocument, lines_from_text

    document = segment(SourceDocument("x", "text", lines_from_text(text)), checker.base.conventions)
    tops = sorted(s.line for s in document.sections if s.level == 1 and s.kind != "preamble")
    drop: set[int] = set()
    for section in (s for s in document.sections if s.kind == kind and s.level == 1):
        later = [line for line in tops if line > section.line]
        end = later[0] if later else max(document.paragraphs[i].line for i in section.paragraphs) + 1
        drop |= set(range(section.line, end))
    assert drop, f"no {kind} section to remove"
    return "\n".join(line for number, line in enumerate(text.split("\n"), start=1) if number not in drop)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_removing_shortcomings_fails_the_element(checker, seed):
    text = _without_section(checker, seed.read_text(encoding="utf-8"), "shortcomings")
    result = statuses(check_text(checker, text))
    assert result["section.shortcomings"] == "fail"
    assert result["quality.shortcomings_substance"] == "fail"


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_removing_the_plan_fails_the_element(checker, seed):
    text = _without_section(checker, seed.read_text(encoding="utf-8"), "plan")
    assert statuses(check_text(checker, text))["section.next_year_plan"] == "fail"


@pytest.mark.parametrize(
    ("seed", "element_id", "phrases"),
    [
        ("001", "content.dispute_resolution", ["共调解各类矛盾纠纷481件"]),
        ("003", "content.major_decisions", ["组织专家论证、风险评估"]),
        ("002", "content.enforcement_three_systems", ["配备执法记录仪2台"]),
        ("004", "content.open_government", ["主动公开政府政务信息4732条"]),
        ("000", "content.law_popularization", ["全年开展普法宣传活动15场次"]),
        ("003", "content.administrative_reconsideration", ["办理行政复议69件"]),
    ],
)
def test_removing_the_sentences_about_an_element_stops_it_passing(checker, seed, element_id, phrases):
    text = narrow(next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8"))
    assert statuses(check_text(checker, text))[element_id] == "pass"
    for phrase in phrases:
        pattern = re.compile(r"[^。\n]*" + re.escape(phrase) + r"[^。\n]*。?")
        text, count = pattern.subn("", text, count=1)
        assert count == 1
    assert statuses(check_text(checker, text))[element_id] != "pass"
