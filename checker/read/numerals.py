"""Chinese numerals, read the one way every stage needs them: 十二, 两千, 一千二百零五, and digit by digit
in dates (二〇二四)."""

from __future__ import annotations

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int | None:
    """The value of a Chinese numeral below 10 000 (三十, 两千, 一千二百零五, 十五); None if it is not one."""
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        else:
            total += (digit if digit is not None else 1) * CN_UNITS[char]
            digit = None
    return total + (digit or 0)


def chinese_number(text: str) -> int | None:
    """A numeral as dates write it: digit by digit for years (二〇二四 = 2024), by value otherwise (二十)."""
    if len(text) > 1 and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    return chinese_to_int(text)


def numeral_value(text: str) -> int:
    """1 for 一 or 1, 12 for 十二, 20 for 二十: the value of a heading's number; 0 when it is none."""
    if text.isdigit():
        return int(text)
    return chinese_to_int(text) or 0
