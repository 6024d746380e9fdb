"""Is the report of its year and of its place? Time-sensitive references and other provinces' names.

Both checks read their knowledge from the rule set's data tables (data.temporal; data.provinces,
data.shared_regions, data.national_mentions from rules/data/provinces.yaml), so a new congress, a new 普法
plan or a new provincial app is a line of YAML, not a code change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from checker.judge.context import snippet
from checker.results import FAIL, PARTIAL, PASS, UNKNOWN, Evidence, Finding
from checker.ruleset.scan import Names

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.read.document import Sentence
    from checker.ruleset import Rule, Ruleset

_YEAR_IN_HEADING = re.compile(r"(20\d{2})\s*年")
MAX_EVIDENCE = 10
# A name's last character that starts a word with the next one: "…安定区域" is 区域 (a region), "…市场" a market.
_WORD_AFTER = {"区": "域", "市": "场"}


# A bare name (no 省/市/县/区 of its own) that begins a local unit's name: 兰州湾镇 is a town of 新疆,
# not 甘肃's 兰州.
_LOCAL_UNIT_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}(?:镇|乡|村|街道|社区)")
_ADMIN_ENDINGS = tuple("省市县区州盟旗")


def _word_beyond(text: str, start: int, token: str) -> bool:
    """Whether a place name's last character really belongs to the word after it, or the name is only the
    start of a smaller place's name."""
    end = start + len(token)
    follower = _WORD_AFTER.get(token[-1])
    if follower is not None and text[end : end + 1] == follower:
        return True
    # Two characters are a bare city name even when the second is 州 (兰州, 杭州).
    bare = len(token) <= 2 or not token.endswith(_ADMIN_ENDINGS)
    return bare and bool(_LOCAL_UNIT_AFTER.match(text, end))


# Words that present another province's platform as something to learn from, not one's own.
_LEARNING = re.compile(r"学习|借鉴|参照|参考|对标|引进|推广|考察")

# ---------------------------------------------------------------- 时效


def reference_date(context: Context) -> date | None:
    """When the report was written, as far as the text tells: published, else signed, else 1 April of Y+1."""
    facts = context.facts
    if facts.published:
        return date.fromisoformat(facts.published)
    signed = context.document.dates.get("signed")
    if signed:
        return date.fromisoformat(signed[0])
    return date(facts.year + 1, 4, 1) if facts.year else None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _applies(entry: dict[str, Any], year: int, written: date | None, profile: str) -> bool:
    """Whether a temporal entry can be violated at all by a report of this year, date and profile."""
    if "profiles" in entry and profile not in entry["profiles"]:
        return False
    if "stale_from" in entry or "stale_until" in entry:
        return entry.get("stale_from", 0) <= year <= entry.get("stale_until", 9999)
    if "exists_from" in entry:
        return written is not None and written < date.fromisoformat(entry["exists_from"])
    return False


def _heading_years(context: Context, year: int) -> list[Evidence]:
    """The plan heading must name the next year, an achievements heading the report year."""
    found: list[Evidence] = []
    for section in context.document.sections:
        stated = _YEAR_IN_HEADING.search(section.heading) if section.explicit else None
        if not stated:
            continue
        value = int(stated.group(1))
        if section.kind == "plan" and value != year + 1:
            found.append(Evidence(section.line, f"安排年度 {value} 应为报告年度的下一年 {year + 1}：{section.heading}"))
        elif section.kind == "measures_results" and section.level == 1 and value != year:
            found.append(
                Evidence(section.line, f"成效部分标题的年度 {value} 与报告年度 {year} 不一致：{section.heading}")
            )
    return found


def temporal_consistency(rule: Rule, context: Context) -> Finding:
    """No stale references for the report year, and nothing cited before it existed."""
    year = context.facts.year
    if year is None:
        return Finding(UNKNOWN, missing="无法确定报告年度，不能判断表述的时效")
    written = reference_date(context)
    entries = [e for e in context.ruleset.data.get("temporal", []) if _applies(e, year, written, context.facts.profile)]
    major: list[Evidence] = []
    minor: list[Evidence] = []
    rows: list[dict[str, Any]] = []
    for paragraph in context.document.paragraphs:
        for sentence in paragraph.sentences:
            for entry in entries:
                found = _compiled(entry["pattern"]).search(sentence.view)
                if not found or any(u in sentence.view for u in entry.get("unless", [])):
                    continue
                severity = entry["severity"]
                note = Evidence(sentence.line, f"{entry['message']}：{snippet(sentence.text, found.group(0))}")
                (major if severity in ("major", "anachronism") else minor).append(note)
                rows.append({"line": sentence.line, "reference": found.group(0), "severity": severity})
    minor += _heading_years(context, year)
    details = {"year": year, "written": written.isoformat() if written else None, "references": rows}
    if major:
        shown = sorted(major, key=lambda e: e.line) + sorted(minor, key=lambda e: e.line)
        return Finding(FAIL, tuple(shown[:MAX_EVIDENCE]), missing="有过时或超前的表述，见证据", details=details)
    if minor:
        shown = sorted(minor, key=lambda e: e.line)
        return Finding(PARTIAL, tuple(shown[:MAX_EVIDENCE]), missing="有时效性存疑的表述，请核实", details=details)
    return Finding(PASS, note=f"未发现与 {year} 年度不符的表述", details=details)


# ---------------------------------------------------------------- 地域


@dataclass(frozen=True)
class _Gazetteer:
    """Every place and platform name of every province in one automaton, so a report is scanned once."""

    names: Names
    province_of: dict[str, str | None]
    platforms: frozenset[str]
    icp: re.Pattern[str]
    abbreviations: dict[str, str]
    # Words of aid and partnership between regions (对口援疆, 东西部协作): another province named in such a
    # sentence is a partner, not copied text.
    cooperation: re.Pattern[str] | None = None


def _compile_gazetteer(
    provinces: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...], ignore: tuple[str, ...]
) -> _Gazetteer:
    province_of: dict[str, str | None] = {}
    platforms: set[str] = set()
    for name, _, tokens, own_platforms in provinces:
        for token in tokens:
            province_of.setdefault(token, name)
        platforms.update(own_platforms)
    # Shared programmes (川渝通办) and national models (枫桥经验) are matched too, as nobody's, so that the
    # longest match consumes them before a province name inside them can match.
    for phrase in ignore:
        province_of[phrase] = None
    abbreviations = {abbr: name for name, abbr, _, _ in provinces}
    icp = re.compile("([" + "".join(re.escape(a) for a in abbreviations) + "])(?:ICP备|公网安备)")
    return _Gazetteer(Names(province_of), province_of, frozenset(platforms), icp, abbreviations)


def _gazetteer_of(ruleset: Ruleset) -> _Gazetteer:
    gazetteer = _gazetteer(ruleset.data)
    words = ruleset.data.get("cooperation_words", [])
    cooperation = re.compile("|".join(re.escape(w) for w in words)) if words else None
    return replace(gazetteer, cooperation=cooperation)


def _gazetteer(data: dict[str, Any]) -> _Gazetteer:
    # County names per province: a list, or one space-separated string (the shipped table, for speed).
    counties = {
        province: names.split() if isinstance(names, str) else list(names)
        for province, names in data.get("counties", {}).items()
    }
    provinces = tuple(
        (
            p["name"],
            p["abbr"],
            tuple(p["names"] + p.get("platforms", []) + p.get("cities", []) + counties.get(p["name"], [])),
            tuple(p.get("platforms", [])),
        )
        for p in data.get("provinces", [])
    )
    ignore = tuple(data.get("shared_regions", []) + data.get("national_mentions", []) + data.get("ordinary_words", []))
    return _compile_gazetteer(provinces, ignore)


def _home_province(context: Context, gazetteer: _Gazetteer, in_body: Iterable[str]) -> str | None:
    """The province the report is from: the one whose names, platforms and cities it uses most, counting
    the page frame (落款, 发布机构, ICP 备案) three times because the body may be the copied part."""
    document = context.document
    frame = " ".join(
        [f.value for f in document.chrome]
        + [f.value for f in document.signature]
        + [f.value for f in document.metadata.values()]
        + [f.value for f in document.title_block]
        + ([document.title.value] if document.title else [])
    )
    counts: Counter[str] = Counter()
    for tokens, weight in ((in_body, 1), ((token for _, token in gazetteer.names.longest_first(frame)), 3)):
        for token in tokens:
            province = gazetteer.province_of[token]
            if province:
                counts[province] += weight
    for found in gazetteer.icp.finditer(frame):
        counts[gazetteer.abbreviations[found.group(1)]] += 5
    ranked = [name for name, n in counts.most_common() if n]
    return ranked[0] if ranked else None


def _sentence_starts(context: Context) -> tuple[list[Sentence], list[int]]:
    """Every sentence, and where its view starts in the paragraph views joined by newlines."""
    sentences: list[Sentence] = []
    starts: list[int] = []
    offset = 0
    for paragraph, view in zip(context.document.paragraphs, context.paragraph_views, strict=True):
        at = 0
        for sentence in paragraph.sentences:
            # A sentence's view is a piece of its paragraph's: the view only drops characters.
            found = view.find(sentence.view, at)
            at = found if found >= 0 else at
            sentences.append(sentence)
            starts.append(offset + at)
        offset += len(view) + 1
    return sentences, starts


def local_consistency(rule: Rule, context: Context) -> Finding:
    """Places and platforms of the reporting body's own province, not another's (copied text)."""
    gazetteer = context.ruleset.derived(_gazetteer_of)  # 3,000 names: compiled once per rule set
    # One pass over the body serves both the vote for the home province and the flags.
    body = "\n".join(context.paragraph_views)
    in_body = gazetteer.names.longest_first(body)
    home = _home_province(context, gazetteer, (token for _, token in in_body))
    if home is None:
        return Finding(PASS, note="未出现可判断省份的地名或平台名")
    flagged: list[Evidence] = []
    tokens_found: dict[str, str] = {}
    # Another province's platform used in the year's work is a clear sign of copied text; named in a
    # plan ("推广湘矛调等平台") it may be a neighbour's tool to learn from.
    platform_used = False
    foreign = [
        (start, token, gazetteer.province_of[token]) for start, token in in_body if not _word_beyond(body, start, token)
    ]
    foreign = [(start, token, province) for start, token, province in foreign if province not in (None, home)]
    if foreign:
        sentences, starts = _sentence_starts(context)
        # Asked once per sentence: one long sentence may name a thousand places.
        partner: dict[int, bool] = {}
        for start, token, province in foreign:
            at = max(0, bisect_right(starts, start) - 1)
            sentence = sentences[at]
            if at not in partner:
                partner[at] = gazetteer.cooperation is not None and bool(gazetteer.cooperation.search(sentence.view))
            if partner[at]:
                continue
            is_platform = token in gazetteer.platforms
            kind = "平台" if is_platform else "地名"
            flagged.append(Evidence(sentence.line, f"{kind}“{token}”属于{province}：{snippet(sentence.text, token)}"))
            tokens_found[token] = str(province)
            scope = context.document.paragraphs[sentence.paragraph].scope
            borrowed = _LEARNING.search(sentence.view[: max(0, sentence.view.find(token))][-8:])
            platform_used |= is_platform and scope == "achievements" and not borrowed
    details = {"home": home, "foreign": [{"token": t, "province": p} for t, p in tokens_found.items()]}
    if not flagged:
        return Finding(PASS, note=f"地名和平台名与{home}一致", details=details)
    status = FAIL if platform_used or len(tokens_found) >= rule.params["fail_tokens"] else PARTIAL
    return Finding(
        status,
        tuple(flagged[:MAX_EVIDENCE]),
        missing=f"报告主体在{home}，但出现了其他省份的地名或平台（{'、'.join(tokens_found)}），请人工核实是否套用",
        details=details,
    )
