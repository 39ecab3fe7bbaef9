"""The two-stage fallback's custom steps and the offer to pass a question on to HR.

Rasa's ``action_two_stage_fallback`` (rule in data/rules/fallback.yml) calls

1. ``action_default_ask_affirmation`` (overridden here): instead of "Did you mean
   'faq'?", it offers the two most likely *topics* as buttons. The NLU ranking is
   combined with the ResponseSelector's ranking, so the FAQ intent is expanded into its
   sub-topics (``faq/duration`` ...). FAQ buttons send the topic's canonical question (a
   training example, so the click is understood exactly); other intents send ``/intent``.
   "Something else" sends ``/out_of_scope``, which Rasa treats as "no" and asks to rephrase.
2. ``action_default_ask_rephrase`` (overridden here) after "Something else".
3. ``action_default_fallback`` (overridden here) when the user still is not understood:
   offer to pass the question on to HR. ``action_pass_to_hr`` opens an HR ticket with it
   (``actions/handoff.py``; also a log line through the logger of actions/unanswered.py);
   the rule then confirms with ``utter_hr_handoff_done``.

``action_core_fallback`` is RulePolicy's core fallback (config.yml): no rule or story
knows what to do after the user's message ("no" when nothing was asked). It says what the
assistant can do and reverts the message, as Rasa's own default fallback does: the
dialogue is back where it was before the message, so the policies predict listening
next. (A core fallback that does not revert is predicted again and again until Rasa's
circuit breaker trips, which leaves the conversation dead for good in Rasa 3.6.)

The texts of these steps live here, not in responses: they are only ever sent by these
actions, and ``rasa data validate --fail-on-warnings`` rejects responses no rule uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.guard import guarded
from actions.handoff import OFFER_BUTTONS, conversation, open_ticket
from actions.intent_labels import suggestion_label
from actions.unanswered import logger as unanswered_logger
from actions.unanswered import unanswered_record
from bot.hr.handoff_text import is_substantive, real_question
from bot.hr.tickets import TicketError
from bot.storage.db import DATABASE_ERRORS
from bot.vocabulary import GET_ADVICE_BUTTON, TALK_TO_PERSON_BUTTON, WHAT_CAN_YOU_DO_BUTTON

FAQ_INTENT = "faq"
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"

ASK_AFFIRMATION_TEXT = "Or did you mean one of these?"
ASK_AFFIRMATION_NO_SUGGESTION_TEXT = 'If none of my topics fits, choose "Something else".'
ASK_REPHRASE_TEXT = (
    "Could you say that in other words? For example: "
    '"what is reskilling?" or "how long does a bootcamp take?"'
)
CORE_FALLBACK_TEXT = (
    "I'm not sure what you'd like me to do with that. I can give you career advice, answer "
    "questions about upskilling and reskilling, or pass a question on to a person in HR."
)
CORE_FALLBACK_BUTTONS = [
    GET_ADVICE_BUTTON,
    WHAT_CAN_YOU_DO_BUTTON,
    TALK_TO_PERSON_BUTTON,
]
OFFER_HR_TEXT = (
    "Sorry, I still can't answer that. Shall I pass your question on to HR so someone can get back to you?"
)

#: How many suggestions the affirmation step offers.
MAX_SUGGESTIONS = 2

#: Suggestions below this combined confidence are not worth a button.
MIN_SUGGESTION_CONFIDENCE = 0.02


@dataclass(frozen=True)
class FaqTopic:
    label: str  # button title
    question: str  # canonical question: the first example of faq/<topic> in data/nlu/faq.yml


#: Every FAQ topic (tests/actions/test_fallback.py checks this against data/nlu/faq.yml).
FAQ_TOPICS: dict[str, FaqTopic] = {
    "difference": FaqTopic(
        "Upskilling vs reskilling", "What is the difference between upskilling and reskilling?"
    ),
    "difference_more": FaqTopic(
        "More on the difference", "Tell me more about how upskilling and reskilling differ"
    ),
    "what_is_upskilling": FaqTopic("What is upskilling?", "What is upskilling?"),
    "what_is_reskilling": FaqTopic("What is reskilling?", "What is reskilling?"),
    "which_fits_me": FaqTopic("Which one fits me?", "How do I know if I need upskilling or reskilling?"),
    "both_at_once": FaqTopic(
        "Doing both at once", "Can I do both upskilling and reskilling at the same time?"
    ),
    "hybrid_skills": FaqTopic("Hybrid skills", "What are hybrid skills?"),
    "why_now": FaqTopic("Why it matters now", "Why do upskilling and reskilling matter now?"),
    "ai_jobs": FaqTopic("AI, automation and jobs", "Will AI and automation replace my job?"),
    "ai_jobs_more": FaqTopic(
        "Sectors hit by automation", "Tell me more about which sectors automation affects"
    ),
    "stay_competitive": FaqTopic(
        "Staying competitive", "How does upskilling help me stay competitive in my job?"
    ),
    "reskill_skills_needed": FaqTopic(
        "Skills for a new industry", "What skills do I need to reskill for a different industry?"
    ),
    "duration": FaqTopic("How long it takes", "How long does it take to upskill or reskill?"),
    "cost": FaqTopic("What it costs", "How much does upskilling or reskilling cost?"),
    "back_to_school": FaqTopic(
        "Going back to school", "Do I need to go back to school for upskilling or reskilling?"
    ),
    "job_security": FaqTopic("Job security", "Can upskilling or reskilling guarantee job security?"),
    "promotion_pay": FaqTopic("Promotion and pay", "Will upskilling get me a promotion or a raise?"),
    "training_options": FaqTopic("Training options", "What kinds of training are there?"),
    "online_courses": FaqTopic("Online courses", "Are online courses a good way to learn?"),
    "micro_credentials": FaqTopic(
        "Micro-credentials and badges", "What are micro-credentials and digital badges?"
    ),
    "certificates": FaqTopic("Professional certificates", "Are professional certificates worth it?"),
    "recognised_credentials": FaqTopic("Recognised credentials", "Which credentials do employers recognise?"),
    "bootcamps": FaqTopic("Bootcamps", "What is a bootcamp and is it worth it?"),
    "cohort_programs": FaqTopic("Cohort programmes", "What is a cohort-based programme?"),
    "apprenticeships": FaqTopic("Apprenticeships", "What is a registered apprenticeship?"),
    "mentoring": FaqTopic("Mentoring", "How can mentoring help me learn?"),
    "internal_rotation": FaqTopic("Internal rotations", "What are internal rotations?"),
    "on_the_job_training": FaqTopic("On-the-job training", "What is on-the-job training?"),
    "funding_options": FaqTopic("Paying for training", "How can I pay for training?"),
    "employer_funding": FaqTopic("Employer support", "Will my employer pay for my training?"),
    "grants": FaqTopic("Grants (Pell ...)", "Are there grants for retraining?"),
    "gi_bill": FaqTopic("GI Bill", "Can I use the GI Bill for training?"),
    "government_programs": FaqTopic(
        "Government programmes", "Are there government programmes for reskilling?"
    ),
    "first_step": FaqTopic("Taking the first step", "How do I take the first step?"),
    "skills_inventory": FaqTopic("Skills inventory", "How do I do a skills inventory?"),
    "smart_goals": FaqTopic("SMART goals", "How do I set SMART learning goals?"),
    "document_results": FaqTopic("Showing what I learned", "How do I show what I have learned?"),
    "try_before_switch": FaqTopic("Testing a new career", "How can I test a new career before committing?"),
    "benefits_employee": FaqTopic(
        "Benefits for employees", "What are the benefits of upskilling for employees?"
    ),
    "benefits_employer": FaqTopic("Benefits for employers", "Why should companies invest in upskilling?"),
    "skill_gaps": FaqTopic("Finding skill gaps", "How do we identify skill gaps in our workforce?"),
    "design_program": FaqTopic("Setting up a programme", "How do we set up an upskilling programme?"),
    "design_program_more": FaqTopic(
        "Programme steps in detail", "Tell me more about setting up a training programme"
    ),
    "choose_training_method": FaqTopic("Choosing a training method", "How do we choose a training method?"),
    "employee_buy_in": FaqTopic("Employee buy-in", "How do we get employee buy-in?"),
    "budget_resources": FaqTopic("Budget and resources", "How do we fund training with a limited budget?"),
    "equity_access": FaqTopic("Equity and access", "How do we make training accessible to everyone?"),
    "measure_success": FaqTopic("Measuring success", "How do we measure the success of training?"),
    "measure_success_more": FaqTopic("KPIs in detail", "Tell me more about measuring training success"),
    "roi": FaqTopic("ROI of training", "How do we calculate the ROI of training?"),
    "case_studies": FaqTopic("Case studies", "Which companies have successful reskilling programmes?"),
    "case_att": FaqTopic("AT&T Future Ready", "What did AT&T do with Future Ready?"),
    "case_amazon": FaqTopic("Amazon Career Choice", "What is Amazon Career Choice?"),
    "case_ibm": FaqTopic("IBM SkillsBuild", "What is IBM SkillsBuild?"),
    "case_starbucks": FaqTopic("Starbucks and ASU", "What is the Starbucks and ASU program?"),
    "case_google": FaqTopic("Google Career Certificates", "What are Google Career Certificates?"),
    "case_lessons": FaqTopic(
        "Lessons from the case studies", "What do successful reskilling programmes have in common?"
    ),
    "future_trends": FaqTopic("Future of learning", "What is the future of workplace learning?"),
}


@dataclass(frozen=True)
class Suggestion:
    key: str  # intent name, or "faq/<topic>"
    confidence: float
    title: str
    payload: str


def _faq_ranking(message: dict[str, Any]) -> list[tuple[str, float]]:
    """(topic, confidence) pairs from the ResponseSelector's output, best first."""
    selector = message.get("response_selector") or {}
    output = selector.get(FAQ_INTENT) or selector.get("default") or {}
    pairs: list[tuple[str, float]] = []
    for entry in output.get("ranking") or []:
        key = str(entry.get("intent_response_key") or "")
        if key.startswith(f"{FAQ_INTENT}/"):
            pairs.append((key.split("/", 1)[1], float(entry.get("confidence") or 0.0)))
    if not pairs:
        response = output.get("response") or {}
        key = str(response.get("intent_response_key") or "")
        if key.startswith(f"{FAQ_INTENT}/"):
            pairs.append((key.split("/", 1)[1], float(response.get("confidence") or 0.0)))
    return pairs


def suggestions(message: dict[str, Any], limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The most likely topics of a message the NLU was not confident about (pure).

    An intent's confidence is taken from the NLU ranking; an FAQ topic's confidence is the
    FAQ intent's confidence times the topic's confidence in the ResponseSelector ranking.
    """
    candidates: list[Suggestion] = []
    for entry in message.get("intent_ranking") or []:
        name = str(entry.get("name") or "")
        confidence = float(entry.get("confidence") or 0.0)
        if name == FAQ_INTENT:
            for topic, topic_confidence in _faq_ranking(message):
                faq_topic = FAQ_TOPICS.get(topic)
                if faq_topic is not None:
                    candidates.append(
                        Suggestion(
                            f"{FAQ_INTENT}/{topic}",
                            confidence * topic_confidence,
                            faq_topic.label,
                            faq_topic.question,
                        )
                    )
        elif name and (title := suggestion_label(name)) is not None:
            candidates.append(Suggestion(name, confidence, title, f"/{name}"))
    candidates.sort(key=lambda suggestion: suggestion.confidence, reverse=True)
    chosen: list[Suggestion] = []
    for candidate in candidates:
        if candidate.confidence < MIN_SUGGESTION_CONFIDENCE or any(
            candidate.key == seen.key for seen in chosen
        ):
            continue
        chosen.append(candidate)
        if len(chosen) == limit:
            break
    return chosen


@guarded
class ActionDefaultAskAffirmation(Action):
    """First stage of the two-stage fallback: "did you mean one of these?" with buttons."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            {"title": suggestion.title, "payload": suggestion.payload}
            for suggestion in suggestions(tracker.latest_message or {})
        ]
        text = ASK_AFFIRMATION_TEXT if buttons else ASK_AFFIRMATION_NO_SUGGESTION_TEXT
        buttons.append({"title": "Something else", "payload": f"/{OUT_OF_SCOPE_INTENT}"})
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


@guarded
class ActionDefaultAskRephrase(Action):
    """Second stage of the two-stage fallback: ask for other words, with an example."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=ASK_REPHRASE_TEXT)
        return []


@guarded
class ActionDefaultFallback(Action):
    """Last stage of the two-stage fallback: offer to pass the question on to HR.

    Unlike Rasa's default it does not revert the user's message: the rules that handle the
    answer (yes / no) follow action_two_stage_fallback, and action_pass_to_hr needs the
    messages to record them. It only runs inside action_two_stage_fallback, never on its
    own: config.yml's core fallback is action_core_fallback.
    """

    def name(self) -> str:
        return "action_default_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=OFFER_HR_TEXT, buttons=OFFER_BUTTONS)
        return []


def revert_recovery(
    action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """Even a failed core fallback must revert the message, or it is predicted again."""
    dispatcher.utter_message(text=CORE_FALLBACK_TEXT)
    return [UserUtteranceReverted()]


@guarded(recovery=revert_recovery)
class ActionCoreFallback(Action):
    """RulePolicy's core fallback: say what the assistant can do and forget the message."""

    def name(self) -> str:
        return "action_core_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=CORE_FALLBACK_TEXT, buttons=CORE_FALLBACK_BUTTONS)
        return [UserUtteranceReverted()]


def unanswered_messages(tracker: Tracker) -> list[dict[str, Any]]:
    """The user events of the latest not-understood episode, oldest first (pure).

    Walks back from the end over the user's messages, skipping the latest one (the "yes"
    to the offer), and keeps the typed messages that NLU did not understand or judged out
    of scope; button clicks ("/out_of_scope") are skipped. Stops at the first message that
    was understood, which belongs to the conversation before the fallback.
    """
    user_events = [event for event in tracker.events if event.get("event") == "user"]
    episode: list[dict[str, Any]] = []
    for event in reversed(user_events[:-1]):
        text = str(event.get("text") or "")
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in (FALLBACK_INTENT, OUT_OF_SCOPE_INTENT):
            break
        if text and not text.startswith("/"):
            episode.append(event)
    episode.reverse()
    return episode


def handoff_record(tracker: Tracker) -> dict[str, Any] | None:
    """What HR needs to answer: the original question, its rephrasings, the NLU guesses."""
    episode = unanswered_messages(tracker)
    if not episode:
        return None
    first = episode[0]
    view = Tracker(
        sender_id=tracker.sender_id,
        slots={},
        latest_message=first.get("parse_data") or {},
        events=[first],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )
    record = unanswered_record(view)
    record["text"] = first.get("text")
    record["rephrasings"] = [event.get("text") for event in episode[1:]]
    record["handoff_requested"] = True
    return record


def fallback_question(record: dict[str, Any], tracker: Tracker) -> str | None:
    """The not-understood question and its rephrasings, without complaints ("this isn't
    helping"); when none of them is a question, the user's last real question before them
    (which the assistant answered, but wrongly)."""
    texts = [str(text) for text in [record.get("text"), *record.get("rephrasings", [])] if text]
    questions = [text for text in texts if is_substantive({"speaker": "user", "text": text})]
    if questions:
        return " / ".join(questions)
    return real_question(conversation(tracker)) or " / ".join(texts) or None


@guarded
class ActionPassToHr(Action):
    """The user accepted the hand-off: record the question for HR (the rule confirms)."""

    def name(self) -> str:
        return "action_pass_to_hr"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        record = handoff_record(tracker)
        if record is None:
            record = unanswered_record(tracker)
            record["handoff_requested"] = True
        unanswered_logger.info("question for HR: %s", json.dumps(record, ensure_ascii=False))
        # The HR queue (actions/handoff.py, bot/hr/): the question and its rephrasings.
        question = fallback_question(record, tracker)
        try:
            ticket = open_ticket(tracker, question or "(no question text)", "fallback")
        except (*DATABASE_ERRORS, TicketError):
            unanswered_logger.exception("HR ticket not stored; the question is in the log line above")
            return []
        dispatcher.utter_message(text=f"Your question is ticket #{ticket.id} for HR.")
        return []
