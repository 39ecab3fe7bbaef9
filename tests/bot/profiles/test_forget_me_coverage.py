"""Guard: "forget me" reaches every table that stores something about a sender.

A new table with a sender column must be registered in
``bot.profiles.store.USER_DATA_COLUMNS`` (and get a writer below); otherwise these tests
fail, so personal data can never be left behind by a table nobody remembered.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import Table

from bot.hr.advice_log import record_advice
from bot.hr.feedback import record_feedback
from bot.hr.tickets import create_ticket
from bot.hr.unanswered import record_unanswered
from bot.profiles.store import USER_DATA_COLUMNS, delete_user_data, save_profile, sender_key
from bot.storage.models import Base
from tests.kit.profiles import accountant_profile

#: The long sender ids of some channels are stored as a ``sha256:`` key: test both kinds.
LEAVING_SENDERS = ["leaving-user", "x" * 400]
STAYING_SENDER = "staying-user"


def is_sender_column(name: str) -> bool:
    return "sender" in name.lower()


def registered_tables() -> dict[str, str]:
    """Table name -> its registered sender column name."""
    return {column.table.name: column.name for column in USER_DATA_COLUMNS}


def test_every_model_table_with_a_sender_column_is_forgotten() -> None:
    registered = registered_tables()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if is_sender_column(column.name):
                assert registered.get(table.name) == column.name, (
                    f"{table.name}.{column.name} holds a sender but is not in USER_DATA_COLUMNS"
                )


def test_every_migrated_table_with_a_sender_column_is_forgotten(sqlite_catalog_engine: Engine) -> None:
    """The migrations too: a table created only by a migration cannot slip past the models."""
    registered = registered_tables()
    schema = inspect(sqlite_catalog_engine)
    senders = {
        (table, column["name"])
        for table in schema.get_table_names()
        for column in schema.get_columns(table)
        if is_sender_column(column["name"])
    }
    assert senders, "no table with a sender column found: is the migration empty?"
    assert senders == set(registered.items())


# --- by behaviour: one row per table for each sender, then forget one of them ----------

Writer = Callable[[Connection, str], object]

#: How a conversation stores something in each table of USER_DATA_COLUMNS (the real API).
WRITERS: dict[str, Writer] = {
    "user_profiles": lambda connection, sender: save_profile(connection, accountant_profile(sender)),
    "hr_tickets": lambda connection, sender: create_ticket(connection, sender, "Is overtime paid?"),
    # written by create_ticket above: a new ticket's history starts with its "created" event
    "hr_ticket_events": lambda connection, sender: None,
    "unanswered_messages": lambda connection, sender: record_unanswered(
        connection, sender, "what's the weather?", kind="out_of_scope"
    ),
    "feedback": lambda connection, sender: record_feedback(connection, sender, True, subject="advice"),
    "advice_records": lambda connection, sender: record_advice(
        connection, sender, path="reskill", current_role="Accountant"
    ),
}


def rows_of(connection: Connection, table: Table, column_name: str, sender: str) -> int:
    column = table.c[column_name]
    return int(connection.execute(select(func.count()).where(column == sender_key(sender))).scalar_one())


def test_every_forgotten_table_has_a_writer_here() -> None:
    assert set(WRITERS) == set(registered_tables())


@pytest.mark.parametrize("leaving", LEAVING_SENDERS, ids=["short-id", "long-id"])
def test_forget_me_empties_every_table_for_that_sender_only(catalog_engine: Engine, leaving: str) -> None:
    with catalog_engine.begin() as connection:
        for write in WRITERS.values():
            write(connection, leaving)
            write(connection, STAYING_SENDER)

    with catalog_engine.begin() as connection:
        removed = delete_user_data(connection, leaving)

    assert removed == len(USER_DATA_COLUMNS)
    with catalog_engine.connect() as connection:
        for column in USER_DATA_COLUMNS:
            assert rows_of(connection, column.table, column.name, leaving) == 0, column.table.name
            assert rows_of(connection, column.table, column.name, STAYING_SENDER) == 1, column.table.name
