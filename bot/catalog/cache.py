"""One object per database, built on first use and kept for the life of the process.

The role resolver and the skill extractor index the whole catalog (hundreds of ms to
build, milliseconds to query), so every conversation shares one per database. A
:class:`ProcessCache` builds at most once per database even when several threads ask at
the same time, and forgets everything on :meth:`ProcessCache.clear` (after an import
changed the catalog, and in tests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.engine import Engine

Built = TypeVar("Built")


def database_key(engine: Engine) -> str:
    """What tells two databases apart: the full URL (passwords included, so two users of
    one server differ), and the engine itself for in-memory SQLite, where every engine is
    a database of its own."""
    url = engine.url
    key = url.render_as_string(hide_password=False)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        key += f"#{id(engine)}"
    return key


class ProcessCache(Generic[Built]):
    """Built objects by database (see the module docstring)."""

    def __init__(self) -> None:
        self._built: dict[str, Built] = {}
        self._lock = threading.Lock()

    def get(self, engine: Engine, build: Callable[[Engine], Built]) -> Built:
        """The object for ``engine``'s database; ``build(engine)`` makes it the first time."""
        key = database_key(engine)
        with self._lock:
            found = self._built.get(key)
            if found is None:
                found = build(engine)
                self._built[key] = found
            return found

    def clear(self) -> None:
        """Forget every built object; the next :meth:`get` builds again."""
        with self._lock:
            self._built.clear()

    def __len__(self) -> int:
        return len(self._built)
