"""Recompute what a report's numbers say about each other (statcheck for 法治政府建设年度报告).

Three kinds of claims can be checked from the text alone:
- a rate stated next to the counts it is computed from (调解481件，成功474件，成功率98.5%);
- parts against their total (共313个，其中15家、4个、27个、268…; 共20件，其中按期办结25件);
- percentages that cannot exceed 100 (a 率 or 占比 that is not a growth figure; a fall of more than 100%).
Whatever cannot be recomputed (a rate without its counts, a hedged count such as 300余件) is left alone:
a false alarm costs a reviewer more than a missed one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.judge.checks.numbers import Amount, amount_pattern, amounts_in
from checker.judge.context import snippet
from checker.read.normalize import HAN
from checker.results import FAIL, PASS, Evidence, Finding

if TYPE_CHECKING:
    from checker.judge.context import Context
    from checker.read.document import Paragraph
    from checker.ruleset import Rule

_BOOK_TITLE = re.compile(r"《[^》]{0,60}》")
# Spaces are taken whole (possessive): the matches are the same, without trying every split of a long run.
_RATE = re.compile(
    rf"(?P<stem>{HAN}{{1,8}}?)率\s*+(?:约为|约|为|达到|达|是|均为|均达|保持|提升至|提高到|提高至)?\s*+"
    r"(?P<value>\d+(?:\.\d+)?)\s*+%"
)
_SHARE = re.compile(r"占(?:总数|总量|全部|比)?(?:的)?\s*+(?P<value>\d+(?:\.\d+)?)\s*+%")
_GROWTH = re.compile(r"同比|环比|增长|上升|增加|提高|提升|下降|减少|降低|增幅|降幅|较去年|较上年|比上年|比去年")
_SUMMED = re.compile(r"合计|共计|累计|总计|两项|三项|二者|两者")
_FALL = re.compile(r"(?:下降|减少|降低)(?:了)?\s*+(?P<value>\d+(?:\.\d+)?)\s*+%")
# How much of the words before 率 name the rate itself: 调解成功率, 全程网办率, 出庭应诉率 (the words
# before them, "县政务服务事项", say what is counted, not which share).
RATE_NAME_CHARS = 4
_QUALIFIERS = re.compile(r"^(?:其中|共计|共|累计|总计|合计|全年|今年|本年度|有|为|达)+")
_LIST_SEPARATORS = "、,;和及"
# An item introduced so is set beside the breakdown, not in it: "已审结11件，其中维持9件、驳回1件，另1件尚在审理中".
_BESIDE_THE_LIST = re.compile(r"^(?:另外|另有|另|此外|还有|尚有|尚余)")
# A number written right after a list item's label with nothing that could be a unit: "村居调委会268各级…".
_UNITLESS = re.compile(rf"(?P<label>{HAN}{{1,10}}?)(?P<number>\d+)(?=[{HAN[1:-1]}])")


@dataclass(frozen=True)
class Located:
    """An amount and the line of the sentence it was read from."""

    amount: Amount
    line: int
    # Which sentence of the paragraph it was read from (its positions are within that sentence).
    sentence: int = 0


def _masked(text: str) -> str:
    """The text with book titles blanked out: numbers in 《…2021-2025年…》 are not the report's counts."""
    return _BOOK_TITLE.sub(lambda m: "□" * len(m.group(0)), text) if "《" in text else text


def _stem_shared(stem: str, label: str) -> bool:
    """Whether a rate's name (调解成功) and a count's label (成功调解) talk about the same thing."""
    return any(stem[i : i + 2] in label for i in range(len(stem) - 1))


def _counts_same_thing(total: Located, part: Located, own: str) -> bool:
    """Whether a candidate total counts what the rate's part is a share of: its words share a word with
    the rate's name or the part's ("共调解各类矛盾纠纷481件" for 调解成功率), or the part breaks it down
    ("受理信访事项42件。其中办结38件")."""
    label = _QUALIFIERS.sub("", total.amount.label)
    part_label = _QUALIFIERS.sub("", part.amount.label)
    return part.amount.label.startswith("其中") or _stem_shared(own, label) or _stem_shared(part_label, label)


def _adjacent(total: Located, part: Located, text: str) -> bool:
    """The total's count is the one right before the part's, in the same sentence, a separator apart."""
    label_start = part.amount.start - len(part.amount.label)
    if total.sentence != part.sentence or not total.amount.end <= label_start:
        return False
    return len(text[total.amount.end : label_start]) <= 2


def _same_class(a: str, b: str, classes: list[list[str]]) -> bool:
    return a == b or any(a in group and b in group for group in classes)


def _decimals(value: str) -> int:
    return len(value.split(".")[1]) if "." in value else 0


# What may stand between a total and its 其中 list: "共排查412件，…，调解成功率96.6%，其中…".
# How far back a claim looks for its counts, so that a sentence of thousands of counts (a flattened
# table) costs time in proportion to its length: a rate or share is held against the counts nearest
# before it, a 其中 list against a total at most this many characters before it, and a list has at most
# so many parts. Real reports need far less (the corpus: 8 counts, 21 characters, 5 parts).
MAX_COUNTS_BACK = 16
MAX_TOTAL_DISTANCE = 160
MAX_PARTS = 50
# Claims recomputed (and problems found) per report, at most: a real report has a few dozen; a flattened
# table of 30,000 其中 lists is not read to its end, and its details stay readable.
MAX_CLAIMS = 200
_RATE_CLAUSE = re.compile(
    rf"[,，、;]?[^\W_A-Za-z]{{0,16}}?率{HAN}{{0,3}}\d+(?:\.\d+)?%[,，、;]?|[,，][^\W_A-Za-z]{{0,16}}?[,，]"
)


class _Checker:
    """The recomputation for one report: the paragraphs it reads and the problems it finds."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.tolerance = float(params["tolerance_points"])
        self.classes: list[list[str]] = params.get("unit_classes", [])
        self.amount = amount_pattern(params["units"])
        self.problems: list[tuple[int, str]] = []
        self.checked: list[dict[str, Any]] = []

    @property
    def full(self) -> bool:
        """Whether MAX_CLAIMS claims have been recomputed or found wrong: the rest are not looked at."""
        return len(self.checked) >= MAX_CLAIMS or len(self.problems) >= MAX_CLAIMS

    def paragraph(self, paragraph: Paragraph) -> None:
        """Check every rate, share and list of parts in one paragraph; counts may sit one sentence earlier."""
        if self.full or ("%" not in paragraph.text and "其中" not in paragraph.text):
            return  # no claim to check (most paragraphs): not even its sentences need looking at
        sentences = paragraph.sentences
        texts = [_masked(sentence.text) for sentence in sentences]
        # Every claim checked here is a percentage or a 其中 list; most sentences hold neither, and their
        # amounts are read only when the sentence after them holds a percentage (its counts may be here).
        percent = ["%" in text for text in texts]
        needed = [
            percent[i] or "其中" in texts[i] or (i + 1 < len(texts) and percent[i + 1]) for i in range(len(texts))
        ]
        amounts = [
            [Located(a, sentence.line, number) for a in amounts_in(text, self.amount)] if need else []
            for number, (sentence, text, need) in enumerate(zip(sentences, texts, needed, strict=True))
        ]
        for index, sentence in enumerate(sentences):
            text = texts[index]
            if percent[index]:
                # "…受理42件。其中办结40件，办结率95.2%": the total may be in the sentence before.
                earlier = amounts[index - 1] if index and text.startswith("其中") else []
                previous = amounts[index - 1] if index else []
                self._rates(text, sentence.line, earlier, amounts[index], previous)
                self._shares(text, sentence.line, earlier, amounts[index])
                self._falls(text, sentence.line)
            if "其中" in text:
                self._parts(text, sentence.line, amounts[index])

    # ------------------------------------------------------------ rates

    def _rates(
        self, text: str, line: int, earlier: list[Located], here: list[Located], previous: list[Located]
    ) -> None:
        ends = [a.amount.end for a in here]
        previous = previous[-MAX_COUNTS_BACK:]
        for rate in _RATE.finditer(text):
            if self.full:
                return
            stem, raw = rate.group("stem"), rate.group("value")
            value = float(raw)
            before = _nearest_before(earlier, here, ends, rate.start())
            context = text[max(0, rate.start() - 8) : rate.start()] + stem
            if value > 100:
                if not _GROWTH.search(context):
                    self.problems.append(
                        (line, f"{stem}率 {value:g}% 超过 100%，比率不可能大于 100%：{snippet(text, stem)}")
                    )
                continue
            if not self._recompute(stem + "率", raw, line, before, text, stem) and previous and not earlier:
                # "审结934件，…。通过调解和解方式结案276件，调解和解率29.6%": the total is a clause earlier.
                self._recompute_across(stem + "率", raw, line, previous, before, text, stem)

    def _shares(self, text: str, line: int, earlier: list[Located], here: list[Located]) -> None:
        ends = [a.amount.end for a in here]
        for share in _SHARE.finditer(text):
            if self.full:
                return
            raw = share.group("value")
            if float(raw) > 100:
                self.problems.append((line, f"占比 {raw}% 超过 100%：{snippet(text, share.group(0))}"))
                continue
            counts = _nearest_before(earlier, here, ends, share.start())
            if len(counts) < 2 or _SUMMED.search(text[max(0, share.start() - 4) : share.start()]):
                continue  # "…1105项、…258项，合计占比98.6%": a sum of parts, not the last count, is the share
            part = counts[-1]
            candidates = [
                a
                for a in counts[:-1]
                if _same_class(a.amount.unit, part.amount.unit, self.classes) and a.amount.value >= part.amount.value
            ]
            if candidates:
                self._settle("占比", raw, line, part, candidates, "", text)

    def _recompute(self, name: str, raw: str, line: int, counts: list[Located], text: str, stem: str) -> bool:
        """Recompute a rate from the last count named like the rate (the part) and an earlier count of the
        same kind at least as large (the total). False when the sentence holds no such part, so nothing
        was tried here.

        A reader accuses only when the total is certain: if some candidate reproduces the rate, that is
        the total the writer meant; otherwise the rate is held against the one candidate that counts the
        same thing (shares a word with the rate or the part, or is broken down by 其中), and against none
        when that is ambiguous — a false accusation in an official report is worse than a miss."""
        own = stem[-RATE_NAME_CHARS:]
        parts = [i for i, c in enumerate(counts) if _stem_shared(own, _QUALIFIERS.sub("", c.amount.label))]
        if not parts:
            return False
        part = counts[parts[-1]]
        candidates = [
            c
            for c in counts[: parts[-1]]
            if _same_class(c.amount.unit, part.amount.unit, self.classes) and c.amount.value >= part.amount.value
        ]
        if not candidates:
            return False
        self._settle(name, raw, line, part, candidates, own, text)
        return True

    def _recompute_across(
        self, name: str, raw: str, line: int, previous: list[Located], before: list[Located], text: str, stem: str
    ) -> None:
        """The part in this clause, the total among the counts of the clause before
        ("审结934件，…。通过调解和解方式结案276件，调解和解率29.6%")."""
        own = stem[-RATE_NAME_CHARS:]
        parts = [c for c in before if _stem_shared(own, _QUALIFIERS.sub("", c.amount.label))]
        if not parts:
            return
        part = parts[-1]
        candidates = [
            c
            for c in previous
            if _same_class(c.amount.unit, part.amount.unit, self.classes) and c.amount.value >= part.amount.value
        ]
        if candidates:
            self._settle(name, raw, line, part, candidates, own, text)

    def _settle(
        self, name: str, raw: str, line: int, part: Located, candidates: list[Located], own: str, text: str
    ) -> None:
        """Compare with the agreeing candidate if there is one, else with the only linked one, else not at all."""
        agreeing = next((c for c in reversed(candidates) if self._agrees(name, raw, part, c)), None)
        if agreeing is not None:
            self._compare(name, raw, line, part, agreeing, text)
            return
        linked = [c for c in candidates if _counts_same_thing(c, part, own)]
        if len(linked) == 1:
            self._compare(name, raw, line, part, linked[0], text)
        elif len(candidates) == 1 and _adjacent(candidates[0], part, text):
            # "排查矛盾纠纷103件、化解103件，化解率100%": the one count right before the part is its total.
            self._compare(name, raw, line, part, candidates[0], text)

    def _agrees(self, name: str, raw: str, part: Located, total: Located) -> bool:
        if part.amount.approximate or total.amount.approximate or total.amount.value == 0:
            return False
        computed = _nearest(_readings(name, part, total), float(raw))
        return abs(computed - float(raw)) <= 0.5 * 10 ** (-_decimals(raw)) + self.tolerance

    def _compare(self, name: str, raw: str, line: int, part: Located, total: Located, text: str) -> None:
        if part.amount.approximate or total.amount.approximate or total.amount.value == 0:
            return
        computed = _nearest(_readings(name, part, total), float(raw))
        allowed = 0.5 * 10 ** (-_decimals(raw)) + self.tolerance
        record = {
            "line": line,
            "rate": name,
            "stated": float(raw),
            "part": {"text": part.amount.text, "line": part.line},
            "total": {"text": total.amount.text, "line": total.line},
            "computed": round(computed, 2),
        }
        self.checked.append(record)
        if abs(computed - float(raw)) > allowed:
            record["inconsistent"] = True
            where = "" if part.line == total.line == line else f"（分子第{part.line}行，分母第{total.line}行）"
            self.problems.append(
                (
                    line,
                    f"{name}写作 {raw}%，按{_formula(part, total, computed)}计算应为 {computed:.2f}%"
                    f"{where}，超出容差 ±{allowed:.2f} 个百分点",
                )
            )

    # ------------------------------------------------------------ parts and totals

    def _parts(self, text: str, line: int, here: list[Located]) -> None:
        """其中 X > 共 Y, and the listed parts together more than the total when they share its unit."""
        ends = [a.amount.end for a in here]
        starts = [a.amount.start for a in here]
        largest = _largest_so_far(here)
        for at in (m.start() for m in re.finditer("其中", text)):
            if self.full:
                return
            count = bisect_right(ends, at)
            if count and at - ends[count - 1] <= 8:
                total = here[count - 1]
            else:
                # "共排查412件，成功调解398件，调解成功率96.6%，其中…": past a rate clause the list may break down
                # any earlier count; only the largest is safe to hold the parts against.
                past = _last_past_rate_clause(text, at, ends, count)
                if past is None:
                    continue
                total = here[largest[past]]
            first = bisect_left(starts, at + 2)
            parts = self._list_after(text, at, here[first : first + MAX_PARTS])
            if not parts:
                continue
            self.checked.append({"line": line, "total": total.amount.text, "parts": [p[1] for p in parts]})
            if total.amount.approximate:
                continue
            compatible = all(
                unit is None or _same_class(unit, total.amount.unit, self.classes) for _, _, unit, _ in parts
            )
            first_value, first_text, first_unit, first_hedged = parts[0]
            if (
                first_unit is not None
                and _same_class(first_unit, total.amount.unit, self.classes)
                and first_value > total.amount.value
                and not first_hedged
            ):
                self.problems.append(
                    (line, f"其中“{first_text}”大于总数“{total.amount.text}”：{snippet(text, first_text)}")
                )
                continue
            exact = [p for p in parts if not p[3]]
            if compatible and len(parts) >= 2 and len(exact) == len(parts):
                summed = sum(p[0] for p in parts)
                if summed > total.amount.value:
                    unitless = [p[1] for p in parts if p[2] is None]
                    note = f"（“{'、'.join(unitless)}”后缺单位，按同一单位计）" if unitless else ""
                    terms = "+".join(f"{p[0]:g}" for p in parts)
                    self.problems.append(
                        (
                            line,
                            f"其中各项之和 {terms}={summed:g} 大于总数“{total.amount.text}”{note}：{snippet(text, '其中')}",
                        )
                    )

    def _list_after(self, text: str, at: int, following: list[Located]) -> list[tuple[float, str, str | None, bool]]:
        """The parts listed after 其中, from the amounts `following` it: (value, text, unit or None when the
        unit was lost, hedged)."""
        parts: list[tuple[float, str, str | None, bool]] = []
        position = at + 2
        for amount in following:
            if not parts and amount.amount.start - position > 14:
                break
            if parts and _BESIDE_THE_LIST.match(amount.amount.label):
                break
            label_start = amount.amount.start - len(amount.amount.label)
            between = text[position:label_start]
            if parts and not (between and all(c in _LIST_SEPARATORS for c in between)) and between:
                break
            # A list item whose number lost its unit sits before this amount: "村居调委会268各级…" is not it;
            # lost units are only read at the end of a list (below).
            parts.append((amount.amount.value, amount.amount.text, amount.amount.unit, amount.amount.approximate))
            position = amount.amount.end
        if parts:
            tail = text[position : position + 20]
            lost = _UNITLESS.match(tail.lstrip(_LIST_SEPARATORS))
            if lost and tail[:1] in _LIST_SEPARATORS and not _BESIDE_THE_LIST.match(lost.group("label")):
                parts.append((float(lost.group("number")), lost.group(0), None, False))
        return parts

    def _falls(self, text: str, line: int) -> None:
        for fall in _FALL.finditer(text):
            if self.full:
                return
            if float(fall.group("value")) > 100:
                self.problems.append(
                    (
                        line,
                        f"下降 {fall.group('value')}% 超过 100%，数量不可能减少一倍以上：{snippet(text, fall.group(0))}",
                    )
                )


# A rate of decrease ("由年初的27家压减至5家，压减率81.5%") may be computed from what is left: (27 − 5) ÷ 27.
_DECREASE = re.compile(r"压减|下降|减少|降低|缩减|削减|降幅|减幅|压缩")


def _readings(name: str, part: Located, total: Located) -> list[float]:
    """What a rate named `name` may be, in percent, from a part and its total."""
    share = 100 * part.amount.value / total.amount.value
    return [share, 100 - share] if _DECREASE.search(name) else [share]


def _nearest(readings: list[float], stated: float) -> float:
    return min(readings, key=lambda value: abs(value - stated))


def _formula(part: Located, total: Located, computed: float) -> str:
    """How `computed` was reached, in the report's own words."""
    if abs(computed - 100 * part.amount.value / total.amount.value) < 1e-9:
        return f"“{part.amount.text}”÷“{total.amount.text}”"
    return f"（“{total.amount.text}”−“{part.amount.text}”）÷“{total.amount.text}”"


def _nearest_before(earlier: list[Located], here: list[Located], ends: list[int], at: int) -> list[Located]:
    """The counts (of the sentence before, then of this one up to `at`) nearest before `at`, at most
    MAX_COUNTS_BACK of them, in order."""
    count = bisect_right(ends, at)
    nearest = here[max(0, count - MAX_COUNTS_BACK) : count]
    missing = MAX_COUNTS_BACK - len(nearest)
    return (earlier[-missing:] if missing and earlier else []) + nearest


def _largest_so_far(amounts: list[Located]) -> list[int]:
    """For each amount, the index of the first largest one up to it: max() over a prefix, in one pass."""
    found: list[int] = []
    for index, amount in enumerate(amounts):
        if not found or amount.amount.value > amounts[found[-1]].amount.value:
            found.append(index)
        else:
            found.append(found[-1])
    return found


def _last_past_rate_clause(text: str, at: int, ends: list[int], count: int) -> int | None:
    """The last of the first `count` counts (`ends`: where each count ends) with a rate clause between it
    and `at`, looking back at most MAX_COUNTS_BACK counts and MAX_TOTAL_DISTANCE characters; None if none.

    Each earlier count's stretch holds the later ones', so whether a stretch holds a rate clause changes
    once along the counts: bisection finds the change with a few bounded searches."""
    low = max(0, count - MAX_COUNTS_BACK, bisect_left(ends, at - MAX_TOTAL_DISTANCE, 0, count))
    if low >= count or not _RATE_CLAUSE.search(text, ends[low], at):
        return None
    high = count - 1
    while low < high:  # the stretch from ends[low] holds one; find the last count whose stretch does
        middle = (low + high + 1) // 2
        if _RATE_CLAUSE.search(text, ends[middle], at):
            low = middle
        else:
            high = middle - 1
    return low


def stats_consistency(rule: Rule, context: Context) -> Finding:
    """Rates recomputed from the counts they are computed from; parts within their totals."""
    checker = _Checker(rule.params)
    # Only what the report says it did: the plan's targets ("不少于4次……不少于8次") are no counts.
    for paragraph in context.document.in_scopes(("achievements",)):
        checker.paragraph(paragraph)
    tolerance = checker.tolerance
    problems = sorted(set(checker.problems))
    details = {
        "checked": len(checker.checked),
        "inconsistent": len(problems),
        "tolerance_points": tolerance,
        "recomputed": checker.checked,
    }
    if checker.full:
        details["stopped_after"] = MAX_CLAIMS
    if problems:
        return Finding(
            FAIL,
            tuple(Evidence(line, message) for line, message in problems[:12]),
            missing=f"{len(problems)} 处数据前后不一致（比率容差：末位半个单位加 {tolerance:g} 个百分点）",
            details=details,
        )
    return Finding(PASS, note=f"核算了 {len(checker.checked)} 处比率或分项，均一致（不能核算的不计）", details=details)
