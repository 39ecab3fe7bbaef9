"""bot/hr/ and bot/profiles/masking.py on SQLite and PostgreSQL: tickets, unanswered messages,
grouping, FAQ export, feedback, advice records, and "forget me" removing all of them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import yaml
from sqlalchemy import func, select

from bot.hr import advice_log, feedback, tickets, unanswered
from bot.profiles.masking import mask_contacts
from bot.profiles.store import UserProfile, delete_user_data, save_profile
from bot.storage.models import AdviceRecord, Feedback, HrTicket, HrTicketEvent, UnansweredMessage

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jane.doe+hr@example.co.uk please", "write to [email] please"),
        ("call +44 20 7946 0958 or (555) 123-4567", "call [phone] or [phone]"),
        ("0049 30 1234567", "[phone]"),
        ("I studied 2019-2021, 10.5 hours for $1,200, course 12345", None),
        ("", ""),
    ],
)
def test_mask_contacts(text: str, expected: str | None) -> None:
    assert mask_contacts(text) == (text if expected is None else expected)


def test_ticket_lifecycle(catalog_engine) -> None:
    with catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(
            connection,
            "user-1",
            "  Can I get paid overtime for training?\x00 ",
            reason="declined",
            channel="rest",
            transcript=[
                {"speaker": "user", "text": "hi"},
                {"speaker": "bot", "text": "Hello!"},
                {"text": ""},
            ],
            profile={"current_role": "Accountant"},
            contact="jane@example.com",
            now=T0,
        )
        second = tickets.create_ticket(connection, "user-2", "Question two", now=T0 + timedelta(hours=1))
    assert ticket.id and second.id > ticket.id
    with catalog_engine.connect() as connection:
        shown = tickets.get_ticket(connection, ticket.id)
        assert shown.question == "Can I get paid overtime for training?"
        assert shown.transcript == [{"speaker": "user", "text": "hi"}, {"speaker": "bot", "text": "Hello!"}]
        assert shown.profile == {"current_role": "Accountant"}
        assert shown.contact == "jane@example.com" and shown.status == "open" and shown.created_at == T0
        assert [t.id for t in tickets.list_tickets(connection, "open")] == [ticket.id, second.id]
        assert tickets.count_open(connection) == 2
        assert tickets.pending_answers(connection, "user-1") == []

    with catalog_engine.begin() as connection:
        resolved = tickets.resolve_ticket(
            connection,
            ticket.id,
            "Overtime rules are in your contract; HR will call you.",
            resolved_by="Sam",
            now=T0 + timedelta(hours=5),
        )
    assert resolved.status == "resolved" and resolved.resolved_by == "Sam"
    with catalog_engine.begin() as connection:
        pending = tickets.pending_answers(connection, "user-1")
        assert [t.id for t in pending] == [ticket.id]
        claimed = tickets.claim_pending_answers(connection, "user-1", now=T0 + timedelta(hours=6))
        assert [(t.id, t.delivered_at) for t in claimed] == [(ticket.id, T0 + timedelta(hours=6))]
    with catalog_engine.begin() as connection:
        assert tickets.pending_answers(connection, "user-1") == []
        assert [t.id for t in tickets.list_tickets(connection, "resolved")] == [ticket.id]
        with pytest.raises(tickets.TicketError, match="already answered"):
            tickets.resolve_ticket(connection, ticket.id, "again")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: tickets.create_ticket(c, "u", "   "), "needs a question"),
        (lambda c: tickets.create_ticket(c, "u", "q", reason="bored"), "reason must be"),
        (lambda c: tickets.get_ticket(c, 999), "no ticket 999"),
        (lambda c: tickets.resolve_ticket(c, 999, "answer"), "no ticket 999"),
        (lambda c: tickets.list_tickets(c, "closed"), "status must be"),
    ],
)
def test_ticket_errors(sqlite_catalog_engine, call, message) -> None:
    with pytest.raises(tickets.TicketError, match=message), sqlite_catalog_engine.begin() as connection:
        call(connection)


def test_resolve_needs_an_answer(sqlite_catalog_engine) -> None:
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, "u", "q")
        with pytest.raises(tickets.TicketError, match="must not be empty"):
            tickets.resolve_ticket(connection, ticket.id, "  ")


def test_long_sender_ids_are_keyed_like_profiles(sqlite_catalog_engine) -> None:
    sender = "x" * 400
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, sender, "q")
        assert ticket.sender_id.startswith("sha256:")
        tickets.resolve_ticket(connection, ticket.id, "a")
        assert [t.id for t in tickets.pending_answers(connection, sender)] == [ticket.id]


def test_unanswered_records_grouping_and_export(catalog_engine) -> None:
    texts = [
        ("what's the weather in Oslo today?", "out_of_scope"),
        ("what is the weather like today", "out_of_scope"),
        ("can I bring my dog to the office?", "fallback"),
        ("is my dog allowed in the office", "fallback"),
        ("mail me at jane@example.com about parental leave", "fallback"),
    ]
    with catalog_engine.begin() as connection:
        ids = [
            unanswered.record_unanswered(
                connection,
                "user-9",
                text,
                kind=kind,
                channel="socketio",
                top_intents=[
                    {"name": "out_of_scope", "confidence": 0.612345},
                    {"name": "faq", "confidence": 0.2},
                ],
                now=T0 + timedelta(minutes=n),
            )
            for n, (text, kind) in enumerate(texts)
        ]
        assert unanswered.record_unanswered(connection, "user-9", "/out_of_scope", kind="fallback") is None
        with pytest.raises(unanswered.RecordError, match="kind must be"):
            unanswered.record_unanswered(connection, "user-9", "hi", kind="weird")
    with catalog_engine.connect() as connection:
        messages = unanswered.list_unanswered(connection)
    assert [m.id for m in messages] == ids[::-1]
    assert messages[0].masked_text == "mail me at [email] about parental leave"
    assert messages[0].top_intents[0] == {"name": "out_of_scope", "confidence": 0.6123}
    groups = unanswered.group_similar(messages)
    assert sorted(sorted(group.ids) for group in groups) == sorted([ids[0:2], ids[2:4], ids[4:5]])

    with catalog_engine.begin() as connection:
        chosen = unanswered.get_unanswered(connection, [ids[2], ids[3], ids[4]])
        document = unanswered.faq_examples_yaml(chosen, "office_rules")
        unanswered.mark_exported(connection, [m.id for m in chosen], "office_rules")
    parsed = yaml.safe_load(document)
    assert parsed == {
        "version": "3.1",
        "nlu": [
            {
                "intent": "faq/office_rules",
                "examples": "- can I bring my dog to the office?\n- is my dog allowed in the office\n"
                "- mail me at [email] about parental leave\n",
            }
        ],
    }
    with catalog_engine.connect() as connection:
        assert [m.id for m in unanswered.list_unanswered(connection)] == [ids[1], ids[0]]
        assert len(unanswered.list_unanswered(connection, include_exported=True)) == 5
        with pytest.raises(unanswered.RecordError, match="no unanswered message with id 999"):
            unanswered.get_unanswered(connection, [ids[0], 999])
    with pytest.raises(unanswered.RecordError, match="topic must be"):
        unanswered.faq_examples_yaml(chosen, "Bad Topic")


def test_feedback_and_advice_records(catalog_engine) -> None:
    with catalog_engine.begin() as connection:
        feedback.record_feedback(connection, "a", True, subject="faq", topic="cost")
        feedback.record_feedback(connection, "a", False, subject="faq", topic="cost")
        feedback.record_feedback(connection, "b", True, subject="advice", topic="reskill")
        with pytest.raises(unanswered.RecordError):
            feedback.record_feedback(connection, "b", True, subject="weather")
        advice_log.record_advice(
            connection,
            "a",
            path="reskill",
            current_role="Accountant",
            target_role="Data Analyst",
            missing_skills=["SQL", "Python"],
            uncovered_skills=[{"skill": "Storytelling", "reason": "no_course"}],
        )
        with pytest.raises(unanswered.RecordError, match="path must be"):
            advice_log.record_advice(connection, "a", path="sideways", current_role="X")
    with catalog_engine.connect() as connection:
        counts = feedback.feedback_counts(connection)
        row = connection.execute(select(AdviceRecord.__table__)).one()._mapping
    assert (counts["faq"].helpful, counts["faq"].not_helpful) == (1, 1)
    assert counts["all"].total == 3 and counts["all"].share_helpful == pytest.approx(2 / 3)
    assert row["missing_skills"] == ["SQL", "Python"]
    assert row["uncovered_skills"] == [{"skill": "Storytelling", "reason": "no_course"}]


def test_forget_me_removes_tickets_feedback_unanswered_and_advice(catalog_engine) -> None:
    with catalog_engine.begin() as connection:
        save_profile(connection, UserProfile(sender_id="forget-me", current_role="Nurse"))
        for sender in ("forget-me", "keep-me"):
            tickets.create_ticket(connection, sender, "question")
            unanswered.record_unanswered(connection, sender, "weather?", kind="out_of_scope")
            feedback.record_feedback(connection, sender, True, subject="faq")
            advice_log.record_advice(connection, sender, path="upskill", current_role="Nurse")
    with catalog_engine.begin() as connection:
        removed = delete_user_data(connection, "forget-me")
    assert removed == 6  # the profile, the ticket and its "created" event, and one row each of the rest
    with catalog_engine.connect() as connection:
        for model in (HrTicket, HrTicketEvent, UnansweredMessage, Feedback, AdviceRecord):
            table = model.__table__
            senders = connection.execute(
                select(table.c.sender_id, func.count()).group_by(table.c.sender_id)
            ).all()
            assert senders == [("keep-me", 1)], model.__tablename__


def test_an_answer_is_claimed_once_and_can_be_released(sqlite_catalog_engine) -> None:
    with sqlite_catalog_engine.begin() as connection:
        ticket = tickets.create_ticket(connection, "u", "Is overtime paid?", now=T0)
        tickets.resolve_ticket(connection, ticket.id, "Yes.", now=T0 + timedelta(hours=2))
        [claimed] = tickets.claim_pending_answers(connection, "u", now=T0 + timedelta(hours=3))
        assert tickets.answer_message(claimed) == 'HR answered your question "Is overtime paid?":\nYes.'
        assert tickets.claim_pending_answers(connection, "u") == []
        tickets.release_answers(connection, [ticket.id])
        assert [t.id for t in tickets.claim_pending_answers(connection, "u")] == [ticket.id]


def test_ticket_status_lines_say_number_status_age_and_answer(sqlite_catalog_engine) -> None:
    now = T0 + timedelta(days=2, hours=1)
    with sqlite_catalog_engine.begin() as connection:
        first = tickets.create_ticket(connection, "u", "Is overtime paid?", now=T0)
        tickets.resolve_ticket(connection, first.id, "Yes.", now=T0 + timedelta(days=2))
        second = tickets.create_ticket(connection, "u", "q" * 200, now=now - timedelta(minutes=5))
        lines = tickets.ticket_status(connection, "u", now=now)
        assert tickets.pending_answers(connection, "u") == [], "the answer shown counts as delivered"
    assert lines == [
        f'Ticket #{second.id} ("{"q" * 79}…"), opened 5 minutes ago: still open, HR has not answered yet.',
        f'Ticket #{first.id} ("Is overtime paid?"), answered 1 hour ago: Yes.',
    ]


def test_ticket_status_claims_only_the_answers_it_shows(sqlite_catalog_engine) -> None:
    """An answer older than the ten tickets listed stays pending: it comes with the next reply."""
    with sqlite_catalog_engine.begin() as connection:
        oldest = tickets.create_ticket(connection, "u", "Is overtime paid?", now=T0)
        tickets.resolve_ticket(connection, oldest.id, "Yes.", now=T0 + timedelta(hours=1))
        for hour in range(2, 12):
            tickets.create_ticket(connection, "u", f"Question {hour}?", now=T0 + timedelta(hours=hour))
        lines = tickets.ticket_status(connection, "u", now=T0 + timedelta(days=1))
        assert len(lines) == 10 and not any(f"#{oldest.id} " in line for line in lines)
        assert [t.id for t in tickets.pending_answers(connection, "u")] == [oldest.id]


@pytest.mark.parametrize(
    ("elapsed", "text"),
    [
        (timedelta(seconds=30), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(hours=3, minutes=2), "3 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=9), "9 days ago"),
    ],
)
def test_age_text(elapsed, text) -> None:
    assert tickets.age_text(T0 - elapsed, now=T0) == text
    assert tickets.age_text(None) == "some time ago"


def test_unanswered_paraphrases_are_grouped_by_meaning() -> None:
    """Paraphrases with few shared words share a group; an unrelated question stays apart."""
    texts = [
        "do I get paid while I'm on a training course?",
        "is the time I spend training paid?",
        "how do I book a desk in the new office?",
    ]
    messages = [
        unanswered.Unanswered(i + 1, "u1", "rest", "out_of_scope", text) for i, text in enumerate(texts)
    ]
    groups = unanswered.group_similar(messages)
    assert sorted(sorted(group.ids) for group in groups) == [[1, 2], [3]]


def test_an_answer_too_long_is_refused_not_cut(sqlite_catalog_engine) -> None:  # type: ignore[no-untyped-def]
    """Cut to the limit, the user would get half an answer without anyone knowing."""
    from bot.hr.tickets import ANSWER_MAX_LENGTH, TicketError, create_ticket, get_ticket, resolve_ticket

    with sqlite_catalog_engine.begin() as connection:
        ticket = create_ticket(connection, "u-long", "Is training time paid?")
        with pytest.raises(TicketError, match="characters long"):
            resolve_ticket(connection, ticket.id, "x" * (ANSWER_MAX_LENGTH + 1))
        assert get_ticket(connection, ticket.id).status == "open"
        assert (
            resolve_ticket(connection, ticket.id, "y" * ANSWER_MAX_LENGTH).answer == "y" * ANSWER_MAX_LENGTH
        )


def test_a_forgotten_ticket_number_is_never_handed_out_again(catalog_engine) -> None:
    """The newest ticket deleted by "forget me": the next one still gets a new number."""
    with catalog_engine.begin() as connection:
        first = tickets.create_ticket(connection, "stays", "question one")
        newest = tickets.create_ticket(connection, "leaves", "question two")
    with catalog_engine.begin() as connection:
        delete_user_data(connection, "leaves")
    with catalog_engine.begin() as connection:
        following = tickets.create_ticket(connection, "someone-new", "question three")
    assert first.id < newest.id < following.id
