"""Who reports: the reporting body and its kind (乡镇街道, 县区政府, 政府部门), read from every place a
report names it.

A report names its body in its 落款, in a line under or above its title (a letterhead), in the title
("广州市天河区人民政府沙河街道办事处关于…", "重庆市长寿区司法局2022年度…"), as the subject of its opening
sentence ("2022年，县司法局紧紧围绕…", "在区委、区政府领导下，共和乡党委、政府…"), by how it refers to
itself (我局, 我街道, 本委) and in the page's 发布机构 or 来源. A name's kind is told by how it ends: the
rule set lists each kind's name endings, and the longest ending a name ends with wins, so a district's
name written before a 街道's, or a city's before a bureau's, does not decide.

Places are tried from the most to the least reliable; a 发布机构 is often the site's operator (a county's
政府办公室 publishing every township's report), and self-references alone are weak, so results from them
say so in their source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checker.read.document import Document, Field, Paragraph
from checker.read.normalize import HAN
from checker.read.segment import parse_date
from checker.results import Evidence
from checker.ruleset import ProfileSpec

# Where a name may be called the body's own issuing name (the catalog's 落款 or 发布机构) rather than a
# mention in the body.
ISSUING_SOURCES = frozenset({"signature", "title_block", "letterhead", "publisher"})

_SPACES = re.compile(r"\s+")
_PARENTHESES = re.compile(r"[(（][^()（）]{0,30}[)）]")
_PARTY = re.compile(r"^(?:中国共产党|中共)")
_LETTERHEAD_TAIL = re.compile(r"(?:文件|公文|函)$")
# What a title says around the body's name: "关于", the year, and from 法治/依法行政 on, the report itself.
_TITLE_BREAKS = re.compile(
    r"关于|(?:19|20)\d{2}\s*年度?|[〇零一二三四五六七八九]{4}年度?|法治|依法行政|年度|上半年|全年"
)
# Leading adverbials before an opening sentence's subject: the year, "在…领导下", "根据…要求" and the like.
_LEADING = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年(?:度)?(?:以来|来|里|中)?|今年以来|一年来|过去一年|本年度)[,，、]?"
    r"|^在[^。;]{0,60}?下[,，]"
    r"|^(?:根据|按照|依据|为(?:了)?|围绕|对照)[^,，。;]{0,60}[,，]"
)
# Where an opening subject's name ends: the predicate that follows it.
_PREDICATE = (
    "坚持|深入|全面|认真|始终|紧紧|紧扣|紧密|紧跟|积极|聚焦|以|在|持续|扎实|不断|着力|立足|牢牢|高度|严格|切实|大力|围绕|"
    "按照|贯彻|把|将|通过|深化|锚定|坚定|主动|统筹|强化|秉持|践行|对标|结合|注重|努力|党委|党组|党工委|人民政府|政府|"
    "的|各项|依法|法治|推进|共|牢固|进一步|一以贯之|把握|全力|用心|精心|扛牢|压实|健全|完善|加强|落实|自觉|秉承|勇|奋力|锐意|"
    "领导班子|班子|上下|干部|系统|机关|、|和|及|与|是|为|于|全年|今年|本年"
)
_PREDICATE_AT = re.compile(_PREDICATE)
_NAME_CHARS = re.compile(rf"{HAN}{{1,30}}")
# "我局", "本镇": how a body refers to itself, not its name (counted by self_references).
_SELF_WORD = re.compile(r"^[我本全该]")
_REPORTED = re.compile(rf"现将(?P<name>{HAN}{{1,40}}?)(?=(?:19|20)\d{{2}}|关于|年度|法治|依法行政|工作|有关)")
# A line that addresses the report to its superiors ("区委、区政府：", "市委全面依法治市委员会：") names
# them, not the body.
_SALUTATION = re.compile(rf"^(?:{HAN}|[、，, ]){{1,24}}(?:委|政府|委员会|办公室|局|办|部|领导|同志)[:：]$")
# Clauses of an opening sentence, and those that speak of the superiors rather than the body.
_CLAUSES = re.compile(r"[,，;；]")
_SUPERIORS = re.compile(r"^(?:得益于|在|按照|根据|依据|遵照|围绕|对照|为了?|经|由|受)")
MAX_OPENING_CLAUSES = 4
MIN_PROSE_CHARS = 16
_SENTENCE_MARKS = re.compile(r"[。，,;；]")
MAX_OPENING_PARAGRAPHS = 4
MAX_OPENING_SENTENCES = 3


@dataclass(frozen=True)
class Clue:
    """One place that names the body: the name as written, its kind (a profile id), where it was found."""

    name: str
    kind: str | None
    source: str
    evidence: Evidence


@dataclass(frozen=True)
class ReportingBody:
    """The report's body as far as the text tells: its name, where that name was read, and its kind."""

    name: str | None
    name_source: str
    name_evidence: Evidence | None
    kind: str | None
    kind_source: str
    kind_evidence: Evidence | None


def clean_name(text: str) -> str:
    """A name as compared: no spaces, no parenthesised asides (以下简称…), no 中共, no 文件 of a letterhead."""
    text = _PARENTHESES.sub("", _SPACES.sub("", text))
    return _LETTERHEAD_TAIL.sub("", _PARTY.sub("", text)).strip("：:,，。 ")


_LAST_PLACE = re.compile(r".*[省市县区旗州盟镇乡]")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处|党委|党工委|委员会)$")


def _core(name: str) -> str:
    """A name without its places and government words: 县司法局 → 司法局, 秀山县人民政府 → ""."""
    stripped = _GOVERNMENT.sub("", clean_name(name))
    place = _LAST_PLACE.match(stripped)
    return stripped[place.end() :] if place else stripped


def same_body(a: Clue, b: Clue) -> bool:
    """Whether two places name the same body: the same kind, and one's core name within the other's."""
    if a.kind != b.kind:
        return False
    core_a, core_b = _core(a.name), _core(b.name)
    return core_a in core_b or core_b in core_a


def kind_of(name: str, specs: Sequence[ProfileSpec]) -> str | None:
    """The kind of body a name names: the profile with the longest ending the name ends with."""
    name = clean_name(name)
    best: tuple[int, int, str] | None = None
    for spec in specs:
        found = spec.endings.search(name) if spec.endings else None
        if found:
            candidate = (len(found.group(0)), -spec.priority, spec.id)
            best = max(best, candidate) if best else candidate
    return best[2] if best else None


def title_name(title: str, specs: Sequence[ProfileSpec]) -> str | None:
    """The body a title names: the last piece, between "关于", years and "法治…", that ends like a name."""
    pieces = [clean_name(piece) for piece in _TITLE_BREAKS.split(_SPACES.sub("", title))]
    named = [piece for piece in pieces if len(piece) >= 2 and kind_of(piece, specs)]
    return named[-1] if named else None


def opening_name(text: str, specs: Sequence[ProfileSpec]) -> str | None:
    """The subject of an opening sentence when it names the body: "县司法局紧紧围绕…" → 县司法局.

    The subject may follow adverbial clauses ("为深入贯彻…，全面推进依法行政，桃源县民政局在…"), so each
    clause is tried in turn; clauses that open with a preposition ("得益于县委、县政府的坚强领导", "按照…") are passed over."""
    reported = _REPORTED.search(text)
    if reported and kind_of(reported.group("name"), specs):
        return clean_name(reported.group("name"))
    sentence = _PARENTHESES.sub("", text)
    for _ in range(3):  # "2023年，在县委领导下，根据…，" : a few adverbials may precede the subject
        stripped = _LEADING.sub("", sentence, count=1)
        if stripped == sentence:
            break
        sentence = stripped
    for clause in _CLAUSES.split(sentence)[:MAX_OPENING_CLAUSES]:
        if _SUPERIORS.search(clause):
            continue
        name = _subject(clause, specs)
        if name:
            return name
    return None


def _subject(clause: str, specs: Sequence[ProfileSpec]) -> str | None:
    """The shortest run of characters at the start of a clause that names a body and is followed by a
    predicate: "共和乡党委、政府深入…" is 共和乡, although 和 alone could be read as a conjunction after 共."""
    run = _NAME_CHARS.match(clause)
    if not run:
        return None
    if _SELF_WORD.match(clause):
        return next((w for spec in specs for w in spec.self_words if clause.startswith(w)), None)
    for end in range(1, run.end() + 1):
        if _PREDICATE_AT.match(clause, end) and kind_of(clause[:end], specs):
            return clause[:end]
    return None


def _org_lines(fields: Iterable[Field], specs: Sequence[ProfileSpec]) -> list[Field]:
    return [
        f
        for f in fields
        if not parse_date(f.value) and not f.value.strip().isdigit() and kind_of(f.value, specs) is not None
    ]


def _clues(document: Document, specs: Sequence[ProfileSpec]) -> Iterable[Clue]:
    """Every place that names the body, most reliable first: the 落款, a line under or above the title, the
    title, the opening sentence; then the weak ones: self-references, the page's 发布机构 and 来源."""
    signed = _org_lines(document.signature, specs)
    if signed:
        names = " / ".join(f.value for f in signed)
        kinds = [kind_of(f.value, specs) for f in signed]
        # A 落款 names the Party committee and then the government; if they ever disagree, the last decides.
        counts = Counter(kinds)
        kind = max(counts, key=lambda k: (counts[k], kinds[::-1].index(k) == 0))
        yield Clue(names, kind, "signature", Evidence(signed[0].line, names))
    for field in _org_lines(document.title_block, specs):
        yield Clue(
            clean_name(field.value), kind_of(field.value, specs), "title_block", Evidence(field.line, field.value)
        )
    for field in _org_lines(document.letterhead, specs):
        yield Clue(
            clean_name(field.value), kind_of(field.value, specs), "letterhead", Evidence(field.line, field.value)
        )
    if document.title:
        name = title_name(document.title.value, specs)
        if name:
            yield Clue(name, kind_of(name, specs), "title", Evidence(document.title.line, document.title.value))
    self_kind = {word: spec.id for spec in specs for word in spec.self_words}
    for paragraph in _opening_paragraphs(document):
        for sentence in paragraph.sentences[:MAX_OPENING_SENTENCES]:
            name = opening_name(sentence.text, specs)
            if name:
                # "2023年，我局坚持…": the opening's subject is the body, though it is not named.
                kind = self_kind[name] if name in self_kind else kind_of(name, specs)
                shown = "" if name in self_kind else name
                yield Clue(shown, kind, "opening", Evidence(sentence.line, sentence.text[:80]))
                break
        else:
            continue
        break
    counts = self_references(document, specs)
    if counts:
        kind, count = counts.most_common(1)[0]
        if count >= 2 and count >= 2 * sum(n for k, n in counts.items() if k != kind):
            yield Clue("", kind, "self_reference", Evidence(0, f"自称{count}次"))
    for key, source in (("publisher", "publisher"), ("source", "source")):
        field = document.metadata.get(key)
        if field and kind_of(field.value, specs):
            yield Clue(clean_name(field.value), kind_of(field.value, specs), source, Evidence(field.line, field.value))


def _opening_paragraphs(document: Document) -> list:
    paragraphs = [p for p in document.paragraphs if is_prose(p) and not _SALUTATION.match(p.text)]
    return paragraphs[:MAX_OPENING_PARAGRAPHS]


def is_prose(paragraph: Paragraph) -> bool:
    """A paragraph of the report's text, not a heading or a leftover label line ("发文机关:", "- 文号:")."""
    text = paragraph.text
    return not paragraph.level and len(text) >= MIN_PROSE_CHARS and bool(_SENTENCE_MARKS.search(text))


def self_references(document: Document, specs: Sequence[ProfileSpec]) -> Counter[str]:
    """How often the body calls itself by each kind's words (我镇, 本局, 我委 …)."""
    words = {word: spec.id for spec in specs for word in spec.self_words}
    if not words:
        return Counter()
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    counts: Counter[str] = Counter()
    for paragraph in document.paragraphs:
        for found in pattern.finditer(paragraph.text):
            counts[words[found.group(0)]] += 1
    return counts


def reporting_body(document: Document, specs: Sequence[ProfileSpec]) -> ReportingBody:
    """The body's name and kind from the most reliable places that give them.

    The name shown is the issuing one (落款, a line with the title, a letterhead, the 发布机构) when there is
    one, else the first mention; the kind comes from the most reliable place whatever it is."""
    clues = [clue for clue in _clues(document, specs) if clue.kind is not None]
    publisher = document.metadata.get("publisher")
    mentioned = [c for c in clues if c.name and c.source in ("title", "opening")]
    # A 发布机构 that names another body than the report does is the site's operator (a county's 政府办公室
    # publishing its 司法局's report), not the report's issuer.
    clues = [c for c in clues if c.source != "publisher" or not mentioned or any(same_body(c, m) for m in mentioned)]
    if publisher and mentioned and not any(c.source == "publisher" for c in clues):
        publisher = None
    issuing = [c for c in clues if c.source in ISSUING_SOURCES]
    if not issuing and publisher:
        issuing = [Clue(publisher.value, None, "publisher", Evidence(publisher.line, publisher.value))]
    named = next(iter(issuing), None) or next((c for c in clues if c.name and c.source != "source"), None)
    kind = next(iter(clues), None)
    return ReportingBody(
        name=named.name if named else None,
        name_source=named.source if named else "",
        name_evidence=named.evidence if named else None,
        kind=kind.kind if kind else None,
        kind_source=kind.source if kind else "",
        kind_evidence=kind.evidence if kind else None,
    )
