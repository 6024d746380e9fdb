"""Normalise report text before matching: one width for punctuation, one kind of space, no invisible marks.

Reports mix full- and half-width punctuation, ideographic and no-break spaces, and curly or straight
quotes, often within one paragraph. Everything downstream sees the folded form, so a rule written with
"（一）" matches "(一)" and a phrase written without quotes matches “三项制度”, "三项制度" and ”三项制度“.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC folds full-width ASCII (，：；（）！？ and digits) to half width and ideographic space to a space;
# these are the look-alikes it leaves alone.
_EXTRA_FOLDS = str.maketrans(
    {
        "〔": "(",
        "〕": ")",
        "【": "[",
        "】": "]",
        "﹝": "(",
        "﹞": ")",
        "—": "-",
        "–": "-",
        "－": "-",
        "﹣": "-",
        "～": "~",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "•": " ",
        "˙": "·",
    }
)
_FOLDABLE = re.compile("[" + re.escape("".join(sorted(chr(c) for c in _EXTRA_FOLDS))) + "]")
_SPACES = re.compile(r"[ \t\f\v]+")

# A Chinese character in a pattern, written as "a letter that is not ASCII": the same as the range
# \u4e00-\u9fff in report text (which holds no Greek, Cyrillic or kana), and compiled ten times faster:
# the re module builds a range's charset character by character (1.5 ms a pattern, at every start-up).
HAN = r"[^\W\d_A-Za-z]"
NOT_HAN = r"[\W\d_A-Za-z]"

# Characters a phrase match looks straight through: spaces, every kind of quote and the book-title marks.
# A report writes 行政执法“三项制度”, 行政执法三项制度 and 行政执法 "三项制度" for the same thing.
TRANSPARENT = frozenset(" \t“”‘’\"'「」『』《》〈〉<>")


def fold(text: str) -> str:
    """Fold widths and spaces of one line of text; keeps every visible character's meaning."""
    # Fold look-alikes before NFKC too: NFKC turns some of them (˙) into a space and a combining mark.
    text = _extra_folds(unicodedata.normalize("NFKC", _extra_folds(text)))
    return _SPACES.sub(" ", text).strip()


def fold_lines(texts: list[str]) -> list[str]:
    """`fold` of each line, done to all lines at once: a report of 100,000 short lines is folded in one
    call instead of 100,000. Nothing in folding reaches across a line break (NFKC never composes with
    or produces one), so the lines come out as one by one; a line holding a line break of its own is
    folded alone, as `fold` would."""
    if not texts or any("\n" in text for text in texts):
        return [fold(text) for text in texts]
    joined = _SPACES.sub(" ", _extra_folds(unicodedata.normalize("NFKC", _extra_folds("\n".join(texts)))))
    return [line.strip() for line in joined.split("\n")]


def _extra_folds(text: str) -> str:
    # str.translate looks every character up in a dict; most lines hold none of the look-alikes, and
    # one regex search to find that out is several times faster.
    return text.translate(_EXTRA_FOLDS) if _FOLDABLE.search(text) else text


def match_view(text: str) -> tuple[str, list[int]]:
    """The text a phrase is matched against, and for each of its characters the index in `text`.

    Dropping transparent characters rather than teaching every pattern to skip them keeps the
    patterns in the rule files plain words.
    """
    view = view_of(text)
    if len(view) == len(text):
        return view, list(range(len(text)))
    return view, [index for index, char in enumerate(text) if char not in TRANSPARENT]


def view_of(text: str) -> str:
    """The view of `match_view` without the positions, for the hot path (a regex substitution is
    several times faster than str.translate with a deleting table)."""
    return _TRANSPARENT_CHARS.sub("", text)


_TRANSPARENT_CHARS = re.compile("[" + re.escape("".join(sorted(TRANSPARENT))) + "]")
