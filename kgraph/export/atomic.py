"""Atomic output: write to a temporary file beside the target, then ``os.replace`` it into place.

A reader never sees a half-written file, and a failed export leaves the old file untouched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from kgraph.errors import ExportError

__all__ = ["atomic_files", "atomic_open", "write_bytes", "write_text"]

logger = logging.getLogger(__name__)


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def _open_new(path: Path) -> IO[bytes]:
    # O_EXCL: never clobber; 0o666 lets the umask decide the final mode, like a plain open().
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    return os.fdopen(fd, "wb")


@contextlib.contextmanager
def atomic_files(paths: Sequence[str | os.PathLike[str]]) -> Iterator[list[IO[bytes]]]:
    """Open binary handles for several outputs; all are moved into place only if the block succeeds.

    Parent folders are created. Each file is replaced atomically; the set is replaced one file after
    another once every file is complete, so a failure while writing leaves all old files as they were.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_files([d / "a.txt", d / "b.txt"]) as (fa, fb):
    ...     _ = fa.write(b"A"); _ = fb.write(b"B")
    >>> sorted(p.name for p in d.iterdir())
    ['a.txt', 'b.txt']
    """
    targets = [Path(p) for p in paths]
    temps: list[Path] = []
    handles: list[IO[bytes]] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = _temp_for(target)
            handles.append(_open_new(temp))
            temps.append(temp)
        yield handles
        for handle in handles:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for temp, target in zip(temps, targets, strict=True):
            os.replace(temp, target)
        logger.debug("wrote %s", ", ".join(map(str, targets)))
    except OSError as err:
        where = err.filename or ", ".join(map(str, targets))
        raise ExportError(f"cannot write {where}: {err.strerror or err}") from err
    finally:
        for handle in handles:
            if not handle.closed:
                handle.close()
        for temp in temps:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Open one binary output that appears at ``path`` only when the block succeeds."""
    with atomic_files([path]) as (handle,):
        yield handle


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path) as handle:
        handle.write(data)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (lone surrogates are an :class:`ExportError`)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ExportError(f"cannot write {path}: text is not valid Unicode ({err.reason})") from err
    write_bytes(path, data)
