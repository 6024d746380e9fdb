"""`fzcheck rules`: list, show, validate and test rule files."""

from __future__ import annotations

import argparse
from pathlib import Path

from checker.cli.parser import EXIT_BELOW, EXIT_OK
from checker.errors import UsageError
from checker.ruleset import PROFILES, build_ruleset, load_ruleset


def run_rules(args: argparse.Namespace) -> int:
    if args.rules_command == "list":
        return _rules_list(args)
    if args.rules_command == "show":
        return _rules_show(args)
    if args.rules_command == "validate":
        for file in args.files:
            count = validate_rule_file(file)
            print(f"{file}: 规则文件有效（{count} 条规则）")
        return EXIT_OK
    if args.rules_command == "test":
        return _rules_test(args)
    raise UsageError("rules 需要子命令：list、show、validate 或 test（fzcheck rules --help）")


def validate_rule_file(file: str) -> int:
    """Validate a root rule file or a rule pack; a pack is compiled on top of the baseline for every
    profile, so an override of an unknown id or a bad pattern is found now rather than in a later run."""
    from checker.ruleset import read_rule_file

    data = read_rule_file(Path(file))
    if "document" in data:
        build_ruleset(file)
    else:
        for profile in (None, *PROFILES):
            load_ruleset(profile, extra_files=(file,))
    return len(data.get("rules", []))


def _rules_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from checker.results import GROUP_LABELS

    ruleset = load_ruleset(args.profile, extra_files=tuple(args.rules))
    table = Table(title=f"检查要素（{ruleset.name}）")
    for column in ("ID", "要素", "分组", "领域", "权重", "适用"):
        # Ids are what users copy into configuration files: never wrap them.
        table.add_column(column, no_wrap=column == "ID", overflow="fold")
    for rule in ruleset.rules:
        table.add_row(
            rule.id,
            Text(rule.name),
            GROUP_LABELS.get(rule.group, rule.group),
            Text(rule.area),
            f"{rule.weight:g}",
            "是" if rule.applies else "否",
        )
    Console().print(table)
    return EXIT_OK


def _rules_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    ruleset = load_ruleset(args.profile, extra_files=tuple(args.rules))
    rule = ruleset.rule(args.rule_id)
    if rule is None:
        raise UsageError(f"没有要素 {args.rule_id!r}（fzcheck rules list 查看全部）")
    # Rule packs are text from strangers: never interpret their [brackets] as markup.
    console = Console(highlight=False, markup=False)
    console.print(f"{rule.id}  {rule.name}", style="bold")
    console.print(f"领域：{rule.area}    权重：{rule.weight:g}    适用：{'是' if rule.applies else '否'}")
    console.print(f"依据：{rule.basis}")
    console.print(
        f"判定：{'命名检查 ' + (rule.check or '') if rule.type == 'check' else '短语证据（成效部分为通过，仅见于计划为部分）'}"
    )
    if rule.partial_note:
        console.print(f"部分：{rule.partial_note}")
    console.print(f"缺失时：{rule.missing}")
    console.print(f"建议：{rule.fix}")
    console.print(f"定义于：{rule.source}:{rule.line}")
    for status, label in (("pass", "通过示例"), ("partial", "部分示例"), ("fail", "缺失示例")):
        for text in rule.examples.get(status, ()):
            console.print(f"  {label}：{text.replace(chr(10), ' / ')}")
    return EXIT_OK


def _rules_test(args: argparse.Namespace) -> int:
    from checker.examples import run_examples

    ruleset = load_ruleset(extra_files=tuple(args.files))
    wanted = None
    if args.files:
        from checker.ruleset import read_rule_file

        wanted = {r["id"] for f in args.files for r in read_rule_file(Path(f)).get("rules", [])}
    outcomes = run_examples(ruleset, wanted)
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        print(f"{outcome.rule_id}: 示例应为 {outcome.expected}，实为 {outcome.actual}：{outcome.text[:60]!r}")
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return EXIT_OK if not failed else EXIT_BELOW
