"""Command line: parse arguments, run the pipeline, render, and map outcomes to exit codes.

Exit codes: 0 every report checked and at or above --fail-under; 1 a report scored below it;
2 a usage, input or rule-file error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from checker import __version__
from checker.errors import FzcheckError, InputError, UsageError
from checker.formats import DEFAULT_MAX_BYTES, is_report_file
from checker.results import ReportResult
from checker.ruleset import PROFILES, Ruleset, build_ruleset, load_ruleset

EXIT_OK, EXIT_BELOW, EXIT_ERROR = 0, 1, 2
FORMATS = ("terminal", "json")

EXAMPLES = """\
示例:
  fzcheck check 报告.txt                       检查一份报告，输出中文评分卡
  fzcheck check 报告/ --format json            检查目录下所有报告，输出 JSON
  fzcheck check 报告.txt --profile township    按乡镇（街道）标准检查
  fzcheck check 报告.txt --published 2024-03-20 --fail-under 60
  cat 报告.txt | fzcheck check -               从标准输入读取
  fzcheck rules list                           列出所有检查要素
  fzcheck rules show content.major_decisions   查看一个要素的依据、证据和示例

退出码: 0 全部通过; 1 有报告低于 --fail-under; 2 参数、输入或规则文件错误
"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line with exit code 2, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"参数错误：{message}（fzcheck --help 查看用法）")


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD 格式：{value!r}") from None


def _score(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的数：{value!r}") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的数：{value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fzcheck",
        description="检查法治政府建设年度报告：要素是否齐全、证据在哪一行、缺什么怎么补，并给出评分和等级。",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fzcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    check = commands.add_parser(
        "check", help="检查报告", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录（目录递归查找；- 表示标准输入）")
    check.add_argument("--format", "-f", choices=FORMATS, default="terminal", help="输出格式（默认 terminal）")
    check.add_argument(
        "--profile",
        "-p",
        choices=PROFILES,
        help="报告主体类型（默认自动识别）：township 乡镇街道，county 县区政府，department 政府部门",
    )
    check.add_argument(
        "--published", type=_iso_date, metavar="YYYY-MM-DD", help="发布日期（正文和页面中没有时用于判断是否按时公开）"
    )
    check.add_argument("--fail-under", type=_score, metavar="N", help="任一报告得分低于 N 时以退出码 1 结束")
    check.add_argument("--rules", action="append", default=[], metavar="FILE", help="额外的规则文件（可多次指定）")
    check.add_argument("--input-format", choices=("text", "docx", "pdf", "html"), help="强制按此格式读取")
    check.add_argument("--encoding", metavar="NAME", help="强制按此编码读取文本（如 gb18030）")
    check.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N", help="单个输入的大小上限（字节）"
    )
    check.add_argument("--verbose", "-v", action="store_true", help="显示全部证据、依据和读取所用的编码")
    check.add_argument("--no-color", action="store_true", help="不使用颜色")

    rules = commands.add_parser("rules", help="查看和检验规则集")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="子命令", parser_class=_Parser)
    listing = rule_commands.add_parser("list", help="列出所有检查要素")
    listing.add_argument("--profile", "-p", choices=PROFILES, help="按某类报告主体显示权重和适用性")
    show = rule_commands.add_parser("show", help="查看一个要素的含义、依据、证据要求和示例")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--profile", "-p", choices=PROFILES)
    validate = rule_commands.add_parser("validate", help="校验规则文件")
    validate.add_argument("files", nargs="+", metavar="FILE")
    test = rule_commands.add_parser("test", help="运行规则文件自带的示例")
    test.add_argument("files", nargs="*", metavar="FILE", help="规则文件（默认：内置基线）")
    return parser


# ---------------------------------------------------------------- check


def report_paths(arguments: Sequence[str]) -> Iterator[tuple[str, InputError | None]]:
    """Expand the PATH arguments: files as given, directories recursively, "-" for standard input."""
    for argument in arguments:
        path = Path(argument)
        if argument == "-" or not path.is_dir():
            yield argument, None
            continue
        found = sorted(p for p in path.rglob("*") if p.is_file() and is_report_file(p))
        if not found:
            yield argument, InputError(argument, "目录中没有可检查的报告文件（.txt .md .docx .pdf .html）")
        for file in found:
            yield str(file), None


def _check(args: argparse.Namespace) -> int:
    from checker.pipeline import Checker, CheckOptions

    ruleset = load_ruleset(extra_files=tuple(args.rules))
    options = CheckOptions(
        profile=args.profile,
        published=args.published,
        input_format=args.input_format,
        encoding=args.encoding,
        max_bytes=args.max_bytes,
        extra_rules=tuple(args.rules),
    )
    checker = Checker(ruleset, options)
    results: list[ReportResult] = []
    errors: list[tuple[str, str]] = []
    paths = list(report_paths(args.paths))
    progress = _Progress(len(paths)) if len(paths) > 20 and sys.stderr.isatty() else None
    for path, problem in paths:
        try:
            if problem:
                raise problem
            results.append(checker.check_path(path))
        except InputError as exc:
            errors.append((path, exc.problem))
            print(f"fzcheck: {exc}", file=sys.stderr)
        if progress:
            progress.step(path)
    if progress:
        progress.done()
    _render(args, results, errors, ruleset)
    if errors:
        return EXIT_ERROR
    if args.fail_under is not None and any(r.score < args.fail_under for r in results):
        return EXIT_BELOW
    return EXIT_OK


class _Progress:
    """A one-line counter on stderr for long batches; results still go to stdout untouched."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0

    def step(self, path: str) -> None:
        self.count += 1
        print(f"\r检查中 {self.count}/{self.total} {Path(path).name[:40]:<40}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        print(file=sys.stderr)


def _render(
    args: argparse.Namespace, results: list[ReportResult], errors: list[tuple[str, str]], ruleset: Ruleset
) -> None:
    if args.format == "json":
        from checker.render import json_report

        sys.stdout.write(json_report.render(results, errors, ruleset.name))
        return
    from rich.console import Console

    from checker.render import terminal

    console = Console(no_color=args.no_color, highlight=False, soft_wrap=False)
    if args.verbose:
        for result in results:
            console.print(f"[dim]{result.path}: 格式 {result.format}，编码 {result.encoding or '—'}[/dim]")
    terminal.render(results, errors, console, verbose=args.verbose)


# ---------------------------------------------------------------- rules


def _rules(args: argparse.Namespace) -> int:
    if args.rules_command == "list":
        return _rules_list(args)
    if args.rules_command == "show":
        return _rules_show(args)
    if args.rules_command == "validate":
        for file in args.files:
            build_ruleset(file)
            print(f"{file}: 规则文件有效")
        return EXIT_OK
    if args.rules_command == "test":
        return _rules_test(args)
    raise UsageError("rules 需要子命令：list、show、validate 或 test（fzcheck rules --help）")


def _rules_list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from checker.results import GROUP_LABELS

    ruleset = load_ruleset(args.profile)
    table = Table(title=f"检查要素（{ruleset.name}）")
    for column in ("ID", "要素", "分组", "领域", "权重", "适用"):
        table.add_column(column)
    for rule in ruleset.rules:
        table.add_row(
            rule.id,
            rule.name,
            GROUP_LABELS.get(rule.group, rule.group),
            rule.area,
            f"{rule.weight:g}",
            "是" if rule.applies else "否",
        )
    Console().print(table)
    return EXIT_OK


def _rules_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    ruleset = load_ruleset(args.profile)
    rule = ruleset.rule(args.rule_id)
    if rule is None:
        raise UsageError(f"没有要素 {args.rule_id!r}（fzcheck rules list 查看全部）")
    console = Console(highlight=False)
    console.print(f"[bold]{rule.id}[/bold]  {rule.name}")
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
            console.print(f"  [dim]{label}：[/dim]{text.replace(chr(10), ' / ')}")
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


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        parser.print_help()
        return EXIT_ERROR
    except FzcheckError as exc:
        print(f"fzcheck: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("fzcheck: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
