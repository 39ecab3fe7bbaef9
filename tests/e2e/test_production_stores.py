"""End-to-end on the production path: PostgreSQL (catalog + tracker store), a Redis lock
store and a RabbitMQ event broker, configured only through environment variables.

Needs the local services (PostgreSQL 127.0.0.1:5432, Redis 127.0.0.1:6379, RabbitMQ
127.0.0.1:5672 guest/guest): skipped without them, failed instead under ``CI=true``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.catalog.seeding import seed_sample_catalog
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from launcher.configuration import ServerConfig
from launcher.servers import RunningServers, running_servers
from tests.e2e.conftest import session_model
from tests.kit.databases import throwaway_postgres_database
from tests.kit.server_sets import ServerSets, StartContext, register

pytestmark = pytest.mark.e2e

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BROKER_URL = os.environ.get("TEST_EVENT_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/")


def _unavailable(what: str, error: Exception) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but unreachable: {error}")
    pytest.skip(f"{what} not reachable: {error}")


def _redis_client() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        _unavailable("Redis", error)
    return client


async def _drain(queue_name: str, wanted: int, timeout: float = 20.0) -> list[dict[str, Any]]:
    import aio_pika

    connection = await aio_pika.connect_robust(BROKER_URL, timeout=5)
    received: list[dict[str, Any]] = []
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, durable=True)
        deadline = asyncio.get_running_loop().time() + timeout
        while len(received) < wanted and asyncio.get_running_loop().time() < deadline:
            message = await queue.get(no_ack=True, fail=False)
            if message is None:
                await asyncio.sleep(0.2)
                continue
            received.append(json.loads(message.body))
        await queue.delete(if_unused=False, if_empty=False)
    finally:
        await connection.close()
    return received


def start_production_servers(stack: ExitStack, context: StartContext) -> tuple[RunningServers, str, str]:
    """Both servers on PostgreSQL, Redis and RabbitMQ (checked first: skipped or failed without them)."""
    try:
        asyncio.run(_drain(f"careerbot_probe_{uuid.uuid4().hex[:8]}", 0, timeout=0.1))
    except Exception as error:  # noqa: BLE001 - any failure means "no broker here"
        _unavailable("RabbitMQ", error)
    _redis_client()
    postgres_url = stack.enter_context(throwaway_postgres_database("careerbot_production"))
    servers_on = contextlib.contextmanager(_servers_on)
    return stack.enter_context(servers_on(postgres_url, session_model(context), context.tmp_path_factory))


# Started ahead of need by the session's ServerSets (tests.kit.server_sets).
register("production_servers", start_production_servers)


@pytest.fixture(scope="module")
def production_servers(server_sets: ServerSets) -> Iterator[tuple[RunningServers, str, str]]:
    with server_sets.use("production_servers") as running:
        yield running


def _servers_on(
    postgres_url: str, model_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningServers, str, str]]:
    """Both servers on a catalog and tracker store in ``postgres_url`` (its own database, so
    Rasa's ``events`` table never lands in the shared catalog test database)."""
    engine = create_catalog_engine(postgres_url)
    migrate.upgrade(engine)
    seed_sample_catalog(engine)
    engine.dispose()
    queue = f"careerbot_events_{uuid.uuid4().hex[:8]}"
    config = ServerConfig(
        model=str(model_path),
        rasa_port=0,
        action_port=0,
        log_dir=tmp_path_factory.mktemp("production-logs"),
        env={
            "CATALOG_DB_URL": postgres_url,
            "TRACKER_DB_URL": postgres_url,
            "REDIS_URL": REDIS_URL,
            "REDIS_KEY_PREFIX": f"careerbot_test_{uuid.uuid4().hex[:8]}",
            "EVENT_BROKER_URL": BROKER_URL,
            "EVENT_BROKER_QUEUE": queue,
            "CAREERBOT_VAR_DIR": str(tmp_path_factory.mktemp("production-var")),
        },
    )
    with running_servers(config) as servers:
        yield servers, postgres_url, queue


def test_conversation_on_postgres_redis_and_rabbitmq(production_servers):
    servers, database_url, queue = production_servers
    client = _redis_client()
    locks_before = int(client.info("commandstats").get("cmdstat_set", {}).get("calls", 0))
    sender = f"prod-{uuid.uuid4()}"

    for message in ("hello", "I want career advice", "I'm an accountant"):
        reply = requests.post(
            servers.rest_webhook_url, json={"sender": sender, "message": message}, timeout=60
        )
        reply.raise_for_status()
        assert reply.json(), f"no answer to {message!r}"

    engine = create_engine(database_url, future=True)
    with engine.connect() as connection:
        stored = (
            connection.execute(
                text("SELECT type_name FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": sender}
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert stored.count("user") == 3, "the PostgreSQL tracker store holds the conversation"

    published = asyncio.run(_drain(queue, wanted=len(stored)))
    mine = [event for event in published if event.get("sender_id") == sender]
    assert [event["event"] for event in mine if event["event"] == "user"] == ["user"] * 3
    assert any(event.get("text") == "I'm an accountant" for event in mine)

    locks_after = int(client.info("commandstats").get("cmdstat_set", {}).get("calls", 0))
    assert locks_after > locks_before, "the Redis lock store took the conversation lock"
