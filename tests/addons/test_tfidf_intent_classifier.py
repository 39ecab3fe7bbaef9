"""The project's intent classifier (addons/nlu/tfidf_intent_classifier.py) with Rasa's
own tokenizer and featurizers, trained on a small data set, saved and loaded back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.nlu.tfidf_intent_classifier import TfidfIntentClassifier

EXAMPLES = {
    "faq": [
        "what is the difference between upskilling and reskilling",
        "how long does reskilling take",
        "are bootcamps worth it",
        "can my employer pay for my training",
        "what is a micro-credential",
    ],
    "out_of_scope": [
        "what's the weather tomorrow",
        "book a table for two tonight",
        "play some jazz music",
        "how do I change a flat tyre",
        "what's my bank balance",
    ],
    "greet": ["hello", "hi there", "good morning", "hey", "hiya"],
}


class Pipeline:
    """Tokenizer, word and char n-gram counts, then the classifier, as in config.yml."""

    def __init__(self, storage_dir: Path) -> None:
        self.storage = LocalModelStorage(storage_dir)
        self.context = ExecutionContext(GraphSchema({}), "test")
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.featurizers = [
            CountVectorsFeaturizer.create(
                {**CountVectorsFeaturizer.get_default_config(), **config},
                self.storage,
                Resource(f"counts_{index}"),
                self.context,
            )
            for index, config in enumerate([{}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}])
        ]
        self.resource = Resource("intent_classifier")

    def featurize(self, messages: list[Message]) -> list[Message]:
        self.tokenizer.process(messages)
        for featurizer in self.featurizers:
            featurizer.process(messages)
        return messages

    def train(self, config: dict | None = None) -> TfidfIntentClassifier:
        messages = [
            Message.build(text=text, intent=intent) for intent, texts in EXAMPLES.items() for text in texts
        ]
        return self.trained(TfidfIntentClassifier, messages, config)

    def trained(
        self, component: type[TfidfIntentClassifier], messages: list[Message], config: dict | None = None
    ) -> Any:
        """``component`` trained on ``messages`` after the tokenizer and featurizers learnt them."""
        data = TrainingData(messages)
        self.tokenizer.process_training_data(data)
        for featurizer in self.featurizers:
            featurizer.train(data)
            featurizer.process_training_data(data)
        trained = component.create(config or {}, self.storage, self.resource, self.context)
        trained.train(data)
        return trained

    def load(self) -> TfidfIntentClassifier:
        return TfidfIntentClassifier.load({}, self.storage, self.resource, self.context)

    def classify(self, classifier: TfidfIntentClassifier, text: str) -> Message:
        message = Message.build(text=text)
        classifier.process(self.featurize([message]))
        return message


@pytest.fixture
def pipeline(tmp_path: Path) -> Pipeline:
    return Pipeline(tmp_path)


def test_predicts_the_intent_with_a_sorted_ranking(pipeline: Pipeline) -> None:
    classifier = pipeline.train()
    message = pipeline.classify(classifier, "what's the weather like on saturday")
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == "out_of_scope"
    assert ranking[0]["name"] == "out_of_scope"
    confidences = [entry["confidence"] for entry in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)
    assert pipeline.classify(classifier, "how long do bootcamps take").get("intent")["name"] == "faq"


def test_saved_and_loaded_classifier_gives_the_same_probabilities(pipeline: Pipeline) -> None:
    trained = pipeline.train()
    loaded = pipeline.load()
    for text in ["hi", "is a bootcamp worth the money", "order a pizza", "日本語で話せますか"]:
        before = pipeline.classify(trained, text).get("intent_ranking")
        after = pipeline.classify(loaded, text).get("intent_ranking")
        assert [e["name"] for e in before] == [e["name"] for e in after]
        assert np.allclose([e["confidence"] for e in before], [e["confidence"] for e in after])


def test_training_is_deterministic(pipeline: Pipeline, tmp_path: Path) -> None:
    first = pipeline.train().pipeline
    (tmp_path / "again").mkdir()
    second = Pipeline(tmp_path / "again").train().pipeline
    assert first is not None and second is not None
    assert np.array_equal(first.named_steps["logreg"].coef_, second.named_steps["logreg"].coef_)


def test_ranking_length_and_regularisation_come_from_the_config(pipeline: Pipeline) -> None:
    classifier = pipeline.train({"ranking_length": 2, "C": 0.5})
    assert classifier.pipeline is not None
    assert classifier.pipeline.named_steps["logreg"].C == 0.5
    assert len(pipeline.classify(classifier, "hello there").get("intent_ranking")) == 2


def test_untrained_model_leaves_the_intent_unset(pipeline: Pipeline) -> None:
    classifier = pipeline.load()  # nothing was trained or saved
    assert pipeline.classify(classifier, "hello").get("intent") is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_message_gets_no_intent_and_falls_back(pipeline: Pipeline, text: str) -> None:
    """Without an intent, Rasa's FallbackClassifier raised KeyError and the user got no reply."""
    from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier

    message = pipeline.classify(pipeline.train(), text)
    assert message.get("intent") == {"name": None, "confidence": 0.0}
    assert message.get("intent_ranking") == []

    fallback = FallbackClassifier.create(
        FallbackClassifier.get_default_config(), pipeline.storage, Resource("fallback"), pipeline.context
    )
    [classified] = fallback.process([message])
    assert classified.get("intent")["name"] == "nlu_fallback"


def test_unexpected_types_in_the_saved_file_are_refused(pipeline: Pipeline) -> None:
    import skops.io as sio

    pipeline.train()
    with pipeline.storage.write_to(pipeline.resource) as directory:
        sio.dump({"not": np.datetime64("2026-01-01")}, directory / "tfidf_intent_classifier.skops")
    with pytest.raises(RuntimeError, match="unexpected types"):
        pipeline.load()
