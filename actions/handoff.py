"""Hand-off to a person in HR: consent, an optional contact preference, the ticket.

Three ways in (rules in data/rules/handoff.yml and data/rules/fallback.yml):

- "I want to talk to a person" (``talk_to_human``) and a question the assistant declines
  (``declined_topic``: pay, contracts, personal grievances): ``action_offer_handoff`` asks
  for consent (buttons); "yes" starts ``handoff_form``, which asks for the question when it
  is not known yet (``action_ask_handoff_question``) and for an optional contact preference
  (``action_ask_handoff_contact``); ``action_create_ticket`` then opens the ticket and says
  what happens next, and the conversation goes on.
- The two-stage fallback's last step offers the hand-off itself; "yes" runs
  ``action_pass_to_hr`` (actions/fallback.py), which opens the ticket through
  :func:`open_ticket` with the unanswered question.

A resolved ticket's answer reaches the user with the bot's reply to their next message, on
every channel (addons/channels/guard.py); a new session (``action_session_start``,
actions/session_start.py) delivers it too, through :func:`deliver_answers`. Both claim the
answers in the database, so each is shown once. ``action_ticket_status`` answers "any news
on my ticket?" with the sender's tickets: number, status, age, and HR's answer. A signed-in
employee's ticket records who they are (subject, name, e-mail of the intranet's verified
token: :func:`signed_in_employee`).

All storage goes through ``bot.hr`` (no SQL here). The texts live in this module, not in
domain.yml (Rasa 3.6's ``data validate --fail-on-warnings`` flags responses used only by
custom actions as unused).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access
from actions.guard import guarded
from actions.profile_slots import profile_from_slots, stored_profile
from bot.hr.handoff_text import parse_contact, real_question, relevant_transcript, wants_the_chat
from bot.hr.tickets import (
    Ticket,
    TicketError,
    answer_message,
    claim_pending_answers,
    create_ticket,
    short_question,
    ticket_status,
)
from bot.identity import Employee, employee_from_metadata
from bot.profiles.store import UserProfile
from bot.storage.db import DATABASE_ERRORS
from bot.vocabulary import GET_ADVICE_BUTTON, WHAT_CAN_YOU_DO_BUTTON

logger = logging.getLogger(__name__)

#: Contact preference meaning "show me HR's answer here in the chat".
CHAT_CONTACT = "chat"

OFFER_TEXT = (
    "I can pass your question on to a person in the HR team. To do that I'd share your question, "
    "our last few messages and, if you gave me one, your career profile with them. Is that OK?"
)
#: The offer when the question is known: the user sees what would be passed on.
OFFER_QUESTION_TEXT = (
    'I can pass your question on to a person in the HR team: "{question}". To do that I\'d share '
    "it, our messages since and, if you gave me one, your career profile with them. Is that OK?"
)
OFFER_QUESTION_SHOWN_CHARACTERS = 200
DECLINED_TEXT = (
    "That's a question for a person, not for me: I don't handle pay, contracts or personal "
    "matters such as complaints about colleagues. "
)
OFFER_BUTTONS = [
    {"title": "Yes, pass it to HR", "payload": "/affirm"},
    {"title": "No, thanks", "payload": "/deny"},
]
ASK_QUESTION_TEXT = "What would you like to ask HR? Please write your question in one message."
ASK_CONTACT_TEXT = (
    "How should HR get back to you? I'll show their answer here in the chat as soon as it's in, "
    "with my reply to your next message. If you'd rather be contacted, type your e-mail address "
    "or phone number."
)
ASK_CONTACT_BUTTONS = [{"title": "Here in the chat is fine", "payload": "/skip"}]
QUESTION_TOO_SHORT_TEXT = "Could you write the question in a few words, so HR knows what to answer?"
TICKET_CREATED_TEXT = "Thanks. I've passed your question on to HR as ticket #{number}."
NEXT_STEPS_CHAT = "Someone from HR will look at it, usually within two working days."
NEXT_STEPS_CONTACT = (
    "Someone from HR will look at it, usually within two working days, and contact you at {contact}."
)
TICKET_FAILED_TEXT = (
    "Sorry, I couldn't record your question for HR just now. Please try again in a moment, or "
    "contact HR directly."
)
KEEP_GOING_TEXT = "In the meantime, what else can I help you with?"
KEEP_GOING_BUTTONS = [
    GET_ADVICE_BUTTON,
    WHAT_CAN_YOU_DO_BUTTON,
]
TICKET_STATUS_INTRO = "Here are your questions to HR:"
NO_TICKETS_TEXT = "You haven't asked HR anything through me yet. If you'd like to, say \"talk to a person\"."
TICKET_STATUS_FAILED_TEXT = "Sorry, I couldn't look up your tickets just now. Please try again in a moment."

QUESTION_MIN_CHARACTERS = 3


# --- pure helpers (unit-tested) ------------------------------------------------------------


#: Actions after which earlier messages belong to a question already passed on.
TICKET_ACTIONS = ("action_create_ticket", "action_pass_to_hr", "action_session_start")


def conversation(tracker: Tracker) -> list[dict[str, Any]]:
    """The messages since the last ticket (or session start), user and bot, oldest first,
    as ``bot.hr.handoff_text`` reads them: ``{"speaker", "text", "intent"}``."""
    entries: list[dict[str, Any]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "action" and event.get("name") in TICKET_ACTIONS:
            entries = []
            continue
        text = str(event.get("text") or "").strip()
        if kind not in ("user", "bot") or not text:
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") if kind == "user" else None
        entries.append({"speaker": kind, "text": text, "intent": intent})
    return entries


def transcript(tracker: Tracker, question: str | None = None) -> list[dict[str, str]]:
    """What HR sees of the conversation: from the user's question to the hand-off."""
    return relevant_transcript(conversation(tracker), question)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def profile_snapshot(profile: UserProfile | None) -> dict[str, Any] | None:
    """The profile as JSON-ready values for the ticket (``None`` when unknown)."""
    if profile is None:
        return None
    values = asdict(profile)
    for name in ("sender_id", "created_at", "updated_at"):
        values.pop(name, None)
    return {name: _plain(value) for name, value in values.items() if value not in (None, [], "")}


def known_profile(tracker: Tracker) -> UserProfile | None:
    """The profile from this conversation's slots, else the stored one, else ``None``."""
    profile = profile_from_slots(tracker)
    if profile is not None:
        return profile
    try:
        return stored_profile(tracker.sender_id)
    except DATABASE_ERRORS:
        logger.exception("could not load the profile for a ticket")
        return None


def signed_in_employee(tracker: Tracker) -> Employee | None:
    """The signed-in employee of this conversation, from the identity the widget channel
    verified and put into the latest user message's metadata (``bot/identity.py``)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return employee_from_metadata(tracker.sender_id, event.get("metadata"))
    return None


def open_ticket(tracker: Tracker, question: str, reason: str, contact: str | None = None) -> Ticket:
    """Create the ticket for this conversation (raises ``bot.storage.db.DATABASE_ERRORS`` or
    ``TicketError``). ``contact``: what the user typed; the e-mail and phone in it are kept."""
    reach = parse_contact(None if contact in (None, CHAT_CONTACT) else contact)
    with catalog_access.engine().begin() as connection:
        return create_ticket(
            connection,
            tracker.sender_id,
            question,
            reason=reason,
            channel=tracker.get_latest_input_channel(),
            transcript=transcript(tracker, question),
            profile=profile_snapshot(known_profile(tracker)),
            contact=reach.best,
            contact_email=reach.email,
            contact_phone=reach.phone,
            employee=signed_in_employee(tracker),
        )


def offer_text(question: str | None) -> str:
    """The consent question, quoting the question to be passed on when it is known."""
    if not question:
        return OFFER_TEXT
    return OFFER_QUESTION_TEXT.format(question=short_question(question, OFFER_QUESTION_SHOWN_CHARACTERS))


def next_steps(ticket: Ticket) -> str:
    created = TICKET_CREATED_TEXT.format(number=ticket.id)
    if ticket.contact:
        return f"{created} {NEXT_STEPS_CONTACT.format(contact=ticket.contact)}"
    return f"{created} {NEXT_STEPS_CHAT}"


def deliver_answers(dispatcher: CollectingDispatcher, sender_id: str) -> int:
    """Send HR's answers the user has not seen yet and mark them delivered; never raises."""
    try:
        with catalog_access.engine().begin() as connection:
            tickets = claim_pending_answers(connection, sender_id)
    except DATABASE_ERRORS:
        logger.exception("could not deliver HR answers")
        return 0
    for ticket in tickets:
        dispatcher.utter_message(text=answer_message(ticket))
    return len(tickets)


# --- actions -----------------------------------------------------------------------------


@guarded
class ActionOfferHandoff(Action):
    """Asks for consent to pass the question on to HR (requested, or a declined topic)."""

    def name(self) -> str:
        return "action_offer_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        if intent == "declined_topic":
            reason, question = "declined", message.get("text")
            dispatcher.utter_message(text=DECLINED_TEXT + OFFER_TEXT, buttons=OFFER_BUTTONS)
        else:
            reason, question = "requested", real_question(conversation(tracker))
            dispatcher.utter_message(text=offer_text(question), buttons=OFFER_BUTTONS)
        # A contact left over from a cancelled hand-off must be asked again, unless this
        # message gives one ("have someone from HR email me at jo@example.com").
        given = parse_contact(message.get("text"))
        contact = ", ".join(value for value in (given.email, given.phone) if value) or None
        return [
            SlotSet("handoff_reason", reason),
            SlotSet("handoff_question", question),
            SlotSet("handoff_contact", contact),
        ]


@guarded
class ActionAskHandoffQuestion(Action):
    def name(self) -> str:
        return "action_ask_handoff_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=ASK_QUESTION_TEXT)
        return []


@guarded
class ActionAskHandoffContact(Action):
    def name(self) -> str:
        return "action_ask_handoff_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(text=ASK_CONTACT_TEXT, buttons=ASK_CONTACT_BUTTONS)
        return []


@guarded
class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    def validate_handoff_question(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = " ".join(str(value or "").split())
        if len(text) < QUESTION_MIN_CHARACTERS or text.startswith("/"):
            dispatcher.utter_message(text=QUESTION_TOO_SHORT_TEXT)
            return {"handoff_question": None}
        return {"handoff_question": text}

    def validate_handoff_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = " ".join(str(value or "").split())
        if not text or text.startswith("/") or wants_the_chat(text):
            return {"handoff_contact": CHAT_CONTACT}
        return {"handoff_contact": text[:255]}


@guarded
class ActionCreateTicket(Action):
    """Opens the ticket once the hand-off form is complete, says what happens next."""

    def name(self) -> str:
        return "action_create_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = tracker.get_slot("handoff_question") or (tracker.latest_message or {}).get("text") or ""
        reason = tracker.get_slot("handoff_reason") or "requested"
        reset: list[EventType] = [
            SlotSet("handoff_question", None),
            SlotSet("handoff_contact", None),
            SlotSet("handoff_reason", None),
        ]
        try:
            ticket = open_ticket(tracker, question, reason, tracker.get_slot("handoff_contact"))
        except (*DATABASE_ERRORS, TicketError):
            logger.exception("could not create an HR ticket")
            dispatcher.utter_message(text=TICKET_FAILED_TEXT)
            return reset
        logger.info("HR ticket %d created (%s)", ticket.id, reason)
        dispatcher.utter_message(text=next_steps(ticket))
        dispatcher.utter_message(text=KEEP_GOING_TEXT, buttons=KEEP_GOING_BUTTONS)
        return reset


@guarded
class ActionTicketStatus(Action):
    """Answers "any news on my ticket?": the sender's tickets, with HR's answers."""

    def name(self) -> str:
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            with catalog_access.engine().begin() as connection:
                lines = ticket_status(connection, tracker.sender_id)
        except DATABASE_ERRORS:
            logger.exception("could not look up the HR tickets of conversation %s", tracker.sender_id)
            dispatcher.utter_message(text=TICKET_STATUS_FAILED_TEXT)
            return []
        if not lines:
            dispatcher.utter_message(text=NO_TICKETS_TEXT, buttons=KEEP_GOING_BUTTONS)
            return []
        dispatcher.utter_message(text="\n".join([TICKET_STATUS_INTRO, *(f"- {line}" for line in lines)]))
        dispatcher.utter_message(text=KEEP_GOING_TEXT, buttons=KEEP_GOING_BUTTONS)
        return []
