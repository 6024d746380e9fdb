"""Command line: parse arguments, read the configuration, run the pipeline (in parallel for large
batches), render one or more output formats, and map outcomes to exit codes.

Exit codes: 0 every report checked, at or above --fail-under and without a failed required element;
1 a report scored below the threshold or failed a required element; 2 a usage, input, configuration or
rule-file error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checker import __version__
from checker.config import Config
from checker.errors import FzcheckError, InputError, UsageError
from checker.formats import DEFAULT_MAX_BYTES, is_report_file
from checker.render import FORMATS, NEEDS_LINES
from checker.render.model import Run
from checker.ruleset import PROFILES, build_ruleset, load_ruleset

EXIT_OK, EXIT_BELOW, EXIT_ERROR = 0, 1, 2
# A progress bar only pays for itself on runs that take a while.
PROGRESS_MIN = 20

EXAMPLES = """\
示例:
  fzcheck check 报告.txt                       检查一份报告，输出中文评分卡
  fzcheck check 报告/ --format json            检查目录下所有报告，输出 JSON
  fzcheck check 报告.txt --profile township    按乡镇（街道）标准检查
  fzcheck check 报告.txt --published 2024-03-20 --fail-under 60
  cat 报告.txt | fzcheck check -               从标准输入读取
  fzcheck rules list                           列出所有检查要素
  fzcheck rules show content.major_decisions   查看一个要素的依据、证据和示例
  fzcheck check 报告/ -f html:评分卡.html -f sarif:fz.sarif -f terminal
                                               一次输出多种格式（FORMAT:FILE 写入文件）
  fzcheck check 报告/ --jobs 4 -f csv -o 结果.csv   4 个进程并行检查，CSV 写入文件

输出格式: terminal json markdown html sarif junit github csv
配置文件: 从当前目录向上查找 .fzcheck.yaml 或 pyproject.toml 的 [tool.fzcheck]（--config 指定，--no-config 不用）

退出码:
  0  全部报告检查完毕，不低于 --fail-under，必备要素（required）均未缺失
  1  有报告低于 --fail-under，或缺失配置中的必备要素
  2  参数、输入、配置或规则文件错误（有任何一份报告无法读取也为 2）
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


def _number(kind: type, low: float, high: float | None, low_inclusive: bool, wanted: str) -> Callable[[str], float]:
    """An argparse type: a number of `kind` within bounds, or a one-line explanation of what is wanted."""

    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为{wanted}：{value!r}") from None
        above_low = number >= low if low_inclusive else number > low
        if not above_low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"应为{wanted}：{value!r}")
        return number

    return parse


_positive = _number(int, 1, None, True, "正整数")
_similarity = _number(float, 0, 1, False, " 0 到 1 之间的数")
_score = _number(float, 0, 100, True, " 0 到 100 之间的数")


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
    check.add_argument(
        "--format",
        "-f",
        action="append",
        metavar="FORMAT[:FILE]",
        help=f"输出格式：{' '.join(FORMATS)}（默认 terminal）；可多次指定，FORMAT:FILE 写入文件",
    )
    check.add_argument("--output", "-o", metavar="FILE", help="把（唯一一个未指定文件的）输出写入 FILE")
    check.add_argument(
        "--jobs", "-j", type=_positive, metavar="N", help="并行进程数（默认 CPU 数；1 为顺序检查；8 份以上才并行）"
    )
    check.add_argument("--config", metavar="FILE", help="配置文件（默认向上查找 .fzcheck.yaml 或 pyproject.toml）")
    check.add_argument("--no-config", action="store_true", help="不读取任何配置文件")
    check.add_argument(
        "--profile",
        "-p",
        choices=PROFILES,
        help="报告主体类型（默认自动识别）：township 乡镇街道，county 县区政府，department 政府部门",
    )
    check.add_argument(
        "--published", type=_iso_date, metavar="YYYY-MM-DD", help="发布日期（正文和页面中没有时用于判断是否按时公开）"
    )
    check.add_argument(
        "--fail-under", type=_score, metavar="N", help="任一报告得分低于 N 时以退出码 1 结束（优先于配置）"
    )
    check.add_argument("--rules", action="append", default=[], metavar="FILE", help="额外的规则文件（可多次指定）")
    check.add_argument("--input-format", choices=("text", "docx", "pdf", "html"), help="强制按此格式读取")
    check.add_argument("--encoding", metavar="NAME", help="强制按此编码读取文本（如 gb18030）")
    check.add_argument(
        "--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N", help="单个输入的大小上限（字节）"
    )
    check.add_argument("--verbose", "-v", action="store_true", help="显示全部证据、依据和读取所用的编码")
    check.add_argument("--no-color", action="store_true", help="不使用颜色")

    compare = commands.add_parser(
        "compare",
        help="对比上一年度和本年度报告：上年的不足和安排是否落实，哪些段落照抄",
        epilog="示例:\n  fzcheck compare 2023年报告.docx 2024年报告.docx\n  fzcheck compare 上年.txt 今年.txt --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("last", metavar="LAST", help="上一年度的报告")
    compare.add_argument("this", metavar="THIS", help="本年度的报告")
    compare.add_argument("--format", "-f", choices=("terminal", "json"), default="terminal", help="输出格式")
    compare.add_argument(
        "--threshold", type=_similarity, default=0.6, metavar="X", help="段落相似度阈值（0–1，默认 0.6）"
    )
    compare.add_argument("--input-format", choices=("text", "docx", "pdf", "html"), help="强制按此格式读取")
    compare.add_argument("--encoding", metavar="NAME", help="强制按此编码读取文本")

    copies = commands.add_parser(
        "copies",
        help="在一批报告中找出不同主体之间相同或近似的段落（模板套用）",
        epilog="示例:\n  fzcheck copies 各镇报告/\n  fzcheck copies 各镇报告/ --format json --threshold 0.8",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    copies.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录")
    copies.add_argument("--format", "-f", choices=("terminal", "json"), default="terminal", help="输出格式")
    copies.add_argument(
        "--threshold", type=_similarity, default=0.6, metavar="X", help="段落相似度阈值（0–1，默认 0.6）"
    )

    rules = commands.add_parser("rules", help="查看和检验规则集")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="子命令", parser_class=_Parser)
    listing = rule_commands.add_parser("list", help="列出所有检查要素")
    listing.add_argument("--profile", "-p", choices=PROFILES, help="按某类报告主体显示权重和适用性")
    listing.add_argument("--rules", action="append", default=[], metavar="FILE", help="同时列出规则包中的要素")
    show = rule_commands.add_parser("show", help="查看一个要素的含义、依据、证据要求和示例")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--profile", "-p", choices=PROFILES)
    show.add_argument("--rules", action="append", default=[], metavar="FILE", help="在规则包中查找要素")
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


@dataclass(frozen=True)
class Output:
    """One requested output: a format, and the file to write it to (None: standard output)."""

    format: str
    file: str | None = None


def parse_outputs(values: Sequence[str] | None, output: str | None) -> list[Output]:
    """--format values (FORMAT or FORMAT:FILE, repeatable) and --output into a list of outputs."""
    outputs = []
    for value in values or ["terminal"]:
        fmt, _, file = value.partition(":")
        if fmt not in FORMATS:
            raise UsageError(f"参数错误：未知的输出格式 {fmt!r}（可用：{'、'.join(FORMATS)}）")
        if _ and not file:
            raise UsageError(f"参数错误：--format {value} 缺少文件名")
        outputs.append(Output(fmt, None if file in ("", "-") else file))
    if output:
        # --output names the file of the one format that has none.
        unnamed = [i for i, o in enumerate(outputs) if o.file is None]
        if len(unnamed) != 1:
            raise UsageError("参数错误：--output 只能配合恰好一个未指定文件的 --format 使用")
        outputs[unnamed[0]] = Output(outputs[unnamed[0]].format, output)
    if sum(1 for o in outputs if o.file is None) > 1:
        raise UsageError("参数错误：只能有一种格式输出到标准输出，其余请用 FORMAT:FILE 写入文件")
    files = [str(Path(o.file).resolve()) for o in outputs if o.file]
    if len(files) != len(set(files)):
        raise UsageError("参数错误：两种输出写入了同一个文件")
    return outputs


def _without_outputs(
    found: Iterator[tuple[str, InputError | None]], outputs: list[Output], named: Sequence[str]
) -> list[tuple[str, str | None]]:
    """The inputs to check, never one of this run's output files: a report named as an output is refused
    (it would be overwritten), and an earlier run's output found by walking a directory is skipped."""
    targets = {str(Path(o.file).resolve()) for o in outputs if o.file}
    items = []
    for path, problem in found:
        if path != "-" and str(Path(path).resolve()) in targets:
            if path in named:
                raise UsageError(f"参数错误：输出文件 {path} 也是要检查的报告，不能覆盖输入")
            continue
        items.append((path, problem.problem if problem else None))
    return items


def write_atomic(path: str, text: str) -> None:
    """Write an output file whole or not at all (see checker.atomic)."""
    from checker.atomic import atomic_writer

    try:
        with atomic_writer(path) as stream:
            stream.write(text)
    except OSError as exc:
        raise FzcheckError(f"{path}: 无法写入输出文件：{exc.strerror or exc}") from None


def _load_config(args: argparse.Namespace) -> Config:
    from checker.config import find_config, load_config

    if args.no_config:
        return Config()
    if args.config:
        return load_config(Path(args.config))
    found = find_config(Path.cwd())
    return load_config(found) if found else Config()


def _check(args: argparse.Namespace) -> int:
    from checker.batch import Job, default_jobs, run
    from checker.config import check_ids
    from checker.pipeline import Checker, CheckOptions
    from checker.render.json_stream import JsonStream, SlimPool, slim
    from checker.render.model import catalog_of, failed_required

    outputs = parse_outputs(args.format, args.output)
    config = _load_config(args)
    rules = (*config.rules, *args.rules)
    fail_under = args.fail_under if args.fail_under is not None else config.fail_under
    ruleset = load_ruleset(extra_files=rules)
    check_ids(config, {rule.id for rule in ruleset.rules})
    options = CheckOptions(
        profile=args.profile or config.profile,
        published=args.published,
        input_format=args.input_format,
        encoding=args.encoding,
        max_bytes=args.max_bytes,
        extra_rules=rules,
    )
    items = _without_outputs(report_paths(args.paths), outputs, args.paths)
    # JSON alone is written report by report, rendered where each report was checked, keeping slim
    # results for the batch sections: memory then stays flat however many reports a run checks.
    streaming = [o.format for o in outputs] == ["json"]
    batch = len(items) > 1
    job = Job(
        options,
        config,
        keep_lines=any(o.format in NEEDS_LINES for o in outputs),
        json_batch=batch if streaming else None,
    )
    results, errors = [], []
    stream = JsonStream(outputs[0].file, ruleset.name, batch) if streaming else None
    pool = SlimPool()
    try:
        with _progress(len(items)) as progress:
            for outcome in run(items, job, args.jobs or default_jobs(), Checker(ruleset, options), progress.advance):
                if outcome.result is not None and stream is not None:
                    if outcome.rendered is None:  # checked in this process without rendering
                        stream.report(outcome.result)
                        results.append(pool.keep(slim(outcome.result)))
                    else:
                        stream.write_report(outcome.rendered)
                        results.append(pool.keep(outcome.result))
                elif outcome.result is not None:
                    results.append(outcome.result)
                else:
                    errors.append((outcome.path, outcome.error or ""))
                    progress.print(f"fzcheck: {outcome.path}: {outcome.error}")
        checked = Run(tuple(results), tuple(errors), ruleset.name, catalog_of(ruleset), fail_under, config.required)
        if stream is not None:
            stream.finish(checked)
        else:
            _write_outputs(args, outputs, checked)
    finally:
        if stream is not None:
            stream.abandon()
    if errors:
        return EXIT_ERROR
    code = EXIT_OK
    for result in results:
        if fail_under is not None and result.score < fail_under:
            print(f"fzcheck: {result.path}: 得分 {result.score:.1f} 低于 {fail_under:g}", file=sys.stderr)
            code = EXIT_BELOW
        failed = failed_required(result, config.required)
        if failed:
            print(f"fzcheck: {result.path}: 缺失必备要素 {'、'.join(failed)}", file=sys.stderr)
            code = EXIT_BELOW
    return code


class _NoProgress:
    """Stands in for the progress bar on short runs and when stderr is not a terminal."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, _outcome: object) -> None:
        return None

    def print(self, message: str) -> None:
        print(message, file=sys.stderr)


class _BarProgress(_NoProgress):
    """A rich progress bar on stderr; messages are printed above it so they do not tear it."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("检查中"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("check", total=total)

    def __enter__(self) -> _BarProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self, _outcome: object) -> None:
        self.bar.advance(self.task)

    def print(self, message: str) -> None:
        self.bar.console.print(message, markup=False, highlight=False)


def _progress(total: int) -> _NoProgress:
    return _BarProgress(total) if total >= PROGRESS_MIN and sys.stderr.isatty() else _NoProgress()


def _write_outputs(args: argparse.Namespace, outputs: list[Output], checked: Run) -> None:
    """Files first (atomically), then the one output meant for standard output."""
    from checker.render import render_text

    for output in outputs:
        if output.file:
            write_atomic(output.file, render_text(output.format, checked, verbose=args.verbose))
    for output in outputs:
        if output.file:
            continue
        if output.format != "terminal":
            sys.stdout.write(render_text(output.format, checked, verbose=args.verbose))
            continue
        from rich.console import Console

        from checker.render import terminal

        console = Console(no_color=args.no_color, highlight=False, soft_wrap=False)
        if args.verbose:
            for result in checked.results:
                line = f"{result.path}: 格式 {result.format}，编码 {result.encoding or '—'}"
                console.print(line, style="dim", markup=False)
        terminal.render_run(checked, console, verbose=args.verbose)


# ---------------------------------------------------------------- compare and copies


def _compare(args: argparse.Namespace) -> int:
    import json

    from checker.compare import compare_reports, comparison_to_dict, render_comparison_terminal
    from checker.formats import load_report

    ruleset = load_ruleset()
    last = load_report(args.last, args.input_format, args.encoding)
    this = load_report(args.this, args.input_format, args.encoding)
    comparison = compare_reports(last, this, ruleset, threshold=args.threshold)
    if args.format == "json":
        sys.stdout.write(json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_comparison_terminal(comparison))
    return EXIT_OK


def _copies(args: argparse.Namespace) -> int:
    """Near-duplicate paragraphs shared by different reports of a batch: template copying."""
    import json

    from checker.compare import shared_paragraphs
    from checker.formats import load_report
    from checker.segment import segment

    ruleset = load_ruleset()
    documents = []
    failed = False
    for path, problem in report_paths(args.paths):
        try:
            if problem:
                raise problem
            documents.append((path, segment(load_report(path), ruleset.conventions)))
        except InputError as exc:
            print(f"fzcheck: {exc}", file=sys.stderr)
            failed = True
    shared = shared_paragraphs(documents, threshold=args.threshold)
    if args.format == "json":
        rows = [
            {
                "first": s.first,
                "first_line": s.first_line,
                "second": s.second,
                "second_line": s.second_line,
                "similarity": round(s.similarity, 3),
                "text": s.text,
            }
            for s in shared
        ]
        sys.stdout.write(json.dumps({"reports": len(documents), "shared": rows}, ensure_ascii=False, indent=2) + "\n")
    else:
        print(
            f"检查了 {len(documents)} 份报告，发现 {len(shared)} 处不同报告之间相同或近似的段落（阈值 {args.threshold:g}）"
        )
        for item in shared:
            print(f"\n相似度 {item.similarity:.0%}")
            print(f"  {item.first}:{item.first_line}")
            print(f"  {item.second}:{item.second_line}")
            print(f"  {item.text[:80]}")
    return EXIT_ERROR if failed else EXIT_OK


# ---------------------------------------------------------------- rules


def _rules(args: argparse.Namespace) -> int:
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


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "copies":
            return _copies(args)
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
    except Exception as exc:  # a bug: still one line and exit 2, with what a bug report needs
        print(f"fzcheck: 内部错误（请报告此问题）：{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
