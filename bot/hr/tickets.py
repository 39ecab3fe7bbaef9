"""Hand-off tickets: a question passed on to a person in HR, and HR's answer.

A ticket is created (status ``open``) when the user agrees to the hand-off; HR resolves it
with an answer (CLI or HR page); the answer is delivered with the bot's reply to the user's
next message, on any channel (addons/channels/guard.py), or at the start of a new session
(actions/session_start.py). Both take the answers through :func:`claim_pending_answers`,
which marks each one delivered with a conditional update, so an answer is shown once even
when two deliveries race. :func:`sender_tickets` and :func:`status_lines` answer "any news
on my ticket?".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.hr.handoff_text import TRANSCRIPT_MAX_MESSAGES
from bot.hr.rows import aware, clean_text, insert_row, iso, record_values
from bot.identity import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, SUBJECT_MAX_LENGTH, Employee
from bot.profiles.store import sender_key
from bot.storage.models import TICKET_REASONS, TICKET_STATUSES, HrTicket, HrTicketEvent

QUESTION_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 4000
TRANSCRIPT_MESSAGE_MAX_LENGTH = 500
CONTACT_MAX_LENGTH = 255
PHONE_MAX_LENGTH = 64
CHANNEL_MAX_LENGTH = 64
RESOLVER_MAX_LENGTH = 100
EVENT_DETAIL_MAX_LENGTH = 255
#: Everything not resolved is in HR's queue (``bot.hr.queue``): waiting, or being worked on.
UNRESOLVED_STATUSES = ("open", "in_progress")


class TicketError(ValueError):
    """A ticket that does not exist or a change that is not allowed (message says why)."""


@dataclass
class Ticket:
    id: int
    sender_id: str
    channel: str | None
    reason: str
    question: str
    transcript: list[dict[str, str]] = field(default_factory=list)
    profile: dict[str, Any] | None = None
    contact: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    assigned_to: str | None = None
    status: str = "open"
    #: Who asked, when a signed-in employee did (``bot/identity.py``).
    employee_subject: str | None = None
    employee_name: str | None = None
    employee_email: str | None = None
    created_at: datetime | None = None
    answer: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    delivered_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "conversation_id": self.sender_id,
            "channel": self.channel,
            "reason": self.reason,
            "question": self.question,
            "transcript": self.transcript,
            "profile": self.profile,
            "contact": self.contact,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "assigned_to": self.assigned_to,
            "status": self.status,
            "employee_subject": self.employee_subject,
            "employee_name": self.employee_name,
            "employee_email": self.employee_email,
            "created_at": iso(self.created_at),
            "answer": self.answer,
            "resolved_by": self.resolved_by,
            "resolved_at": iso(self.resolved_at),
            "delivered_at": iso(self.delivered_at),
        }


def _transcript(messages: Sequence[dict[str, Any]] | None) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    for message in list(messages or [])[-TRANSCRIPT_MAX_MESSAGES:]:
        text = clean_text(message.get("text"), TRANSCRIPT_MESSAGE_MAX_LENGTH)
        if text is None:
            continue
        speaker = "user" if message.get("speaker") == "user" else "bot"
        cleaned.append({"speaker": speaker, "text": text})
    return cleaned


def ticket_from_row(row: Any) -> Ticket:
    """A ``hr_tickets`` row as a :class:`Ticket` (the queue and the digest read rows too)."""
    values = row._mapping
    return Ticket(
        id=int(values["id"]),
        sender_id=values["sender_id"],
        channel=values["channel"],
        reason=values["reason"],
        question=values["question"],
        transcript=list(values["transcript"] or []),
        profile=values["profile"],
        contact=values["contact"],
        contact_email=values["contact_email"],
        contact_phone=values["contact_phone"],
        assigned_to=values["assigned_to"],
        status=values["status"],
        employee_subject=values["employee_subject"],
        employee_name=values["employee_name"],
        employee_email=values["employee_email"],
        created_at=aware(values["created_at"]),
        answer=values["answer"],
        resolved_by=values["resolved_by"],
        resolved_at=aware(values["resolved_at"]),
        delivered_at=aware(values["delivered_at"]),
    )


def create_ticket(
    connection: Connection | Session,
    sender_id: str,
    question: str,
    *,
    reason: str = "requested",
    channel: str | None = None,
    transcript: Sequence[dict[str, Any]] | None = None,
    profile: dict[str, Any] | None = None,
    contact: str | None = None,
    contact_email: str | None = None,
    contact_phone: str | None = None,
    employee: Employee | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket; returns it with its number. Raises ``TicketError`` for bad input.
    ``employee``: the signed-in employee who asked (verified by the channel), if any."""
    if reason not in TICKET_REASONS:
        raise TicketError(f"reason must be one of {', '.join(TICKET_REASONS)}, not {reason!r}")
    text = clean_text(question, QUESTION_MAX_LENGTH)
    if text is None:
        raise TicketError("a ticket needs a question")
    table = HrTicket.__table__
    values = record_values(
        sender_id,
        now,
        channel=clean_text(channel, CHANNEL_MAX_LENGTH),
        reason=reason,
        question=text,
        transcript=_transcript(transcript),
        profile=profile or None,
        contact=clean_text(contact, CONTACT_MAX_LENGTH),
        contact_email=clean_text(contact_email, CONTACT_MAX_LENGTH),
        contact_phone=clean_text(contact_phone, PHONE_MAX_LENGTH),
        status="open",
        employee_subject=clean_text(employee.subject, SUBJECT_MAX_LENGTH) if employee else None,
        employee_name=clean_text(employee.name, NAME_MAX_LENGTH) if employee else None,
        employee_email=clean_text(employee.email, EMAIL_MAX_LENGTH) if employee else None,
    )
    ticket = Ticket(id=insert_row(connection, table, values), **values)
    record_event(connection, ticket, "created", detail=reason, now=ticket.created_at)
    return ticket


def record_event(
    connection: Connection | Session,
    ticket: Ticket,
    kind: str,
    *,
    detail: str | None = None,
    actor: str | None = None,
    now: datetime | None = None,
) -> None:
    """Add one entry to the ticket's history (``hr_ticket_events``), under the ticket's sender
    so "forget me" deletes the history with the ticket."""
    connection.execute(
        HrTicketEvent.__table__.insert().values(
            ticket_id=ticket.id,
            sender_id=ticket.sender_id,
            kind=kind,
            detail=clean_text(detail, EVENT_DETAIL_MAX_LENGTH),
            actor=clean_text(actor, RESOLVER_MAX_LENGTH),
            created_at=now or datetime.now(timezone.utc),
        )
    )


def list_tickets(
    connection: Connection | Session, status: str | None = None, limit: int = 200
) -> list[Ticket]:
    """Tickets, unresolved ones oldest first (the queue), then resolved ones newest first.

    ``status="open"`` means the whole queue: open and in progress."""
    if status is not None and status not in TICKET_STATUSES:
        raise TicketError(f"status must be one of {', '.join(TICKET_STATUSES)}, not {status!r}")
    table = HrTicket.__table__
    query = select(table)
    if status == "open":
        query = query.where(table.c.status.in_(UNRESOLVED_STATUSES))
    elif status is not None:
        query = query.where(table.c.status == status)
    rows = connection.execute(query.order_by(table.c.id)).all()
    tickets = [ticket_from_row(row) for row in rows]
    open_tickets = [ticket for ticket in tickets if ticket.status != "resolved"]
    resolved = sorted(
        (ticket for ticket in tickets if ticket.status == "resolved"), key=lambda t: t.id, reverse=True
    )
    return (open_tickets + resolved)[:limit]


def get_ticket(connection: Connection | Session, ticket_id: int) -> Ticket:
    table = HrTicket.__table__
    row = connection.execute(select(table).where(table.c.id == int(ticket_id))).first()
    if row is None:
        raise TicketError(f"there is no ticket {ticket_id}")
    return ticket_from_row(row)


def resolve_ticket(
    connection: Connection | Session,
    ticket_id: int,
    answer: str,
    *,
    resolved_by: str | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Close a ticket with HR's answer (delivered on the user's next visit).

    Resolving an already resolved ticket replaces the answer only if it was not delivered
    yet; otherwise ``TicketError`` (the user has seen the first answer)."""
    text = clean_text(answer, len(str(answer or "")) + 1)
    if text is None:
        raise TicketError("the answer must not be empty")
    if len(text) > ANSWER_MAX_LENGTH:
        # Cut, the user would get half an answer: HR shortens it instead.
        raise TicketError(f"the answer is {len(text)} characters long; please keep it to {ANSWER_MAX_LENGTH}")
    ticket = get_ticket(connection, ticket_id)
    if ticket.delivered_at is not None:
        raise TicketError(f"ticket {ticket_id} was already answered and the user has seen the answer")
    table = HrTicket.__table__
    moment = now or datetime.now(timezone.utc)
    connection.execute(
        update(table)
        .where(table.c.id == ticket.id)
        .values(
            status="resolved",
            answer=text,
            resolved_by=clean_text(resolved_by, RESOLVER_MAX_LENGTH),
            resolved_at=moment,
        )
    )
    detail = "answer changed" if ticket.status == "resolved" else f"was {ticket.status}"
    record_event(connection, ticket, "resolved", detail=detail, actor=resolved_by, now=moment)
    return get_ticket(connection, ticket.id)


def pending_answers(connection: Connection | Session, sender_id: str) -> list[Ticket]:
    """Resolved tickets of ``sender_id`` whose answer the user has not seen yet, oldest first."""
    table = HrTicket.__table__
    rows = connection.execute(
        select(table)
        .where(
            table.c.sender_id == sender_key(sender_id),
            table.c.status == "resolved",
            table.c.delivered_at.is_(None),
        )
        .order_by(table.c.id)
    ).all()
    return [ticket_from_row(row) for row in rows]


def count_open(connection: Connection | Session) -> int:
    """Tickets in HR's queue: open or in progress."""
    table = HrTicket.__table__
    query = select(func.count()).where(table.c.status.in_(UNRESOLVED_STATUSES))
    return int(connection.execute(query).scalar_one())


def claim_pending_answers(
    connection: Connection | Session,
    sender_id: str,
    now: datetime | None = None,
    *,
    only: Collection[int] | None = None,
) -> list[Ticket]:
    """The answers ``sender_id`` has not seen yet, each marked delivered by this call.

    A ticket is claimed by ``UPDATE ... WHERE delivered_at IS NULL``: when two deliveries
    race (two channels, a new session), only the one whose update changed the row gets
    it, so every answer is shown exactly once. :func:`release_answers` undoes a claim whose
    sending failed. ``only``: claim just these tickets (the ones about to be shown)."""
    table = HrTicket.__table__
    moment = now or datetime.now(timezone.utc)
    claimed: list[Ticket] = []
    for ticket in pending_answers(connection, sender_id):
        if only is not None and ticket.id not in only:
            continue
        result = connection.execute(
            update(table)
            .where(table.c.id == ticket.id, table.c.delivered_at.is_(None))
            .values(delivered_at=moment)
        )
        if result.rowcount == 1:
            ticket.delivered_at = moment
            claimed.append(ticket)
    return claimed


def release_answers(connection: Connection | Session, ticket_ids: Sequence[int]) -> None:
    """Make claimed answers pending again (their sending failed; the next message retries)."""
    if not ticket_ids:
        return
    table = HrTicket.__table__
    connection.execute(
        update(table)
        .where(table.c.id.in_([int(ticket_id) for ticket_id in ticket_ids]))
        .values(delivered_at=None)
    )


ANSWER_INTRO = 'HR answered your question "{question}":'
QUESTION_SHOWN_CHARACTERS = 120


def short_question(question: str, limit: int = QUESTION_SHOWN_CHARACTERS) -> str:
    return clean_text(question, limit) or ""


def answer_message(ticket: Ticket) -> str:
    """How HR's answer is shown to the user: which question it answers, then the answer."""
    return f"{ANSWER_INTRO.format(question=short_question(ticket.question))}\n{ticket.answer}"


def sender_tickets(connection: Connection | Session, sender_id: str, limit: int = 10) -> list[Ticket]:
    """The latest ``limit`` tickets of ``sender_id``, newest first."""
    table = HrTicket.__table__
    rows = connection.execute(
        select(table)
        .where(table.c.sender_id == sender_key(sender_id))
        .order_by(table.c.id.desc())
        .limit(limit)
    ).all()
    return [ticket_from_row(row) for row in rows]


def age_text(moment: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "2 days ago"."""
    if moment is None:
        return "some time ago"
    elapsed = (now or datetime.now(timezone.utc)) - moment
    if elapsed < timedelta(minutes=1):
        return "just now"
    for unit, seconds in (("day", 86400), ("hour", 3600), ("minute", 60)):
        count = int(elapsed.total_seconds() // seconds)
        if count >= 1:
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def status_lines(tickets: Sequence[Ticket], now: datetime | None = None) -> list[str]:
    """One line per ticket: number, status, age, and HR's answer once it is resolved."""
    lines: list[str] = []
    for ticket in tickets:
        question = short_question(ticket.question, 80)
        if ticket.status == "resolved":
            lines.append(
                f'Ticket #{ticket.id} ("{question}"), answered {age_text(ticket.resolved_at, now)}: '
                f"{ticket.answer}"
            )
        else:
            lines.append(
                f'Ticket #{ticket.id} ("{question}"), opened {age_text(ticket.created_at, now)}: '
                "still open, HR has not answered yet."
            )
    return lines


def ticket_status(connection: Connection | Session, sender_id: str, now: datetime | None = None) -> list[str]:
    """``status_lines`` of the sender's latest tickets ("any news on my ticket?").

    The answers it shows count as delivered (claimed), so they are not sent a second time
    with the next reply."""
    shown = sender_tickets(connection, sender_id)
    claim_pending_answers(connection, sender_id, now, only={ticket.id for ticket in shown})
    return status_lines(shown, now)
