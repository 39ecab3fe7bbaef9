"""The FAQ response selector (addons/nlu/tfidf_response_selector.py): trained on the retrieval
intent's topics with Rasa's own featurizers, saved and loaded back, and its output in the
shape Rasa's ResponseSelector writes (which utter_faq and the processor read)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.tfidf_response_selector import TfidfResponseSelector
from tests.addons.test_tfidf_intent_classifier import Pipeline

TOPICS = {
    "faq/difference": [
        "what is the difference between upskilling and reskilling",
        "upskilling vs reskilling",
        "how is reskilling different from upskilling",
    ],
    "faq/duration": ["how long does reskilling take", "how many months to retrain", "how long is upskilling"],
    "faq/bootcamps": ["are bootcamps worth it", "what is a coding bootcamp", "how intense is a bootcamp"],
}
OTHER = {"greet": ["hello", "hi there", "good morning"]}


class SelectorPipeline(Pipeline):
    def __init__(self, storage_dir: Path) -> None:
        super().__init__(storage_dir)
        self.resource = Resource("response_selector")

    def train_selector(self) -> TfidfResponseSelector:
        messages = [
            Message.build(text=text, intent="faq", intent_response_key=key)
            for key, texts in TOPICS.items()
            for text in texts
        ] + [Message.build(text=text, intent=intent) for intent, texts in OTHER.items() for text in texts]
        selector: TfidfResponseSelector = self.trained(TfidfResponseSelector, messages)
        return selector

    def select(self, selector: TfidfResponseSelector, text: str) -> Message:
        message = Message.build(text=text)
        selector.process(self.featurize([message]))
        return message


@pytest.fixture
def pipeline(tmp_path: Path) -> SelectorPipeline:
    return SelectorPipeline(tmp_path)


def test_picks_the_topic_in_the_response_selectors_format(pipeline: SelectorPipeline) -> None:
    message = pipeline.select(pipeline.train_selector(), "how long will it take me to reskill")
    selection = message.get("response_selector")
    assert selection["all_retrieval_intents"] == ["faq"]
    response = selection["faq"]["response"]
    assert response["intent_response_key"] == "faq/duration"
    assert response["utter_action"] == "utter_faq/duration"
    ranking = selection["faq"]["ranking"]
    assert ranking[0]["intent_response_key"] == "faq/duration"
    assert sum(entry["confidence"] for entry in ranking) == pytest.approx(1.0)
    assert message.get("intent") is None  # the intent stays the intent classifier's


def test_only_the_retrieval_intents_topics_are_labels(pipeline: SelectorPipeline) -> None:
    selector = pipeline.train_selector()
    assert selector.pipeline is not None
    assert sorted(selector.pipeline.classes_) == sorted(TOPICS)


def test_saved_and_loaded_selector_gives_the_same_ranking(pipeline: SelectorPipeline) -> None:
    trained = pipeline.train_selector()
    loaded = TfidfResponseSelector.load({}, pipeline.storage, pipeline.resource, pipeline.context)
    for text in ["is a bootcamp worth the money", "upskill or reskill, what's the difference?"]:
        before = pipeline.select(trained, text).get("response_selector")["faq"]["ranking"]
        after = pipeline.select(loaded, text).get("response_selector")["faq"]["ranking"]
        assert [e["intent_response_key"] for e in before] == [e["intent_response_key"] for e in after]
        assert np.allclose([e["confidence"] for e in before], [e["confidence"] for e in after])


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_message_gets_no_selection(pipeline: SelectorPipeline, text: str) -> None:
    assert pipeline.select(pipeline.train_selector(), text).get("response_selector") is None
