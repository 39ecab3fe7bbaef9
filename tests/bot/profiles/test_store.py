"""bot/profiles/store.py: the remembered profile, on SQLite and PostgreSQL (``catalog_engine``)."""

from __future__ import annotations

from datetime import timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.profiles import store as profiles
from bot.profiles.store import (
    ProfileError,
    UserProfile,
    delete_user_data,
    describe_profile,
    load_profile,
    normalise_budget,
    normalise_hours,
    remembered_summary,
    save_profile,
    sender_key,
)
from bot.storage.models import UserProfile as UserProfileRow
from tests.kit.profiles import accountant_profile
from tests.kit.profiles import remember as save
from tests.kit.profiles import remembered as load


def accountant(sender_id: str = "user-1", **changes: Any) -> UserProfile:
    return accountant_profile(sender_id, **{"budget": "500", **changes})


def row_count(engine: Any) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(UserProfileRow.__table__)).scalar_one()
        )


# --- storage on both back-ends ---------------------------------------------------------------


def test_saved_profile_is_loaded_back(catalog_engine: Any) -> None:
    save(catalog_engine, accountant())

    loaded = load(catalog_engine, "user-1")

    assert loaded is not None
    assert loaded.current_role == "Accountant"
    assert loaded.current_role_code == "13-2011.00"
    assert loaded.goal == "switch"
    assert loaded.target_role == "Digital Marketing Specialist"
    assert loaded.target_role_code == "13-1161.01"
    assert loaded.skills == ["Excel", "SQL"]
    assert loaded.hours_per_week == Decimal("5.0")
    assert loaded.budget == "500"
    assert loaded.preferred_format == "online"
    assert loaded.created_at is not None
    assert loaded.created_at.tzinfo is not None
    assert loaded.updated_at is not None
    assert loaded.updated_at.utcoffset() == timezone.utc.utcoffset(None)


def test_unknown_sender_has_no_profile(catalog_engine: Any) -> None:
    assert load(catalog_engine, "nobody") is None


def test_saving_again_replaces_the_profile_and_keeps_its_creation_time(catalog_engine: Any) -> None:
    save(catalog_engine, accountant())
    first = load(catalog_engine, "user-1")

    save(
        catalog_engine,
        accountant(
            current_role="Pharmacist",
            current_role_code=None,
            goal="advance",
            target_role=None,
            target_role_code=None,
            skills=[],
            hours_per_week=None,
            budget="free",
            preferred_format=None,
        ),
    )

    second = load(catalog_engine, "user-1")
    assert first is not None
    assert second is not None
    assert row_count(catalog_engine) == 1
    assert second.current_role == "Pharmacist"
    assert second.goal == "advance"
    assert second.target_role is None
    assert second.skills == []
    assert second.hours_per_week is None
    assert second.budget == "free"
    assert second.created_at == first.created_at
    assert first.updated_at is not None
    assert second.updated_at is not None
    assert second.updated_at >= first.updated_at


def test_works_with_an_orm_session_too(catalog_engine: Any) -> None:
    with Session(catalog_engine) as session, session.begin():
        save_profile(session, accountant("session-user"))
    with Session(catalog_engine, future=True) as session:
        loaded = load_profile(session, "session-user")
        assert loaded is not None
        assert loaded.current_role == "Accountant"
        assert delete_user_data(session, "session-user") == 1
        session.commit()
    assert load(catalog_engine, "session-user") is None


def test_delete_removes_only_that_senders_data(catalog_engine: Any) -> None:
    save(catalog_engine, accountant("leaving"))
    save(catalog_engine, accountant("staying"))

    with catalog_engine.begin() as connection:
        removed = delete_user_data(connection, "leaving")

    assert removed == 1
    assert load(catalog_engine, "leaving") is None
    assert load(catalog_engine, "staying") is not None
    with catalog_engine.begin() as connection:
        assert delete_user_data(connection, "leaving") == 0
        assert delete_user_data(connection, "never-seen") == 0


def test_delete_covers_every_registered_table(catalog_engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The HR issue adds tables (tickets, feedback): registering their column is enough."""
    tickets = Table("test_tickets", MetaData(), Column("sender_id", String(255)), Column("text", String(50)))
    tickets.create(catalog_engine)
    try:
        monkeypatch.setattr(profiles, "USER_DATA_COLUMNS", [*profiles.USER_DATA_COLUMNS, tickets.c.sender_id])
        save(catalog_engine, accountant("leaving"))
        with catalog_engine.begin() as connection:
            connection.execute(
                insert(tickets),
                [
                    {"sender_id": sender_key("leaving"), "text": "a"},
                    {"sender_id": sender_key("leaving"), "text": "b"},
                    {"sender_id": "staying", "text": "c"},
                ],
            )

        with catalog_engine.begin() as connection:
            assert delete_user_data(connection, "leaving") == 3

        with catalog_engine.connect() as connection:
            assert connection.execute(select(tickets.c.sender_id)).scalars().all() == ["staying"]
    finally:
        tickets.drop(catalog_engine)


ODD_SENDERS = [
    "",
    " ",
    "o'brien'); DROP TABLE user_profiles; --",
    "ünïcødé 👋 用户",
    "nul\x00byte",
    "lone \ud800 surrogate",
    "x" * 255,
    "y" * 256,
    "z" * 100_000,
    "sha256:" + "0" * 64,
]


@pytest.mark.parametrize("sender", ODD_SENDERS, ids=range(len(ODD_SENDERS)))
def test_any_sender_id_can_be_saved_loaded_and_forgotten(catalog_engine: Any, sender: str) -> None:
    save(catalog_engine, accountant(sender))

    loaded = load(catalog_engine, sender)
    assert loaded is not None
    assert loaded.sender_id == sender
    assert loaded.current_role == "Accountant"
    with catalog_engine.begin() as connection:
        assert delete_user_data(connection, sender) == 1
    assert load(catalog_engine, sender) is None


def test_long_sender_ids_sharing_a_prefix_do_not_collide(catalog_engine: Any) -> None:
    first, second = "p" * 300 + "1", "p" * 300 + "2"
    save(catalog_engine, accountant(first, current_role="Nurse"))
    save(catalog_engine, accountant(second, current_role="Chef"))

    assert load(catalog_engine, first).current_role == "Nurse"  # type: ignore[union-attr]
    assert load(catalog_engine, second).current_role == "Chef"  # type: ignore[union-attr]
    assert load(catalog_engine, "p" * 255) is None


def test_sender_key_keeps_ordinary_ids_and_hashes_the_rest() -> None:
    assert sender_key("4f1c-uuid") == "4f1c-uuid"
    assert sender_key("x" * 255) == "x" * 255
    hashed = sender_key("x" * 256)
    assert hashed.startswith("sha256:")
    assert len(hashed) <= 255
    assert sender_key("x" * 256) == hashed  # stable


@pytest.mark.parametrize(
    "bad_row",
    [{"goal": "retire"}, {"hours_per_week": 0}, {"hours_per_week": -3}],
)
def test_database_constraints_refuse_bad_profiles(catalog_engine: Any, bad_row: dict[str, Any]) -> None:
    row = {"sender_id": "raw", "current_role": "Nurse", "skills": [], **bad_row}
    row["created_at"] = row["updated_at"] = func.now()
    with pytest.raises(IntegrityError), catalog_engine.begin() as connection:
        connection.execute(insert(UserProfileRow.__table__).values(**row))


def test_invalid_profile_is_refused_and_nothing_is_written(catalog_engine: Any) -> None:
    with pytest.raises(ProfileError, match="goal"):
        save(catalog_engine, accountant(goal="retire"))
    with pytest.raises(ProfileError, match="current role"):
        save(catalog_engine, accountant(current_role="  "))

    assert row_count(catalog_engine) == 0


# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("free", "free"),
        ("Free only", "free"),
        ("0", "free"),
        ("$0", "free"),
        ("nothing", "free"),
        ("any", "any"),
        ("no limit", "any"),
        ("500", "500"),
        ("$500", "500 USD"),
        ("500 usd", "500 USD"),
        ("€1,200", "1200 EUR"),
        ("1,200.50 gbp", "1200.5 GBP"),
        ("2k", "2000"),
        ("  750   EUR ", "750 EUR"),
        (None, None),
        ("", None),
    ],
)
def test_budget_is_normalised(typed: str | None, stored: str | None) -> None:
    assert normalise_budget(typed) == stored


@pytest.mark.parametrize("typed", ["lots", "$500 USD", "-5", "500 dollars and more", "9" * 40])
def test_unreadable_budget_is_refused(typed: str) -> None:
    with pytest.raises(ProfileError):
        normalise_budget(typed)


@pytest.mark.parametrize(
    ("given", "stored"),
    [(5, Decimal("5.0")), ("2.55", Decimal("2.6")), (7.25, Decimal("7.3")), ("", None), (None, None)],
)
def test_hours_are_normalised(given: Any, stored: Decimal | None) -> None:
    assert normalise_hours(given) == stored


@pytest.mark.parametrize("given", [0, -1, 169, "abc", "NaN", "Infinity", True])
def test_impossible_hours_are_refused(given: Any) -> None:
    with pytest.raises(ProfileError):
        normalise_hours(given)


def test_skills_are_deduplicated_and_long_text_is_cut(catalog_engine: Any) -> None:
    save(
        catalog_engine,
        accountant(skills=["Excel", " excel ", "", "SQL", "Project  management"], current_role="R" * 500),
    )

    loaded = load(catalog_engine, "user-1")
    assert loaded is not None
    assert loaded.skills == ["Excel", "SQL", "Project management"]
    assert len(loaded.current_role) == 200


# --- presentation ------------------------------------------------------------------------


def test_describe_profile_lists_what_is_known() -> None:
    assert describe_profile(accountant(hours_per_week=Decimal("2.5"))) == [
        "Current role: Accountant",
        "Goal: move to a different role",
        "Target role: Digital Marketing Specialist",
        "Skills: Excel, SQL",
        "Time for learning: 2.5 hours a week",
        "Budget: 500",
        "Preferred format: online, at my own pace",
    ]


def test_describe_profile_leaves_out_what_is_unknown() -> None:
    profile = UserProfile(sender_id="s", current_role="Nurse", hours_per_week=Decimal("1"), budget="any")

    assert describe_profile(profile) == [
        "Current role: Nurse",
        "Time for learning: 1 hour a week",
        "Budget: no limit",
    ]


@pytest.mark.parametrize(
    ("changes", "summary"),
    [
        ({}, "you are an Accountant aiming for Digital Marketing Specialist"),
        ({"goal": "advance", "target_role": None}, "you are an Accountant aiming to grow in that role"),
        ({"goal": "unsure", "target_role": None}, "you are an Accountant and not sure yet where to go next"),
        ({"goal": None, "target_role": None, "current_role": "Nurse"}, "you are a Nurse"),
    ],
)
def test_remembered_summary(changes: dict[str, Any], summary: str) -> None:
    assert remembered_summary(accountant(**changes)) == summary
