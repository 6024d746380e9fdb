"""Load the rule set: YAML files validated against the shipped schema, compiled once per run.

A rule set is the baseline (rules/baseline.yaml) plus a profile (township, county, department) that
`extends` it and changes applicability and weights, plus any extra rule packs. The result is plain,
immutable data; the evaluator interprets it and never reads YAML itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from checker.errors import RuleError
from checker.read.conventions import Conventions, ImplicitParts, SectionKind
from checker.ruleset.files import (
    check_data_patterns,
    extends_chain,
    merge_data,
    read_data_files,
    read_rule_file,
    rules_dir,
)
from checker.ruleset.model import PROFILES, STATUSES, Clause, Grade, ProfileSpec, Rule, Ruleset, Veto
from checker.ruleset.patterns import (
    PatternError,
    check_regex,
    compile_regexes,
    compile_terms,
    required_literals,
    screen_for,
)
from checker.ruleset.yamlsource import LineDict, line_of

# Compiled rules and conventions, keyed by the parsed mapping they came from (kept alive by the parsed-file
# cache): a run builds the baseline and then each profile on top of it, and must not compile the same rule
# twice.
_COMPILED: dict[tuple[int, str, str], Rule] = {}
_COMPILED_CONVENTIONS: dict[tuple[int, str], Conventions] = {}


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
        compiled = compile_terms(terms) if terms else ()
        screen, screen_joined = screen_for(compiled)
        return Clause(
            terms=compiled,
            screen_source=screen,
            screen_joined=screen_joined,
            **_clause_literals(terms),
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


def _clause_literals(terms: list[Any]) -> dict[str, Any]:
    """Each term's required literals and their union, or nothing if one phrase has none."""
    per_term: list[frozenset[str]] = []
    for term in terms:
        literals: set[str] = set()
        for phrase in [term] if isinstance(term, str) else term:
            required = required_literals(phrase)
            if required is None:
                return {}
            literals |= required
        per_term.append(frozenset(literals))
    if not per_term:
        return {}
    return {"literals": frozenset().union(*per_term), "term_literals": tuple(per_term)}


def _check_param_regexes(value: Any, path: str, rule_id: str, line: int | None) -> None:
    """Named checks use some of their params as regular expressions (the causes, the targets, …), so
    every string in a rule's params passes the same safety check as a `re:` phrase."""
    if isinstance(value, str):
        try:
            check_regex(value)
        except PatternError as exc:
            raise RuleError(path, f"params: {exc}", line=line, rule_id=rule_id) from None
    elif isinstance(value, dict):
        for item in value.values():
            _check_param_regexes(item, path, rule_id, line)
    elif isinstance(value, list):
        for item in value:
            _check_param_regexes(item, path, rule_id, line)


def _compiled_rule(raw: LineDict, path: str, group_of: dict[str, str]) -> Rule:
    """`_rule`, once per parsed rule (and group, which an extending file may map differently)."""
    group = raw.get("group") or group_of.get(raw["id"].split(".")[0], "content")
    key = (id(raw), path, group)
    if key not in _COMPILED:
        _COMPILED[key] = _rule(raw, path, group_of)
    return _COMPILED[key]


def _rule(raw: LineDict, path: str, group_of: dict[str, str]) -> Rule:
    rule_id = raw["id"]
    _check_param_regexes(raw.get("params", {}), path, rule_id, raw.line)
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
        implicit = document.get("implicit")
        return Conventions(
            chrome=compile_regexes(document["chrome"]),
            footer_markers=compile_regexes(document["footer_markers"]),
            metadata_labels=dict(document["metadata_labels"]),
            sections=sections,
            unit_pattern=re.compile("|".join(re.escape(u) for u in units)),
            org_suffix=compile_regexes([document["org_suffix"]])[0],
            implicit=ImplicitParts(
                *(_alternation(implicit[key]) for key in ("plan_cues", "shortcoming_leads", "symptoms"))
            )
            if implicit
            else None,
        )
    except PatternError as exc:
        raise RuleError(path, str(exc), line=getattr(document, "line", None)) from None


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    """Checked regular expressions joined into one pattern."""
    compile_regexes(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def build_ruleset(base_file: str | Path, profile: str | None = None, extra_files: tuple[str, ...] = ()) -> Ruleset:
    """Compile the baseline (or another root file), a profile's overrides and extra rule packs."""
    base_path = Path(base_file)
    layers = extends_chain(base_path)
    profile_specs = _profile_specs()
    if profile:
        profile_file = rules_dir() / f"{profile}.yaml"
        if profile not in {p.id for p in profile_specs}:
            raise RuleError(str(profile_file), f"未知的报告主体类型 {profile!r}（可用：{', '.join(PROFILES)}）")
        layers += [layer for layer in extends_chain(profile_file) if layer[0].resolve() != base_path.resolve()]
    for extra in extra_files:
        layers += [
            layer for layer in extends_chain(Path(extra)) if layer[0].resolve() not in {p.resolve() for p, _ in layers}
        ]

    rules: dict[str, Rule] = {}
    grades: tuple[Grade, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    vetoes_from: tuple[str, int | None] = ("", None)
    groups: dict[str, str] = {}
    conventions: Conventions | None = None
    data: dict[str, Any] = {}
    name = ""
    for path, raw in layers:
        where = str(path)
        groups.update(raw.get("groups", {}))
        if "grades" in raw:
            grades = tuple(Grade(g["min"], g["name"]) for g in raw["grades"])
        if "vetoes" in raw:
            vetoes = tuple(
                Veto(tuple(v["elements"]), tuple(v.get("when", ("fail",))), v["cap"], v["reason"])
                for v in raw["vetoes"]
            )
            vetoes_from = (where, line_of(raw, ("vetoes",)))
        if "document" in raw:
            key = (id(raw["document"]), where)
            if key not in _COMPILED_CONVENTIONS:
                _COMPILED_CONVENTIONS[key] = _conventions(raw["document"], where)
            conventions = _COMPILED_CONVENTIONS[key]
        data = merge_data(data, read_data_files(raw, path))
        check_data_patterns(raw.get("data", {}), where)
        data = merge_data(data, raw.get("data", {}))
        name = raw.get("name", name)
        for rule_raw in raw.get("rules", []):
            rules[rule_raw["id"]] = _compiled_rule(rule_raw, where, groups)
        for rule_id, override in raw.get("overrides", {}).items():
            if rule_id not in rules:
                raise RuleError(where, f"overrides 中的规则 {rule_id!r} 不存在", line=line_of(raw, ("overrides",)))
            changes = {k: (float(v) if k == "weight" else v) for k, v in override.items() if k in ("weight", "applies")}
            rules[rule_id] = replace(rules[rule_id], **changes)
    if conventions is None:
        raise RuleError(str(base_path), "规则集缺少 document 部分（章节、网页杂项等约定）")
    _check_vetoes(vetoes, rules, grades, *vetoes_from)
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
        vetoes=vetoes,
    )


def _check_vetoes(
    vetoes: tuple[Veto, ...], rules: dict[str, Rule], grades: tuple[Grade, ...], where: str, line: int | None
) -> None:
    """A veto names existing elements and caps at a grade the rule set has (a typo would do nothing)."""
    names = {g.name for g in grades}
    for veto in vetoes:
        if veto.cap not in names:
            raise RuleError(
                where, f"vetoes 中的等级 {veto.cap!r} 不在 grades 中（可用：{'、'.join(names)}）", line=line
            )
        unknown = [e for e in veto.elements if e not in rules]
        if unknown:
            raise RuleError(where, f"vetoes 中的要素 {unknown[0]!r} 不存在", line=line)


@cache
def _profile_specs() -> tuple[ProfileSpec, ...]:
    specs = []
    for profile in PROFILES:
        path = rules_dir() / f"{profile}.yaml"
        raw = read_rule_file(path)
        names = raw.get("names", {})
        endings = names.get("endings", [])
        try:
            compile_regexes(endings)
        except PatternError as exc:
            raise RuleError(str(path), str(exc), line=line_of(raw, ("names",))) from None
        pattern = re.compile("(?:" + "|".join(f"(?:{e})" for e in endings) + ")$") if endings else None
        specs.append(
            ProfileSpec(
                id=profile,
                name=raw["name"],
                endings=pattern,
                self_words=tuple(names.get("self", [])),
                priority=raw.get("priority", 9),
            )
        )
    return tuple(sorted(specs, key=lambda s: s.priority))


def load_ruleset(profile: str | None = None, extra_files: tuple[str, ...] = ()) -> Ruleset:
    """The shipped baseline with a profile applied (or none yet: the profile may be detected later)."""
    return build_ruleset(rules_dir() / "baseline.yaml", profile, extra_files)
