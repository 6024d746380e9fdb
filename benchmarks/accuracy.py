"""Score fzcheck against the labelled corpus (fixtures/corpus/): agreement per (report, element).

The corpus holds the five seeds and reports written and labelled by readers who never saw the rules or
the code, split into a development part (looked at while working) and a test part (only scored). For
each part this prints: agreement overall and per element, the confusion matrix, the recall of `fail`,
how many labelled `fail` came out `pass`, the kind of reporting body and the year per report, and how
often the verdicts on a traditional-script copy equal those on the simplified original. Real openings of
published reports (title, page metadata, first paragraphs) score the kind of body and the year alone.

    python benchmarks/accuracy.py              # both parts, figures only
    python benchmarks/accuracy.py --details    # also every disagreement of the development part

Disagreements of the test part are never listed: that part is for scoring only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.pipeline import Checker  # noqa: E402
from checker.read.source import SourceDocument, lines_from_text  # noqa: E402
from checker.results import ReportResult  # noqa: E402
from checker.ruleset import load_ruleset  # noqa: E402

CORPUS = ROOT / "fixtures" / "corpus"
STATUSES = ("pass", "partial", "fail", "n/a", "unknown")
# Informational, never scored or labelled.
UNLABELLED = frozenset({"quality.section_balance"})


@dataclass
class Tally:
    """Agreement figures of one part of the corpus."""

    pairs: int = 0
    agree: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_element: dict[str, list[int]] = field(default_factory=dict)
    reports: int = 0
    profile_right: int = 0
    year_right: int = 0
    traditional_pairs: int = 0
    traditional_same: int = 0
    disagreements: list[str] = field(default_factory=list)

    def add(self, element_id: str, label: str, got: str) -> bool:
        self.pairs += 1
        same = label == got
        self.agree += same
        self.confusion[(label, got)] += 1
        counts = self.by_element.setdefault(element_id, [0, 0])
        counts[0] += same
        counts[1] += 1
        return same

    @property
    def fail_recall(self) -> tuple[int, int]:
        labelled = sum(n for (label, _), n in self.confusion.items() if label == "fail")
        return self.confusion[("fail", "fail")], labelled

    @property
    def fail_to_pass(self) -> int:
        return self.confusion[("fail", "pass")]


def load_split() -> dict[str, str]:
    """Report id -> part ("dev" or "test")."""
    split = yaml.safe_load((CORPUS / "split.yaml").read_text(encoding="utf-8"))
    return {rid: part for part in ("dev", "test") for rid in split.get(part, [])}


def labelled_reports() -> Iterable[tuple[str, Path, dict]]:
    for label_file in sorted((CORPUS / "labels").glob("*.yaml")):
        labels = yaml.safe_load(label_file.read_text(encoding="utf-8"))
        yield labels["id"], CORPUS / "reports" / labels["file"], labels


def to_traditional(text: str) -> str:
    """The text as a site's 繁體 switch serves it (OpenCC s2t, the direction we never use ourselves)."""
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def check_text(checker: Checker, text: str, name: str) -> ReportResult:
    return checker.check_source(SourceDocument(name, "text", lines_from_text(text)))


def statuses(result: ReportResult) -> dict[str, str]:
    return {e.id: e.status for e in result.elements}


def score_reports(checker: Checker, part_of: dict[str, str], traditional: bool) -> dict[str, Tally]:
    tallies = {"dev": Tally(), "test": Tally()}
    for rid, path, labels in labelled_reports():
        part = part_of.get(rid)
        if part is None:
            continue
        tally = tallies[part]
        result = checker.check_path(str(path))
        got = statuses(result)
        tally.reports += 1
        tally.profile_right += result.profile == labels["kind"]
        tally.year_right += result.year == labels["year"]
        if part == "dev" and result.profile != labels["kind"]:
            tally.disagreements.append(f"{rid} 主体类型: 标注 {labels['kind']}，程序 {result.profile}")
        if part == "dev" and result.year != labels["year"]:
            tally.disagreements.append(f"{rid} 报告年度: 标注 {labels['year']}，程序 {result.year}")
        for element_id, label in labels["elements"].items():
            if element_id in UNLABELLED:
                continue
            status = label["status"] if isinstance(label, dict) else label
            if not tally.add(element_id, status, got.get(element_id, "missing")) and part == "dev":
                element = result.element(element_id)
                evidence = element.evidence[0] if element and element.evidence else None
                where = f" 程序证据第{evidence.line}行“{evidence.text[:40]}”" if evidence else ""
                line = label.get("line") if isinstance(label, dict) else None
                tally.disagreements.append(
                    f"{rid} {element_id}: 标注 {status}（第{line}行）程序 {got.get(element_id)}{where}"
                )
        if traditional and labels.get("script", "simplified") == "simplified":
            converted = check_text(checker, to_traditional(path.read_text(encoding="utf-8")), path.name)
            again = statuses(converted)
            for element_id in got:
                if element_id in UNLABELLED:
                    continue
                tally.traditional_pairs += 1
                tally.traditional_same += again[element_id] == got[element_id]
    return tallies


def score_openings(checker: Checker) -> dict[str, list[int]]:
    """Per part: [reports, kind right, year right] on real report openings."""
    index = CORPUS / "openings" / "openings.yaml"
    figures = {"dev": [0, 0, 0], "test": [0, 0, 0]}
    if not index.exists():
        return figures
    entries = yaml.safe_load(index.read_text(encoding="utf-8"))
    for entry in entries:
        part = entry.get("part", "dev")
        result = checker.check_path(str(CORPUS / "openings" / f"{entry['id']}.txt"))
        counts = figures[part]
        counts[0] += 1
        counts[1] += result.profile == entry["kind"]
        counts[2] += result.year == entry["year"]
        if part == "dev" and (result.profile != entry["kind"] or result.year != entry["year"]):
            counts.append(f"{entry['id']}: 标注 {entry['kind']}/{entry['year']}，程序 {result.profile}/{result.year}")
    return figures


def percent(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.1f}%" if b else "—"


def print_part(name: str, tally: Tally, details: bool) -> None:
    print(f"\n== {name} ==")
    print(f"报告 {tally.reports} 份；(报告, 要素) {tally.pairs} 对")
    print(f"一致率          {percent(tally.agree, tally.pairs)}")
    right, labelled = tally.fail_recall
    print(f"缺失(fail)召回  {percent(right, labelled)}")
    print(f"标注缺失→程序通过 {tally.fail_to_pass}")
    print(f"主体类型正确    {percent(tally.profile_right, tally.reports)}")
    print(f"报告年度正确    {percent(tally.year_right, tally.reports)}")
    if tally.traditional_pairs:
        print(f"繁体与简体判定相同 {percent(tally.traditional_same, tally.traditional_pairs)}")
    print("\n混淆矩阵（行：标注，列：程序）")
    print("          " + "".join(f"{s:>9}" for s in STATUSES))
    for label in STATUSES:
        print(f"{label:>9} " + "".join(f"{tally.confusion[(label, got)]:>9}" for got in STATUSES))
    print("\n各要素一致率")
    for element_id, (same, total) in sorted(tally.by_element.items(), key=lambda item: item[1][0] / item[1][1]):
        print(f"  {element_id:<42} {same:>3}/{total:<3} {100 * same / total:5.1f}%")
    if details and tally.disagreements:
        print("\n不一致之处")
        for line in tally.disagreements:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--details", action="store_true", help="list every disagreement of the development part")
    parser.add_argument("--no-traditional", action="store_true", help="skip the traditional-script copies")
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="fzcheck-accuracy-"))
    checker = Checker(load_ruleset())
    traditional = not args.no_traditional
    if traditional:
        try:
            import opencc  # noqa: F401
        except ImportError:
            print("（未安装 opencc，跳过繁体副本）")
            traditional = False
    tallies = score_reports(checker, load_split(), traditional)
    openings = score_openings(checker)
    print_part("开发部分 (dev)", tallies["dev"], args.details)
    print_part("测试部分 (test，只计分)", tallies["test"], details=False)
    if args.details:
        for line in openings["dev"][3:]:
            print("  开头 " + line)
    print("\n== 真实报告开头 ==")
    for part in ("dev", "test"):
        total, kind, year = openings[part][:3]
        print(f"{part}: 主体类型 {percent(kind, total)}；报告年度 {percent(year, total)}")
    print("\n== 摘要 ==")
    for part in ("dev", "test"):
        tally = tallies[part]
        right, labelled = tally.fail_recall
        print(
            f"{part}: 一致率 {percent(tally.agree, tally.pairs)}；fail 召回 {percent(right, labelled)}；"
            f"fail→pass {tally.fail_to_pass}；类型 {tally.profile_right}/{tally.reports}；"
            f"年度 {tally.year_right}/{tally.reports}"
            + (
                f"；繁体一致 {percent(tally.traditional_same, tally.traditional_pairs)}"
                if tally.traditional_pairs
                else ""
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
