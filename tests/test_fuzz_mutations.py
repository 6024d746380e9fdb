"""The real reports damaged at random (lines and characters deleted, inserted, duplicated) still get a
verdict for every element."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS, check_text

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

EDIT = st.tuples(
    st.sampled_from(["delete-line", "duplicate-line", "insert-line", "delete-chars", "insert-chars", "swap-lines"]),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=40),
    st.text(max_size=30),
)


def apply(text: str, edits: list[tuple[str, int, int, str]]) -> str:
    lines = text.split("\n")
    for kind, where, size, inserted in edits:
        if not lines:
            lines = [inserted]
        i = where % len(lines)
        if kind == "delete-line":
            del lines[i : i + size % 4 + 1]
        elif kind == "duplicate-line":
            lines[i:i] = lines[i : i + size % 4 + 1]
        elif kind == "insert-line":
            lines.insert(i, inserted)
        elif kind == "swap-lines":
            j = (where // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            at = where % (len(line) + 1)
            lines[i] = line[:at] + line[at + size :] if kind == "delete-chars" else line[:at] + inserted + line[at:]
    return "\n".join(lines)


@FUZZ
@given(seed=st.sampled_from(range(len(SEED_TEXTS))), edits=st.lists(EDIT, min_size=1, max_size=25))
def test_mutated_reports_get_a_verdict_for_every_element(checker, seed, edits):
    result = check_text(checker, apply(SEED_TEXTS[seed], edits))
    assert {e.id for e in result.elements} == {r.id for r in checker.ruleset_for(result.profile).rules}
    assert all(e.status for e in result.elements)
