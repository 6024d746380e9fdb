"""The entry point: parse, dispatch to a command, and turn every outcome into an exit code.

Exit codes: 0 every report checked, at or above --fail-under and without a failed required element;
1 a report scored below the threshold or failed a required element; 2 a usage, input, configuration or
rule-file error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from checker.cli.parser import EXIT_ERROR, EXIT_OK, build_parser
from checker.errors import FzcheckError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "check":
            from checker.cli.check import run_check

            return run_check(args)
        if args.command == "rules":
            from checker.cli.rules import run_rules

            return run_rules(args)
        if args.command == "compare":
            from checker.cli.compare import run_compare

            return run_compare(args)
        if args.command == "serve":
            from checker.cli.serve import run_serve

            return run_serve(args)
        if args.command == "copies":
            from checker.cli.compare import run_copies

            return run_copies(args)
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
