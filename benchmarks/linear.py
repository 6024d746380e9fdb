"""Pathological inputs against an ordinary report of the same size, side by side.

For each shape of benchmarks/shapes.py (the named ones by default): the time to check a document of
`--size` bytes in this process (load from bytes, check, JSON and HTML output), the same as a multiple
of the ordinary report's time measured in the same run, and the slowest stage. `--cli` also times the
real command (`fzcheck check FILE --format json`, start-up included). `--sweep` runs every shape of the
grammar at two sizes and lists those whose time grows faster than the size.

    python benchmarks/linear.py                    # 1 MB, the named shapes
    python benchmarks/linear.py --cli --repeat 3   # and the command line; best of three
    python benchmarks/linear.py --sweep --size 40000
    PYTHONPATH=/path/to/old/tree python benchmarks/linear.py --timeout 300   # an older revision

An older revision without per-stage timing (checker.budget) is measured as a whole; a shape that runs
past `--timeout` seconds is shown as "> N".
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from run import big_report, cli_command  # type: ignore[import-not-found]
from shapes import NAMED, every_shape, make  # type: ignore[import-not-found]

from checker.pipeline import Checker
from checker.read.formats.text import load_text
from checker.render import render_text
from checker.render.model import Run, catalog_of
from checker.ruleset import load_ruleset

try:  # per-stage figures where the revision has them
    from checker.budget import Budget
except ImportError:  # pragma: no cover - older revisions
    Budget = None  # type: ignore[assignment,misc]


class _Late(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise _Late


def measure(checker: Checker, text: str, timeout: float) -> dict[str, float]:
    """Seconds to load and check the text, to render JSON and HTML, and the slowest stage of the check.
    Raises _Late past `timeout`."""
    data = text.encode("utf-8")
    gc.collect()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        start = time.perf_counter()
        source = load_text(data, "report.txt")
        if Budget is not None:
            budget = Budget(None, record=True)
            result = checker.check_source(source, budget)
            stages = {k: v for k, v in (budget.timings or {}).items() if k != "start"}
        else:
            result, stages = checker.check_source(source), {}
        checked = time.perf_counter()
        run = Run((result,), (), checker.base.name, catalog_of(checker.base))
        render_text("json", run)
        rendered_json = time.perf_counter()
        render_text("html", run)
        done = time.perf_counter()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    slowest = max(stages, key=lambda k: stages[k], default="")
    return {
        "check": checked - start,
        "json": rendered_json - checked,
        "html": done - rendered_json,
        "total": done - start,
        "slowest": slowest,  # type: ignore[dict-item]
        "slowest_seconds": stages.get(slowest, 0.0),
    }


def best(measure_once: Callable[[], dict[str, float]], repeat: int) -> dict[str, float]:
    runs = [measure_once() for _ in range(repeat)]
    return min(runs, key=lambda r: r["total"])


def _no_limit() -> list[str]:
    """Turn the command's time limit off where it has one (older revisions have none)."""
    help_text = subprocess.run([*cli_command(), "check", "--help"], capture_output=True, text=True).stdout
    return ["--time-limit", "0"] if "--time-limit" in help_text else []


_NO_LIMIT: list[str] = []


def cli_seconds(text: str, repeat: int, timeout: float) -> float | None:
    """Best wall time of `fzcheck check FILE --format json` on the text (None past the timeout)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "report.txt"
        path.write_text(text, encoding="utf-8")
        command = [*cli_command(), "check", str(path), "--format", "json", "--no-config", *_NO_LIMIT]
        env = dict(os.environ, XDG_CACHE_HOME=directory)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=timeout)
            except subprocess.TimeoutExpired:
                return None
            times.append(time.perf_counter() - start)
        return min(times)


def side_by_side(args: argparse.Namespace) -> None:
    checker = Checker(load_ruleset())
    if args.cli:
        _NO_LIMIT[:] = _no_limit()
    ordinary_text = big_report(args.size)
    checker.check_source(load_text(ordinary_text[:20000].encode(), "warm.txt"))  # compile the rule sets once
    shapes = {name: NAMED[name] for name in args.shapes} if args.shapes else NAMED
    header = f"{'输入（' + format(args.size / 1e6, 'g') + ' MB）':<16} {'检查':>7} {'JSON':>6} {'HTML':>6} {'合计':>7} {'倍数':>6}"
    print(header + ("  " + f"{'CLI':>6} {'倍数':>6}" if args.cli else "") + "  最慢的阶段")
    base = best(lambda: measure(checker, ordinary_text, args.timeout), args.repeat)
    base_cli = cli_seconds(ordinary_text, args.repeat, args.timeout) if args.cli else None
    _row("普通报告", base, base["total"], base_cli, base_cli)
    for name, shape in shapes.items():
        text = make(shape, args.size)
        try:
            figures = best(lambda text=text: measure(checker, text, args.timeout), args.repeat)
        except _Late:
            print(f"{name:<16} {'> ' + format(args.timeout, 'g'):>7}", flush=True)
            continue
        cli = cli_seconds(text, args.repeat, args.timeout) if args.cli else None
        _row(name, figures, base["total"], cli, base_cli)


def _row(name: str, figures: dict, base: float, cli: float | None, base_cli: float | None) -> None:
    line = (
        f"{name:<16} {figures['check']:7.2f} {figures['json']:6.2f} {figures['html']:6.2f} "
        f"{figures['total']:7.2f} {figures['total'] / base:6.1f}"
    )
    if base_cli is not None:
        line += f"  {cli:6.2f} {cli / base_cli:6.1f}" if cli is not None else f"  {'> 超时':>6} {'':>6}"
    if figures["slowest"]:
        line += f"  {figures['slowest']} {figures['slowest_seconds']:.2f}"
    print(line, flush=True)


def sweep(args: argparse.Namespace) -> None:
    """Every shape of the grammar at `size` and 2×`size`: those whose time more than about doubles."""
    checker = Checker(load_ruleset())
    found = 0
    shapes = list(every_shape())
    for number, shape in enumerate(shapes, start=1):
        try:
            small = best(lambda shape=shape: measure(checker, make(shape, args.size), args.timeout), 2)
            large = best(lambda shape=shape: measure(checker, make(shape, 2 * args.size), args.timeout), 2)
        except _Late:
            print(f"{shape.name}: > {args.timeout:g} s", flush=True)
            found += 1
            continue
        ratio = large["total"] / max(small["total"], 1e-9)
        if ratio > args.ratio and large["total"] > 0.01:
            found += 1
            print(f"{shape.name}: {small['total']:.3f} -> {large['total']:.3f} s (x{ratio:.1f}), {large['slowest']}")
        if number % 100 == 0:
            print(f"… {number}/{len(shapes)}", file=sys.stderr, flush=True)
    print(f"{len(shapes)} shapes, {found} grew faster than x{args.ratio:g} when doubled")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of each input (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per input, the best is shown")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before an input is given up on")
    parser.add_argument("--cli", action="store_true", help="also time the command line on each input")
    parser.add_argument("--shapes", nargs="+", choices=sorted(NAMED), metavar="NAME", help="only these shapes")
    parser.add_argument("--sweep", action="store_true", help="every shape of the grammar at two sizes")
    parser.add_argument("--ratio", type=float, default=2.6, help="with --sweep: growth worth listing")
    args = parser.parse_args(argv)
    if args.sweep:
        if args.size == 1_000_000:
            args.size = 40_000
        sweep(args)
    else:
        side_by_side(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
