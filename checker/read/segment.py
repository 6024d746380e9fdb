"""Segment a loaded report: strip site chrome, read metadata, find the title, a letterhead and the 落款,
then hand the body to read/sections.py (paragraphs, sections, sentences) and read/parts.py (parts
without a heading), keeping for each piece the line the user sees.

Real reports are published web pages: a header of navigation and metadata, a title, the body, a 落款,
and a footer of links and copyright lines; the chrome patterns and metadata labels come from the rule
set, so this module only knows the shapes.
"""

from __future__ import annotations

import re
from datetime import date

from checker.read.conventions import Conventions
from checker.read.document import Document, Field
from checker.read.normalize import HAN, fold_lines
from checker.read.numerals import chinese_number
from checker.read.parts import find_parts
from checker.read.sections import TERMINAL, Line, join_wrapped, marker_level, sections_of
from checker.read.source import SourceDocument

_DATE = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_GARBLED_DATE = re.compile(r"^\d{5,8}$")
_BARE_DATE_LINE = re.compile(r"^[\s·]*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_TITLE_WORDS = re.compile(r"法治政府|依法行政|法治建设")
_TITLE_KIND = re.compile(r"报告|情况|总结|工作")
# What the first line of a title broken over two lines holds: the break may fall inside 法治|政府建设.
_TITLE_START = re.compile(r"法治|依法|关于|20\d\d\s*年")
MAX_TITLE_CHARS = 70
MAX_SIGNATURE_CHARS = 40
# A 落款 is a few lines (the corpus: at most 3); past this many, the lines above are body.
MAX_SIGNATURE_LINES = 12
# The second line of a title broken in two is short: the rest of "…情况报告".
MAX_WRAPPED_TITLE_TAIL = 16
MAX_NAV_CHARS = 14


# ---------------------------------------------------------------- dates


def parse_date(text: str) -> str | None:
    """The first date in a piece of text as ISO yyyy-mm-dd, from Arabic or Chinese numerals."""
    found = _DATE.search(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        cn = _CN_DATE.search(text)
        if not cn:
            return None
        parts = [chinese_number(cn.group(i)) for i in (1, 2, 3)]
        if None in parts:
            return None
        year, month, day = parts
    if not 1990 <= year <= 2100:
        return None
    try:
        # A date that does not exist (2024-02-30) is no date: it must not reach date arithmetic later.
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def garbled_date(text: str) -> str | None:
    """A 落款 date that lost its 年/月/日 ("2021325", "20240226") as ISO, when only one reading is a real
    date: "2021325" is 2021-03-25 (month 32 does not exist), "2024123" could be 1-23 or 12-3 and is None."""
    digits = text.strip()
    if not _GARBLED_DATE.match(digits) or len(digits) < 6:
        return None
    year, rest = digits[:4], digits[4:]
    readings = {
        parse_date(f"{year}-{rest[:cut]}-{rest[cut:]}")
        for cut in (1, 2)
        if 0 < cut < len(rest) and len(rest) - cut <= 2
    } - {None}
    return readings.pop() if len(readings) == 1 else None


def _signed_date(text: str) -> str | None:
    return parse_date(text) or garbled_date(text)


# ---------------------------------------------------------------- line classes


def _is_chrome(text: str, conventions: Conventions) -> bool:
    chrome = conventions.chrome_line
    if chrome is not None:
        return bool(chrome.search(text)) or text.startswith("<!--")
    return any(p.search(text) for p in conventions.chrome) or text.startswith("<!--")


def _metadata_fields(text: str, conventions: Conventions) -> dict[str, str]:
    """Read 'label: value' pairs from a metadata line such as '[ 成文日期 ] 2024-02-29 [ 发布日期 ] 2024-02-29'."""
    if not text:
        return {}
    pattern = conventions.label_pattern
    stripped = text.strip(" [·")
    head = pattern.match(stripped)
    if not head or len(stripped) > 160:
        return {}
    fields: dict[str, str] = {}
    matches = list(pattern.finditer(stripped))
    for current, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(stripped)
        value = stripped[current.end() : end].strip(" []")
        key = conventions.label_key(current.group(1))
        if value and key not in fields:
            fields[key] = value
    return fields


def _looks_like_title(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_CHARS
        and not marker_level(text)
        and bool(_TITLE_WORDS.search(text))
        and bool(_TITLE_KIND.search(text))
        and not any(mark in text for mark in "。;,:")
    )


def _wrapped_title(lines: list[Line], i: int, chrome: set[int]) -> str | None:
    """A title broken over two lines ("…2025年法治政府建设" / "情况工作报告"), joined; None if it is not one."""
    if i + 1 >= len(lines) or i + 1 in chrome:
        return None
    first, second = lines[i].text, lines[i + 1].text
    if not (_TITLE_START.search(first) and second and len(second) <= MAX_WRAPPED_TITLE_TAIL):
        return None
    joined = first + second
    return joined if _looks_like_title(joined) and not _looks_like_title(first) else None


def _is_signature_line(text: str, conventions: Conventions) -> bool:
    if len(text) > MAX_SIGNATURE_CHARS or any(mark in text for mark in "。,;:"):
        return False
    return bool(conventions.org_suffix.search(text) or parse_date(text) or _GARBLED_DATE.match(text))


def _is_nav(text: str, conventions: Conventions) -> bool:
    """A short link label from a site's header or footer, such as 热门词汇 or 地方政府网站."""
    return (
        len(text) <= MAX_NAV_CHARS
        and not any(mark in text for mark in "。,;:")
        and not conventions.org_suffix.search(text)
        and not parse_date(text)
        and not _GARBLED_DATE.match(text)
    )


# ---------------------------------------------------------------- the page frame


def _frame(lines: list[Line], conventions: Conventions) -> tuple[int, int, list[int]]:
    """Where the footer starts (index into lines) and which lines are chrome by pattern."""
    chrome = [i for i, line in enumerate(lines) if line.text and _is_chrome(line.text, conventions)]
    footer = len(lines)
    last_prose = max((i for i, line in enumerate(lines) if len(line.text) >= 40 and "。" in line.text), default=-1)
    footer_line = conventions.footer_line
    for i in range(last_prose + 1, len(lines)):
        text = lines[i].text
        if footer_line is not None and footer_line.search(text):
            footer = i
            break
        if footer_line is None and any(p.search(text) for p in conventions.footer_markers):
            footer = i
            break
    # Link lists such as 热门词汇 / 地方政府网站 sit just above the copyright line (looked for only when
    # there is a copyright line: without one, the scan up a page of short lines found nothing to use).
    start = footer
    chrome_set = set(chrome)
    for i in range(footer - 1 if footer < len(lines) else last_prose, last_prose, -1):
        text = lines[i].text
        if not text:
            continue
        if _is_nav(text, conventions) or i in chrome_set:
            start = i
            continue
        break
    if footer < len(lines):
        footer = start
    return footer, last_prose, chrome


def segment(source: SourceDocument, conventions: Conventions) -> Document:
    """Turn loaded lines into a segmented document."""
    # Blank lines (a page of them costs as much as its text otherwise) are passed over wherever they can be.
    folded = fold_lines([line.text for line in source.lines])
    lines = [Line(text, line.number, line.location) for text, line in zip(folded, source.lines, strict=True)]
    footer, last_prose, chrome_idx = _frame(lines, conventions)
    chrome_set = set(chrome_idx)
    removed: list[Field] = [
        Field(lines[i].text, lines[i].number)
        for i in range(len(lines))
        if lines[i].text and (i >= footer or i in chrome_set)
    ]
    # The container's metadata (an HTML page's <meta>, say) is keyed by its Chinese label, like the text's.
    metadata: dict[str, Field] = {
        conventions.metadata_labels.get(label, label): Field(value, 0) for label, value in source.metadata.items()
    }

    # Header: metadata lines, the title, and whatever navigation precedes the title.
    body_start = 0
    title: Field | None = None
    title_block: list[Field] = []
    candidates = [i for i in range(min(footer, 40)) if lines[i].text and i not in chrome_set]
    title_index = -1
    for i in candidates[:20]:
        # A title stands alone: the line before it is not prose running on into it.
        before = lines[i - 1].text if i > 0 and i - 1 not in chrome_set else ""
        runs_on = len(before) > MAX_TITLE_CHARS // 2 and before[-1] not in TERMINAL
        if runs_on or _metadata_fields(lines[i].text, conventions):
            continue
        if _looks_like_title(lines[i].text):
            title, title_index, body_start = Field(lines[i].text, lines[i].number), i, i + 1
            break
        wrapped = _wrapped_title(lines, i, chrome_set)
        if wrapped:
            title, title_index, body_start = Field(wrapped, lines[i].number), i, i + 2
            break
    letterhead: list[Field] = []
    if title is not None:
        letterhead = _letterhead(lines, title_index, chrome_set, conventions)
        # A PDF repeats its letterhead at the top of every page: inside the body it is page furniture, and
        # the sentence it cut in two runs on across it.
        running = {field.value for field in letterhead}
        # Only with text of the report after it: the same name under the last paragraph is the 落款.
        last_text = max(
            (
                i
                for i in range(body_start, footer)
                if lines[i].text and i not in chrome_set and not _is_signature_line(lines[i].text, conventions)
            ),
            default=body_start,
        )
        for i in range(body_start, last_text):
            if lines[i].text in running and i not in chrome_set:
                chrome_set.add(i)
                removed.append(Field(lines[i].text, lines[i].number))
        removed += [
            Field(lines[i].text, lines[i].number)
            for i in range(title_index)
            if lines[i].text
            and i not in chrome_set
            and not _metadata_fields(lines[i].text, conventions)
            and not _BARE_DATE_LINE.match(lines[i].text)
        ]
        # Lines right under the title: the body's name, a second form of the title.
        j = body_start
        while j < footer:
            text = lines[j].text
            if not text or j in chrome_set or _metadata_fields(text, conventions) or _BARE_DATE_LINE.match(text):
                j += 1
                continue
            if (
                len(text) <= MAX_TITLE_CHARS
                and not any(m in text for m in "。,;:")
                and (conventions.org_suffix.search(text) or _looks_like_title(text))
            ):
                title_block.append(Field(text, lines[j].number))
                j += 1
                continue
            break
        body_start = j

    # The first line of prose: long, and not a metadata line ("发布日期：2024-04-12  浏览次数：316  打印本页").
    first_prose = next(
        (
            i
            for i in range(body_start, footer)
            if len(lines[i].text) >= 40 and i not in chrome_set and not _metadata_fields(lines[i].text, conventions)
        ),
        footer,
    )
    # The header's metadata lines, read once: the body below leaves them out again.
    header_fields: dict[int, dict[str, str]] = {}
    for i in range(0, max(first_prose, body_start)):
        if not lines[i].text:
            continue
        fields = header_fields[i] = _metadata_fields(lines[i].text, conventions)
        for key, value in fields.items():
            metadata.setdefault(key, Field(value, lines[i].number))
        if not fields and _BARE_DATE_LINE.match(lines[i].text) and "published" not in metadata:
            metadata["published"] = Field(lines[i].text.strip(" ·"), lines[i].number)

    # 落款: organisation names and a date at the very end of the body.
    end = footer
    signature: list[Field] = []
    i = footer - 1
    while i >= body_start:
        text = lines[i].text
        if not text or i in chrome_set:
            i -= 1
            continue
        if _is_signature_line(text, conventions) and i > last_prose - 1 and len(signature) < MAX_SIGNATURE_LINES:
            signature.append(Field(text, lines[i].number))
            end = i
            i -= 1
            continue
        break
    signature.reverse()  # read from the bottom up; appended and turned once (not inserted at the front)

    body: list[Line] = []
    for k in range(body_start, end):
        line = lines[k]
        if k in chrome_set:
            continue
        if k < first_prose and header_fields.get(k):
            continue
        body.append(line)

    paragraphs_raw = join_wrapped(body)
    paragraphs, sections = find_parts(*sections_of(paragraphs_raw, conventions), conventions.implicit)
    dates = {}
    for key, fld in metadata.items():
        parsed = parse_date(fld.value)
        if parsed:
            dates[key] = (parsed, fld.line)
    signature_date = next((f for f in reversed(signature) if _signed_date(f.value)), None)
    if signature_date:
        dates["signed"] = (_signed_date(signature_date.value) or "", signature_date.line)
    return Document(
        source=source,
        title=title,
        title_block=tuple(title_block),
        metadata=metadata,
        paragraphs=paragraphs,
        sections=sections,
        signature=tuple(signature),
        chrome=tuple(sorted(removed, key=lambda f: f.line)),
        dates=dates,
        letterhead=tuple(letterhead),
    )


_DOCUMENT_NUMBER = re.compile(rf"^{HAN}{{1,12}}[(\[]\s*(?:19|20)\d{{2}}\s*[)\]]\s*\d{{1,4}}\s*号$")
_LETTERHEAD_TAIL = re.compile(r"(?:文件|公文)$")
MAX_LETTERHEAD_LINES = 2


def _letterhead(lines: list[Line], title_index: int, chrome: set[int], conventions: Conventions) -> list[Field]:
    """Organisation names on the lines just above the title (blank lines and a 文号 line skipped)."""
    found: list[Field] = []
    i = title_index - 1
    while i >= 0 and len(found) < MAX_LETTERHEAD_LINES:
        text = lines[i].text
        if not text or _DOCUMENT_NUMBER.match(text):
            i -= 1
            continue
        name = _LETTERHEAD_TAIL.sub("", text)
        if i in chrome or len(name) > MAX_SIGNATURE_CHARS or not conventions.org_suffix.search(name):
            break
        if any(mark in name for mark in "。,;:"):
            break
        found.insert(0, Field(text, lines[i].number))
        i -= 1
    return found
