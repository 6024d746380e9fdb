"""Load the rule set: YAML files validated against the shipped schema, compiled once per run.

A rule set is the baseline (rules/baseline.yaml) plus a profile (township, county, department) that
`extends` it and changes applicability and weights, plus any extra rule packs. The result is plain,
immutable data; the evaluator interprets it and never reads YAML itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from checker.errors import RuleError
from checker.patterns import PatternError, compile_regexes, compile_terms
from checker.yamlsource import LineDict, line_of, load_yaml

SCOPES = ("achievements", "shortcomings", "plan", "other", "closing")
STATUSES = ("pass", "partial", "fail")
PROFILES = ("township", "county", "department")
# Whose rule files we trust to be valid without re-validating: content hashes seen valid in this process.
_VALIDATED: set[str] = set()


def rules_dir() -> Path:
    """Where the shipped rule files live: inside the installed package, or next to it in a checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "rules"


@dataclass(frozen=True)
class Clause:
    """One way a rule can find evidence. Text clauses look at sentences or paragraphs in some scopes;
    the others look at the document's structure."""

    terms: tuple[re.Pattern[str], ...] = ()
    # "any": one of the terms; "all": every term; "at_least": `minimum` distinct terms.
    mode: str = "any"
    minimum: int = 1
    quantity: bool = False
    exclude: re.Pattern[str] | None = None
    within: str = "sentence"
    scopes: tuple[str, ...] | None = None
    heading: str | None = None
    section: str | None = None
    min_sections: int = 1
    min_chars: int = 0
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """An element of the catalog: what it means, how it is found, how it is scored, how to fix it."""

    id: str
    name: str
    group: str
    weight: float
    basis: str
    fix: str
    missing: str
    type: str
    source: str
    line: int
    area: str = ""
    check: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    pass_clauses: tuple[Clause, ...] = ()
    partial_clauses: tuple[Clause, ...] = ()
    plan_only_partial: bool = True
    applies: bool = True
    partial_note: str = ""
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionKind:
    """A mandated part of a report and the headings that announce it."""

    kind: str
    name: str
    scope: str
    levels: tuple[str, ...]
    headings: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Grade:
    minimum: float
    name: str


@dataclass(frozen=True)
class ProfileSpec:
    """A kind of reporting body: how to recognise it from the body's name, in priority order."""

    id: str
    name: str
    detect: re.Pattern[str] | None
    priority: int


@dataclass(frozen=True)
class Conventions:
    """What the rule set says about documents in general: chrome, metadata labels, sections, units."""

    chrome: tuple[re.Pattern[str], ...]
    footer_markers: tuple[re.Pattern[str], ...]
    metadata_labels: dict[str, str]
    sections: tuple[SectionKind, ...]
    unit_pattern: re.Pattern[str]
    org_suffix: re.Pattern[str]


@dataclass(frozen=True)
class Ruleset:
    """Everything one run needs: the rules for the chosen profile and the document conventions."""

    name: str
    profile: str
    rules: tuple[Rule, ...]
    grades: tuple[Grade, ...]
    groups: dict[str, str]
    conventions: Conventions
    profiles: tuple[ProfileSpec, ...]
    data: dict[str, Any]
    files: tuple[str, ...]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def grade(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: g.minimum, reverse=True):
            if score >= grade.minimum:
                return grade.name
        return self.grades[-1].name if self.grades else ""

    def for_profile(self, profile: str) -> Ruleset:
        """The same rule set with another profile's overrides applied."""
        return build_ruleset(self.files[0], profile, self.files[1:])


# ---------------------------------------------------------------- reading and validating files


@cache
def _schema() -> dict[str, Any]:
    path = Path(__file__).parent / "schemas" / "rules.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def read_rule_file(path: Path) -> LineDict:
    """Parse and validate one rule file; any problem is a RuleError with file, line and rule id."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(str(path), "规则文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), f"无法读取规则文件：{exc}") from None
    data = load_yaml(text, str(path))
    if not isinstance(data, dict):
        raise RuleError(str(path), "规则文件的顶层应当是映射（mapping）", line=1)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest not in _VALIDATED:
        _validate(data, str(path))
        _VALIDATED.add(digest)
    return data


def _validate(data: LineDict, path: str) -> None:
    # jsonschema costs ~0.13 s to import; it is only needed the first time a file's content is seen.
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    location = tuple(error.absolute_path)
    rule_id = None
    if len(location) >= 2 and location[0] == "rules" and isinstance(location[1], int):
        rule = data["rules"][location[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else None
    where = "/".join(str(p) for p in location) or "(顶层)"
    raise RuleError(path, f"{where}: {error.message}", line=line_of(data, location), rule_id=rule_id)


def _resolve(name: str, relative_to: Path) -> Path:
    """A file named in `extends`: a shipped rule set by id, or a path relative to the extending file."""
    candidate = relative_to.parent / name
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return candidate
    shipped = rules_dir() / f"{name}.yaml"
    if shipped.exists():
        return shipped
    return candidate


def _chain(path: Path) -> list[tuple[Path, LineDict]]:
    """The file and everything it extends, base first."""
    chain: list[tuple[Path, LineDict]] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            raise RuleError(str(current), "extends 形成循环")
        seen.add(resolved)
        data = read_rule_file(current)
        chain.append((current, data))
        parent = data.get("extends")
        current = _resolve(parent, current) if parent else None
    return list(reversed(chain))


# ---------------------------------------------------------------- compiling


def _clause(raw: dict[str, Any], path: str, rule_id: str, line: int | None) -> Clause:
    try:
        if "heading" in raw:
            return Clause(heading=raw["heading"], note=raw.get("note", ""))
        if "section" in raw:
            return Clause(section=raw["section"], min_sections=raw.get("min", 1), note=raw.get("note", ""))
        if "min_chars" in raw:
            return Clause(min_chars=raw["min_chars"], scopes=tuple(raw.get("in", ["achievements"])))
        mode, terms, minimum = "any", raw.get("any", []), 1
        if "all" in raw:
            mode, terms, minimum = "all", raw["all"], len(raw["all"])
        elif "at_least" in raw:
            mode, terms, minimum = "at_least", raw["of"], raw["at_least"]
        exclude = compile_terms([raw["none"]])[0] if raw.get("none") else None
        return Clause(
            terms=compile_terms(terms) if terms else (),
            mode=mode,
            minimum=minimum,
            quantity=raw.get("quantity", False),
            exclude=exclude,
            within=raw.get("within", "sentence"),
            scopes=tuple(raw["in"]) if "in" in raw else None,
            note=raw.get("note", ""),
        )
    except PatternError as exc:
        raise RuleError(path, str(exc), line=line, rule_id=rule_id) from None


def _rule(raw: LineDict, path: str, group_of: dict[str, str]) -> Rule:
    rule_id = raw["id"]
    match = raw.get("match", {})
    examples = {status: tuple(raw.get("examples", {}).get(status, [])) for status in STATUSES}
    return Rule(
        id=rule_id,
        name=raw["name"],
        group=raw.get("group") or group_of.get(rule_id.split(".")[0], "content"),
        area=raw.get("area", ""),
        weight=float(raw["weight"]),
        basis=raw["basis"],
        fix=raw["fix"],
        missing=raw.get("missing", f"未见“{raw['name']}”的内容"),
        type="check" if "check" in raw else "evidence",
        check=raw.get("check"),
        params=dict(raw.get("params", {})),
        pass_clauses=tuple(_clause(c, path, rule_id, getattr(c, "line", raw.line)) for c in match.get("pass", [])),
        partial_clauses=tuple(
            _clause(c, path, rule_id, getattr(c, "line", raw.line)) for c in match.get("partial", [])
        ),
        plan_only_partial=match.get("plan_only_partial", True),
        partial_note=raw.get("partial_note", ""),
        examples=examples,
        source=path,
        line=raw.line,
    )


def _conventions(document: dict[str, Any], path: str) -> Conventions:
    try:
        sections = tuple(
            SectionKind(
                kind=s["kind"],
                name=s["name"],
                scope=s["scope"],
                levels=tuple(s.get("levels", ["top"])),
                headings=compile_regexes(s["headings"]),
            )
            for s in document["sections"]
        )
        units = sorted(document["units"], key=len, reverse=True)
        return Conventions(
            chrome=compile_regexes(document["chrome"]),
            footer_markers=compile_regexes(document["footer_markers"]),
            metadata_labels=dict(document["metadata_labels"]),
            sections=sections,
            unit_pattern=re.compile("|".join(re.escape(u) for u in units)),
            org_suffix=compile_regexes([document["org_suffix"]])[0],
        )
    except PatternError as exc:
        raise RuleError(path, str(exc), line=getattr(document, "line", None)) from None


def _merge_data(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Named data tables (stale references, provinces, …): a later file's table replaces or extends."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        else:
            merged[key] = value
    return merged


def build_ruleset(base_file: str | Path, profile: str | None = None, extra_files: tuple[str, ...] = ()) -> Ruleset:
    """Compile the baseline (or another root file), a profile's overrides and extra rule packs."""
    base_path = Path(base_file)
    layers = _chain(base_path)
    profile_specs = _profile_specs()
    if profile:
        profile_file = rules_dir() / f"{profile}.yaml"
        if profile not in {p.id for p in profile_specs}:
            raise RuleError(str(profile_file), f"未知的报告主体类型 {profile!r}（可用：{', '.join(PROFILES)}）")
        layers += [layer for layer in _chain(profile_file) if layer[0].resolve() != base_path.resolve()]
    for extra in extra_files:
        layers += [layer for layer in _chain(Path(extra)) if layer[0].resolve() not in {p.resolve() for p, _ in layers}]

    rules: dict[str, Rule] = {}
    grades: tuple[Grade, ...] = ()
    groups: dict[str, str] = {}
    conventions: Conventions | None = None
    data: dict[str, Any] = {}
    name = ""
    for path, raw in layers:
        where = str(path)
        groups.update(raw.get("groups", {}))
        if "grades" in raw:
            grades = tuple(Grade(g["min"], g["name"]) for g in raw["grades"])
        if "document" in raw:
            conventions = _conventions(raw["document"], where)
        data = _merge_data(data, raw.get("data", {}))
        name = raw.get("name", name)
        for rule_raw in raw.get("rules", []):
            rules[rule_raw["id"]] = _rule(rule_raw, where, groups)
        for rule_id, override in raw.get("overrides", {}).items():
            if rule_id not in rules:
                raise RuleError(where, f"overrides 中的规则 {rule_id!r} 不存在", line=line_of(raw, ("overrides",)))
            changes = {k: (float(v) if k == "weight" else v) for k, v in override.items() if k in ("weight", "applies")}
            rules[rule_id] = replace(rules[rule_id], **changes)
    if conventions is None:
        raise RuleError(str(base_path), "规则集缺少 document 部分（章节、网页杂项等约定）")
    return Ruleset(
        name=name,
        profile=profile or "",
        rules=tuple(rules.values()),
        grades=grades,
        groups=groups,
        conventions=conventions,
        profiles=profile_specs,
        data=data,
        files=(str(base_path), *extra_files),
    )


@cache
def _profile_specs() -> tuple[ProfileSpec, ...]:
    specs = []
    for profile in PROFILES:
        path = rules_dir() / f"{profile}.yaml"
        raw = read_rule_file(path)
        detect = raw.get("detect")
        try:
            pattern = compile_regexes([detect])[0] if detect else None
        except PatternError as exc:
            raise RuleError(str(path), str(exc), line=line_of(raw, ("detect",))) from None
        specs.append(ProfileSpec(id=profile, name=raw["name"], detect=pattern, priority=raw.get("priority", 9)))
    return tuple(sorted(specs, key=lambda s: s.priority))


def load_ruleset(profile: str | None = None, extra_files: tuple[str, ...] = ()) -> Ruleset:
    """The shipped baseline with a profile applied (or none yet: the profile may be detected later)."""
    return build_ruleset(rules_dir() / "baseline.yaml", profile, extra_files)
