"""Are the verdicts the same as at another revision? For changes that must not change what is judged.

Checks every report the repository holds (fixtures/seeds, fixtures/reports, fixtures/formats, the
labelled corpus and its openings), every example text of every rule (under each profile), and a few
hundred reports generated from the seeds as benchmarks/run.py makes them, and writes each result's
JSON (report_dict: status, evidence, details of every element). `--against REV` does the same at a git
revision, in a temporary worktree, and lists every report whose JSON differs.

    python benchmarks/same_verdicts.py                       # this tree against where it left main
    python benchmarks/same_verdicts.py --against main        # this tree against main
    python benchmarks/same_verdicts.py --write verdicts.jsonl # just write them
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIRS = (
    "fixtures/seeds",
    "fixtures/reports",
    "fixtures/formats",
    "fixtures/corpus/reports",
    "fixtures/corpus/openings",
)
SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}


def _files(root: Path) -> list[Path]:
    return sorted(p for d in REPORT_DIRS for p in (root / d).glob("*") if p.suffix in SUFFIXES and p.is_file())


def verdicts(root: Path, generated: int) -> Iterator[tuple[str, str]]:
    """(name, JSON) for every input, in a fixed order; the package imported is the one on sys.path."""
    sys.path.insert(0, str(root / "benchmarks"))
    from run import reports  # type: ignore[import-not-found]

    from checker.errors import FzcheckError
    from checker.pipeline import Checker, CheckOptions
    from checker.read.source import SourceDocument, lines_from_text
    from checker.render.json_report import report_dict
    from checker.ruleset import PROFILES, load_ruleset

    def options(**chosen: object) -> CheckOptions:
        # No time limit where the revision has one: a slow machine must not turn a verdict into an error.
        known = {f.name for f in fields(CheckOptions)}
        return CheckOptions(**{key: value for key, value in {**chosen, "time_limit": None}.items() if key in known})

    ruleset = load_ruleset()
    checker = Checker(ruleset, options())

    def dumped(result) -> str:
        data = report_dict(result)
        data["path"] = ""
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    for path in _files(root):
        name = str(path.relative_to(root))
        try:
            yield name, dumped(checker.check_path(str(path)))
        except FzcheckError as exc:
            yield name, f"error: {exc}".replace(str(root), "")
    for name, text in reports(generated):
        yield f"generated/{name}", dumped(checker.check_source(SourceDocument(name, "text", lines_from_text(text))))
    by_profile = {p: Checker(ruleset, options(profile=p)) for p in PROFILES}
    for rule in ruleset.rules:
        for expected, texts in rule.examples.items():
            for index, text in enumerate(texts, start=1):
                for profile, profile_checker in by_profile.items():
                    source = SourceDocument("example", "text", lines_from_text(text))
                    yield (
                        f"example/{rule.id}/{expected}/{index}/{profile}",
                        dumped(profile_checker.check_source(source)),
                    )


def write(root: Path, out: Path, generated: int) -> None:
    with out.open("w", encoding="utf-8") as file:
        for name, dumped in verdicts(root, generated):
            file.write(json.dumps([name, dumped], ensure_ascii=False) + "\n")


def _read(path: Path) -> dict[str, str]:
    return dict(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())


def _at_revision(revision: str, out: Path, generated: int) -> None:
    """Write the verdicts of `revision` (a temporary worktree, imported instead of this tree)."""
    with tempfile.TemporaryDirectory() as temporary:
        tree = Path(temporary) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), revision], check=True)
        try:
            subprocess.run(
                [sys.executable, __file__, "--write", str(out), "--generated", str(generated), "--root", str(tree)],
                check=True,
                env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": temporary},
            )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--against", metavar="REV", help="compare with this git revision (default: merge-base with main)"
    )
    parser.add_argument("--write", metavar="FILE", type=Path, help="write this tree's verdicts (JSON lines)")
    parser.add_argument("--generated", type=int, default=300, help="reports generated from the seeds (default 300)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        write(args.root, args.write, args.generated)
        return 0
    if not args.against:  # what this branch started from: the changes on main since are not ours
        merge_base = ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"]
        args.against = subprocess.run(merge_base, capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory() as temporary:
        theirs, ours = Path(temporary) / "theirs.jsonl", Path(temporary) / "ours.jsonl"
        _at_revision(args.against, theirs, args.generated)
        write(ROOT, ours, args.generated)
        before, after = _read(theirs), _read(ours)
    changed = [name for name in before if before[name] != after.get(name)]
    only = sorted(set(after) - set(before))
    for name in changed:
        print(f"changed: {name}")
        old, new = json.loads(before[name]) if before[name][0] == "{" else before[name], after.get(name, "")
        diff = difflib.unified_diff(
            json.dumps(old, ensure_ascii=False, indent=1).splitlines(),
            json.dumps(json.loads(new), ensure_ascii=False, indent=1).splitlines() if new.startswith("{") else [new],
            lineterm="",
            n=1,
        )
        print("\n".join(list(diff)[2:40]))
    for name in only:
        print(f"new input: {name}")
    print(f"{len(before)} inputs compared, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
