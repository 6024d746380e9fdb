"""Load the rule set: YAML files validated against the shipped schema, compiled once per run.

A rule set is the baseline (rules/baseline.yaml) plus a profile (township, county, department) that
`extends` it and changes applicability and weights, plus any extra rule packs. The result is plain,
immutable data; the evaluator interprets it and never reads YAML itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from checker.atomic import atomic_writer
from checker.errors import RuleError
from checker.read.conventions import Conventions, ImplicitParts, SectionKind
from checker.ruleset.patterns import (
    PatternError,
    check_regex,
    compile_regexes,
    compile_terms,
    required_literals,
    screen_for,
)
from checker.ruleset.scan import PhraseIndex
from checker.ruleset.yamlsource import LineDict, line_of, load_yaml

# The installed package (checker/): rule files and schemas live under it.
_PACKAGE = Path(__file__).resolve().parent.parent
SCOPES = ("achievements", "shortcomings", "plan", "other", "closing")
STATUSES = ("pass", "partial", "fail")
PROFILES = ("township", "county", "department")
# Rule files larger than this are refused before reading: the baseline is under 100 KB.
MAX_RULE_FILE_BYTES = 5 * 1024 * 1024
# How many files an `extends` chain may hold (a cycle is caught separately).
MAX_EXTENDS_DEPTH = 16
# Rule files known to be valid against the current schema: validation keys (see _validation_key) seen
# valid in this process, and (_persisted) in earlier runs, from a small cache file. Validating needs
# jsonschema, whose import and run cost most of a short run's start-up.
_VALIDATED: set[str] = set()
CACHE_FILE = "validated-rules-v1.txt"
MAX_CACHE_ENTRIES = 256
# Parsed rule files by (resolved path, mtime, size): a profile's rule set reads the baseline again.
_PARSED: dict[tuple[str, int, int], LineDict] = {}
# Compiled rules and conventions, keyed by the parsed mapping they came from (kept alive in _PARSED): a
# run builds the baseline and then each profile on top of it, and must not compile the same rule twice.
_COMPILED: dict[tuple[int, str, str], Rule] = {}
_COMPILED_CONVENTIONS: dict[tuple[int, str], Conventions] = {}


def rules_dir() -> Path:
    """Where the shipped rule files live: inside the installed package, or next to it in a checkout."""
    packaged = _PACKAGE / "rules"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / "rules"


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
    # All terms in one pattern, to skip units holding none of them; screen_joined: the screen may be run
    # once over all units joined (see patterns.screen_for).
    screen: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    screen_joined: bool = field(default=False, compare=False, repr=False)
    # Literals of which a unit must hold one for the clause to hold there (see checker.ruleset.scan); None
    # when some phrase has no such literal and units must be screened by `screen`.
    literals: frozenset[str] | None = field(default=None, compare=False, repr=False)
    # The same for each term, in the order of `terms`: a term whose literals a unit lacks cannot match.
    term_literals: tuple[frozenset[str], ...] | None = field(default=None, compare=False, repr=False)


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
class Grade:
    minimum: float
    name: str


@dataclass(frozen=True)
class Veto:
    """Elements whose absence caps the grade whatever the score (e.g. a section 督察工作规定 Art. 25
    requires): when any of `elements` has a status in `when`, the grade is at best `cap`."""

    elements: tuple[str, ...]
    when: tuple[str, ...]
    cap: str
    reason: str


@dataclass(frozen=True)
class ProfileSpec:
    """A kind of reporting body: the endings of its names and the words it uses for itself."""

    id: str
    name: str
    # The profile's name endings as one pattern anchored at the end of a name: "…街道办事处" ends with one
    # of the township's, "…市场监管局" with one of the department's.
    endings: re.Pattern[str] | None
    self_words: tuple[str, ...]
    priority: int


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
    vetoes: tuple[Veto, ...] = ()

    @cached_property
    def phrases(self) -> PhraseIndex:
        """The literals of every text clause in one automaton, built on first use."""
        clauses = (c for rule in self.rules for c in (*rule.pass_clauses, *rule.partial_clauses))
        return PhraseIndex(literal for clause in clauses for literal in clause.literals or ())

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def grade(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: g.minimum, reverse=True):
            if score >= grade.minimum:
                return grade.name
        return self.grades[-1].name if self.grades else ""


# ---------------------------------------------------------------- reading and validating files


@cache
def _schema() -> dict[str, Any]:
    path = _PACKAGE / "schemas" / "rules.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def read_rule_file(path: Path) -> LineDict:
    """Parse and validate one rule file; any problem is a RuleError with file, line and rule id.

    The result is shared between callers (parsed files are kept for the run): treat it as read-only.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise RuleError(str(path), "规则文件不存在") from None
    except OSError as exc:
        raise RuleError(str(path), f"无法读取规则文件：{exc}") from None
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    if key in _PARSED:
        return _PARSED[key]
    text = _read_text(path, info)
    data = load_yaml(text, str(path))
    if not isinstance(data, dict):
        raise RuleError(str(path), "规则文件的顶层应当是映射（mapping）", line=1)
    validation_key = _validation_key(text)
    if validation_key not in _VALIDATED and validation_key not in _persisted():
        _validate(data, str(path))
        _remember_valid(validation_key)
    _VALIDATED.add(validation_key)
    _PARSED[key] = data
    return data


def _read_text(path: Path, info: os.stat_result) -> str:
    """A rule file's text, refusing what is not a regular file or is too large before reading it whole
    (a FIFO would block, /dev/zero never ends, and a 100 MB file is no rule file)."""
    if not stat.S_ISREG(info.st_mode):
        raise RuleError(str(path), "规则文件不是普通文件")
    limit = f"{MAX_RULE_FILE_BYTES // (1024 * 1024)} MB"
    if info.st_size > MAX_RULE_FILE_BYTES:
        raise RuleError(str(path), f"规则文件过大（{info.st_size} 字节，上限 {limit}）")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_RULE_FILE_BYTES + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(str(path), f"无法读取规则文件：{exc}") from None
    if len(raw) > MAX_RULE_FILE_BYTES:
        raise RuleError(str(path), f"规则文件过大（上限 {limit}）")
    # The same text Path.read_text gives: universal newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- the validation cache


@cache
def _schema_digest() -> str:
    path = _PACKAGE / "schemas" / "rules.schema.json"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _validation_key(text: str) -> str:
    """A rule file's identity for the cache: its content and the schema it was validated against."""
    return hashlib.sha256(f"{_schema_digest()}\n{text}".encode()).hexdigest()


def cache_file() -> Path | None:
    """Where validation results are kept across runs: $XDG_CACHE_HOME/fzcheck or ~/.cache/fzcheck."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return root / "fzcheck" / CACHE_FILE


@cache
def _persisted() -> frozenset[str]:
    """Validation keys from earlier runs; nothing when there is no readable cache."""
    path = cache_file()
    try:
        lines = path.read_text(encoding="ascii").split() if path else []
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line for line in lines if len(line) == 64)


def _remember_valid(key: str) -> None:
    """Add a key to the cache file, written whole to a temporary file and renamed over the old one so
    that a concurrent reader never sees half a file. A cache that cannot be written is skipped."""
    _VALIDATED.add(key)
    path = cache_file()
    if path is None:
        return
    try:
        known = path.read_text(encoding="ascii").split() if path.exists() else []
    except (OSError, UnicodeDecodeError):
        known = []
    keys = [*[k for k in known if len(k) == 64 and k != key][-(MAX_CACHE_ENTRIES - 1) :], key]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path, encoding="ascii") as stream:
            stream.write("\n".join(keys) + "\n")
    except OSError:
        return


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
    """A file named in `extends`: a shipped rule set by id, or a path relative to the extending file.

    `extends` is the only way a rule file reaches another file, and what it reaches is read as a rule
    file and nothing else: it must be named .yaml/.yml, a regular file under MAX_RULE_FILE_BYTES, and
    it goes through the same safe YAML loading, size limits, schema validation and regex checks.
    A rule pack can thus make the checker read (not run, not write) a YAML file the user may read;
    parts of that file may show in an error message on the user's own terminal, nowhere else.
    """
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
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise RuleError(str(current), f"extends 链超过 {MAX_EXTENDS_DEPTH} 层")
        data = read_rule_file(current)
        chain.append((current, data))
        parent = data.get("extends")
        current = _resolve(parent, current) if parent else None
        if current is not None and current.suffix.lower() not in (".yaml", ".yml"):
            raise RuleError(
                str(chain[-1][0]),
                f"extends 只能是内置规则集名称或 .yaml 规则文件：{parent!r}",
                line=line_of(data, ("extends",)),
            )
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
        compiled = compile_terms(terms) if terms else ()
        screen, screen_joined = screen_for(compiled)
        return Clause(
            terms=compiled,
            screen=screen,
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


def _check_data_patterns(value: Any, path: str) -> None:
    """Data tables hold a few regular expressions under `pattern` keys (the stale-reference table)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern" and isinstance(item, str):
                try:
                    check_regex(item)
                except PatternError as exc:
                    raise RuleError(path, f"data: {exc}", line=getattr(value, "line", None)) from None
            else:
                _check_data_patterns(item, path)
    elif isinstance(value, list):
        for item in value:
            _check_data_patterns(item, path)


def _merge_data(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Named data tables (stale references, provinces, …): a later file's table replaces or extends."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + value
        else:
            merged[key] = value
    return merged


def _data_files(raw: LineDict, path: Path) -> dict[str, Any]:
    """The tables of the YAML files a rule file lists under `data_files` (paths relative to the rule file),
    merged in order: large tables such as the provinces live in their own files under rules/data/."""
    merged: dict[str, Any] = {}
    for name in raw.get("data_files", []):
        target = path.parent / name
        try:
            info = target.stat()
        except OSError as exc:
            raise RuleError(str(path), f"无法读取数据文件 {name}：{exc}", line=line_of(raw, ("data_files",))) from None
        # Data files come with rule packs from strangers: the same size limit and pattern checks apply.
        tables = load_yaml(_read_text(target, info), str(target))
        if not isinstance(tables, dict):
            raise RuleError(str(target), "数据文件的顶层应当是映射（mapping）", line=1)
        _check_data_patterns(tables, str(target))
        merged = _merge_data(merged, tables)
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
        data = _merge_data(data, _data_files(raw, path))
        _check_data_patterns(raw.get("data", {}), where)
        data = _merge_data(data, raw.get("data", {}))
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
