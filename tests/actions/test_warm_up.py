"""The action server builds the catalog's matchers before it serves, and survives a missing catalog."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rasa_sdk.plugin import plugin_manager

from actions import catalog_access, warm_up
from bot.catalog import role_resolver, skill_extractor
from bot.catalog.seeding import seed_sample_catalog


@pytest.fixture(autouse=True)
def _empty_caches():
    role_resolver.clear_resolver_cache()
    skill_extractor.clear_cache()
    yield
    role_resolver.clear_resolver_cache()
    skill_extractor.clear_cache()


def test_warm_up_builds_the_resolver_and_extractor_once(sqlite_catalog_engine, monkeypatch) -> None:
    seed_sample_catalog(sqlite_catalog_engine)
    monkeypatch.setattr(catalog_access, "engine", lambda: sqlite_catalog_engine)
    builds: list[str] = []
    build_extractor = skill_extractor.SkillExtractor.from_engine
    monkeypatch.setattr(
        skill_extractor.SkillExtractor,
        "from_engine",
        classmethod(lambda cls, engine: builds.append("extractor") or build_extractor(engine)),
    )

    assert warm_up.warm_up_catalog() is True
    found = catalog_access.skill_extractor().extract("I know Excel and SQL")

    assert builds == ["extractor"]  # the user's turn reused what the warm-up built
    assert {skill.name for skill in found} == {"Microsoft Excel", "SQL"}
    assert catalog_access.role_resolver().resolve("accountant", limit=1)


def test_an_unreachable_catalog_is_not_fatal(tmp_path, monkeypatch, caplog) -> None:
    from bot.storage.db import get_engine

    missing = get_engine(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables at all
    monkeypatch.setattr(catalog_access, "engine", lambda: missing)

    assert warm_up.warm_up_catalog() is False
    assert "built on first use" in caplog.text


class ListenerRecorder:
    """Stands in for the action server's Sanic app: records the listeners and middleware
    plugins attach, and the settings they change."""

    def __init__(self) -> None:
        self.listeners: list[tuple[object, str]] = []
        self.middleware: list[tuple[object, str]] = []
        self.config = SimpleNamespace()
        self.error_handlers: list[tuple[type, object]] = []
        self.error_handler = SimpleNamespace(
            add=lambda exception, handler: self.error_handlers.append((exception, handler))
        )

    def register_listener(self, listener: object, event: str) -> None:
        self.listeners.append((listener, event))

    def register_middleware(self, middleware: object, attach_to: str) -> None:
        self.middleware.append((middleware, attach_to))


def test_the_action_server_plugin_runs_the_warm_up_before_serving(monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("actions.warm_up.warm_up_catalog", lambda: calls.append("warm") or True)
    app = ListenerRecorder()

    plugin_manager().hook.attach_sanic_app_extensions(app=app)  # finds rasa_sdk_plugins like rasa_sdk does

    [(listener, event)] = app.listeners
    assert event == "before_server_start"  # the server is not reported ready before it is warm
    listener(app, None)  # type: ignore[operator]
    assert calls == ["warm"]
    [(_, attach_to)] = app.middleware  # and the token check runs on every request
    assert attach_to == "request" and app.config.REQUEST_MAX_SIZE > 0
    assert [exception for exception, _ in app.error_handlers] == [Exception]
