"""Write a file whole or not at all: a temporary file beside it, renamed over it when complete.

A reader (a CI step, a browser, a concurrent fzcheck) never sees half a file, and a failed write leaves
the old file in place. Used for output files and for the rule-validation cache.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def _default_mode() -> int:
    # mkstemp creates 0600 files; a written file should get the usual permissions under the umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: str | Path, encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """A stream whose content replaces `path` when the block ends without an exception: text in
    `encoding`, or bytes when `encoding` is None (Word and Excel files).

    Raises OSError when the directory cannot take the temporary file or the rename fails."""
    target = Path(path)
    mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb" if encoding is None else "w", encoding=encoding) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
