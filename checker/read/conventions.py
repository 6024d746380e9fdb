"""What a rule set tells the reader about documents in general: site chrome, metadata labels, the
kinds of section and their headings, units.

The types live here, below the rule-set loader that builds them, so that segmenting a report never
imports the rule machinery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionKind:
    """A mandated part of a report and the headings that announce it."""

    kind: str
    name: str
    scope: str
    levels: tuple[str, ...]
    headings: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class ImplicitParts:
    """How parts without a heading of their own are recognised, sentence by sentence: where a plan starts
    ("下一步，我局将……"), what introduces shortcomings ("但仍存在一些不足"), and the words a shortcoming
    uses (不够, 有待, 短板)."""

    plan_cue: re.Pattern[str]
    shortcoming_lead: re.Pattern[str]
    symptom: re.Pattern[str]


@dataclass(frozen=True)
class Conventions:
    """What the rule set says about documents in general: chrome, metadata labels, sections, units."""

    chrome: tuple[re.Pattern[str], ...]
    footer_markers: tuple[re.Pattern[str], ...]
    metadata_labels: dict[str, str]
    sections: tuple[SectionKind, ...]
    unit_pattern: re.Pattern[str]
    org_suffix: re.Pattern[str]
    implicit: ImplicitParts | None = None
