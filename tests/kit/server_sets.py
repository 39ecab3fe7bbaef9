"""Server sets started ahead of need, in a background thread, one at a time.

Starting a Rasa server loads the model (TensorFlow and a sentence encoder): a minute or
more per server, during which the tests waited. The e2e tests' servers are the same
whichever order they start in, so :class:`ServerSets` starts them in the order the
collected tests first need them, while the tests before run, and a fixture that needs a
set waits for it. The starts run in a thread of the pytest process: only beside tests
that leave the process's globals alone (environment, sockets, Alembic's context), which
is why the e2e conftest creates it at the first e2e test. Isolation is unchanged: each
set has the configuration, databases and logs it had as a fixture of its own.

A set is *shared* (kept to the end of the session, like a session fixture) or belongs to
one test module (stopped when that module is done, like a module fixture). At most
``ahead`` module sets are started or running at once, so memory stays bounded (a set is
about 2.5 GB). Modules run in collection order, so when a module asks for its set, every
module set listed before it is done with: it is stopped then, even if it was never used
(its tests were skipped).

Registration is explicit: a conftest or test module calls :func:`register` with a
starter ``(stack, context) -> value`` that enters whatever it starts into ``stack``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@dataclass
class StartContext:
    """What a starter gets: fresh folders, and values made once per session (the model,
    the databases several sets share) whichever thread asks first."""

    tmp_path_factory: pytest.TempPathFactory
    _values: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def folder(self, name: str) -> Path:
        return self.tmp_path_factory.mktemp(name)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` on the first call for ``key``, the same value afterwards."""
        with self._lock:
            if key not in self._values:
                self._values[key] = make()
            return self._values[key]


#: Longer than any start (a training run included): only a stuck start hits it.
START_TIMEOUT = 1800.0

Starter = Callable[[contextlib.ExitStack, StartContext], Any]


@dataclass
class Registration:
    name: str
    starter: Starter
    shared: bool


REGISTRY: dict[str, Registration] = {}


def register(name: str, starter: Starter, *, shared: bool = False) -> None:
    """Make ``name`` (the fixture name the tests request) startable ahead of need."""
    REGISTRY[name] = Registration(name, starter, shared)


@dataclass
class _Slot:
    registration: Registration
    ready: threading.Event = field(default_factory=threading.Event)
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    value: Any = None
    error: BaseException | None = None
    released: bool = False


class ServerSets:
    """The registered sets in ``order``, started in a background thread (see module doc)."""

    def __init__(self, order: list[str], context: StartContext, ahead: int = 1) -> None:
        self.context = context
        self.ahead = ahead
        self.order = order
        self.slots = {name: _Slot(REGISTRY[name]) for name in order}
        self.changed = threading.Condition()
        self.closing = False
        self.thread = threading.Thread(target=self._start_all, name="server-sets", daemon=True)
        self.thread.start()

    def _module_sets_alive(self) -> int:
        return sum(
            1
            for slot in self.slots.values()
            if not slot.registration.shared and slot.ready.is_set() and not slot.released
        )

    def _start_all(self) -> None:
        for name in self.order:
            slot = self.slots[name]
            with self.changed:
                while not slot.registration.shared and self._module_sets_alive() >= self.ahead:
                    if self.closing or slot.released:
                        break
                    self.changed.wait()
                if self.closing or slot.released:
                    slot.ready.set()
                    continue
            try:
                slot.value = slot.registration.starter(slot.stack, self.context)
            except BaseException as error:  # noqa: BLE001 - re-raised in the test that needs it
                slot.error = error
            with self.changed:
                slot.ready.set()
                self.changed.notify_all()

    def get(self, name: str) -> Any:
        """The running set ``name`` (waits until it is up); raises what its start raised."""
        slot = self.slots[name]
        if not slot.registration.shared:
            self._release_module_sets_before(name)
        if not slot.ready.wait(START_TIMEOUT):
            pytest.fail(f"server set {name!r} did not start within {START_TIMEOUT} s")
        if slot.error is not None:
            raise slot.error
        if slot.released:
            pytest.fail(f"server set {name!r} was requested after it was stopped")
        return slot.value

    @contextlib.contextmanager
    def use(self, name: str) -> Iterator[Any]:
        """A module set for the duration of its module; stopped on exit."""
        try:
            yield self.get(name)
        finally:
            self.release(name)

    def _release_module_sets_before(self, name: str) -> None:
        for earlier in self.order[: self.order.index(name)]:
            if not self.slots[earlier].registration.shared:
                self.release(earlier)

    def release(self, name: str) -> None:
        """Stop a set now (it is not started at all if it had not been yet)."""
        slot = self.slots[name]
        with self.changed:
            if slot.released:
                return
            slot.released = True
            self.changed.notify_all()
        if slot.ready.is_set() or self.thread.is_alive():
            slot.ready.wait()
        slot.stack.close()
        with self.changed:
            self.changed.notify_all()

    def close(self) -> None:
        """Stop every set (the session's end); waits for a start under way to finish first."""
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.thread.join()
        for name in reversed(self.order):
            self.release(name)
