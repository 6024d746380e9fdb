"""`fzcheck compare` (last year's report against this year's) and `fzcheck copies` (paragraphs shared
between reports of different bodies), each in terminal, json, markdown or html."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.cli.check import report_paths
from checker.cli.parser import EXIT_ERROR, EXIT_OK
from checker.errors import InputError, UsageError
from checker.ruleset import load_ruleset


def _refuse_overwriting(output: str | None, inputs: list[str]) -> None:
    """An --output that is one of the reports read would destroy it: refused before anything is written."""
    if output and any(path != "-" and Path(path).resolve() == Path(output).resolve() for path in inputs):
        raise UsageError(f"参数错误：输出文件 {output} 是要读取的报告，不能覆盖输入；请把输出写到别处")


def _emit(text: str, output: str | None) -> None:
    """Write to the --output file (whole or not at all) or to standard output."""
    if output:
        from checker.render.files import write_file

        write_file(Path(output), text)
    else:
        sys.stdout.write(text)


def run_compare(args: argparse.Namespace) -> int:
    from checker.judge.compare import compare_reports
    from checker.read.formats import load_report
    from checker.render.comparison import render_comparison

    _refuse_overwriting(args.output, [args.last, args.this])
    ruleset = load_ruleset()
    last = load_report(args.last, args.input_format, args.encoding)
    this = load_report(args.this, args.input_format, args.encoding)
    comparison = compare_reports(last, this, ruleset, threshold=args.threshold)
    _emit(render_comparison(args.format, comparison), args.output)
    return EXIT_OK


def run_copies(args: argparse.Namespace) -> int:
    """Near-duplicate paragraphs shared by different bodies' reports of a batch: template copying.
    Reports of the same body (报告主体) are versions of one report and are not compared."""
    from checker.judge.compare import find_copies
    from checker.judge.facts import gather_facts
    from checker.read.formats import load_report
    from checker.read.segment import segment
    from checker.render.comparison import render_copies

    found = list(report_paths(args.paths))
    _refuse_overwriting(args.output, [path for path, _ in found])
    ruleset = load_ruleset()
    documents = []
    failed = False
    for path, problem in found:
        try:
            if problem:
                raise problem
            document = segment(load_report(path), ruleset.conventions)
        except InputError as exc:
            print(f"fzcheck: {exc}", file=sys.stderr)
            failed = True
            continue
        body = gather_facts(document, ruleset.profiles).issuer or path
        documents.append((path, body, document))
    _emit(render_copies(args.format, find_copies(documents, threshold=args.threshold)), args.output)
    return EXIT_ERROR if failed else EXIT_OK
