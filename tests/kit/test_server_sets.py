"""ServerSets (the e2e servers started ahead of need): order, the one-module-set-at-a-time
bound, sets never used, a start that skips, and everything stopped at the end. Starters
here only record what they do; no server is started."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.kit import server_sets
from tests.kit.server_sets import ServerSets, StartContext


@pytest.fixture
def registry() -> Iterator[None]:
    """The test's registrations are removed afterwards (the e2e conftest reads the registry)."""
    before = dict(server_sets.REGISTRY)
    yield
    server_sets.REGISTRY.clear()
    server_sets.REGISTRY.update(before)


class Recorder:
    """Starters that log their start and stop, and count the module sets up at once."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.module_sets_up = 0
        self.most_module_sets_up = 0

    def starter(self, name: str, *, shared: bool = False, skip: bool = False) -> Callable[..., Any]:
        def start(stack: contextlib.ExitStack, context: StartContext) -> str:
            with self.lock:
                self.events.append(("start", name))
            if skip:
                pytest.skip(f"{name}: no broker")
            if not shared:
                with self.lock:
                    self.module_sets_up += 1
                    self.most_module_sets_up = max(self.most_module_sets_up, self.module_sets_up)
            stack.callback(self.stopped, name, shared)
            return f"running {name}"

        return start

    def stopped(self, name: str, shared: bool) -> None:
        with self.lock:
            self.events.append(("stop", name))
            if not shared:
                self.module_sets_up -= 1

    def started(self) -> list[str]:
        return [name for kind, name in self.events if kind == "start"]


def test_sets_start_in_order_one_module_set_at_a_time_and_all_stop(registry, tmp_path_factory) -> None:
    recorder = Recorder()
    for name, shared in [("servers", True), ("channel", True), ("fuzz", False), ("report", False)]:
        server_sets.register(name, recorder.starter(name, shared=shared), shared=shared)
    server_sets.register("production", recorder.starter("production", skip=True))
    server_sets.register("reconnect", recorder.starter("reconnect"))
    sets = ServerSets(
        ["servers", "fuzz", "channel", "production", "report", "reconnect"], StartContext(tmp_path_factory)
    )
    try:
        assert sets.get("servers") == "running servers"
        assert sets.get("channel") == "running channel"
        with sets.use("fuzz") as fuzz:
            assert fuzz == "running fuzz"
        with pytest.raises(pytest.skip.Exception, match="no broker"), sets.use("production"):
            pass
        # "report" is never asked for (its tests were skipped): stopped when "reconnect" is.
        assert sets.get("reconnect") == "running reconnect"
    finally:
        sets.close()

    # In the order given; "report" may have been started before it was passed over, never
    # while another module set ran.
    assert [name for name in recorder.started() if name != "report"] == [
        "servers",
        "fuzz",
        "channel",
        "production",
        "reconnect",
    ]
    assert recorder.most_module_sets_up == 1
    assert recorder.module_sets_up == 0
    stopped = {name for kind, name in recorder.events if kind == "stop"}
    assert stopped == set(recorder.started()) - {"production"}


def test_a_set_asked_for_after_it_was_stopped_fails_clearly(registry, tmp_path_factory) -> None:
    recorder = Recorder()
    server_sets.register("first", recorder.starter("first"))
    server_sets.register("second", recorder.starter("second"))
    sets = ServerSets(["first", "second"], StartContext(tmp_path_factory))
    try:
        assert sets.get("second") == "running second"
        with pytest.raises(pytest.fail.Exception, match="after it was stopped"):
            sets.get("first")
    finally:
        sets.close()
    assert ("start", "first") not in recorder.events or ("stop", "first") in recorder.events
