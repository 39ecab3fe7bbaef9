"""End-to-end: the widget reconnects by itself after the Rasa server restarts, and the
conversation goes on in the same session (the session token outlives the process because
its secret is kept under the var folder)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from launcher.configuration import PROJECT_ROOT, ServerConfig
from launcher.configuration import child_env as _child_env
from launcher.processes import stop_process, wait_until_ready
from launcher.servers import RunningServers, running_servers
from tests.e2e.conftest import session_databases, session_model
from tests.e2e.test_widget import ROLE_QUESTION, TIMEOUT_MS, bot_bubbles, send
from tests.kit.server_sets import ServerSets, StartContext, register

pytestmark = pytest.mark.e2e


def start_own_servers(stack: ExitStack, context: StartContext) -> RunningServers:
    """Servers of their own (their Rasa server is restarted), on the session's databases."""
    config = ServerConfig(
        model=str(session_model(context)),
        rasa_port=0,
        action_port=0,
        log_dir=context.folder("reconnect-logs"),
        env=session_databases(context),
    )
    return stack.enter_context(running_servers(config))


# Started ahead of need by the session's ServerSets (tests.kit.server_sets).
register("own_servers", start_own_servers)


@pytest.fixture(scope="module")
def own_servers(server_sets: ServerSets) -> Iterator[RunningServers]:
    with server_sets.use("own_servers") as running:
        yield running


def restart_rasa(servers: RunningServers) -> subprocess.Popen[bytes]:
    """Stop the Rasa server and start the same command again on the same port."""
    command = list(servers.rasa_process.args)  # type: ignore[arg-type]
    stop_process(servers.rasa_process)
    log = servers.rasa_log.open("ab") if servers.rasa_log else None
    try:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=_child_env(servers.config.env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            start_new_session=True,
        )
    finally:
        if log:
            log.close()
    try:
        wait_until_ready(
            f"{servers.rasa_url}/",
            lambda status, body: status == 200 and "Hello from Rasa" in body,
            process,
            servers.config.start_timeout,
            "Rasa server (restarted)",
        )
    except BaseException:
        stop_process(process)
        raise
    return process


def test_the_widget_reconnects_after_a_server_restart_and_keeps_the_session(own_servers, browser):
    context = browser.new_context(viewport={"width": 1000, "height": 760})
    page: Any = context.new_page()
    restarted = None
    try:
        page.goto(f"{own_servers.rasa_url}/widget/demo")
        page.locator("button.cw-launcher").click()
        bot_bubbles(page).first.wait_for(timeout=TIMEOUT_MS)
        send(page, "I want career advice")
        assert ROLE_QUESTION in " ".join(bot_bubbles(page).all_inner_texts())

        restarted = restart_rasa(own_servers)
        status = page.locator(".cw-status")
        status.filter(has_text="Online").wait_for(timeout=TIMEOUT_MS)  # reconnected by itself
        assert page.locator(".cw-notice", has_text="new conversation").count() == 0

        send(page, "I'm an accountant")  # answers the question asked before the restart
        assert "What would you like to do next?" in " ".join(bot_bubbles(page).all_inner_texts()[-3:])
    finally:
        context.close()
        stop_process(restarted)
