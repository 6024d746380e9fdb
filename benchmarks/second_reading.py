"""The second reading of the labelled corpus: where fzcheck and a label disagree, a second reader decides.

    python benchmarks/second_reading.py export CASES.yaml      # every disagreement, blinded
    python benchmarks/second_reading.py apply DECISIONS.yaml   # record the decisions in the label files

`export` writes each disagreement as two readings, A and B, in an order fixed by a hash of the case, so
the second reader cannot tell which is the program's; it prints only how many cases it wrote, never
their content (the test part's disagreements are for scoring only). The reader, who has never seen
the rules or the code, reads the report against the element catalog and decides a status, which may
be neither A nor B, with a reason. `apply` writes the decision into the label file as the element's
status and keeps the first label and the reason under `second_reading`; a label is never changed
otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.accuracy import CORPUS, UNLABELLED, labelled_reports, load_split, statuses  # noqa: E402
from checker.pipeline import Checker  # noqa: E402
from checker.ruleset import load_ruleset  # noqa: E402


def export(target: Path) -> int:
    checker = Checker(load_ruleset())
    part_of = load_split()
    cases = []
    for rid, path, labels in labelled_reports():
        if rid not in part_of or rid.startswith("seed"):
            continue  # the seeds' labels are the reference of two readers already
        got = statuses(checker.check_path(str(path)))
        for element_id, label in labels["elements"].items():
            if element_id in UNLABELLED or "second_reading" in label or label["status"] == got.get(element_id):
                continue
            readings = [label["status"], got[element_id]]
            if hashlib.sha256(f"{rid}/{element_id}".encode()).digest()[0] % 2:
                readings.reverse()
            cases.append(
                {
                    "report": str(path.relative_to(ROOT)),
                    "id": rid,
                    "element": element_id,
                    "reading_a": readings[0],
                    "reading_b": readings[1],
                }
            )
    target.write_text(yaml.safe_dump(cases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"{len(cases)} cases written to {target}")
    return 0


def apply(source: Path) -> int:
    decisions = yaml.safe_load(source.read_text(encoding="utf-8"))
    applied = 0
    for decision in decisions:
        label_file = CORPUS / "labels" / f"{decision['id']}.yaml"
        labels = yaml.safe_load(label_file.read_text(encoding="utf-8"))
        element = labels["elements"][decision["element"]]
        element["second_reading"] = {
            "first_label": element["status"],
            "decided": decision["status"],
            "why": decision["why"],
        }
        element["status"] = decision["status"]
        label_file.write_text(yaml.safe_dump(labels, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        applied += 1
    print(f"{applied} decisions recorded")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("export", "apply"))
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    return export(args.file) if args.command == "export" else apply(args.file)


if __name__ == "__main__":
    sys.exit(main())
