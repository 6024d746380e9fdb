"""Traditional characters: tell a 繁體 page from a simplified one, and convert it before anything reads it.

Government sites offer a 繁体 switch that serves the same report in traditional characters (發布時間,
鄉, 報告), and reports are pasted from such pages. Every rule phrase, heading word and metadata label is
written in simplified characters, so a traditional report is converted to simplified first (OpenCC, the
converter maintained by the Chinese open-source community, with phrase-level dictionaries that a
character table lacks: 乾淨→干净 but 乾隆 stays). The user still sees their own text: every converted
document keeps a map back from each simplified character to the traditional one it came from, and
quotes are shown in the original script.

Detection costs one regex scan of common traditional-only characters; OpenCC is imported only when a
document needs it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache

from checker.read.source import SourceDocument

SIMPLIFIED, TRADITIONAL = "simplified", "traditional"

# The 160 characters most frequent in the seed reports that are written differently in traditional
# script, in both forms, plus the common Taiwan/Hong Kong variants OpenCC does not produce (為 for 爲,
# 眾 for 衆). Derived once with OpenCC s2t; a fact about the scripts, not a rule.
_TRADITIONAL_SIGNS = (
    "實設執進務開鎮規項學會決爲調範強動領習問體發機責導黨組員辦羣衆題傳專對審業嚴點織職議關識區幹現單網堅"
    "餘縣個確顧國門將層揮訴過權報標準條時創劃場級貫計廣數續認態證訓圍處鄉聯經論構資糾紛況應統負參備隊監"
    "運優質蓋徹從線納類見並與內錄結積極協評達綜約於講細環復繼爭夠訟東罰臺萬營號較訪濟斷討則陣崗維穩違風"
    "讓護頭慶繞緊長據請後檢轉為眾說這們來裡麼灣歷"
)
_SIMPLIFIED_SIGNS = (
    "实设执进务开镇规项学会决为调范强动领习问体发机责导党组员办群众题传专对审业严点织职议关识区干现单网坚"
    "余县个确顾国门将层挥诉过权报标准条时创划场级贯计广数续认态证训围处乡联经论构资纠纷况应统负参备队监"
    "运优质盖彻从线纳类见并与内录结积极协评达综约于讲细环复继争够讼东罚台万营号较访济断讨则阵岗维稳违风"
    "让护头庆绕紧长据请后检转说这们来里么湾历"
)
_TRADITIONAL = re.compile(f"[{_TRADITIONAL_SIGNS}]")
# Characters both scripts share (余 I, 于 a surname, 后 queen, 台 platform, 干 shield, 里 a unit …) are
# common in traditional text too; only the others count against it.
_SIMPLIFIED = re.compile(f"[{''.join(sorted(set(_SIMPLIFIED_SIGNS) - set('余于后台干里并复历')))}]")
# A few stray traditional characters (a quoted name, a 乾 in 乾隆) do not make a report traditional.
MIN_SIGNS = 5


def detect_script(text: str) -> str:
    """TRADITIONAL when the text is mostly in traditional characters, else SIMPLIFIED."""
    traditional = len(_TRADITIONAL.findall(text))
    if traditional < MIN_SIGNS:
        return SIMPLIFIED
    simplified = len(_SIMPLIFIED.findall(text))
    return TRADITIONAL if traditional > simplified else SIMPLIFIED


@cache
def _converter():  # the OpenCC object; importing it costs 20 ms, paid only by traditional input
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text in simplified characters (OpenCC t2s); line breaks are kept."""
    return _converter().convert(text)


def restore_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """From (original, converted) texts, for each simplified character the traditional one it most
    often came from. Texts whose lengths differ are skipped: their characters do not align."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for original, converted in pairs:
        if len(original) != len(converted):
            continue
        for before, after in zip(original, converted, strict=True):
            if before != after:
                seen[after][before] += 1
    return {after: counts.most_common(1)[0][0] for after, counts in seen.items()}


def restore(text: str, back: Mapping[str, str]) -> str:
    """Simplified text shown again in the document's traditional characters."""
    if not back:
        return text
    return "".join(back.get(char, char) for char in text)


def restore_quotes(text: str, window: str, back: Mapping[str, str], shortest: int = 2) -> str:
    """`text` with every stretch that quotes `window` (the simplified text it was taken from) put back in
    the original script; our own words around the quotes (原因：, 未写原因：) stay as they are.

    Greedy from the left: at each position the longest stretch of `text` found in `window` (found by
    bisection, since every prefix of a found stretch is found too)."""
    if not back or not window:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        low, high = i, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if text[i:middle] in window:
                low = middle
            else:
                high = middle - 1
        if low - i >= shortest:
            out.append(restore(text[i:low], back))
            i = low
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def in_simplified(document: SourceDocument) -> SourceDocument:
    """The document with its text and metadata in simplified characters; unchanged when it is already
    simplified (or was converted by its loader, as a web page is before its labels are read)."""
    if document.script != SIMPLIFIED:
        return document
    text = "\n".join(line.text for line in document.lines)
    if detect_script(text + "\n" + "\n".join(document.metadata.values())) == SIMPLIFIED:
        return document
    converted = to_simplified(text).split("\n")
    if len(converted) != len(document.lines):  # OpenCC keeps line breaks; never trust a shifted text
        return document
    lines = tuple(replace(line, text=new) for line, new in zip(document.lines, converted, strict=True))
    metadata = {key: to_simplified(value) for key, value in document.metadata.items()}
    back = restore_map([(line.text, new.text) for line, new in zip(document.lines, lines, strict=True)])
    return replace(document, lines=lines, metadata=metadata, script=TRADITIONAL, back=back)
