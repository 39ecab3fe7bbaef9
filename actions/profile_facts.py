"""Profile facts volunteered in any message, read through the NLU's entities.

``addons/nlu/profile_fact_extractor.py`` marks the facts a message states as entities
(``job_title`` with role ``current``/``target``/``corrected``, ``hours_per_week``,
``budget``, ``preferred_format``, ``skills``, ``goal``); the domain's ``from_entity``
mappings put them into the profile slots at any point. This module holds what the
actions do with them:

- ``action_validate_slot_mappings`` (in ``actions/advisor_form.py``, next to the
  validators it reuses) checks facts given *outside* the advisor form, so an opener such
  as "I'm a cashier and want to become a data analyst" is resolved against the catalog
  straight away; inside the form the form's validator does the same;
- :func:`confirmation` is the one short reply that says back what one message told
  ("Got it: Cashier -> Data Analyst, 5 h a week, up to 200 USD");
- :func:`answer_without_other_facts` keeps an answer to the question asked apart from
  the other facts in the same message;
- :func:`discussed_role_slot` tells which role "actually make that ..." corrects.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.profiles import answers
from bot.profiles.facts import CORRECTED_ROLE, ENTITY_OF_FACT, fact_of_entity, role_words
from bot.vocabulary import FREE_BUDGET, GOAL_DESCRIPTIONS, NO_LIMIT, NO_SKILLS, SWITCH, money_text

#: The slots a message can state, in the order they are said back.
FACT_SLOTS = ("current_role", "goal", "target_role", "skills", "hours_per_week", "budget", "preferred_format")
#: Entity types of the fact extractor that fill a slot of the same name (roles: job_title).
FACT_ENTITIES = frozenset(entity for entity, _ in ENTITY_OF_FACT.values())
EXTRACTOR = "ProfileFactExtractor"


def fact_entities(tracker: Tracker) -> list[dict[str, Any]]:
    """The fact extractor's entities in the latest message."""
    entities = tracker.latest_message.get("entities") or []
    return [
        entity
        for entity in entities
        if entity.get("extractor") == EXTRACTOR and entity.get("entity") in FACT_ENTITIES
    ]


def corrected_role(tracker: Tracker) -> str | None:
    """The role named by a correction ("actually make that project manager")."""
    return next(
        (
            str(entity.get("value"))
            for entity in fact_entities(tracker)
            if entity.get("entity") == "job_title" and entity.get("role") == "corrected"
        ),
        None,
    )


def volunteered(tracker: Tracker, slot: str) -> bool:
    """Whether ``slot`` was filled from a fact the message stated on its own initiative
    (an opener, an answer to another question) rather than as the answer to the question
    the form asked."""
    if tracker.active_loop.get("name") and tracker.get_slot("requested_slot") == slot:
        return False
    # the slot's own fact, or a correction ("make that ...") applied to it
    return any(_slot_of(entity) in (slot, None) for entity in fact_entities(tracker))


def answer_without_other_facts(tracker: Tracker, slot: str, value: Any) -> Any:
    """The answer to the question asked, without the other facts said with it: asked for
    the current role, "cashier at walmart, want to move into data analysis" is "cashier at
    walmart" (the target is a fact of its own)."""
    text = tracker.latest_message.get("text") or ""
    if not isinstance(value, str) or value != text:
        return value
    spans = sorted(
        (int(entity["start"]), int(entity["end"]))
        for entity in fact_entities(tracker)
        if _slot_of(entity) not in (slot, None) and entity.get("end", 0) > entity.get("start", 0)
    )
    if not spans:
        return value
    kept, position = [], 0
    for start, end in spans:
        if start >= position:
            kept.append(text[position:start])
            position = end
    kept.append(text[position:])
    remainder = " ".join(" ".join(kept).replace(",", " , ").split()).strip(" ,.;-")
    if slot in ("current_role", "target_role"):
        remainder = role_words(remainder) or remainder
    return remainder or value


_FILLER_WORDS = (
    "pls please plz and also too ok okay so yeah yes thanks thx i my its it's a an the about around "
    "maybe like just only um uh well per week weekly hours up to max tops"
)
_FILLER = frozenset(_FILLER_WORDS.split())


def says_anything(text: Any) -> bool:
    """Whether what is left of an answer holds more than filler words ("pls", "and")."""
    words = [word.strip(",.;:!?-'\"") for word in str(text or "").lower().split()]
    return any(word and word not in _FILLER for word in words)


def _slot_of(entity: dict[str, Any]) -> str | None:
    """The slot an entity of the fact extractor fills (None for a correction)."""
    fact = fact_of_entity(entity.get("entity"), entity.get("role"))
    return None if fact == CORRECTED_ROLE else fact


def value_before_this_message(tracker: Tracker, slot: str) -> Any:
    """What ``slot`` held before the user's latest message."""
    events = list(tracker.events)
    latest_user = max(
        (i for i, event in enumerate(events) if event.get("event") == "user"), default=len(events)
    )
    for event in reversed(events[:latest_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def drop_repeats(dispatcher: CollectingDispatcher, tracker: Tracker, *, since: int) -> None:
    """Never say the same thing twice in one turn: the facts of a message are validated when
    they are extracted and again when the form runs, and a validator's note ("I'll plan with
    10 hours a week ...", "I don't have "scaffolder" in my catalog ...") must reach the person
    once. Drops the messages from ``since`` on that were already sent since the user's latest
    message, or that repeat one before them."""
    said = set(bot_texts_this_turn(tracker))
    kept = dispatcher.messages[:since]
    said.update(str(message.get("text")) for message in kept if message.get("text"))
    for message in dispatcher.messages[since:]:
        text = message.get("text")
        if text and str(text) in said:
            continue
        if text:
            said.add(str(text))
        kept.append(message)
    dispatcher.messages[:] = kept


def bot_texts_this_turn(tracker: Tracker) -> list[str]:
    """The texts of the replies sent since the user's latest message, newest first."""
    texts = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot" and event.get("text"):
            texts.append(str(event["text"]))
    return texts


def said_this_turn(tracker: Tracker, start: str) -> bool:
    """Whether a reply starting with ``start`` was sent since the user's latest message (the
    facts checked before the form are checked again when it starts: say them back once)."""
    return any(text.startswith(start) for text in bot_texts_this_turn(tracker))


def discussed_role_slot(tracker: Tracker) -> str:
    """The role a correction without "current"/"target" refers to: the role the person named
    most recently (the target when both were said at once), else the role asked for."""
    for event in reversed(tracker.events):  # the role the person's own words named last
        if event.get("event") == "user":
            named = [
                (int(entity.get("start") or 0), slot)
                for entity in (event.get("parse_data") or {}).get("entities") or []
                if entity.get("entity") == "job_title" and (slot := _slot_of(entity))
            ]
            if named:
                return max(named)[1]
    for event in reversed(tracker.events):  # else the role set last (a button, a restored profile)
        is_role = event.get("event") == "slot" and event.get("name") in ("target_role", "current_role")
        if is_role and event.get("value"):
            return str(event["name"])
    requested = tracker.get_slot("requested_slot")
    if requested in ("current_role", "target_role"):
        return str(requested)
    return "target_role" if tracker.get_slot("goal") == SWITCH else "current_role"


def said_back(slot: str, value: Any) -> str | None:
    """How one accepted fact is said back in :func:`confirmation`."""
    if value in (None, ""):
        return None
    if slot == "goal":
        return GOAL_DESCRIPTIONS.get(str(value))
    if slot == "skills":
        return None if value == NO_SKILLS else f"skills: {str(value).replace('; ', ', ')}"
    if slot == "hours_per_week":
        return "hours open" if value == NO_LIMIT else f"{value} h a week"
    if slot == "budget":
        if value == NO_LIMIT:
            return "no budget limit"
        if value == FREE_BUDGET:
            return "free courses only"
        amount = answers.budget_amount(str(value))
        if amount is None:
            return None
        return f"up to {money_text(amount, answers.budget_currency(str(value)))}"
    if slot == "preferred_format":
        return answers.describe_formats(str(value))
    return str(value)


def confirmation(accepted: dict[str, Any]) -> str | None:
    """One short reply for several facts accepted from one message ("Got it: Cashier ->
    Data Analyst, 5 h a week, up to 200 USD"); None for fewer than two facts."""
    facts = {slot: accepted[slot] for slot in FACT_SLOTS if accepted.get(slot) not in (None, "")}
    if len(facts) < 2:
        return None
    parts: list[str] = []
    current, target = facts.pop("current_role", None), facts.pop("target_role", None)
    if current and target:
        parts.append(f"{current} → {target}")
        facts.pop("goal", None)
    elif current:
        article = "an" if str(current)[:1].lower() in "aeiou" else "a"
        parts.append(f"you're {article} {current}")
    elif target:
        parts.append(f"you'd like to become {target}")
        facts.pop("goal", None)
    parts.extend(text for slot, value in facts.items() if (text := said_back(slot, value)))
    return "Got it: " + ", ".join(parts) + "."
