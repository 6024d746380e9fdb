"""Writing outputs to files: one file per report in a directory, and recognising what fzcheck wrote.

`-f FORMAT:DIR/` writes one file per report named after the report (余家镇2023年报告.html), plus
index.html for html; names stay unique when two reports share a stem, and never take an input's name.
Every file fzcheck writes carries a generator mark, so a folder checked again skips them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from checker.atomic import atomic_writer
from checker.error_text import os_problem, unwritable
from checker.errors import FzcheckError
from checker.render.model import Run

EXTENSIONS = {
    "terminal": ".txt",
    "json": ".json",
    "markdown": ".md",
    "html": ".html",
    "sarif": ".sarif",
    "junit": ".xml",
    "github": ".txt",
    "csv": ".csv",
    "concise": ".txt",
    "docx": ".docx",
    "xlsx": ".xlsx",
}
INDEX = "index.html"
# What marks a text file as fzcheck's: the html <meta name="generator">, and the line below in Markdown
# (an HTML comment, invisible when rendered) and at the end of a plain-text scorecard.
TEXT_MARK = "由 fzcheck 生成"
HTML_MARK = '<meta name="generator" content="fzcheck'
# A Word copy with comments says so in its core properties (Word shows it as 状态/Status).
DOCX_STATUS = "fzcheck 批注"
# How much of a text file is read to find the mark (it is near the start, or at the end).
_MARK_WINDOW = 16 * 1024
# How fzcheck's JSON and SARIF (the tool's name), JUnit (the suite's name) and CSV (its header) begin.
_OUTPUT_OPENING = re.compile(
    r'"name"\s*:\s*"fzcheck"|<testsuites name="fzcheck"|^\ufeff?path,score,grade,profile,element_id,'
)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def file_stem(path: str) -> str:
    """The name a report's own output files take: its file name without suffix, safe on any system."""
    if path == "-":
        return "标准输入"
    stem = _UNSAFE.sub("_", Path(path).stem).strip(" .")
    return stem or "报告"


def unique_names(paths: Iterable[str], extension: str, taken: Iterable[str] = ()) -> dict[str, str]:
    """A distinct file name per report path: the stem, then stem-2, stem-3… on a clash (compared without
    case, for case-insensitive file systems); `taken` holds names already used in the directory."""
    used = {name.casefold() for name in taken}
    names: dict[str, str] = {}
    for path in paths:
        if path in names:
            continue
        stem = file_stem(path)
        name, counter = f"{stem}{extension}", 1
        while name.casefold() in used:
            counter += 1
            name = f"{stem}-{counter}{extension}"
        used.add(name.casefold())
        names[path] = name
    return names


def write_file(path: Path, content: str | bytes) -> None:
    """Write one output file whole or not at all, as UTF-8 text or as bytes."""
    try:
        with atomic_writer(path, encoding=None if isinstance(content, bytes) else "utf-8") as stream:
            stream.write(content)
    except OSError as exc:
        raise FzcheckError(unwritable(str(path), exc)) from None


def write_per_report(
    fmt: str,
    run: Run,
    directory: str | Path,
    render: Callable[[str, Run, str], str | bytes],
    inputs: Iterable[str] = (),
) -> list[Path]:
    """One file per report in `directory` (created if needed), plus index.html for html.

    `render(fmt, run, index)` renders a run of one report, `index` being the overview's file name; `inputs` are the paths of this run's inputs, whose
    names are never taken in the directory (an input is never overwritten). Returns the files written."""
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FzcheckError(f"{folder}: 无法创建输出目录：{os_problem(exc)}；请检查上级目录是否可写") from None
    resolved = folder.resolve()
    taken = [Path(p).name for p in inputs if p != "-" and Path(p).resolve().parent == resolved]
    # The overview takes index.html unless a report of the user's has that name: then the next free name.
    index = unique_names(["index"], ".html", taken)["index"] if fmt == "html" else INDEX
    if fmt == "html":
        taken.append(index)
    names = unique_names((r.path for r in run.results), EXTENSIONS[fmt], taken)
    written = []
    for result in run.results:
        single = replace(run, results=(result,), errors=())
        target = folder / names[result.path]
        write_file(target, render(fmt, single, index))
        written.append(target)
    if fmt == "html":
        from checker.render.html import render_index

        target = folder / index
        write_file(target, render_index(run, {path: quote(name) for path, name in names.items()}))
        written.append(target)
    return written


def written_by_fzcheck(path: Path) -> bool:
    """Whether a file found among the inputs is an output of fzcheck (a scorecard, an index, a copy with
    comments), by the mark fzcheck puts in it, whatever its name. Unreadable files are not ours."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _docx_marked(path)
        with open(path, "rb") as stream:
            head = stream.read(_MARK_WINDOW)
            stream.seek(0, 2)
            size = stream.tell()
            stream.seek(max(size - _MARK_WINDOW, len(head)))
            tail = stream.read()
    except OSError:
        return False
    text = (head + tail).decode("utf-8", errors="ignore")
    if suffix in (".html", ".htm"):
        return HTML_MARK in text
    # JSON, SARIF, JUnit and CSV carry no mark a reader would accept; their own openings name fzcheck.
    return TEXT_MARK in text or bool(_OUTPUT_OPENING.search(head.decode("utf-8", errors="ignore")[:2000]))


def _docx_marked(path: Path) -> bool:
    """A .docx whose core properties carry fzcheck's status and that still holds fzcheck's comments: a
    drafter who revised the annotated copy and removed the comments gets a report checked again."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "docProps/core.xml" not in names or "word/comments.xml" not in names:
                return False
            core = archive.read("docProps/core.xml").decode("utf-8", errors="ignore")
            comments = archive.read("word/comments.xml").decode("utf-8", errors="ignore")
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False
    return f"<cp:contentStatus>{DOCX_STATUS}</cp:contentStatus>" in core and 'w:author="fzcheck"' in comments
