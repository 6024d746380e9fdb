"""Facts about a report that several rules need: its year, its reporting body, its dates, its profile."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from checker.read.segment import Document, parse_date
from checker.results import Evidence
from checker.ruleset import ProfileSpec

_YEAR = re.compile(r"(20\d{2})\s*年")
_PLACE = r"[\u4e00-\u9fff]{1,16}?(?:自治县|自治州|县|区|市|旗|镇|乡|街道|苏木)"
_ORG = re.compile(_PLACE + r"(?:人民政府|政府|街道办事处|办事处)?|[\u4e00-\u9fff]{2,16}?(?:局|委员会|办公室)")
# "现将万州区余家镇人民政府2023年法治政府建设情况报告如下": the name runs up to the first 政府/局/….
_OPENING_ORG = re.compile(r"现将((?![我本全该])[\u4e00-\u9fff]{2,30}?(?:人民政府|政府|办事处|局|委员会|办公室))")
_OPENING_NAME = re.compile(
    r"^(?:20\d{2}年(?:度)?[,，]?)?(?:以来[,，])?((?![我本全该])" + _PLACE + r")(?:坚持|深入|全面|认真|始终|以|在)"
)
_TITLE_NOISE = re.compile(r"关于|20\d{2}\s*年(?:度)?|法治政府.*$|的?$")
# How a report refers to itself ("我镇", "全县") tells the kind of body when no name does.
_SELF = {
    "township": re.compile(r"[我本全](?:镇|乡|街道|街)|镇(?:党委|政府)"),
    "county": re.compile(r"[我本全](?:县|区)|[县区](?:委|政府)(?!办)"),
    "department": re.compile(r"[我本](?:局|委|办)|局(?:党组|机关)"),
}


@dataclass(frozen=True)
class ReportFacts:
    """What the evaluator knows about the report as a whole."""

    year: int | None
    year_source: str
    year_evidence: Evidence | None
    issuer: str | None
    issuer_source: str
    issuer_evidence: Evidence | None
    published: str | None
    published_source: str
    published_evidence: Evidence | None
    written: str | None
    profile: str
    profile_source: str


def _year(document: Document) -> tuple[int | None, str, Evidence | None]:
    if document.title:
        found = _YEAR.search(document.title.value)
        if found:
            return int(found.group(1)), "title", Evidence(document.title.line, document.title.value)
    for block in document.title_block:
        found = _YEAR.search(block.value)
        if found:
            return int(found.group(1)), "title", Evidence(block.line, block.value)
    for paragraph in document.paragraphs[:3]:
        found = _YEAR.search(paragraph.text[:120])
        if found:
            return int(found.group(1)), "opening", Evidence(paragraph.line, paragraph.sentences[0].text[:80])
    for key in ("published", "written", "signed"):
        if key in document.dates:
            iso, line = document.dates[key]
            return int(iso[:4]) - 1, "date", Evidence(line, iso)
    return None, "", None


def _title_entity(title: str) -> str | None:
    stripped = _TITLE_NOISE.sub(" ", title).strip()
    found = _ORG.search(stripped.replace(" ", ""))
    return found.group(0) if found else None


def _opening_entity(document: Document) -> tuple[str, str, Evidence] | None:
    """The body named in the opening ("现将万州区余家镇人民政府…报告如下", "2025年，大溪镇坚持…")."""
    for paragraph in document.paragraphs[:3]:
        found = _OPENING_ORG.search(paragraph.text) or _OPENING_NAME.search(paragraph.text)
        if found:
            return found.group(1), "body", Evidence(paragraph.line, paragraph.sentences[0].text[:80])
    return None


def _issuer(document: Document) -> tuple[str | None, str, Evidence | None]:
    """The reporting body: from the 落款, the 发布机构, the line under the title, the title, the body."""
    orgs = [f for f in document.signature if not parse_date(f.value) and not f.value.isdigit()]
    if orgs:
        return " / ".join(f.value for f in orgs), "signature", Evidence(orgs[0].line, " / ".join(f.value for f in orgs))
    if "publisher" in document.metadata:
        field = document.metadata["publisher"]
        return field.value, "publisher", Evidence(field.line, field.value)
    for block in document.title_block:
        if _ORG.fullmatch(block.value):
            return block.value, "title_block", Evidence(block.line, block.value)
    opening = _opening_entity(document)
    if opening:
        return opening
    if document.title:
        entity = _title_entity(document.title.value)
        if entity:
            return entity, "title", Evidence(document.title.line, document.title.value)
    return None, "", None


def _published(document: Document, override: str | None) -> tuple[str | None, str, Evidence | None]:
    if override:
        return override, "option", None
    for key, source in (("published", "metadata"), ("signed", "signature")):
        if key in document.dates:
            iso, line = document.dates[key]
            return iso, source, Evidence(line, iso)
    return None, "", None


def detect_profile(document: Document, names: list[str], specs: tuple[ProfileSpec, ...]) -> str | None:
    """The kind of reporting body: the first name a profile recognises, else how the text refers to itself."""
    for name in names:
        for spec in specs:
            if spec.detect and spec.detect.search(name):
                return spec.id
    counts: Counter[str] = Counter()
    for paragraph in document.paragraphs:
        for profile, pattern in _SELF.items():
            counts[profile] += len(pattern.findall(paragraph.text))
    if counts and counts.most_common(1)[0][1] >= 2:
        return counts.most_common(1)[0][0]
    return None


def gather_facts(
    document: Document, specs: tuple[ProfileSpec, ...], profile: str | None = None, published: str | None = None
) -> ReportFacts:
    """Work out the report-wide facts; `profile` and `published` come from the command line when given."""
    year, year_source, year_evidence = _year(document)
    issuer, issuer_source, issuer_evidence = _issuer(document)
    pub, pub_source, pub_evidence = _published(document, published)
    # The report names its body in the 落款, the title and its opening sentence; a page's 发布机构 is often
    # the site's operator (a 政府办公室 publishing every body's report), so it comes after them.
    names = [f.value for f in document.signature if not parse_date(f.value)]
    names += [b.value for b in document.title_block]
    if document.title:
        names += [e for e in [_title_entity(document.title.value)] if e]
    opening = _opening_entity(document)
    if opening:
        names.append(opening[0])
    names += [document.metadata[k].value for k in ("publisher",) if k in document.metadata]
    if profile:
        chosen, source = profile, "option"
    else:
        detected = detect_profile(document, names, specs)
        chosen, source = (detected, "detected") if detected else ("county", "default")
    written = document.dates.get("written", (None, 0))[0]
    return ReportFacts(
        year=year,
        year_source=year_source,
        year_evidence=year_evidence,
        issuer=issuer,
        issuer_source=issuer_source,
        issuer_evidence=issuer_evidence,
        published=pub,
        published_source=pub_source,
        published_evidence=pub_evidence,
        written=written,
        profile=chosen,
        profile_source=source,
    )
