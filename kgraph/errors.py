"""kgraph's exceptions.

Exception tree::

    KGraphError
    ├── InputError (ValueError)           an input path or file cannot be used
    │   └── ArticleError                  one article cannot be read (names file and line)
    ├── ConfigError (ValueError)          a config, pattern, alias or lexicon file is invalid
    ├── ModelError (RuntimeError)         a named spaCy pipeline cannot be loaded
    ├── ExportError (RuntimeError)        an output cannot be written
    └── UnknownEntity (KeyError)          a name matches no node; carries close matches
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "ConfigError",
    "ExportError",
    "InputError",
    "KGraphError",
    "ModelError",
    "UnknownEntity",
]


class KGraphError(Exception):
    """Root of every error kgraph raises on purpose."""


class InputError(KGraphError, ValueError):
    """An input path or file cannot be used."""


class ArticleError(InputError):
    """One article cannot be read; ``path`` and ``line`` say where."""

    def __init__(self, message: str, path: str = "", line: int | None = None) -> None:
        where = path + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.reason = message


class ConfigError(KGraphError, ValueError):
    """A configuration, pattern, alias or lexicon file is invalid."""


class ModelError(KGraphError, RuntimeError):
    """A spaCy pipeline named by the user cannot be loaded."""


class ExportError(KGraphError, RuntimeError):
    """An output file cannot be written."""


class UnknownEntity(KGraphError, KeyError):
    """A name matches no node of the graph."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; closest matches: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"no entity named {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])
