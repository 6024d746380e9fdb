"""Read the amounts a report states: Arabic or Chinese numerals, magnitudes and hedges.

"481件", "1.2万件", "三十余件", "两千人", "近6400余件", "10万余份" all state a count; the recomputation in
stats.py needs the value, the unit, and whether the writer hedged (余/多/近/约), because a hedged count
cannot be used to recompute a rate to one decimal place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.read.normalize import NOT_HAN
from checker.read.numerals import chinese_to_int

_MAGNITUDE = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千]"


@dataclass(frozen=True)
class Amount:
    """A stated count: its value, its unit, and whether the writer hedged it (余, 多, 近, 约, 超过)."""

    value: float
    unit: str
    approximate: bool
    text: str
    start: int
    end: int
    # The words just before the number ("成功调解"): what is being counted.
    label: str


def amount_pattern(units: list[str]) -> re.Pattern[str]:
    """A pattern for an amount with one of `units`, longest unit first so 人次 is not read as 人.

    What is being counted (the label, "成功调解") is read backwards from the number by `amounts_in`
    rather than matched by a leading lazy group, which made every position of a text a match attempt.
    """
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    # A number starts where its run of numerals (and the spaces before it) starts, and spaces are taken
    # whole: the leftmost match is unchanged, but a long run of digits or spaces is not tried again
    # from each of its characters, which made a search quadratic (cubic with the spaces).
    number = rf"(?<!\d)\d+(?:\.\d+)?|(?<!{CN_NUMERAL}){CN_NUMERAL}+"
    return re.compile(
        rf"(?:(?P<hedge>近|约|超过|逾|共计|共|达)|(?<!\s))\s*+(?P<number>{number})\s*+"
        rf"(?P<more>余|多)?\s*+(?P<mag>万|亿|千|百)?\s*+(?P<more2>余|多)?\s*+(?P<unit>{unit})"
    )


_LABEL_CHARS = 10
_NOT_CJK = re.compile(NOT_HAN)


def _label_before(text: str, start: int, floor: int) -> str:
    """Up to ten Chinese characters right before `start`, not reaching back past `floor`."""
    window = text[max(floor, start - _LABEL_CHARS) : start]
    return _NOT_CJK.split(window)[-1]


def read_amount(match: re.Match[str], label: str) -> Amount | None:
    """The amount an `amount_pattern` match states; None for a Chinese word that is not a number."""
    raw = match.group("number")
    if raw[0].isdigit():
        value = float(raw)
    else:
        parsed = chinese_to_int(raw)
        if parsed is None:
            return None
        value = float(parsed)
    magnitude = match.group("mag")
    if magnitude:
        value *= _MAGNITUDE[magnitude]
    hedge = match.group("hedge") in ("近", "约", "超过", "逾")
    approximate = hedge or bool(match.group("more") or match.group("more2"))
    return Amount(
        value, match.group("unit"), approximate, label + match.group(0), match.start("number"), match.end(), label
    )


def amounts_in(text: str, pattern: re.Pattern[str]) -> list[Amount]:
    """Every amount stated in a text, in order."""
    found = []
    floor = 0
    for match in pattern.finditer(text):
        amount = read_amount(match, _label_before(text, match.start(), floor))
        floor = match.end()
        if amount is not None:
            found.append(amount)
    return found
