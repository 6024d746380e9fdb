"""Errors the user can act on. Each carries one line that says what is wrong and where; the CLI prints it
and exits 2, never a traceback."""

from __future__ import annotations


class FzcheckError(Exception):
    """Base class: the message is the whole one-line explanation shown to the user."""


class InputError(FzcheckError):
    """A report cannot be read: missing, empty, binary, undecodable, or of a format we cannot open."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class RuleError(FzcheckError):
    """A rule file is broken: names the file, the line, the rule id when known, and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, rule_id: str | None = None) -> None:
        where = f"{path}:{line}" if line else path
        rule = f" [{rule_id}]" if rule_id else ""
        super().__init__(f"{where}{rule}: {problem}")
        self.path = path
        self.line = line
        self.rule_id = rule_id
        self.problem = problem


class UsageError(FzcheckError):
    """The command line asks for something that cannot be done (bad option value, unknown rule id)."""
