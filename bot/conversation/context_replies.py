"""Replies to short follow-ups, chosen from what the conversation was last about.

"why?", "tell me more", "give me an example", "how long does that take?", "what now?" and a
yes or no that answers no open question carry no topic of their own: they are about the
last FAQ answer or the last advice (the *subject*, ``"faq/<topic>"`` or ``"advice/<path>"``,
kept by the actions in the ``context_subject`` slot). Without a subject the reply says what
the assistant can do, never "goodbye" or a new topic. Plain Python: the action
(actions/context_replies.py) supplies the subject and, for advice, the advice itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.advice.explanation import article, route_time, weeks_text
from bot.advice.follow_ups import CHEAPER as CHEAPER_KEY
from bot.advice.follow_ups import SHORTER as SHORTER_KEY
from bot.advice.follow_ups import sensible_alternatives
from bot.advice.presentation import path_lines
from bot.advice.reasons import why_text
from bot.advice.service import Advice
from bot.conversation import faq_follow_ups
from bot.vocabulary import GET_ADVICE_BUTTON, TALK_TO_PERSON_BUTTON, WHAT_CAN_YOU_DO_BUTTON, hours_text

WHY = "why"
MORE = "more"
EXAMPLE = "example"
HOW_LONG = "how_long"
WHAT_NEXT = "what_next"
YES = "yes"
NO = "no"

#: The intents answered here and the follow-up each one asks for.
FOLLOW_UP_OF_INTENT = {
    "ask_why": WHY,
    "ask_more": MORE,
    "ask_example": EXAMPLE,
    "ask_how_long": HOW_LONG,
    "what_next": WHAT_NEXT,
    "affirm": YES,
    "deny": NO,
}

Button = dict[str, str]

GET_ADVICE = GET_ADVICE_BUTTON
WHAT_CAN_YOU_DO = WHAT_CAN_YOU_DO_BUTTON
THE_DIFFERENCE = {
    "title": "Upskilling or reskilling?",
    "payload": "What is the difference between upskilling and reskilling?",
}
CASE_STUDIES = {"title": "Case studies", "payload": "Which companies have successful reskilling programmes?"}
TALK_TO_PERSON = TALK_TO_PERSON_BUTTON
FIRST_COURSE = {"title": "About the first course", "payload": "tell me more about the first course"}
CHEAPER = {"title": "Cheaper options", "payload": '/ask_alternatives{"alternative": "cheaper"}'}
SHORTER = {"title": "Shorter courses", "payload": '/ask_alternatives{"alternative": "shorter"}'}

START_BUTTONS = (GET_ADVICE, THE_DIFFERENCE, WHAT_CAN_YOU_DO)
ADVICE_BUTTONS = (FIRST_COURSE, CHEAPER, SHORTER, TALK_TO_PERSON)


def advice_buttons(advice: Advice) -> tuple[dict[str, str], ...]:
    """``ADVICE_BUTTONS`` without what cannot change this path (no "cheaper" for a free one)."""
    offered = sensible_alternatives(advice)
    dropped = []
    if CHEAPER_KEY not in offered:
        dropped.append(CHEAPER)
    if SHORTER_KEY not in offered:
        dropped.append(SHORTER)
    if not advice.path.courses:
        dropped.append(FIRST_COURSE)
    return tuple(button for button in ADVICE_BUTTONS if button not in dropped)


PATH_NAMES = {"upskill": "upskilling", "reskill": "reskilling", "both": "a mix of upskilling and reskilling"}


@dataclass(frozen=True)
class Subject:
    """What the conversation was last about: ``kind`` is "faq", "advice" or "none"."""

    kind: str
    topic: str | None = None

    @classmethod
    def parse(cls, value: object) -> Subject:
        """``"faq/cost"`` -> ``Subject("faq", "cost")``; anything unknown -> ``Subject("none")``."""
        kind, _, topic = str(value or "").partition("/")
        if kind in ("faq", "advice") and topic:
            return cls(kind, topic)
        return cls("none")


@dataclass(frozen=True)
class ContextReply:
    """What to send: a text and/or a domain response (``utter_faq/<topic>``), with buttons.

    ``text`` comes first, then ``response``, then ``closing_text``; ``subject`` is what the
    conversation is about after this reply (``None``: unchanged).
    """

    text: str | None = None
    response: str | None = None
    buttons: tuple[Button, ...] = ()
    subject: str | None = None
    closing_text: str | None = None
    closing_buttons: tuple[Button, ...] = ()


#: The advice was given but cannot be recomputed (profile slots gone, catalog unreachable).
ADVICE_UNAVAILABLE = ContextReply(
    text="I can't bring back the details of that advice just now. Shall we look at your options again?",
    buttons=(GET_ADVICE, WHAT_CAN_YOU_DO),
)


def follow_up_of(intent: str | None) -> str | None:
    """The follow-up an intent asks for (``"ask_why"`` -> ``"why"``), ``None`` if it is not one."""
    return FOLLOW_UP_OF_INTENT.get(str(intent or ""))


def context_reply(follow_up: str, subject: Subject, advice: Advice | None = None) -> ContextReply:
    """The reply to ``follow_up`` about ``subject`` (``advice``: the last advice, recomputed)."""
    if subject.kind == "faq" and subject.topic:
        return faq_reply(follow_up, subject.topic)
    if subject.kind == "advice":
        return advice_reply(follow_up, advice) if advice is not None else ADVICE_UNAVAILABLE
    return no_subject_reply(follow_up)


def faq_reply(follow_up: str, topic: str) -> ContextReply:
    """A follow-up on an FAQ answer: the FAQ answer that carries it, or an honest "I don't know more"."""
    if follow_up == YES:
        return ContextReply(text="Good. What would you like to do next?", buttons=START_BUTTONS)
    if follow_up == NO:
        return ContextReply(
            text="OK, no problem. Ask me anything else about upskilling and reskilling, "
            "or get advice for you.",
            buttons=(GET_ADVICE, WHAT_CAN_YOU_DO),
        )
    if follow_up == WHAT_NEXT:
        next_topic = faq_follow_ups.next_step_topic(topic)
        return ContextReply(
            text="Here is a good next step:",
            response=f"utter_faq/{next_topic}",
            subject=f"faq/{next_topic}",
            closing_text="Or I can look at your own situation and suggest a learning path.",
            closing_buttons=(GET_ADVICE,),
        )
    target = faq_follow_ups.TABLES.get(follow_up, {}).get(topic)
    if target is None and follow_up == EXAMPLE:
        # "give me an example" and "tell me more" are close: the deeper answer is the next best.
        target = faq_follow_ups.MORE.get(topic)
    if target is not None:
        return ContextReply(response=f"utter_faq/{target}", subject=f"faq/{target}")
    if follow_up == HOW_LONG:
        return ContextReply(
            text=NOTHING_MORE[HOW_LONG], response="utter_faq/duration", subject="faq/duration"
        )
    return ContextReply(text=NOTHING_MORE[follow_up], buttons=NOTHING_MORE_BUTTONS[follow_up])


NOTHING_MORE = {
    WHY: (
        "That's as far as my sources go on the reasons. If you'd like a person to explain, "
        "I can pass your question on to HR."
    ),
    MORE: (
        "That's all I know on that topic. I can tell you about something related, or a person in HR can help."
    ),
    EXAMPLE: (
        "I don't have a good example of that. The employer programmes I know are real cases you can look at."
    ),
    HOW_LONG: "I don't have a duration for that one. In general:",
}
NOTHING_MORE_BUTTONS: dict[str, tuple[Button, ...]] = {
    WHY: (TALK_TO_PERSON, WHAT_CAN_YOU_DO),
    MORE: (THE_DIFFERENCE, TALK_TO_PERSON),
    EXAMPLE: (CASE_STUDIES,),
}


def advice_reply(follow_up: str, advice: Advice) -> ContextReply:
    """A follow-up on the advice: its reasons, its path, its length, where to start."""
    path_name = PATH_NAMES.get(advice.decision.path, advice.decision.path)
    courses = advice.path.courses
    if follow_up == WHY:
        return ContextReply(text=why_text(advice), buttons=advice_buttons(advice))
    if follow_up == HOW_LONG:
        buttons = advice_buttons(advice)
        return ContextReply(
            text=path_length(advice),
            buttons=tuple(b for b in buttons if b in (SHORTER, FIRST_COURSE)) or buttons,
        )
    if follow_up in (MORE, EXAMPLE):
        if not courses:
            return ContextReply(
                text=f"I suggested {path_name}. {advice.explanation}", buttons=advice_buttons(advice)
            )
        return ContextReply(
            text="Here is your learning path again:\n"
            + "\n".join(path_lines(advice.path))
            + '\nAsk me about any of them, for example "tell me more about the first one".',
            buttons=advice_buttons(advice),
        )
    if follow_up == WHAT_NEXT:
        if courses:
            first = courses[0].course
            return ContextReply(
                text=f"Start with the first course on your path: {first.title} ({first.provider}). "
                "Enrol when it suits you, and come back if you want to adjust the plan.",
                buttons=advice_buttons(advice),
            )
        return ContextReply(
            text="No course in the catalog fits your path right now. A person in HR can help you find "
            "other ways to learn, or we can change your limits.",
            buttons=(TALK_TO_PERSON, GET_ADVICE),
        )
    if follow_up == YES:
        return ContextReply(
            text="Great. Would you like to look at any course, or adjust the plan?",
            buttons=advice_buttons(advice),
        )
    return ContextReply(
        text="OK. Your advice stays here whenever you want to come back to it.",
        buttons=(CHEAPER, SHORTER, WHAT_CAN_YOU_DO),
    )


def path_length(advice: Advice) -> str:
    """How long the suggested path takes, from the catalog's course hours, and how long the
    qualification itself takes when the target role is licensed (the real answer to "how long
    will it take me?")."""
    path = advice.path
    target = advice.decision.target
    route = route_time(advice.requirements) if target is not None else None
    qualification = ""
    if target is not None and route:
        qualification = (
            f" Becoming {article(target.title)} itself takes longer: the qualification route typically "
            f"takes {route}."
        )
    if not path.courses:
        return "There is no course on your path yet, so there is no length to give." + qualification
    hours = hours_text(path.total_hours)
    paid = "".join(
        f" {planned.course.title} is paid work on top: about {hours_text(planned.course.hours)} hours."
        for planned in path.paid_work
    )
    if path.weeks and path.hours_per_week:
        return (
            f"Your learning path is about {hours} hours of courses: about {weeks_text(path.weeks)} "
            f"at {hours_text(path.hours_per_week)} hours a week.{paid}{qualification}"
        )
    return (
        f"Your learning path is about {hours} hours of courses. Tell me your hours per week "
        f"and I'll say how many weeks.{paid}{qualification}"
    )


def no_subject_reply(follow_up: str) -> ContextReply:
    """Nothing has been said to follow up on: say what the assistant can do."""
    if follow_up == YES:
        return ContextReply(text="Great! What would you like to do?", buttons=START_BUTTONS)
    if follow_up == NO:
        return ContextReply(
            text="OK, no problem. Whenever you want advice on upskilling or reskilling, just ask.",
            buttons=(WHAT_CAN_YOU_DO,),
        )
    if follow_up == WHAT_NEXT:
        return ContextReply(
            text="Here is what we can do: I can suggest whether to upskill or reskill and a learning "
            "path, or answer your questions about training.",
            buttons=START_BUTTONS,
        )
    return ContextReply(
        text="I'm not sure what you'd like me to explain: we haven't talked about anything yet. "
        "I can answer questions about upskilling and reskilling, or look at your options.",
        buttons=START_BUTTONS,
    )
