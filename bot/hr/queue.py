"""HR's queue: the unresolved tickets by age and owner, with a history of every change.

Everything not resolved is in the queue, oldest first: ``open`` (nobody has picked it up
yet) and ``in_progress`` (someone is on it). A ticket that has waited ``overdue_hours``
(``HR_OVERDUE_HOURS``, 48 by default) or longer is overdue. A ticket can be assigned to a
named HR person and moved between ``open`` and ``in_progress``; resolving it stays with
:func:`bot.hr.tickets.resolve_ticket`, which needs the answer. Each change is recorded in
``hr_ticket_events`` (:func:`ticket_events`), so HR can see who did what and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.hr.rows import aware, iso
from bot.hr.tickets import (
    UNRESOLVED_STATUSES,
    Ticket,
    TicketError,
    get_ticket,
    record_event,
    short_question,
    ticket_from_row,
)
from bot.storage.models import HrTicket, HrTicketEvent

DEFAULT_OVERDUE_HOURS = 48
#: As long as ``hr_tickets.assigned_to`` holds; a longer name is refused, not cut.
PERSON_MAX_LENGTH = 100


@dataclass
class QueueEntry:
    """A ticket as the queue shows it: how long it has waited and whether that is too long."""

    ticket: Ticket
    age: timedelta
    overdue: bool

    @property
    def age_text(self) -> str:
        return age_text(self.age)

    @property
    def owner(self) -> str:
        return self.ticket.assigned_to or "unassigned"

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.ticket.as_dict(),
            "age_hours": round(self.age.total_seconds() / 3600, 1),
            "age": self.age_text,
            "overdue": self.overdue,
        }


@dataclass
class TicketEvent:
    """One entry of a ticket's history."""

    id: int
    ticket_id: int
    kind: str
    detail: str | None
    actor: str | None
    created_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "actor": self.actor,
            "created_at": iso(self.created_at),
        }


def age_text(age: timedelta) -> str:
    """A short waiting time: "40 min", "3 h" (up to two days, so it compares with the
    overdue threshold in hours), then "2 days"."""
    minutes = max(int(age.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"


def _check_hours(overdue_hours: int) -> int:
    if isinstance(overdue_hours, bool) or not isinstance(overdue_hours, int) or overdue_hours < 1:
        raise TicketError(
            f"the overdue threshold must be a whole number of hours, at least 1, not {overdue_hours!r}"
        )
    return overdue_hours


def queue_entry(
    ticket: Ticket, now: datetime | None = None, overdue_hours: int = DEFAULT_OVERDUE_HOURS
) -> QueueEntry:
    """``ticket`` with its age at ``now``; a resolved ticket is never overdue (it waits for nobody)."""
    moment = now or datetime.now(timezone.utc)
    age = max(moment - (ticket.created_at or moment), timedelta(0))
    overdue = ticket.status != "resolved" and age >= timedelta(hours=_check_hours(overdue_hours))
    return QueueEntry(ticket=ticket, age=age, overdue=overdue)


def open_queue(
    connection: Connection | Session,
    now: datetime | None = None,
    overdue_hours: int = DEFAULT_OVERDUE_HOURS,
    *,
    owner: str | None = None,
) -> list[QueueEntry]:
    """Open and in-progress tickets, oldest first, each with its age and overdue flag.

    ``owner``: only the tickets assigned to that person (case does not matter)."""
    _check_hours(overdue_hours)
    table = HrTicket.__table__
    rows = connection.execute(
        select(table).where(table.c.status.in_(UNRESOLVED_STATUSES)).order_by(table.c.created_at, table.c.id)
    ).all()
    entries = [queue_entry(ticket_from_row(row), now, overdue_hours) for row in rows]
    if owner is not None:
        wanted = owner.strip().casefold()
        entries = [entry for entry in entries if (entry.ticket.assigned_to or "").casefold() == wanted]
    return entries


def _unresolved(connection: Connection | Session, ticket_id: int, change: str) -> Ticket:
    ticket = get_ticket(connection, ticket_id)
    if ticket.status == "resolved":
        raise TicketError(f"ticket {ticket.id} is resolved already; only open tickets can be {change}")
    return ticket


def _clean_person(person: str | None) -> str:
    name = " ".join(str(person or "").replace("\x00", "").split())
    if not name:
        raise TicketError("give the name of the HR person the ticket is assigned to")
    if len(name) > PERSON_MAX_LENGTH:
        raise TicketError(f"the name is {len(name)} characters long; at most {PERSON_MAX_LENGTH} fit")
    return name


def assign(
    connection: Connection | Session,
    ticket_id: int,
    person: str,
    actor: str | None = None,
    *,
    now: datetime | None = None,
) -> Ticket:
    """Make ``person`` the owner of an unresolved ticket (recorded in its history).

    Assigning it to its current owner again changes nothing and records nothing."""
    name = _clean_person(person)
    ticket = _unresolved(connection, ticket_id, "assigned")
    if ticket.assigned_to == name:
        return ticket
    table = HrTicket.__table__
    connection.execute(update(table).where(table.c.id == ticket.id).values(assigned_to=name))
    detail = f"{ticket.assigned_to} -> {name}" if ticket.assigned_to else name
    record_event(connection, ticket, "assigned", detail=detail, actor=actor, now=now)
    return get_ticket(connection, ticket.id)


def set_status(
    connection: Connection | Session,
    ticket_id: int,
    status: str,
    actor: str | None = None,
    *,
    now: datetime | None = None,
) -> Ticket:
    """Move an unresolved ticket between ``open`` and ``in_progress`` (recorded in its history).

    Resolving needs an answer, so it goes through ``tickets.resolve_ticket``; the same status
    again changes nothing."""
    if status == "resolved":
        raise TicketError(
            "a ticket is resolved with its answer (hr resolve, or the Resolve form of the HR page), "
            "not by a status change"
        )
    if status not in UNRESOLVED_STATUSES:
        raise TicketError(f"status must be one of {', '.join(UNRESOLVED_STATUSES)}, not {status!r}")
    ticket = _unresolved(connection, ticket_id, "moved to another status")
    if ticket.status == status:
        return ticket
    table = HrTicket.__table__
    connection.execute(update(table).where(table.c.id == ticket.id).values(status=status))
    record_event(connection, ticket, "status", detail=f"{ticket.status} -> {status}", actor=actor, now=now)
    return get_ticket(connection, ticket.id)


def ticket_events(connection: Connection | Session, ticket_id: int) -> list[TicketEvent]:
    """The history of ticket ``ticket_id``, oldest first (``TicketError`` for an unknown ticket)."""
    ticket = get_ticket(connection, ticket_id)
    table = HrTicketEvent.__table__
    rows = connection.execute(
        select(table).where(table.c.ticket_id == ticket.id).order_by(table.c.created_at, table.c.id)
    ).all()
    return [
        TicketEvent(
            id=int(row.id),
            ticket_id=int(row.ticket_id),
            kind=row.kind,
            detail=row.detail,
            actor=row.actor,
            created_at=aware(row.created_at),
        )
        for row in rows
    ]


def event_text(event: TicketEvent) -> str:
    """One line of history as HR reads it: "assigned: Dana (by Sam)"."""
    labels = {"created": "opened", "assigned": "assigned", "status": "status", "resolved": "resolved"}
    text = labels.get(event.kind, event.kind)
    if event.detail:
        text += f": {event.detail}"
    if event.actor:
        text += f" (by {event.actor})"
    return text


def queue_line_question(ticket: Ticket, limit: int = 60) -> str:
    """The question on one line, cut to ``limit`` characters (tables and the digest)."""
    return short_question(" ".join(ticket.question.split()), limit)
