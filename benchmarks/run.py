"""Measure fzcheck: start-up of the real CLI, batch throughput, scaling with batch and report size, memory.

Plain Python (stdlib and the package); prints its figures as a table. Timings are wall-clock on
whatever machine runs it, so they belong in benchmarks/README.md with the command and the machine,
never in tests.

    python benchmarks/run.py            # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes, under a minute
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
FULL_TO_HALF = {full: half for half, full in HALF_TO_FULL.items()}


# ---------------------------------------------------------------- generated reports


def mutate(text: str, rng: random.Random) -> str:
    """A plausible different report from a seed: body paragraphs shuffled, numbers changed, the width
    of punctuation swapped. The header and the last lines (title, 落款) stay where they are."""
    lines = text.split("\n")
    head, body, tail = lines[:6], lines[6:-4], lines[-4:]
    rng.shuffle(body)
    out = "\n".join(head + body + tail)
    out = re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group(0)))), out)
    table = HALF_TO_FULL if rng.random() < 0.5 else FULL_TO_HALF
    return "".join(table.get(c, c) for c in out)


def reports(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """`count` generated reports as (name, text), cycling over the seeds."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for i in range(count):
        yield f"r{i:05d}.txt", mutate(texts[i % len(texts)], rng)


def big_report(min_bytes: int) -> str:
    """The seeds concatenated and repeated until the text is at least `min_bytes` of UTF-8."""
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    parts: list[str] = []
    size = 0
    while size < min_bytes:
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
    return "\n\n".join(parts)


def write_reports(directory: Path, count: int) -> list[Path]:
    paths = []
    for name, text in reports(count):
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- the library path


def _checker():
    from checker.pipeline import Checker
    from checker.ruleset import load_ruleset

    return Checker(load_ruleset())


def to_json(result) -> str:
    """The result as JSON: the cost of output, without depending on the renderer's current shape."""
    data = asdict(result)
    data.pop("lines", None)  # the report's text, kept only for renderers that show it
    return json.dumps(data, ensure_ascii=False)


def check_texts(checker, items: list[tuple[str, str]]) -> int:
    from checker.read.source import SourceDocument, lines_from_text

    size = 0
    for name, text in items:
        size += len(to_json(checker.check_source(SourceDocument(name, "text", lines_from_text(text)))))
    return size


_WORKER = None


def _init_worker() -> None:
    global _WORKER
    _WORKER = _checker()


def _check_file(path: str) -> int:
    return len(to_json(_WORKER.check_path(path)))


def per_report(count: int) -> float:
    """Seconds per report when `count` generated reports are checked in this process (warm)."""
    checker = _checker()
    items = list(reports(count, seed=count))
    check_texts(checker, items[:5])
    start = time.perf_counter()
    check_texts(checker, items)
    return (time.perf_counter() - start) / count


def pool_rate(paths: list[Path], processes: int) -> float:
    """Reports per second of wall time over files on disk with a pool of processes (start-up included)."""
    start = time.perf_counter()
    with multiprocessing.Pool(processes, initializer=_init_worker) as pool:
        for _ in pool.imap_unordered(_check_file, [str(p) for p in paths], chunksize=16):
            pass
    return len(paths) / (time.perf_counter() - start)


def peak_rss_mb(count: int) -> float:
    """Peak resident memory of a fresh process that checks `count` reports, in MB."""
    out = subprocess.run(
        [sys.executable, __file__, "--_rss", str(count)], capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip())


def _rss_child(count: int) -> None:
    checker = _checker()
    for item in reports(count):
        check_texts(checker, [item])
    print(_peak_rss_kb() / 1024)


def _peak_rss_kb() -> float:
    """This process's peak resident memory in KB. On Linux ru_maxrss survives fork and exec, so a child
    started by a large parent would report the parent's size: VmHWM belongs to the new program alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KB on Linux


# ---------------------------------------------------------------- the CLI path


def cli_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m checker`.

    The script is taken from the interpreter's own bin directory, not looked up on PATH, so that a
    version manager's shim (pyenv adds ~0.25 s) is not measured as fzcheck's start-up.
    """
    script = Path(sys.executable).parent / "fzcheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def startup(report: Path, runs: int, cache_home: Path) -> tuple[float, float, float]:
    """Cold (no validation cache), then median and p90 of warm runs of `fzcheck check FILE --format json`."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    command = [*cli_command(), "check", str(report), "--format", "json"]
    cold = timed(command, env)
    times = sorted(timed(command, env) for _ in range(runs))
    return cold, statistics.median(times), times[int(0.9 * (len(times) - 1))]


def cli_supports_jobs() -> bool:
    help_text = subprocess.run([*cli_command(), "check", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in help_text


def cli_batch_rate(directory: Path, count: int, jobs: int, cache_home: Path) -> float:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    command = [*cli_command(), "check", str(directory), "--format", "json", "--jobs", str(jobs)]
    return count / timed(command, env)


# ---------------------------------------------------------------- table


def row(rows: list[tuple[str, str]], label: str, value: str) -> None:
    rows.append((label, value))
    print(f"  {label:<58} {value}", flush=True)


def measure(label: str, rows: list[tuple[str, str]], func: Callable[[], str]) -> None:
    row(rows, label, func())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes: under a minute")
    parser.add_argument("--runs", type=int, help="CLI start-up runs (default 20; quick 10)")
    parser.add_argument("--batch", type=int, help="reports in the batch figures (default 2000; quick 400)")
    parser.add_argument("--scale", type=int, nargs="+", help="batch sizes for time per report")
    parser.add_argument("--big-mb", type=float, default=1.0, help="size of the large report in MB")
    parser.add_argument("--_rss", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._rss is not None:
        _rss_child(args._rss)
        return 0
    runs = args.runs or (10 if args.quick else 20)
    batch = args.batch or (400 if args.quick else 2000)
    scale = args.scale or ([10, 100, 1000] if args.quick else [10, 100, 1000, 10000])

    print(f"fzcheck benchmarks: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {sys.platform}")
    rows: list[tuple[str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="fzcheck-bench-"))
    try:
        cache_home = work / "cache"
        report = work / "report.txt"
        report.write_text(next(reports(4, seed=1))[1], encoding="utf-8")
        cold, median, p90 = startup(report, runs, cache_home)
        size_kb = report.stat().st_size / 1024
        row(rows, f"CLI, one {size_kb:.0f} KB report, first run (validates rules)", f"{cold:.3f} s")
        row(rows, f"CLI, one {size_kb:.0f} KB report, median of {runs}", f"{median:.3f} s")
        row(rows, f"CLI, one {size_kb:.0f} KB report, p90 of {runs}", f"{p90:.3f} s")

        items = list(reports(batch, seed=7))
        checker = _checker()
        check_texts(checker, items[:5])
        start = time.perf_counter()
        check_texts(checker, items)
        rate = batch / (time.perf_counter() - start)
        row(rows, f"library, 1 process, {batch} reports + JSON", f"{rate:.0f} reports/s")

        files = work / "reports"
        files.mkdir()
        paths = write_reports(files, batch)
        row(rows, f"library, 2 processes (multiprocessing), {batch} files", f"{pool_rate(paths, 2):.0f} reports/s")
        if cli_supports_jobs():
            rate = cli_batch_rate(files, batch, 2, cache_home)
            row(rows, f"CLI --jobs 2 --format json, {batch} files", f"{rate:.0f} reports/s")
        else:
            row(rows, "CLI --jobs 2", "n/a (no --jobs option yet)")

        for count in scale:
            row(rows, f"time per report, batch of {count}", f"{per_report(count) * 1000:.2f} ms")

        text = big_report(int(args.big_mb * 1024 * 1024))
        from checker.read.source import SourceDocument, lines_from_text

        start = time.perf_counter()
        checker.check_source(SourceDocument("big.txt", "text", lines_from_text(text)))
        elapsed = time.perf_counter() - start
        row(rows, f"one {len(text.encode()) / 1024 / 1024:.1f} MB report (seeds repeated)", f"{elapsed:.2f} s")

        small, large = (10, 1000) if not args.quick else (10, 300)
        row(rows, f"peak RSS, {small} reports in one process", f"{peak_rss_mb(small):.0f} MB")
        row(rows, f"peak RSS, {large} reports in one process", f"{peak_rss_mb(large):.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("\n| 项目 | 结果 |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
