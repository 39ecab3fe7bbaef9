"""HR's queue (bot/hr/queue.py) on SQLite and PostgreSQL: oldest first, the overdue threshold,
assignment and status changes with their history, bad input, and "forget me" taking the history."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.hr import queue, tickets
from bot.profiles.store import delete_user_data
from bot.storage.models import HrTicketEvent

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_the_queue_is_everything_unresolved_oldest_first_with_age_and_overdue_flag(catalog_engine) -> None:
    with catalog_engine.begin() as connection:
        # created out of order: the queue sorts by waiting time, not by number
        recent = tickets.create_ticket(connection, "u1", "Recent question", now=T0 + timedelta(hours=47))
        oldest = tickets.create_ticket(connection, "u2", "Oldest question", now=T0)
        middle = tickets.create_ticket(connection, "u3", "Middle question", now=T0 + timedelta(hours=10))
        done = tickets.create_ticket(connection, "u4", "Answered question", now=T0 - timedelta(days=9))
        tickets.resolve_ticket(connection, done.id, "Done.", now=T0)
        queue.set_status(connection, middle.id, "in_progress", now=T0 + timedelta(hours=11))
    now = T0 + timedelta(hours=50)
    with catalog_engine.connect() as connection:
        entries = queue.open_queue(connection, now=now, overdue_hours=48)
        assert [(e.ticket.id, e.ticket.status) for e in entries] == [
            (oldest.id, "open"),
            (middle.id, "in_progress"),
            (recent.id, "open"),
        ]
        assert [e.age for e in entries] == [timedelta(hours=50), timedelta(hours=40), timedelta(hours=3)]
        assert [e.age_text for e in entries] == ["2 days", "40 h", "3 h"]
        assert [e.overdue for e in entries] == [True, False, False]
        assert [e.overdue for e in queue.open_queue(connection, now=now, overdue_hours=40)] == [
            True,
            True,
            False,
        ]
        # in_progress is part of the queue everywhere: listing and counting
        assert tickets.count_open(connection) == 3
        assert [t.id for t in tickets.list_tickets(connection, "open")] == [recent.id, oldest.id, middle.id]
        assert [t.id for t in tickets.list_tickets(connection, "in_progress")] == [middle.id]


def test_overdue_from_the_threshold_on_not_a_minute_before(sqlite_catalog_engine) -> None:
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, "u", "Is overtime paid?", now=T0)
    threshold = T0 + timedelta(hours=48)
    with sqlite_catalog_engine.connect() as connection:
        for now, overdue in [
            (threshold - timedelta(minutes=1), False),
            (threshold, True),
            (threshold + timedelta(minutes=1), True),
        ]:
            [entry] = queue.open_queue(connection, now=now, overdue_hours=48)
            assert (entry.ticket.id, entry.overdue) == (ticket.id, overdue), now
        [entry] = queue.open_queue(connection, now=T0 + timedelta(hours=2), overdue_hours=1)
        assert entry.overdue
        # a ticket resolved long ago waits for nobody
        tickets.resolve_ticket(connection, ticket.id, "Yes.", now=T0)
        assert not queue.queue_entry(
            tickets.get_ticket(connection, ticket.id), threshold + timedelta(days=30)
        ).overdue
        assert queue.open_queue(connection, now=threshold) == []


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(seconds=20), "0 min"),
        (timedelta(minutes=59), "59 min"),
        (timedelta(hours=3, minutes=59), "3 h"),
        (timedelta(hours=47), "47 h"),
        (timedelta(hours=48), "2 days"),
        (timedelta(days=9, hours=23), "9 days"),
        (timedelta(minutes=-5), "0 min"),  # a clock a little ahead is not a negative age
    ],
)
def test_age_text(age: timedelta, text: str) -> None:
    assert queue.age_text(age) == text


def test_assign_and_status_changes_are_recorded_in_the_history(catalog_engine) -> None:
    with catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(
            connection, "user-1", "Can I work part time?", reason="declined", now=T0
        )
        assigned = queue.assign(
            connection, ticket.id, "  Dana   Smith ", actor="Sam", now=T0 + timedelta(hours=1)
        )
        assert assigned.assigned_to == "Dana Smith"
        assert (
            queue.assign(connection, ticket.id, "Dana Smith", now=T0 + timedelta(hours=2)).assigned_to
            == "Dana Smith"
        )
        queue.assign(connection, ticket.id, "Lee", now=T0 + timedelta(hours=3))
        moved = queue.set_status(
            connection, ticket.id, "in_progress", actor="Lee", now=T0 + timedelta(hours=4)
        )
        assert moved.status == "in_progress" and moved.assigned_to == "Lee"
        queue.set_status(connection, ticket.id, "in_progress", now=T0 + timedelta(hours=5))  # no change
        queue.set_status(connection, ticket.id, "open", now=T0 + timedelta(hours=6))
        tickets.resolve_ticket(
            connection, ticket.id, "Yes, ask your manager.", resolved_by="Lee", now=T0 + timedelta(hours=7)
        )
        tickets.resolve_ticket(
            connection, ticket.id, "Yes: ask your manager first.", now=T0 + timedelta(hours=8)
        )
    with catalog_engine.connect() as connection:
        events = queue.ticket_events(connection, ticket.id)
        history = [(e.kind, e.detail, e.actor, e.created_at - T0) for e in events]
        assert history == [
            ("created", "declined", None, timedelta(0)),
            ("assigned", "Dana Smith", "Sam", timedelta(hours=1)),
            ("assigned", "Dana Smith -> Lee", None, timedelta(hours=3)),
            ("status", "open -> in_progress", "Lee", timedelta(hours=4)),
            ("status", "in_progress -> open", None, timedelta(hours=6)),
            ("resolved", "was open", "Lee", timedelta(hours=7)),
            ("resolved", "answer changed", None, timedelta(hours=8)),
        ]
        assert [queue.event_text(e) for e in events[1:4]] == [
            "assigned: Dana Smith (by Sam)",
            "assigned: Dana Smith -> Lee",
            "status: open -> in_progress (by Lee)",
        ]
        # the history is stored under the ticket's sender, as the ticket itself
        senders = connection.execute(select(HrTicketEvent.__table__.c.sender_id).distinct()).scalars().all()
        assert senders == [ticket.sender_id]


def test_the_queue_by_owner(sqlite_catalog_engine) -> None:
    with sqlite_catalog_engine.begin() as connection:
        first = tickets.create_ticket(connection, "u1", "one", now=T0)
        tickets.create_ticket(connection, "u2", "two", now=T0 + timedelta(hours=1))
        queue.assign(connection, first.id, "Dana")
        entries = queue.open_queue(connection, now=T0 + timedelta(hours=2))
        assert [e.owner for e in entries] == ["Dana", "unassigned"]
        assert [e.ticket.id for e in queue.open_queue(connection, owner=" dana ")] == [first.id]
        assert queue.open_queue(connection, owner="Lee") == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, n: queue.assign(c, 999, "Dana"), "there is no ticket 999"),
        (lambda c, n: queue.set_status(c, 999, "open"), "there is no ticket 999"),
        (lambda c, n: queue.ticket_events(c, 999), "there is no ticket 999"),
        (lambda c, n: queue.assign(c, n, "   "), "give the name of the HR person"),
        (lambda c, n: queue.assign(c, n, None), "give the name of the HR person"),
        (lambda c, n: queue.assign(c, n, "x" * 101), "101 characters long; at most 100"),
        (
            lambda c, n: queue.set_status(c, n, "closed"),
            "status must be one of open, in_progress, not 'closed'",
        ),
        (lambda c, n: queue.set_status(c, n, "resolved"), "resolved with its answer"),
        (lambda c, n: queue.open_queue(c, overdue_hours=0), "at least 1"),
    ],
)
def test_bad_input_is_a_ticket_error_saying_why(sqlite_catalog_engine, call, message) -> None:
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, "u", "q", now=T0)
        with pytest.raises(tickets.TicketError, match=message):
            call(connection, ticket.id)
        # nothing changed, nothing recorded beyond the ticket's creation
        assert tickets.get_ticket(connection, ticket.id).assigned_to is None
        assert [e.kind for e in queue.ticket_events(connection, ticket.id)] == ["created"]


def test_a_resolved_ticket_is_neither_assigned_nor_reopened(sqlite_catalog_engine) -> None:
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, "u", "q", now=T0)
        tickets.resolve_ticket(connection, ticket.id, "Answer.")
        for change in (
            lambda: queue.assign(connection, ticket.id, "Dana"),
            lambda: queue.set_status(connection, ticket.id, "open"),
        ):
            with pytest.raises(tickets.TicketError, match=f"ticket {ticket.id} is resolved already"):
                change()
        assert tickets.get_ticket(connection, ticket.id).status == "resolved"


def test_a_name_of_exactly_100_characters_fits(sqlite_catalog_engine) -> None:
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, "u", "q")
        assert queue.assign(connection, ticket.id, "x" * 100).assigned_to == "x" * 100


def test_forget_me_deletes_the_history_with_the_tickets(catalog_engine) -> None:
    with catalog_engine.begin() as connection:
        for sender in ("forget-me", "x" * 400, "keep-me"):
            ticket = tickets.create_ticket(connection, sender, "question", now=T0)
            queue.assign(connection, ticket.id, "Dana")
            queue.set_status(connection, ticket.id, "in_progress")
            tickets.resolve_ticket(connection, ticket.id, "answer")
    with catalog_engine.begin() as connection:
        assert delete_user_data(connection, "forget-me") == 1 + 4  # the ticket and its 4 events
        assert delete_user_data(connection, "x" * 400) == 1 + 4
    with catalog_engine.connect() as connection:
        table = HrTicketEvent.__table__
        remaining = connection.execute(
            select(table.c.sender_id, func.count()).group_by(table.c.sender_id)
        ).all()
        assert remaining == [("keep-me", 4)]
