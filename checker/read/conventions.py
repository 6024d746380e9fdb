"""What a rule set tells the reader about documents in general: site chrome, metadata labels, the
kinds of section and their headings, units.

The types live here, below the rule-set loader that builds them, so that segmenting a report never
imports the rule machinery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache


@lru_cache(maxsize=64)
def any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """The patterns as one alternation, searched once per line instead of once per pattern; None when
    they cannot be joined (a pattern with global inline flags)."""
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None
    except re.error:
        return None


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

    # Derived once per rule set and kept on it: looked up for every line of every report, where hashing
    # the tuples to find them in a cache cost more than the search itself.
    @cached_property
    def chrome_line(self) -> re.Pattern[str] | None:
        """All chrome patterns in one (see any_of)."""
        return any_of(self.chrome)

    @cached_property
    def footer_line(self) -> re.Pattern[str] | None:
        """All footer markers in one (see any_of)."""
        return any_of(self.footer_markers)

    @cached_property
    def label_pattern(self) -> re.Pattern[str]:
        """A metadata label ("[ 成文日期 ]", "索引号:") and what surrounds it, longest labels first. Pages
        that align their labels put spaces inside them ("索 引 号", "标　　题"): those are allowed too."""
        labels = sorted(self.metadata_labels, key=len, reverse=True)
        alternatives = "|".join(r"\s*".join(re.escape(ch) for ch in label) for label in labels)
        return re.compile(rf"[\[]?\s*({alternatives})\s*[\]]?\s*[:]?\s*")

    @cached_property
    def _keys_by_label(self) -> dict[str, str]:
        # Spaces do not count, in the text or in a rule pack's own labels.
        return {re.sub(r"\s+", "", label): key for label, key in self.metadata_labels.items()}

    def label_key(self, label: str) -> str:
        """The metadata key of a label as `label_pattern` found it, spaces and all."""
        return self._keys_by_label[re.sub(r"\s+", "", label)]
