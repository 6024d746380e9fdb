"""Refusals the web shell answers with: an HTTP status and one line in Chinese saying what is wrong."""

from __future__ import annotations


class WebError(Exception):
    """A request the server will not (or cannot) serve; shown as a JSON error or an error page."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        errors: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        # Per report (name, reason), when the refusal is that no report could be checked.
        self.errors = errors
