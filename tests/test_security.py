"""Rule packs are untrusted: they can neither run code nor make the checker hang or exhaust memory."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from checker.errors import RuleError
from checker.ruleset import build_ruleset, rules_dir
from checker.ruleset import files as ruleset_module
from checker.ruleset.patterns import PatternError, check_regex
from checker.ruleset.yamlsource import MAX_DEPTH
from tests.conftest import english_words


@pytest.fixture(autouse=True)
def _fresh_rule_caches(tmp_path, monkeypatch):
    """Every test starts with empty in-process caches and its own validation cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(ruleset_module, "_VALIDATED", set())
    monkeypatch.setattr(ruleset_module, "_PARSED", {})
    ruleset_module._persisted.cache_clear()
    yield
    ruleset_module._persisted.cache_clear()


def rule_pack(tmp_path: Path, match: str = "{any: [普法]}", params: str = "", name: str = "pack.yaml") -> Path:
    """A rule pack extending the baseline with one rule whose first pass clause is `match`."""
    body = """\
        version: 1
        extends: baseline
        rules:
          - id: local.extra
            name: 本地要素
            weight: 1
            basis: 本地规定
            fix: 写明
            examples: {pass: [], fail: []}
        """
    body = textwrap.dedent(body)
    body += f"    check: causes\n    params: {params}\n" if params else f"    match:\n      pass:\n        - {match}\n"
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_well_formed_pack_loads(tmp_path):
    assert build_ruleset(rule_pack(tmp_path)).rule("local.extra") is not None


# ---------------------------------------------------------------- code in YAML


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"],
)
def test_python_object_tags_are_refused_not_executed(tmp_path, tag):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'version: 1\nname: !!str x\nevil: {tag} ["touch {marker}"]\n', encoding="utf-8")
    with pytest.raises(RuleError):
        build_ruleset(path)
    assert not marker.exists()


# ---------------------------------------------------------------- regular expressions


@pytest.mark.parametrize(
    "source",
    [
        r"(a+)+$",
        r"(a*)*b",
        r"(\w+\s?)+$",
        r"(a|a)*",
        r"(a|ab)*c",
        r"(?:普法|普法宣传)+x",
        r"(.*a){10}",
        r"(a?){30}a{30}",
        r"x{0,5000}",
        r"a.*b.*c.*d.*e.*f",
        r"(a)\1",
        r"(?P<x>a)(?P=x)",
        r"(?:(a)|b)(?(1)c|d)",
        "a" * 2001,
    ],
)
def test_dangerous_regexes_are_refused(source):
    with pytest.raises(PatternError):
        check_regex(source)


@pytest.mark.parametrize(
    "source",
    [
        r"(a|b)*",
        r"[^。;]{0,24}(相比|要求)",
        r"(?<!副)(镇长|县长)",
        r"规范性文件[^。;]{0,12}?\d+\s*(件|份)",
        r"(?:ab){2}",
    ],
)
def test_ordinary_regexes_are_accepted(source):
    check_regex(source)


def test_catastrophic_regex_in_a_pack_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="回溯"):
        build_ruleset(rule_pack(tmp_path, match="{any: ['re:(普法+)+$']}"))


def test_regex_in_check_params_is_checked_too(tmp_path):
    pack = rule_pack(tmp_path, params="{explicit: ['(a|ab)*$'], factors: [原因]}")
    with pytest.raises(RuleError, match=r"local\.extra"):
        build_ruleset(pack)


# ---------------------------------------------------------------- size, bombs and strange files


def test_huge_rule_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse: no 100 MB is written or read
    with pytest.raises(RuleError, match="过大"):
        build_ruleset(path)


def test_extends_naming_a_device_or_a_non_yaml_file_is_refused(tmp_path):
    for target in ("/dev/zero", "/etc/passwd", "../../../../etc/hostname"):
        pack = tmp_path / "pack.yaml"
        pack.write_text(f"version: 1\nextends: {target}\n", encoding="utf-8")
        with pytest.raises(RuleError, match="extends"):
            build_ruleset(pack)


def test_a_fifo_named_yaml_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(RuleError, match="普通文件"):
        build_ruleset(fifo)


def _laughs(levels: int, width: int) -> str:
    lines = ["version: 1", 'l0: &l0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join(f"*l{level - 1}" for _ in range(width))
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_laughs(9, 9), encoding="utf-8")
    with pytest.raises(RuleError, match="别名"):
        build_ruleset(path)


def test_merge_key_bomb_is_refused_while_loading(tmp_path):
    # Eleven levels, each merging four copies of the level below: 4**11 copies of the first mapping if a
    # YAML library expands merges naively (we refuse it while loading), a handful if it shares them (the
    # pack is then refused by the schema: it has none of a rule file's keys). Either way: refused, one line.
    lines = ["version: 1", "m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(40)) + "}"]
    for level in range(1, 12):
        refs = ", ".join(f"*m{level - 1}" for _ in range(4))
        lines.append(f"m{level}: &m{level} {{<<: [{refs}], x{level}: 1}}")
    path = tmp_path / "merge.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        build_ruleset(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    keys = [f"m{level}" for level in range(12)]
    assert english_words(message, str(path), *keys) == [], message


def test_self_referencing_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("version: 1\nloop: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(RuleError):
        build_ruleset(path)


@pytest.mark.parametrize("depth", [70, 5000])
def test_deep_nesting_is_refused(tmp_path, depth):
    # Past our limit of 64 levels; 5000 is also past the YAML library's own limit, where ours must still
    # be the message the user reads.
    path = tmp_path / "deep.yaml"
    path.write_text("version: 1\ndeep: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=f"嵌套超过 {MAX_DEPTH} 层") as caught:
        build_ruleset(path)
    assert "\n" not in str(caught.value)


# ---------------------------------------------------------------- the validation cache


def test_validation_results_are_cached_across_runs(tmp_path, monkeypatch):
    build_ruleset(rule_pack(tmp_path))
    cache = ruleset_module.cache_file()
    assert cache is not None and cache.is_file()
    # A new run (fresh in-process caches) trusts the cache and does not validate again ...
    monkeypatch.setattr(ruleset_module, "_VALIDATED", set())
    monkeypatch.setattr(ruleset_module, "_PARSED", {})
    ruleset_module._persisted.cache_clear()

    def fail(*_args):
        raise AssertionError("validated again")

    monkeypatch.setattr(ruleset_module, "_validate", fail)
    build_ruleset(rule_pack(tmp_path))
    # ... but a changed file is validated.
    with pytest.raises(AssertionError):
        build_ruleset(rule_pack(tmp_path, match="{any: [法治宣传]}", name="other.yaml"))


def test_invalid_files_are_never_cached(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nrules: 3\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError):
            build_ruleset(bad)
    cache = ruleset_module.cache_file()
    assert (
        cache is None or not cache.exists() or ruleset_module._validation_key(bad.read_text()) not in cache.read_text()
    )


def test_unwritable_or_corrupt_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    build_ruleset(rules_dir() / "baseline.yaml")  # cannot create the cache: silently skipped
    corrupt = tmp_path / "c2" / "fzcheck" / ruleset_module.CACHE_FILE
    corrupt.parent.mkdir(parents=True)
    corrupt.write_bytes(b"\xff\xfe garbage\n" + b"0" * 64 + b"\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c2"))
    monkeypatch.setattr(ruleset_module, "_VALIDATED", set())
    monkeypatch.setattr(ruleset_module, "_PARSED", {})
    ruleset_module._persisted.cache_clear()
    assert build_ruleset(rules_dir() / "baseline.yaml").rules
