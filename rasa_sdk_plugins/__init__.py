"""rasa_sdk's plugin hook (it imports a top-level package of exactly this name).

Used for two things:

- build the catalog's role resolver and skill extractor before the action server reports
  itself ready (``actions/warm_up.py``), so the first user who names a job or their skills
  does not wait ~10 s for the spaCy patterns to be built inside their turn;
- refuse calls without the shared ``ACTION_SERVER_TOKEN``, bodies that are not JSON and
  oversized or inflating bodies (``actions/server_guard.py``).
"""

from __future__ import annotations

from asyncio import AbstractEventLoop

import pluggy
from sanic import Sanic

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def warm_up_before_serving(app: Sanic, loop: AbstractEventLoop) -> None:
    """A Sanic listener: the server reports itself ready only once the catalog is built."""
    from actions.warm_up import warm_up_catalog

    warm_up_catalog()


class WarmUpPlugin:
    @hookimpl  # type: ignore[misc]
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        from actions import server_guard

        server_guard.install(app)
        app.register_listener(warm_up_before_serving, "before_server_start")


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(WarmUpPlugin())
