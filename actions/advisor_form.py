"""Validation of the advisor form: current role, goal, target role, skills, constraints.

Each ``validate_<slot>`` turns the user's answer into a clean value with ``bot`` helpers
or rejects it with a reason and an example. A question is never asked more than three
times: after two failed attempts the validator explains, offers a way out and then
accepts a sensible default (an unknown role as free text, "no preference", ...).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access, profile_facts
from actions.guard import guarded
from actions.profile_slots import UNKNOWN_ROLE, advice_request_from_slots, catalog_code
from bot.advice.explanation import explain
from bot.advice.service import AdviceError, advise
from bot.catalog.role_profiles import load_role
from bot.catalog.role_resolver import RoleCandidate
from bot.profiles import answers
from bot.profiles.facts import asks_about_own_case, has_role_head, role_words
from bot.profiles.step_up import is_step_up
from bot.vocabulary import (
    ADVANCE,
    DEFAULT_CURRENCY,
    FORMAT_CHOICES,
    FREE_BUDGET,
    GOAL_DESCRIPTIONS,
    NO_LIMIT,
    NO_SKILLS,
    SWITCH,
    UNSURE,
)

MAX_ROLE_BUTTONS = 3
#: Yes and no are never job titles (a no to the closest roles means none of them).
YES_ANSWERS = frozenset({"yes", "yeah", "yep", "yup", "ok", "okay", "sure", "right", "correct"})
YES_NO_ANSWERS = YES_ANSWERS | frozenset(
    {"no", "nope", "nah", "neither", "none", "none of them", "none of those", "not really", "no way"}
)
#: Answers to "which skills do you have?" that mean none.
NO_SKILL_ANSWERS = frozenset(
    {
        "none",
        "no",
        "nothing",
        "nope",
        "nah",
        "not really",
        "no skills",
        "none really",
        "nothing really",
        "not much",
    }
)
NONE_OF_THESE = "none"
#: What people type for the "None of these" button (never kept as a job called "none of these").
NONE_OF_THESE_WORDS = frozenset(
    ["none", "none of these", "none of them", "none of those", "none of the above", "neither",
     "neither of them", "not those", "not these", "not any of these", "none fit", "none of these fit"]
)  # fmt: skip
ATTEMPTS_SLOT = "form_attempts"


def _inform(slot: str, value: str) -> str:
    return f'/inform{{"{slot}": "{value}"}}'


GOAL_BUTTONS = [
    {"title": description[:1].upper() + description[1:], "payload": _inform("goal", goal)}
    for goal, description in GOAL_DESCRIPTIONS.items()
]
BUDGET_BUTTONS = [
    {"title": "Free only", "payload": _inform("budget", FREE_BUDGET)},
    {"title": "Up to $500", "payload": _inform("budget", "500")},
    {"title": "Up to $2,000", "payload": _inform("budget", "2000")},
    {"title": "No limit", "payload": _inform("budget", NO_LIMIT)},
]
#: A button for each answer of ``bot.vocabulary.FORMAT_CHOICES``.
FORMAT_TITLES = {
    "online": "Online, at my own pace",
    "live": "Live classes or workshops",
    "bootcamp": "Bootcamp",
    "on_the_job": "On the job (mentoring, rotation)",
    NO_LIMIT: "Any format",
}
FORMAT_BUTTONS = [
    {"title": FORMAT_TITLES[choice], "payload": _inform("preferred_format", choice)}
    for choice in FORMAT_CHOICES
]


def _last_set(tracker: Tracker, slot: str) -> int:
    """Position of the latest event that set ``slot`` (-1: none; slots the tracker was made
    with, as in a restored profile, count as set at the start)."""
    for position in range(len(tracker.events) - 1, -1, -1):
        event = tracker.events[position]
        if event.get("event") == "slot" and event.get("name") == slot:
            return position
    return -1


def _attempts(tracker: Tracker) -> int:
    value = tracker.get_slot(ATTEMPTS_SLOT)
    return int(value) if isinstance(value, (int, float)) else 0


def role_buttons(candidates: list[RoleCandidate]) -> list[dict[str, str]]:
    buttons = [
        {"title": candidate.title, "payload": f'/inform{{"role_code": "{candidate.code}"}}'}
        for candidate in candidates[:MAX_ROLE_BUTTONS]
    ]
    buttons.append({"title": "None of these", "payload": f'/inform{{"role_code": "{NONE_OF_THESE}"}}'})
    return buttons


#: What a role question asks for, said back when an answer is refused.
ROLE_QUESTIONS = {
    "current_role": "your current job or role",
    "target_role": "the role you'd like to move into",
}
ROLE_EXAMPLES = 'for example "accountant", "warehouse supervisor" or "I work as a nurse"'
#: Why an answer is refused (keys of ``answers.role_answer_problem``), then what is asked.
REFUSALS = {
    answers.COMMAND: "That looks like a command rather than a job title.",
    answers.MARKUP: "I can only take a job title in plain words, without code, links or formatting.",
    answers.MONEY: "That sounds like a budget, not a job title: I'll ask about money later.",
    answers.HOURS: "That sounds like the time you have, not a job title: I'll ask about hours later.",
    answers.QUESTION: "Good question, and I'll come to it, but first I need a job title.",
    answers.OTHER_ANSWER: "That answers another of my questions: I'll ask it in a moment.",
}


class RoleAnswer:
    """Resolves an answer to a role question into slot values, or a follow-up question."""

    def __init__(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker):
        """``volunteered``: the role came with another message (an opener, an answer to
        another question), so words that match no role are left out silently rather than
        questioned: the form asks for the role when it gets there."""
        self.volunteered = profile_facts.volunteered(tracker, slot)
        self.slot = slot
        self.code_slot = f"{slot}_code"
        self.pending_slot = f"{slot}_pending"
        self.dispatcher = dispatcher
        self.tracker = tracker

    def accept_code(self, code: str) -> dict[str, Any] | None:
        with catalog_access.engine().connect() as connection:
            role = load_role(connection, code)
        if role is None:
            return None
        return self.accepted(role.title, role.code)

    def accepted(self, title: str, code: str | None) -> dict[str, Any]:
        return {self.slot: title, self.code_slot: code, self.pending_slot: None, ATTEMPTS_SLOT: 0}

    def unknown(self, text: str) -> dict[str, Any]:
        self.dispatcher.utter_message(
            text=(
                f"I don't have \"{text}\" in my catalog, but that's fine: I'll go by the skills you "
                "tell me about."
            )
        )
        return self.accepted(text, UNKNOWN_ROLE)

    def already_accepted(self, text: str) -> bool:
        """Re-validation of a value accepted earlier (Rasa re-checks filled slots when a
        form is activated again): keep it rather than asking again."""
        if not self.tracker.get_slot(self.code_slot) or self.tracker.get_slot(self.slot) != text:
            return False
        # the code must belong to this value: a role just said ("sorry, I meant accountant")
        # sits in the slot next to the code of the one it replaces until it is checked
        return _last_set(self.tracker, self.code_slot) >= _last_set(self.tracker, self.slot)

    def retry(self, message: str) -> dict[str, Any]:
        attempts = _attempts(self.tracker) + 1
        pending = self.tracker.get_slot(self.pending_slot)
        if attempts >= 3 and pending:
            return self.unknown(pending)
        if attempts >= 2:
            message += (
                ' For example: "accountant", "warehouse supervisor" or "I work as a nurse". '
                'You can also say "stop" to leave these questions.'
            )
        self.dispatcher.utter_message(text=message)
        return {self.slot: None, ATTEMPTS_SLOT: attempts}

    def skills_instead(self, phrase: str) -> dict[str, Any] | None:
        """A list of skills typed where a role was asked ("excel, sql and customer service"):
        keep them as the skills and ask for the role again, rather than store a job "excel"."""
        if "," not in phrase and " and " not in phrase:
            return None
        found = catalog_access.skill_extractor().extract(phrase)
        if len(found) < 2:
            return None
        names = "; ".join(skill.name for skill in found)
        if not self.volunteered:
            self.dispatcher.utter_message(
                text=f"I noted those as your skills: {names.replace('; ', ', ')}. "
                f"Now, {ROLE_QUESTIONS[self.slot]}, in a few words?"
            )
        return {self.slot: None, "skills": names, ATTEMPTS_SLOT: _attempts(self.tracker)}

    def refuse(self, problem: str) -> dict[str, Any]:
        """An answer that is not a job title: say why and what a good answer looks like.
        It is never kept, not even as the pending title accepted after three tries."""
        self.dispatcher.utter_message(
            text=f"{REFUSALS[problem]} I need {ROLE_QUESTIONS[self.slot]} in a few words, {ROLE_EXAMPLES}."
        )
        return {self.slot: None, ATTEMPTS_SLOT: _attempts(self.tracker) + 1}

    def resolve(self, value: Any) -> dict[str, Any]:
        text = answers.clean(str(value) if value is not None else "")
        if self.already_accepted(text):
            return {self.slot: text}
        said = text.lower().strip(" .!?")
        if said in NONE_OF_THESE_WORDS:  # typed instead of tapping "None of these"
            text = NONE_OF_THESE
        elif said in YES_NO_ANSWERS:  # "nope" to "which of these is closest?" is "none of these"
            text = NONE_OF_THESE if said not in YES_ANSWERS else ""
            if not text:
                return self.retry("Which role do you mean? Just type its name.")
        if text == NONE_OF_THESE:
            pending = self.tracker.get_slot(self.pending_slot)
            return self.unknown(pending) if pending else self.retry("No problem. What is the role called?")
        if (text and text[0].isdigit()) or text.upper().startswith("SAMPLE-"):
            by_code = self.accept_code(text)
            if by_code is not None:
                return by_code
        problem = answers.role_answer_problem(text)
        if problem in (answers.COMMAND, answers.MARKUP, answers.QUESTION, answers.OTHER_ANSWER):
            if self.volunteered:
                return {self.slot: None}
            return self.refuse(problem)
        phrase = answers.strip_correction(text)
        if not any(character.isalpha() for character in phrase):
            if problem is not None:
                return self.refuse(problem)
            return self.retry('I need a job title in words, for example "accountant" or "sales associate".')
        choice = catalog_access.role_resolver().choose(phrase, limit=MAX_ROLE_BUTTONS)
        if choice.chosen is not None:
            return self.accepted(choice.chosen.title, choice.chosen.code)
        skills = self.skills_instead(phrase)
        if skills:
            return skills
        if problem is not None:  # an amount of money or time that names no role
            return self.refuse(problem)
        if self.volunteered:
            if not choice.candidates and has_role_head(phrase):
                return self.unknown(phrase)  # "I'm a barista": a job, just not in the catalog
            # close ones are asked about when the form gets to the question (actions/prompts.py)
            return {self.slot: None, self.pending_slot: phrase if choice.candidates else None}
        if choice.candidates:
            self.dispatcher.utter_message(
                text="Which of these is closest?", buttons=role_buttons(choice.candidates)
            )
            return {self.slot: None, self.pending_slot: phrase, ATTEMPTS_SLOT: _attempts(self.tracker) + 1}
        if _attempts(self.tracker) >= 1:
            return self.unknown(phrase)
        self.dispatcher.utter_message(
            text=(
                f'I couldn\'t find "{phrase}" among the roles I know. Could you say it another way, '
                'for example "customer service representative"? If it\'s a rare title, just repeat it '
                "and I'll work with it."
            )
        )
        return {self.slot: None, self.pending_slot: phrase, ATTEMPTS_SLOT: 1}


@guarded
class ValidateAdvisorForm(FormValidationAction):
    """Checks and normalises every answer of ``advisor_form``."""

    def name(self) -> str:
        return "validate_advisor_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """The target role is only asked for when the user wants to move."""
        if tracker.get_slot("goal") == SWITCH:
            return domain_slots
        return [slot for slot in domain_slots if slot != "target_role"]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate every fact this message set, not only the answer to the question asked,
        and say back in one line what a message with several facts told."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        candidates = {
            slot: value
            for slot, value in tracker.slots_to_validate().items()
            if slot in required or slot in profile_facts.FACT_SLOTS
        }
        return await validate_facts(self, candidates, dispatcher, tracker, domain)

    async def extract_current_role(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A job title on its own as the message that started the questions ("truck driver",
        "bank teller") is the current role: nothing was asked yet, so no mapping took it."""
        if tracker.get_slot("current_role") or tracker.get_slot("requested_slot"):
            return {}
        text = answers.clean(tracker.latest_message.get("text") or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        words = text.split()
        if intent != "inform" or not 0 < len(words) <= 5 or profile_facts.fact_entities(tracker):
            return {}
        if answers.role_answer_problem(text) or not has_role_head(role_words(text) or text):
            return {}
        return {"current_role": text}

    def validate_current_role(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return RoleAnswer("current_role", dispatcher, tracker).resolve(slot_value)

    def validate_target_role(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        result = RoleAnswer("target_role", dispatcher, tracker).resolve(slot_value)
        code = result.get("target_role_code")
        if catalog_code(code) and code == tracker.get_slot("current_role_code"):  # not two unknown roles
            dispatcher.utter_message(
                text="That's the role you have now, so I'll look at growing in it: that's upskilling."
            )
            return {"goal": ADVANCE, "target_role": None, "target_role_code": None, ATTEMPTS_SLOT: 0}
        named = result.get("target_role") or result.get("target_role_pending")
        if named and not tracker.get_slot("goal"):
            # "I want to become a data analyst" says the goal too, even while the catalog
            # role closest to "site manager" is still to be chosen; a step up in the same
            # line of work ("account manager" -> "account director") is growing
            current = str(tracker.get_slot("current_role") or "")
            step_up = is_step_up(current, str(slot_value)) or is_step_up(current, str(named))
            result["goal"] = ADVANCE if step_up else SWITCH
        return result

    def validate_goal(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        goal = answers.parse_goal(slot_value)
        if goal:
            return {"goal": goal, ATTEMPTS_SLOT: 0}
        attempts = _attempts(tracker) + 1
        if attempts >= 3:
            dispatcher.utter_message(text="Let's keep both doors open: I'll show you options either way.")
            return {"goal": UNSURE, ATTEMPTS_SLOT: 0}
        dispatcher.utter_message(
            text="Please pick one: grow where you are, move to another role, or not sure yet?",
            buttons=GOAL_BUTTONS,
        )
        return {"goal": None, ATTEMPTS_SLOT: attempts}

    def validate_skills(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = answers.clean(str(slot_value) if slot_value is not None else "")
        if answers.is_skip(text) or text.lower().strip(" .!") in NO_SKILL_ANSWERS:
            return {"skills": NO_SKILLS, ATTEMPTS_SLOT: 0}
        found = catalog_access.skill_extractor().extract(text)
        if found:
            names = "; ".join(skill.name for skill in found)
            said_with_other_facts = len(profile_facts.fact_entities(tracker)) > 1
            if names != text and not said_with_other_facts:  # not a re-validation
                dispatcher.utter_message(text=f"Got it, I noted: {names.replace('; ', ', ')}.")
            return {"skills": names, ATTEMPTS_SLOT: 0}
        if profile_facts.volunteered(tracker, "skills"):
            return {"skills": None}  # said in passing: the form asks for skills when it gets there
        attempts = _attempts(tracker) + 1
        if attempts >= 2:
            dispatcher.utter_message(
                text="I couldn't match those to skills in my catalog, so I'll go by your role for now. "
                "You can tell me more skills later."
            )
            return {"skills": NO_SKILLS, ATTEMPTS_SLOT: 0}
        dispatcher.utter_message(
            text=(
                "I couldn't match that to skills I know. Could you list a few, separated by commas? "
                'For example: "Excel, SQL, customer service". Or say "skip".'
            ),
            buttons=[{"title": "Skip", "payload": "/skip"}],
        )
        return {"skills": None, ATTEMPTS_SLOT: attempts}

    def validate_hours_per_week(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(slot_value) if slot_value is not None else ""
        hours = answers.find_hours(text)
        if answers.is_skip(text) or answers.parse_format(text) == NO_LIMIT:
            value: str | None = NO_LIMIT
        elif hours is None and answers.mentions_work_schedule(text):
            dispatcher.utter_message(
                text="That sounds like your work schedule. Outside of it, how many hours a week could "
                'you give to learning? For example "3" or "about 5".'
            )
            return {"hours_per_week": None, ATTEMPTS_SLOT: _attempts(tracker) + 1}
        else:
            value = f"{hours.low:g}" if hours is not None else None
            if hours is not None and hours.needs_confirmation and value != text.strip():
                dispatcher.utter_message(
                    text=f'I\'ll plan with {value} hours a week ("{text[hours.span[0] : hours.span[1]]}"). '
                    'If you meant more or less, just say "make it 6 hours".'
                )
        return self._constraint(
            dispatcher,
            tracker,
            "hours_per_week",
            value,
            'I need a number of hours a week from 1 to 80, e.g. "5" or "about 10".',
        )

    def validate_budget(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = NO_LIMIT if answers.is_skip(slot_value) else answers.parse_budget(slot_value)
        currency = answers.budget_currency(value)
        if value is not None and not answers.catalog_prices_in(currency):
            dispatcher.utter_message(
                text=f"I can compare budgets in {answers.comparable_currencies()}, but not in {currency}. "
                f"About how much is that in {DEFAULT_CURRENCY}? "
                '(Or say "free" or "no limit".)',
                buttons=BUDGET_BUTTONS,
            )
            return {"budget": None, ATTEMPTS_SLOT: _attempts(tracker) + 1}
        return self._constraint(
            dispatcher,
            tracker,
            "budget",
            value,
            'I need an amount, like "500" or "2k", or "free".',
        )

    def validate_preferred_format(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._constraint(
            dispatcher,
            tracker,
            "preferred_format",
            NO_LIMIT if answers.is_skip(slot_value) else answers.parse_format(slot_value),
            'I couldn\'t tell a way of learning from that: choose one below, or say "any".',
        )

    @staticmethod
    def _constraint(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slot: str,
        value: str | None,
        hint: str,
    ) -> dict[str, Any]:
        """Accept an understood answer (``value``) to an optional question; otherwise say
        what is needed (``hint``: the form then asks the question again, with its buttons),
        and after three tries leave the constraint open."""
        if value is not None:
            return {slot: value, ATTEMPTS_SLOT: 0}
        attempts = _attempts(tracker) + 1
        if attempts >= 3:
            dispatcher.utter_message(text="No problem, I'll leave that open.")
            return {slot: NO_LIMIT, ATTEMPTS_SLOT: 0}
        if attempts == 2:
            hint += ' Or say "skip".'
        dispatcher.utter_message(text=hint)
        return {slot: None, ATTEMPTS_SLOT: attempts}


async def validate_facts(
    form: ValidateAdvisorForm,
    candidates: dict[str, Any],
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
) -> list[EventType]:
    """Run the form's validator of each slot in ``candidates`` (in the order the profile
    is asked), then confirm several facts from one message with one reply.

    The answer to the question asked loses the other facts said with it; a correction
    ("actually make that project manager") goes to the role being discussed."""
    requested = tracker.get_slot("requested_slot")
    correction = profile_facts.corrected_role(tracker)
    if correction:
        slot = profile_facts.discussed_role_slot(tracker)
        if (
            requested
            and requested != slot
            and candidates.get(requested) == tracker.latest_message.get("text")
        ):
            candidates.pop(requested)
        candidates[slot] = correction
    messages_before = len(dispatcher.messages)
    results: dict[str, Any] = {}
    unanswered: str | None = None
    for slot in sorted(candidates, key=_profile_order):
        value = candidates[slot]
        if slot == requested:
            reply = str(tracker.latest_message.get("text") or "")
            if slot == "skills" and reply and not reply.startswith("/"):
                # asked for skills, the whole reply is the answer, not only the clause with a
                # cue ("excel, bit of sql, im good with people"): the catalog keeps what it knows
                value = reply
            own_words = profile_facts.answer_without_other_facts(tracker, slot, value)
            if profile_facts.says_anything(own_words):
                value = own_words
            elif any(other != slot for other in candidates):
                results[slot] = None  # "3 grand, online pls" answered other questions, not this one
                unanswered = slot
                continue
            # else: nothing but words of facts no slot took: the validator reads the whole answer
        validator = getattr(form, f"validate_{slot}", None)
        output = validator(value, dispatcher, tracker, domain) if validator else {slot: value}
        results.update(output)
        tracker.slots.update(output)  # later validators see earlier results ("same role as now")
    accepted = {slot: results.get(slot) for slot in candidates if results.get(slot)}
    if unanswered in ROLE_QUESTIONS and len(accepted) == 1:
        noted = profile_facts.said_back(*next(iter(accepted.items())))
        if noted:
            dispatcher.utter_message(
                text=f"Noted: {noted}. I still need {ROLE_QUESTIONS[unanswered]}, {ROLE_EXAMPLES}."
            )
    for slot in ("current_role", "target_role"):
        before = profile_facts.value_before_this_message(tracker, slot)
        changed = accepted.get(slot) and before and before != accepted[slot] and len(accepted) == 1
        if changed and not profile_facts.said_this_turn(tracker, "Updated:"):
            what = "current role" if slot == "current_role" else "target role"
            dispatcher.utter_message(text=f"Updated: your {what} is now {accepted[slot]}.")
    said = profile_facts.confirmation(accepted)
    if said and not profile_facts.said_this_turn(tracker, "Got it:"):
        dispatcher.utter_message(text=said)
        dispatcher.messages.insert(messages_before, dispatcher.messages.pop())
    if accepted.keys() & {"current_role", "target_role"}:
        answer_own_case(dispatcher, tracker)
    profile_facts.drop_repeats(dispatcher, tracker, since=messages_before)
    return [SlotSet(slot, value) for slot, value in results.items()]


def answer_own_case(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "I'm an accountant moving into digital marketing: upskill or reskill?" gets the
    advisor's own decision with its numbers as soon as both roles are known, before the
    questions about time and money that the learning path needs."""
    text = tracker.latest_message.get("text") or ""
    if not asks_about_own_case(text) or not catalog_code(tracker.get_slot("current_role_code")):
        return
    if profile_facts.said_this_turn(tracker, "Short answer:"):
        return
    request = advice_request_from_slots(tracker)
    if request.goal == SWITCH and request.target_code is None:
        return
    if request.goal not in (SWITCH, ADVANCE):
        return
    try:
        with catalog_access.engine().connect() as connection:
            advice = advise(connection, request)
    except AdviceError:
        return
    # the decision with its numbers, and a licensed role's rules first; the path comes later
    short = explain(advice.decision, None, advice.requirements)
    dispatcher.utter_message(
        text=f"Short answer: {short} A few quick questions, and I'll plan courses that fit you."
    )


def _profile_order(slot: str) -> int:
    order = profile_facts.FACT_SLOTS
    return order.index(slot) if slot in order else len(order)


def unset_facts(
    action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """When checking volunteered facts fails, keep none of them and say nothing: the
    message is still answered, and the form asks for the facts when it gets there."""
    return [SlotSet(slot, None) for slot in (tracker.slots_to_validate() or {})]


@guarded(recovery=unset_facts)
class ActionValidateSlotMappings(Action):
    """Facts stated outside the advisor form ("I'm a cashier and want to become a data
    analyst" as the first message): checked like the form's answers straight away.

    Rasa runs ``action_validate_slot_mappings`` after every message that set a slot; in
    the form, the form's own validation does this, so this action lets those through."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.active_loop.get("name"):
            return []
        candidates = {
            slot: value
            for slot, value in (tracker.slots_to_validate() or {}).items()
            if slot in profile_facts.FACT_SLOTS
        }
        if not candidates:
            return []
        return await validate_facts(ValidateAdvisorForm(), candidates, dispatcher, tracker, domain)
