"""Feedback: "Was this helpful?" after advice and after an FAQ answer, stored and counted.

``action_ask_feedback`` follows every FAQ answer (data/rules/faq.yml) and remembers what the
answer was about in the ``feedback_subject`` slot (``faq/<topic>``); the advice action asks
the same question itself (:func:`ask_feedback`, subject ``advice/<path>``).
The buttons send ``/feedback_helpful`` / ``/feedback_not_helpful`` (typed answers such as
"that helped" or "not useful" are understood too, and a plain yes or no right after the
question: data/rules/handoff.yml); ``action_store_feedback`` stores it through
``bot.hr.feedback`` and offers a person in HR when the answer did not help. Only those
answers are votes: any other message after the question ("why?", "tell me more") is a new
message, and if this action is ever predicted for one, it stores nothing.
The subject is also kept in ``context_subject``, so such follow-ups are answered about it
(actions/context_replies.py).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access
from actions.guard import guarded
from bot.advice.service import REQUIREMENT_TOPICS, requirements_note
from bot.hr.feedback import record_feedback
from bot.storage.db import DATABASE_ERRORS
from bot.vocabulary import TALK_TO_PERSON_BUTTON

logger = logging.getLogger(__name__)

FEEDBACK_SLOT = "feedback_subject"
#: What the last answer was about, kept after the vote for "why?" / "tell me more".
CONTEXT_SLOT = "context_subject"
ASK_TEXT = "Was this helpful?"
ASK_BUTTONS = [
    {"title": "Yes", "payload": "/feedback_helpful"},
    {"title": "No", "payload": "/feedback_not_helpful"},
]
#: After advice, the vote and the adjustments are one question with one group of buttons: two
#: groups at once meant that answering one made the other unusable (the widget keeps only the
#: latest group live). Typed yes / no answer it as a vote, as they answer ASK_TEXT.
ADVICE_ASK_TEXT = "Was this helpful? Or adjust the plan:"
ADVICE_VOTE_BUTTONS = [
    {"title": "Yes, helpful", "payload": "/feedback_helpful"},
    {"title": "Not really", "payload": "/feedback_not_helpful"},
]
#: After a vote on advice, the adjustments it came with are offered again with this.
ADJUST_AGAIN_TEXT = "Would you like to adjust anything?"
#: After a vote on an FAQ answer, its follow-up questions are offered again with this.
FOLLOW_UPS_AGAIN_TEXT = "Anything else you'd like to know?"
THANKS_TEXT = "Thanks for letting me know!"
SORRY_TEXT = (
    "Thanks for telling me, that helps me improve. If you like, I can pass your question on "
    "to a person in HR."
)
SORRY_BUTTONS = [TALK_TO_PERSON_BUTTON]
#: The answers that are votes, and whether each one says "helpful".
VOTES = {"feedback_helpful": True, "affirm": True, "feedback_not_helpful": False, "deny": False}
ACKNOWLEDGED_TEXT = (
    "Noted. If you'd like to rate that answer, use the buttons below, or just ask me something else."
)
NOT_A_VOTE_TEXT = (
    "Sorry, I didn't quite get that. Could you rephrase it? To rate my last answer, use the buttons below."
)


def last_bot_text(tracker: Tracker) -> str | None:
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return str(event.get("text") or "")
    return None


def vote(tracker: Tracker) -> bool | None:
    """Whether the latest message is a helpful (True) or unhelpful (False) vote, or no vote.

    The report's "found it helpful" share is only honest if every vote is one: a click on
    the Yes / No buttons always is; a typed "that helped" / "not useful" only while the
    question is open; a plain yes or no only as the answer to the question itself, when
    it is the bot's last message (a "yes" after other advice messages answers those), and
    not a mere acknowledgement ("ok")."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    if intent not in VOTES:
        return None
    typed = str(message.get("text") or "")
    if typed.startswith("/feedback_"):
        return VOTES[intent]
    if tracker.get_slot(FEEDBACK_SLOT) is None:
        return None
    asked = last_bot_text(tracker) in (ASK_TEXT, ADVICE_ASK_TEXT)
    if intent in ("affirm", "deny") and (not asked or is_acknowledgement(typed)):
        return None
    return VOTES[intent]


#: "ok", "alright", "I see": the user read the answer; that says nothing about whether it helped.
_ACKNOWLEDGEMENT = re.compile(
    r"^\W*(ok(ay)?|k+|kk|alright|all right|right|fine|cool|noted|got it|i see|hmm+|mm+|sure thing)\W*$",
    re.IGNORECASE,
)


def is_acknowledgement(text: str) -> bool:
    return bool(_ACKNOWLEDGEMENT.match(text.strip()))


def ask_feedback(
    dispatcher: CollectingDispatcher, subject: str, follow_ups: list[dict[str, Any]] | None = None
) -> list[EventType]:
    """Send "Was this helpful?" with Yes / No buttons and remember what it is about; the
    answer's own ``follow_ups`` ("Costs", "Training options") join the same group, so they stay
    usable (the widget keeps only the latest group of buttons live) and come back after a vote."""
    dispatcher.utter_message(text=ASK_TEXT, buttons=ASK_BUTTONS + list(follow_ups or []))
    return feedback_asked(subject)


def buttons_of_the_last_bot_message(tracker: Tracker) -> list[dict[str, Any]]:
    """The buttons of the bot's latest message (an FAQ answer's follow-up questions)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return []
        if event.get("event") == "bot":
            return [button for button in buttons_of(event) if not is_vote_button(button)]
    return []


def feedback_asked(subject: str) -> list[EventType]:
    """Remember what the open "was this helpful?" is about (and what "why?" refers to)."""
    return [SlotSet(FEEDBACK_SLOT, subject), SlotSet(CONTEXT_SLOT, subject)]


def buttons_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons a bot event offered (copies; anything that is no button left out)."""
    buttons = (event.get("data") or {}).get("buttons") or []
    return [dict(button) for button in buttons if isinstance(button, dict)]


def is_vote_button(button: dict[str, Any]) -> bool:
    return str(button.get("payload") or "").startswith("/feedback_")


def adjustments_offered_with_the_vote(tracker: Tracker) -> list[dict[str, Any]]:
    """The other buttons of the latest bot message that asked for a vote (the advice's
    adjustments), so a vote does not take them away."""
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        buttons = buttons_of(event)
        if any(is_vote_button(button) for button in buttons):
            return [button for button in buttons if not is_vote_button(button)]
    return []


def faq_topic(message: dict[str, Any]) -> str | None:
    """The FAQ topic the ResponseSelector answered (``"cost"`` for ``faq/cost``)."""
    intent = message.get("intent") or {}
    key = str(intent.get("full_retrieval_intent_name") or "")
    if not key:
        selector = message.get("response_selector") or {}
        output = selector.get("faq") or selector.get("default") or {}
        key = str((output.get("response") or {}).get("intent_response_key") or "")
    return key.split("/", 1)[1] if key.startswith("faq/") else None


def parse_subject(subject: Any) -> tuple[str, str | None]:
    """``"faq/cost"`` -> ``("faq", "cost")``; ``"advice/reskill"`` -> ``("advice", "reskill")``."""
    text = str(subject or "")
    kind, _, topic = text.partition("/")
    if kind in ("faq", "advice"):
        return kind, topic or None
    return "other", None


@guarded
class ActionAskFeedback(Action):
    """Asks whether the FAQ answer just given was helpful."""

    def name(self) -> str:
        return "action_ask_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        topic = faq_topic(tracker.latest_message or {})
        if topic in REQUIREMENT_TOPICS:
            note = _rules_of_the_target(tracker)
            if note:
                dispatcher.utter_message(text=f"For your own move: {note[0].lower()}{note[1:]}")
        return ask_feedback(
            dispatcher, f"faq/{topic}" if topic else "faq", buttons_of_the_last_bot_message(tracker)
        )


def _rules_of_the_target(tracker: Tracker) -> str | None:
    """The licence or degree rules of the role the user wants to move into, if it has any."""
    code = tracker.get_slot("target_role_code")
    if not code or code == "unknown":
        return None
    try:
        with catalog_access.engine().connect() as connection:
            return requirements_note(connection, str(code))
    except DATABASE_ERRORS:
        logger.exception("requirements of the target role not read")
        return None


@guarded
class ActionStoreFeedback(Action):
    """Stores the answer to "Was this helpful?" and replies."""

    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        helpful = vote(tracker)
        if helpful is None:
            intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
            logger.warning("%s: not a vote (intent %s), nothing stored", tracker.sender_id, intent)
            typed = str((tracker.latest_message or {}).get("text") or "")
            reply = ACKNOWLEDGED_TEXT if is_acknowledgement(typed) else NOT_A_VOTE_TEXT
            about_advice = parse_subject(tracker.get_slot(FEEDBACK_SLOT))[0] == "advice"
            votes = ADVICE_VOTE_BUTTONS if about_advice else ASK_BUTTONS
            buttons = votes + adjustments_offered_with_the_vote(tracker)
            dispatcher.utter_message(text=reply, buttons=buttons)
            return []
        subject, topic = parse_subject(tracker.get_slot(FEEDBACK_SLOT))
        try:
            with catalog_access.engine().begin() as connection:
                record_feedback(connection, tracker.sender_id, helpful, subject=subject, topic=topic)
        except DATABASE_ERRORS:
            logger.exception("could not store feedback")
        adjustments = adjustments_offered_with_the_vote(tracker)
        # one group of buttons per reply: the widget keeps only the latest group usable
        if not helpful:
            dispatcher.utter_message(text=SORRY_TEXT, buttons=SORRY_BUTTONS + adjustments)
        else:
            dispatcher.utter_message(text=THANKS_TEXT)
            if adjustments:
                again = ADJUST_AGAIN_TEXT if subject == "advice" else FOLLOW_UPS_AGAIN_TEXT
                dispatcher.utter_message(text=again, buttons=adjustments)
        return [SlotSet(FEEDBACK_SLOT, None)]
