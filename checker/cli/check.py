"""`fzcheck check`: expand the inputs, run the checks (in parallel for large batches), write every
requested output, and decide the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.cli.parser import EXIT_BELOW, EXIT_ERROR, EXIT_OK
from checker.config import Config
from checker.error_text import os_problem
from checker.errors import InputError, UsageError
from checker.read.formats import is_report_file
from checker.render import BINARY_FORMATS, FORMATS, NEEDS_LINES, ONE_REPORT_PER_FILE
from checker.render.files import written_by_fzcheck
from checker.render.model import Run
from checker.ruleset import Ruleset, load_ruleset

# A progress bar only pays for itself on runs that take a while.
PROGRESS_MIN = 20


def report_paths(arguments: Sequence[str], skipped: list[str] | None = None) -> Iterator[tuple[str, InputError | None]]:
    """Expand the PATH arguments: files as given, directories recursively, "-" for standard input.

    Files found in a directory that fzcheck itself wrote (scorecards, indexes, copies with comments: they
    carry its mark) are left out and listed in `skipped`: checking a folder again checks the same reports."""
    for argument in arguments:
        path = Path(argument)
        if argument == "-" or not path.is_dir():
            yield argument, None
            continue
        found = []
        unreadable: list[tuple[str, str]] = []
        for file in sorted(_files_below(path, unreadable)):
            if not is_report_file(file):
                continue
            if written_by_fzcheck(file):
                if skipped is not None:
                    skipped.append(str(file))
            else:
                found.append(file)
        for folder, why in unreadable:
            yield folder, InputError(folder, f"无法读取这个目录（{why}）；其中的报告没有检查")
        if not found and not unreadable:
            yield argument, InputError(argument, "目录中没有可检查的报告文件（.txt .md .docx .pdf .html）")
        for file in found:
            yield str(file), None


def _files_below(folder: Path, unreadable: list[tuple[str, str]]) -> Iterator[Path]:
    """Every file below a folder; the sub-folders that cannot be read go into `unreadable` with the reason
    (os.walk would otherwise pass over them in silence)."""

    def note(exc: OSError) -> None:
        unreadable.append((str(exc.filename), os_problem(exc)))

    for root, _dirs, files in os.walk(folder, onerror=note):
        for name in files:
            candidate = Path(root) / name
            if candidate.is_file():
                yield candidate


@dataclass(frozen=True)
class Output:
    """One requested output: a format, and the file to write it to (None: standard output), or the
    directory that takes one file per report."""

    format: str
    file: str | None = None
    per_report: bool = False


def _is_directory_target(file: str) -> bool:
    return file.endswith(("/", os.sep)) or Path(file).is_dir()


def parse_outputs(values: Sequence[str] | None, output: str | None) -> list[Output]:
    """--format values (FORMAT, FORMAT:FILE or FORMAT:DIR/, repeatable) and --output into a list of outputs."""
    outputs = []
    for value in values or ["terminal"]:
        fmt, _, file = value.partition(":")
        if fmt not in FORMATS:
            raise UsageError(f"参数错误：未知的输出格式 {fmt!r}（可用：{'、'.join(FORMATS)}）")
        if _ and not file:
            raise UsageError(f"参数错误：--format {value} 缺少文件名")
        file = None if file in ("", "-") else file
        outputs.append(Output(fmt, file, file is not None and _is_directory_target(file)))
    if output:
        # --output names the file of the one format that has none.
        unnamed = [i for i, o in enumerate(outputs) if o.file is None]
        if len(unnamed) != 1:
            raise UsageError("参数错误：--output 只能配合恰好一个未指定文件的 --format 使用")
        outputs[unnamed[0]] = Output(outputs[unnamed[0]].format, output, _is_directory_target(output))
    if sum(1 for o in outputs if o.file is None) > 1:
        raise UsageError("参数错误：只能有一种格式输出到标准输出，其余请用 FORMAT:FILE 写入文件")
    for o in outputs:
        if o.file is None and o.format in BINARY_FORMATS:
            raise UsageError(f"参数错误：{o.format} 是文件格式，请用 -f {o.format}:文件名 或 -f {o.format}:目录/")
    # Several formats may share a directory (one .html and one .docx per report), never a file.
    targets = [(str(Path(o.file).resolve()), o.format if o.per_report else "") for o in outputs if o.file]
    if len(targets) != len(set(targets)):
        raise UsageError("参数错误：两种输出写入了同一个文件")
    return outputs


def _without_outputs(
    found: Iterator[tuple[str, InputError | None]], outputs: list[Output], named: Sequence[str]
) -> list[tuple[str, str | None]]:
    """The inputs to check, never one of this run's output files: a report named as an output is refused
    (it would be overwritten), and an earlier run's output found by walking a directory is skipped."""
    targets = {str(Path(o.file).resolve()) for o in outputs if o.file and not o.per_report}
    items = []
    for path, problem in found:
        if path != "-" and str(Path(path).resolve()) in targets:
            # Only a file fzcheck itself wrote may be overwritten; anything else is a report of the user's.
            if path in named or not written_by_fzcheck(Path(path)):
                raise UsageError(f"参数错误：输出文件 {path} 是要检查的报告，不能覆盖输入；请把输出写到别处")
            continue
        items.append((path, problem.problem if problem else None))
    return items


def _load_config(args: argparse.Namespace) -> Config:
    from checker.config import find_config, load_config

    if args.no_config:
        return Config()
    if args.config:
        return load_config(Path(args.config))
    found = find_config(Path.cwd())
    return load_config(found) if found else Config()


def load_setup(args: argparse.Namespace) -> tuple[Config, tuple[str, ...], Ruleset]:
    """What `check` and `serve` both start from: the configuration, the rule files it and --rules name,
    and the rule set they make (the configuration's element ids checked against it)."""
    from checker.config import check_ids

    config = _load_config(args)
    rules = (*config.rules, *args.rules)
    ruleset = load_ruleset(extra_files=rules)
    check_ids(config, {rule.id for rule in ruleset.rules})
    return config, rules, ruleset


def time_limit(chosen: float | None, config: Config) -> float | None:
    """Seconds per report: the option, else the configuration, else the default; 0 means none."""
    from checker.budget import DEFAULT_TIME_LIMIT

    seconds = next((s for s in (chosen, config.time_limit) if s is not None), DEFAULT_TIME_LIMIT)
    return seconds or None


def run_check(args: argparse.Namespace) -> int:
    from checker.batch import Job, default_jobs, run
    from checker.pipeline import Checker, CheckOptions
    from checker.render.json_stream import JsonStream, SlimPool, slim
    from checker.render.model import catalog_of, grade_names

    outputs = parse_outputs(args.format, args.output)
    config, rules, ruleset = load_setup(args)
    fail_under = args.fail_under if args.fail_under is not None else config.fail_under
    options = CheckOptions(
        profile=args.profile or config.profile,
        published=args.published,
        input_format=args.input_format,
        encoding=args.encoding,
        max_bytes=args.max_bytes,
        extra_rules=rules,
        time_limit=time_limit(args.time_limit, config),
    )
    skipped: list[str] = []
    items = _without_outputs(report_paths(args.paths, skipped), outputs, args.paths)
    for o in outputs:
        if o.format in ONE_REPORT_PER_FILE and not o.per_report and len(items) > 1:
            raise UsageError(f"参数错误：{o.format} 一份报告一个文件，检查多份报告时请用 -f {o.format}:目录/")
    if skipped:
        names = "、".join(Path(p).name for p in skipped[:3]) + ("等" if len(skipped) > 3 else "")
        print(f"fzcheck: 跳过 {len(skipped)} 个 fzcheck 生成的文件（{names}）", file=sys.stderr)
    # JSON alone is written report by report, rendered where each report was checked, keeping slim
    # results for the batch sections: memory then stays flat however many reports a run checks.
    streaming = [(o.format, o.per_report) for o in outputs] == [("json", False)]
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
        checked = Run(
            tuple(results),
            tuple(errors),
            ruleset.name,
            catalog_of(ruleset),
            fail_under,
            config.required,
            args.strict,
            grade_names(ruleset),
        )
        if stream is not None:
            stream.finish(checked)
        else:
            _write_outputs(args, outputs, checked)
    finally:
        if stream is not None:
            stream.abandon()
    if errors:
        return EXIT_ERROR
    # The concise format on standard output already begins with the gate's verdict: not said twice.
    said = any(o.format == "concise" and o.file is None for o in outputs)
    code = EXIT_OK
    for result in results:
        problems = checked.gate_problems(result)
        if problems:
            code = EXIT_BELOW
            if not said:
                print(f"fzcheck: {result.path}: {'；'.join(problems)}", file=sys.stderr)
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
    from checker.render import file_text, render_bytes, render_text, write_per_report
    from checker.render.files import write_file

    inputs = tuple(r.path for r in checked.results) + tuple(path for path, _ in checked.errors)
    shorter = {"problems_only": args.problems, "summary_only": args.summary}
    written = []
    for output in outputs:
        if output.per_report:
            files = write_per_report(output.format, checked, output.file, args.verbose, inputs)
            written.append(f"{output.file}（{output.format}，{len(files)} 个文件）")
        elif output.file and output.format in BINARY_FORMATS:
            write_file(Path(output.file), render_bytes(output.format, checked, args.verbose))
            written.append(output.file)
        elif output.file:
            write_file(Path(output.file), file_text(output.format, checked, args.verbose, **shorter))
            written.append(output.file)
    if written and all(output.file for output in outputs):
        # Nothing goes to the screen: say where the results are.
        print(f"fzcheck: 已写入 {'、'.join(written)}", file=sys.stderr)
    for output in outputs:
        if output.file:
            continue
        if output.format != "terminal":
            sys.stdout.write(render_text(output.format, checked, args.verbose, **shorter))
            continue
        from rich.console import Console

        from checker.render import terminal

        console = Console(no_color=args.no_color, highlight=False, soft_wrap=False)
        if args.verbose:
            for result in checked.results:
                script = "繁体（转为简体后检查，引文按原文显示）" if result.script == "traditional" else "简体"
                line = f"{result.path}: 格式 {result.format}，编码 {result.encoding or '—'}，字形 {script}"
                console.print(line, style="dim", markup=False)
        terminal.render_run(checked, console, args.verbose, **shorter)
