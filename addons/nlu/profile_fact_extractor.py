"""Entity extractor: the profile facts a message states, as entities with roles.

"im a cashier at a supermarket and want to become a data analyst, 5 hrs a week, $200"
gives ``job_title`` (role ``current``) "cashier", ``job_title`` (role ``target``) "data
analyst", ``goal`` "switch", ``hours_per_week`` "5 hrs a week" and ``budget`` "$200". The
words are found by ``bot.profiles.facts`` (cues such as "I'm a", "become", "from X to Y",
and the one answer parser for money, hours and formats); the domain's slot mappings put
them into the profile slots at any point of the conversation, and the action server
resolves the roles against the catalog (so every O*NET title works, not only the words
seen in training).

A message that states who the person is or wants to be is an answer to the advisor even
when the intent classifier, which has only seen a few such sentences, thinks it small talk
or off-topic: such messages get the intent ``inform`` (``start_advice`` when they ask
about their own case, "I'm a nurse, should I upskill or reskill?"). The original ranking
is kept under ``intent_before_profile_facts`` so evaluation can see both.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_ROLE,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog.role_resolver import known_titles
from bot.config import catalog_db_url
from bot.profiles import facts as profile_facts
from bot.storage.db import DatabaseUnavailable, create_catalog_engine

logger = logging.getLogger(__name__)

ORIGINAL_INTENT_KEY = "intent_before_profile_facts"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ProfileFactExtractor(GraphComponent, EntityExtractorMixin):
    """Profile facts as entities; statements about one's job routed to the advisor."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Intents a message stating a role is taken away from: the classifier's guesses
            # for sentences it has not learnt (greetings, small talk, off-topic, insults).
            "overridable_intents": [
                "out_of_scope",
                "greet",
                "goodbye",
                "thank_you",
                "insult",
                "other_language",
                "bot_challenge",
                "affirm",
                "deny",
                "help",
                "declined_topic",
                "skip",
                "ask_why",
                "ask_more",
                "ask_example",
                "what_next",
            ],
            # Also taken away from a question about the person's own case ("I'm a nurse,
            # should I reskill?"): the advisor answers it, not a canned FAQ answer.
            "own_case_overridable_intents": ["faq", "start_advice", "inform", "update_profile"],
            # A message with only time, money or a format keeps these intents ("what's the
            # weather this weekend?", "will my boss pay for my course?").
            "kept_without_a_role": [
                "faq",
                "out_of_scope",
                "other_language",
                "search_courses",
                "ask_alternatives",
                "update_profile",
                "talk_to_human",
            ],
            # A message of nothing but facts ("my employer pays", "nothing, I'm broke") is an
            # answer when the classifier took it for one of these (or any intent below
            # replace_below); other intents keep it ("I only have 3 hours a week" updates
            # the profile through update_profile).
            "only_facts_overridable_intents": ["distress", "ask_alternatives", "job_loss", "stop"],
            # Below this confidence any intent is replaced.
            "replace_below": 0.6,
            # The confidence given to the replacement (above the FallbackClassifier's threshold).
            "confidence": 0.9,
            # The catalog's role titles (CATALOG_DB_URL) count as job titles said without a cue.
            "catalog_titles": True,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = {**self.get_default_config(), **config}
        if self.config["catalog_titles"]:
            _use_catalog_titles()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ProfileFactExtractor:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text or text.startswith("/"):  # button payloads carry their own entities
            return
        found = profile_facts.find_facts(text)
        if not found:
            return
        entities = self.add_extractor_name([_entity(fact, text) for fact in found])
        message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        routed = profile_facts.route(text, found)
        names_a_role = any(fact.name in profile_facts.ROLE_FACTS for fact in found)
        if profile_facts.states_only_facts(text, found) and self._guessed(message):
            self._route(message, routed or profile_facts.INFORM, names_a_role, profile=True)
        elif routed is not None:
            # a role and two more facts is a profile, whatever else the message says
            profile = names_a_role and len({fact.name for fact in found}) >= 3
            self._route(message, routed, names_a_role, profile)

    def _guessed(self, message: Message) -> bool:
        """Whether the classifier's intent is a guess that a message of only facts overrides."""
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY)
        confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        overridable = [*self.config["overridable_intents"], *self.config["only_facts_overridable_intents"]]
        return name in overridable or confidence < self.config["replace_below"]

    def _route(self, message: Message, routed_intent: str, names_a_role: bool, profile: bool = False) -> None:
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY)
        confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        agrees = name == routed_intent or (
            name in (profile_facts.INFORM, profile_facts.START_ADVICE)
            and routed_intent == profile_facts.INFORM
        )
        if agrees:
            # The classifier's intent stands; the facts found are evidence for it, so a
            # hesitant score ("free only pls": inform 0.45) is not left to fall back.
            if confidence < self.config["replace_below"]:
                self._set_intent(message, intent, str(name))
            return
        overridable = list(self.config["overridable_intents"])
        if routed_intent == profile_facts.START_ADVICE:
            overridable += self.config["own_case_overridable_intents"]
        if profile:
            replace = True
        elif names_a_role or routed_intent == profile_facts.START_ADVICE:
            replace = name in overridable or confidence < self.config["replace_below"]
        else:  # only time, money or a format: "this weekend", "will my boss pay?" are not answers
            replace = (
                confidence < self.config["replace_below"] and name not in self.config["kept_without_a_role"]
            )
        if not replace:
            return
        self._set_intent(message, intent, routed_intent)

    def _set_intent(self, message: Message, original: dict[str, Any], routed_intent: str) -> None:
        """``routed_intent`` at the configured confidence; the original kept for evaluation."""
        message.set(ORIGINAL_INTENT_KEY, original, add_to_output=True)
        new_intent = {INTENT_NAME_KEY: routed_intent, PREDICTED_CONFIDENCE_KEY: self.config["confidence"]}
        others = [
            entry
            for entry in (message.get(INTENT_RANKING_KEY) or [])
            if entry.get(INTENT_NAME_KEY) != routed_intent
        ]
        # the others share what is left, so the FallbackClassifier sees one clear winner
        total = sum(float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for entry in others) or 1.0
        left = 1.0 - float(self.config["confidence"])
        ranking = [new_intent] + [
            {
                **entry,
                PREDICTED_CONFIDENCE_KEY: float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0) * left / total,
            }
            for entry in others
        ]
        message.set(INTENT, new_intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _use_catalog_titles() -> None:
    """Let the catalog's role titles count as job titles said without a cue ("scrum master,
    5 hours a week"), read when the model loads, so titles imported later (O*NET) count
    after a restart, without retraining. Without a reachable catalog the
    fact finder works from its own lexicon alone."""
    url = catalog_db_url()
    database = make_url(url).database if url.startswith("sqlite") else None
    if database and database != ":memory:" and not Path(database).exists():
        return  # not created yet (`make catalog`); connecting would leave an empty file
    try:
        engine = create_catalog_engine(url)
        try:
            if not inspect(engine).has_table("roles"):
                return
            with engine.connect() as connection:
                titles = known_titles(connection)
        finally:
            engine.dispose()
    except (SQLAlchemyError, DatabaseUnavailable) as error:
        logger.warning(
            "Catalog job titles not loaded (%s): facts use the built-in lexicon", type(error).__name__
        )
        return
    profile_facts.use_known_titles(titles)


def _entity(fact: profile_facts.Fact, text: str) -> dict[str, Any]:
    """The fact as a Rasa entity; offsets refer to the message as sent (the facts were
    found in its whitespace-collapsed form)."""
    entity_type, role = profile_facts.ENTITY_OF_FACT[fact.name]
    start, end = fact.start, fact.end
    words = profile_facts.cleaned(text)[start:end]
    if text[start:end] != words:  # the message had runs of spaces: find the words in it
        found_at = text.find(words)
        start, end = (found_at, found_at + len(words)) if found_at >= 0 else (start, end)
    entity: dict[str, Any] = {
        ENTITY_ATTRIBUTE_TYPE: entity_type,
        ENTITY_ATTRIBUTE_VALUE: fact.value,
        ENTITY_ATTRIBUTE_START: start,
        ENTITY_ATTRIBUTE_END: end,
    }
    if role is not None:
        entity[ENTITY_ATTRIBUTE_ROLE] = role
    return entity
