"""`fzcheck compare` (last year's report against this year's) and `fzcheck copies` (paragraphs shared
between reports of different bodies)."""

from __future__ import annotations

import argparse
import sys

from checker.cli.check import report_paths
from checker.cli.parser import EXIT_ERROR, EXIT_OK
from checker.errors import InputError
from checker.ruleset import load_ruleset


def run_compare(args: argparse.Namespace) -> int:
    import json

    from checker.judge.compare import compare_reports, comparison_to_dict, render_comparison_terminal
    from checker.read.formats import load_report

    ruleset = load_ruleset()
    last = load_report(args.last, args.input_format, args.encoding)
    this = load_report(args.this, args.input_format, args.encoding)
    comparison = compare_reports(last, this, ruleset, threshold=args.threshold)
    if args.format == "json":
        sys.stdout.write(json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_comparison_terminal(comparison))
    return EXIT_OK


def run_copies(args: argparse.Namespace) -> int:
    """Near-duplicate paragraphs shared by different reports of a batch: template copying."""
    import json

    from checker.judge.compare import shared_paragraphs
    from checker.read.formats import load_report
    from checker.read.segment import segment

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
