"""What a hand-off ticket says: the user's real question, their contact, the transcript.

People ask for a person *after* the assistant failed them: "I manage 40 warehouse pickers,
who pays for their forklift licences?" gets a wrong canned answer, then "ok", then "this
isn't helping, get me a human". The ticket must carry the first message, not the last.
:func:`real_question` walks back over the conversation and skips, by intent, what is not a
question (requests for a person, greetings, yes/no, feedback, follow-ups such as "why?")
and short complaints; :func:`relevant_transcript` keeps everything from that question to
the hand-off so HR sees what the assistant answered. :func:`parse_contact` turns "you can
email me at ana@example.com" into the address itself.

No Rasa here: the actions (actions/handoff.py, actions/fallback.py) pass the conversation
as plain ``{"speaker": "user"|"bot", "text": ..., "intent": ...}`` entries, oldest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.hr.topicality import is_career_related
from bot.profiles.masking import EMAIL_MASK, PHONE_MASK, find_email, find_phone, mask_contacts

#: Intents whose messages are never the question HR should answer.
NOT_A_QUESTION_INTENTS = frozenset(
    {
        "affirm",
        "ask_more",
        "ask_profile",
        "ask_ticket_status",
        "ask_why",
        "ask_example",
        "ask_how_long",
        "bot_challenge",
        "deny",
        "feedback_helpful",
        "feedback_not_helpful",
        "forget_me",
        "goodbye",
        "greet",
        "help",
        "insult",
        "restart_advice",
        "skip",
        "stop",
        "thank_you",
        "what_next",
    }
)
#: Intents of profile facts ("I'm a nurse", "5 hours") and of starting the advice: a
#: question only when asked as one ("is moving into QA upskilling or reskilling?").
FACT_INTENTS = frozenset(
    {"inform", "correct_current_role", "correct_target_role", "update_profile", "start_advice"}
)
#: A request for a person is the question too when it says what about ("can someone in HR
#: tell me if night shift staff get study leave?"): enough words beyond the request itself.
HANDOFF_INTENT = "talk_to_human"
_REQUEST_VOCABULARY = """a an the i i'm im me my you your we us it is are am be can could would will should
    please pls plz want wanna need like talk speak chat get put connect transfer pass give
    let with to for from of on in at and or but so just now asap real actual live human humans
    person people someone somebody anyone anybody agent operator hr staff team member colleague
    manager rep representative advisor adviser bot robot machine this that isn't not no helping
    help helpful useless answer answers tell ask question questions about here there
    ok okay hey hi hello thanks thank who what actually know knows properly really meant mean
    that's thats it's its isn't wasn't didn't doesn't don't all quite exactly sure hmm yes yeah
    nope asked said anyone anybody there touch email e-mail mail phone number call text reach
    contact message whatsapp only back reply you're youre"""
_REQUEST_WORDS = frozenset(_REQUEST_VOCABULARY.split())
MIN_TOPIC_WORDS = 3
#: Fewer words than this is an answer or a reaction ("cashier", "no idea"), not a question.
MIN_QUESTION_WORDS = 3
_COMPLAINT = re.compile(
    r"\b(help(ing|ful)?|useless|pointless|rubbish|stupid|dumb|human|person|someone|somebody|"
    r"agent|operator|real|people|hr|nothing|waste|wrong|understand|answer(ed)?)\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\s*(how|what|what's|whats|how's|hows|where's|who's|when|where|which|who|whom|whose|why|can|could|do|does|did|is|are|am|will|"
    r"would|should|shall|may|might|must|have|has)\b",
    re.IGNORECASE,
)
_EMBEDDED_QUESTION = re.compile(
    r"\b(whether|(is|are|can|could|do|does|did|should|would|will|am)\s+(there|i|we|you|they|it|my|the|this|that))\b",
    re.IGNORECASE,
)
#: Follow-ups this short that point back ("it", "that") need the question they refer to.
FOLLOW_UP_MAX_WORDS = 12
_REFERENCE = re.compile(r"\b(it|that|this|these|those|they|them|there|one|also|and)\b", re.IGNORECASE)
#: How far back a question may be: older ones belong to an earlier topic.
MAX_USER_MESSAGES_BACK = 10
TRANSCRIPT_MAX_MESSAGES = 30


@dataclass(frozen=True)
class Contact:
    """How HR can reach the user: what they typed, and the e-mail / phone found in it."""

    text: str | None
    email: str | None = None
    phone: str | None = None

    @property
    def best(self) -> str | None:
        """What to show and to reach them at: the address and number, else their words."""
        found = ", ".join(value for value in (self.email, self.phone) if value)
        return found or self.text


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def is_follow_up(text: str) -> bool:
    """A short message that refers back to what was said ("and how much is it?")."""
    return len(_words(text)) <= FOLLOW_UP_MAX_WORDS and bool(_REFERENCE.search(text))


def looks_like_question(text: str) -> bool:
    """A question mark, a question word first, or a question inside ("... is there an age
    limit cause I'm 43")."""
    return "?" in text or bool(_QUESTION_START.match(text) or _EMBEDDED_QUESTION.search(text))


def is_complaint(text: str) -> bool:
    """ "this isn't helping", "you're useless", "get me a human": no question in it."""
    return bool(_COMPLAINT.search(text)) and not says_what_about(text)


def topic_words(text: str) -> list[str]:
    """The words that say what a message is about: not the request for a person, not a
    reaction ("not really what I meant"), not a contact detail."""
    without_contacts = mask_contacts(text).replace(EMAIL_MASK, " ").replace(PHONE_MASK, " ")
    return [word for word in _words(without_contacts.lower()) if word not in _REQUEST_WORDS and len(word) > 2]


def says_what_about(text: str) -> bool:
    """Does a request for a person also carry its topic (words beyond the request)?"""
    return len(topic_words(text)) >= MIN_TOPIC_WORDS


def is_substantive(entry: dict[str, Any]) -> bool:
    """Could this user message be the question HR should answer?"""
    text = _normal(entry.get("text"))
    intent = entry.get("intent")
    if not text or text.startswith("/") or intent in NOT_A_QUESTION_INTENTS:
        return False
    if intent == HANDOFF_INTENT:
        return says_what_about(text)
    if len(_words(text)) < MIN_QUESTION_WORDS or len(topic_words(text)) < 2 or is_complaint(text):
        return False
    if intent in FACT_INTENTS:
        return looks_like_question(text)
    return True


def _about_work(entry: dict[str, Any]) -> bool:
    """Off-topic noise ("what's the weather in Leeds?") is never a question for HR."""
    return is_career_related(
        _normal(entry.get("text")), None if entry.get("intent") != "declined_topic" else "declined"
    )


def real_question_indices(conversation: Sequence[dict[str, Any]]) -> list[int]:
    """Where the user's real question is, oldest first: usually one message; two when the
    chosen one is a short follow-up ("ok but how do I request it?") that needs the question
    it refers to. Empty when there is none (then the form asks). At most 10 user messages back.

    Chosen in this order: the latest substantive message asked as a question; else the
    request for a person when it says what about; else the latest substantive message.
    Reactions after a wrong answer ("I already tried that link") are statements, and a
    request for a person carries contact times and addresses, so an earlier question wins."""
    recent: list[int] = []
    for index in range(len(conversation) - 1, -1, -1):
        if conversation[index].get("speaker") == "user":
            recent.append(index)
            if len(recent) >= MAX_USER_MESSAGES_BACK:
                break
    substantive = [index for index in recent if is_substantive(conversation[index])]
    career_questions = [
        index
        for index in substantive
        if _about_work(conversation[index]) and looks_like_question(_normal(conversation[index].get("text")))
    ]

    def usable(index: int) -> bool:
        """About work, or referring back to an earlier question about work ("is it still
        covered if I fail?")."""
        if _about_work(conversation[index]):
            return True
        refers_back = bool(_REFERENCE.search(_normal(conversation[index].get("text"))))
        return refers_back and any(earlier < index for earlier in career_questions)

    candidates = [index for index in substantive if usable(index)]
    requests = [index for index in candidates if conversation[index].get("intent") == HANDOFF_INTENT]
    others = [index for index in candidates if index not in requests]
    asked = [index for index in others if looks_like_question(_normal(conversation[index].get("text")))]
    for found in (asked, requests, others):
        if found:
            chosen = found[0]
            earlier = [index for index in career_questions if index < chosen]
            if earlier and is_follow_up(_normal(conversation[chosen].get("text"))):
                return [earlier[0], chosen]
            return [chosen]
    return []


def real_question_index(conversation: Sequence[dict[str, Any]]) -> int | None:
    """Where the real question starts (see :func:`real_question_indices`), or ``None``."""
    indices = real_question_indices(conversation)
    return indices[0] if indices else None


def real_question(conversation: Sequence[dict[str, Any]]) -> str | None:
    """The question the user wants HR to answer, or ``None`` (then ask them); a follow-up
    comes with the question it refers to: "<question> / <follow-up>"."""
    indices = real_question_indices(conversation)
    return " / ".join(_normal(conversation[index]["text"]) for index in indices) or None


def _normal(text: Any) -> str:
    return " ".join(str(text or "").split())


def _question_index(typed: Sequence[dict[str, Any]], question: str | None) -> int | None:
    """Where ``question`` (or the first of "a / b" rephrasings) was asked, latest first."""
    if question:
        wanted = {_normal(question), _normal(question.split(" / ")[0])}
        for index in range(len(typed) - 1, -1, -1):
            if typed[index].get("speaker") == "user" and _normal(typed[index].get("text")) in wanted:
                return index
    return real_question_index(typed)


def _shown(entry: dict[str, Any]) -> dict[str, str]:
    """A transcript line; a button click shows what was clicked ("[button] affirm")."""
    text = _normal(entry.get("text"))
    if text.startswith("/"):
        text = f"[button] {text[1:].split('{', 1)[0]}"
    return {"speaker": "user" if entry.get("speaker") == "user" else "bot", "text": text}


def relevant_transcript(
    conversation: Sequence[dict[str, Any]],
    question: str | None = None,
    limit: int = TRANSCRIPT_MAX_MESSAGES,
) -> list[dict[str, str]]:
    """The messages from the question to the hand-off (``{"speaker", "text"}``).

    Starts at the user's message before the question (``question``, else
    :func:`real_question`), for context; when that is more than ``limit`` messages, the
    question is kept and the oldest messages after it are dropped. Button clicks are
    shown as "[button] affirm", so every bot message has the user's turn before it."""
    typed = [entry for entry in conversation if _normal(entry.get("text"))]
    entries = [_shown(entry) for entry in typed]
    index = _question_index(typed, question)
    if index is None:
        return entries[-limit:]
    earlier_user = [
        at
        for at in range(index)
        if typed[at].get("speaker") == "user" and not _normal(typed[at].get("text")).startswith("/")
    ]
    start = earlier_user[-1] if earlier_user else max(0, index - 2)
    window = entries[start:]
    if len(window) <= limit:
        return window
    question_at = index - start
    return window[: question_at + 1] + window[len(window) - (limit - question_at - 1) :]


#: Answers to "How should HR get back to you?" that mean "here in the chat" (the button's
#: title typed, "here is fine", "no need"): no e-mail or phone and one of these words.
_CHAT_PREFERENCE = re.compile(r"\b(chat|here|fine|no|none|nope|nah|n/a|need|skip|whatever)\b", re.IGNORECASE)
CHAT_PREFERENCE_MAX_WORDS = 8


def wants_the_chat(text: str | None) -> bool:
    """Does this contact answer mean "show me the answer here in the chat"?"""
    contact = parse_contact(text)
    if contact.email or contact.phone or not contact.text:
        return not (contact.email or contact.phone)
    return len(_words(contact.text)) <= CHAT_PREFERENCE_MAX_WORDS and bool(
        _CHAT_PREFERENCE.search(contact.text)
    )


def parse_contact(text: str | None) -> Contact:
    """ "you can email me at ana@example.com or call 07700 900123" -> the address and number."""
    cleaned = _normal(text) or None
    return Contact(text=cleaned, email=find_email(cleaned), phone=find_phone(cleaned))
