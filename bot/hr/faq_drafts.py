"""HR's "add as FAQ": a group of unanswered questions or a resolved ticket becomes a draft
FAQ answer for review, never a change to the live assistant.

FAQ answers are a Rasa ResponseSelector: examples of the retrieval intent ``faq/<topic>``
in data/nlu/faq.yml, the answer ``utter_faq/<topic>`` in data/responses/faq.yml. A draft
is the same two files (Rasa 3.x YAML, written with a YAML library, so no user text can
break out of its string) plus a README.txt, in its own folder under ``FAQ_REVIEW_DIR``.
``rasa data validate`` checks it together with the project's data, in a subprocess (this
package does not import Rasa). The assistant only answers differently after a person
copied the draft into data/ and retrained: nothing here writes into data/, domain.yml or
models/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT, env_value
from bot.profiles.masking import mask_contacts

TOPIC_MAX_LENGTH = 60
TOPIC_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
MIN_NEW_EXAMPLES = 2
EXAMPLE_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 4000
MAX_EXAMPLES = 200
#: ``rasa data validate`` takes 15-40 s on this project (most of it importing Rasa).
VALIDATE_TIMEOUT_SECONDS = 300
VALIDATE_OUTPUT_LINES = 40
RASA_YAML_VERSION = "3.1"
_SLUG_STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the i me my we our you your is are am was be can could do does did how what when "
        "where which who why will would should to of in on at for and or if it its this that "
        "there with about any some please get",
    )
)
# Noise of every Rasa start (library deprecations, progress bars), left out of the reports.
_NOISE = re.compile(
    r"Deprecat|declare_namespace|pkg_resources|import pkg|Implementing implicit|Base: Declarative"
    r"|xla_computation|Processed story blocks|SQLALCHEMY_|sqlalche\.me|duplicated intents have been"
    r"|More info at https://rasa\.com/docs/rasa/domain|^\s*$"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class DraftError(ValueError):
    """Input that cannot become an FAQ draft (the message says why, in HR's words)."""


def review_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where drafts are written (``FAQ_REVIEW_DIR``; a relative path is from the project folder)."""
    return PROJECT_ROOT / (env_value("FAQ_REVIEW_DIR", env) or "var/faq_review")


def check_topic(topic: str | None) -> str:
    """The topic key, stripped; ``DraftError`` unless it is lowercase snake_case of ≤ 60 characters."""
    key = (topic or "").strip()
    if key.startswith("faq/"):
        key = key[len("faq/") :]
    if not key:
        raise DraftError("give the FAQ a topic key, e.g. parental_leave")
    if len(key) > TOPIC_MAX_LENGTH:
        raise DraftError(f"the topic key must be at most {TOPIC_MAX_LENGTH} characters long")
    if not TOPIC_KEY.match(key):
        raise DraftError(
            f"the topic key must be lowercase snake_case (letters, digits, single underscores, "
            f"starting with a letter), e.g. parental_leave, not {key!r}"
        )
    return key


def topic_slug(text: str) -> str:
    """A topic key suggested from a question: its first few content words in snake_case."""
    words = re.findall(r"[a-z0-9]+", mask_contacts(text).lower())
    content = [word for word in words if word not in _SLUG_STOP_WORDS and word not in ("email", "phone")]
    slug = "_".join((content or words)[:5])[:TOPIC_MAX_LENGTH].strip("_")
    if not slug:
        return "new_topic"
    return slug if slug[0].isalpha() else f"topic_{slug}"[:TOPIC_MAX_LENGTH].strip("_")


def suggest_topic(top_intents: Sequence[Mapping[str, Any]], text: str) -> str:
    """The topic of the assistant's best guess when it was an FAQ topic, else a slug of ``text``."""
    for intent in top_intents[:1]:
        name = str(intent.get("name") or "")
        if name.startswith("faq/"):
            try:
                return check_topic(name)
            except DraftError:
                break
    return topic_slug(text)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def clean_examples(lines: Sequence[str]) -> list[str]:
    """Examples ready for training: one line each, masked, no empties, no duplicates."""
    cleaned: dict[str, str] = {}
    for line in lines:
        text = " ".join(mask_contacts(line or "").split())
        text = text[2:].strip() if text.startswith("- ") else text  # pasted from a Rasa file
        if text and _normal(text) not in cleaned:
            cleaned[_normal(text)] = text[:EXAMPLE_MAX_LENGTH]
    return list(cleaned.values())


def training_examples(data_dir: Path | None = None) -> dict[str, list[str]]:
    """The project's NLU examples by intent (``faq/<topic>`` for FAQ topics), from data/nlu/*.yml."""
    folder = (data_dir or PROJECT_ROOT / "data") / "nlu"
    intents: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu") or []:
            if not isinstance(block, dict) or "intent" not in block:
                continue
            lines = str(block.get("examples") or "").splitlines()
            examples = [line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")]
            intents.setdefault(str(block["intent"]), []).extend(examples)
    return intents


def faq_topics(examples_by_intent: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The FAQ topics among the intents, with their examples."""
    return {
        intent[len("faq/") :]: list(examples)
        for intent, examples in examples_by_intent.items()
        if intent.startswith("faq/")
    }


@dataclass
class FaqDraft:
    """What a draft adds: new examples of ``faq/<topic>``, and the answer when there is one."""

    topic: str
    extends: bool
    examples: list[str]
    answer: str | None
    #: examples left out, with the reason (already in this topic, or labelled with another intent)
    left_out: list[tuple[str, str]] = field(default_factory=list)

    @property
    def intent(self) -> str:
        return f"faq/{self.topic}"

    @property
    def response(self) -> str:
        return f"utter_faq/{self.topic}"

    def nlu_document(self) -> dict[str, Any]:
        examples = "".join(f"- {example}\n" for example in self.examples)
        return {"version": RASA_YAML_VERSION, "nlu": [{"intent": self.intent, "examples": examples}]}

    def responses_document(self) -> dict[str, Any] | None:
        if self.answer is None:
            return None
        return {"version": RASA_YAML_VERSION, "responses": {self.response: [{"text": self.answer}]}}


def draft_faq(
    topic: str,
    examples: Sequence[str],
    answer: str | None,
    existing_topics: Mapping[str, Collection[str]],
    *,
    known_examples: Mapping[str, Sequence[str]] | None = None,
) -> FaqDraft:
    """Check HR's input and decide what the draft adds; ``DraftError`` says what to fix.

    ``existing_topics`` maps the project's FAQ topics to their examples: a draft for one of
    them extends it with the examples it does not have yet (the answer only when given).
    ``known_examples`` (all intents' examples, see ``training_examples``) drops examples the
    project already labels with another intent: Rasa's validator does not see that clash
    between two FAQ topics, and it would teach the model two answers for one question."""
    key = check_topic(topic)
    extends = key in existing_topics
    text = (answer or "").strip() or None
    if text is not None and len(text) > ANSWER_MAX_LENGTH:
        raise DraftError(f"the answer must be at most {ANSWER_MAX_LENGTH} characters long")
    if not extends and text is None:
        raise DraftError(f"faq/{key} is a new topic: write the answer the assistant should give")
    cleaned = clean_examples(examples)
    if len(cleaned) > MAX_EXAMPLES:
        raise DraftError(f"at most {MAX_EXAMPLES} examples per draft")
    have = {_normal(example) for example in existing_topics.get(key, ())}
    elsewhere = {
        _normal(example): intent
        for intent, intent_examples in (known_examples or {}).items()
        if intent != f"faq/{key}"
        for example in intent_examples
    }
    new: list[str] = []
    left_out: list[tuple[str, str]] = []
    for example in cleaned:
        if _normal(example) in have:
            left_out.append((example, f"already an example of faq/{key}"))
        elif _normal(example) in elsewhere:
            left_out.append((example, f"already an example of {elsewhere[_normal(example)]}"))
        else:
            new.append(example)
    if extends and not new and text is None:
        raise DraftError(f"nothing to add to faq/{key}: every example is already in the training data")
    if not extends and len(new) < MIN_NEW_EXAMPLES:
        raise DraftError(
            f"a new topic needs at least {MIN_NEW_EXAMPLES} different examples (ways of asking the "
            f"question, one per line); {len(new)} left after removing duplicates and known ones"
        )
    return FaqDraft(key, extends, new, text, left_out)


# --- writing -------------------------------------------------------------------------------------


class _RasaDumper(yaml.SafeDumper):
    """The layout of the project's data files, so a block can be pasted into them: lists
    indented under their key, multi-line texts as literal blocks (``|``; PyYAML falls back
    to a quoted scalar when a block cannot hold the text exactly)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_RasaDumper.add_representer(str, _represent_text)


def dump_yaml(document: Mapping[str, Any]) -> str:
    return yaml.dump(dict(document), Dumper=_RasaDumper, sort_keys=False, allow_unicode=True, width=100_000)


@dataclass
class Validation:
    """The result of ``rasa data validate`` on the draft with the project's data."""

    ran: bool
    passed: bool
    command: str
    lines: list[str]
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        if not self.ran:
            return "not run: " + (self.lines[0] if self.lines else "the validator could not be started")
        return "passed" if self.passed else "FAILED"


def validate(
    folder: Path, project_root: Path = PROJECT_ROOT, timeout: float = VALIDATE_TIMEOUT_SECONDS
) -> Validation:
    """``rasa data validate --fail-on-warnings`` (as ``make validate``) on the project's domain
    and data plus ``folder``, with this interpreter's Rasa. Never raises: a validator that
    cannot run is reported as such."""
    arguments = [
        "data", "validate", "--fail-on-warnings", "--domain", "domain.yml", "--config", "config.yml",
        "--data", "data", str(folder),
    ]  # fmt: skip
    command = "rasa " + " ".join(arguments)
    started = datetime.now(timezone.utc)
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "rasa", *arguments],
            cwd=project_root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Validation(False, False, command, [f"rasa data validate took longer than {timeout:.0f} s"])
    except OSError as error:
        return Validation(False, False, command, [f"cannot start {sys.executable} -m rasa: {error}"])
    seconds = (datetime.now(timezone.utc) - started).total_seconds()
    output = _ANSI.sub("", finished.stdout + "\n" + finished.stderr)
    if "No module named rasa" in output:
        return Validation(False, False, command, [f"Rasa is not installed for {sys.executable}"], seconds)
    lines = [line.rstrip() for line in output.splitlines() if not _NOISE.search(line)]
    return Validation(True, finished.returncode == 0, command, lines[-VALIDATE_OUTPUT_LINES:], seconds)


@dataclass
class WrittenDraft:
    draft: FaqDraft
    folder: Path
    validation: Validation
    source: str

    @property
    def files(self) -> list[str]:
        return sorted(path.name for path in self.folder.iterdir())

    def retrain_note(self) -> str:
        return retrain_steps(self.draft, self.folder)


def retrain_steps(draft: FaqDraft, folder: Path) -> str:
    """Exactly what a person does to make the draft live, or to throw it away."""
    files = "nlu.yml and responses.yml" if draft.answer is not None else "nlu.yml"
    steps = [f"1. Read {files}; change what needs changing."]
    if draft.extends:
        steps.append(
            f"2. Copy the example lines of nlu.yml to the end of the examples of "
            f"`- intent: {draft.intent}` in data/nlu/faq.yml."
        )
        if draft.answer is not None:
            steps.append(
                f"3. Replace the text of {draft.response} in data/responses/faq.yml with the one in "
                f"responses.yml (keep its buttons if they still fit)."
            )
        else:
            steps.append(f"3. The answer stays the one of {draft.response} in data/responses/faq.yml.")
    else:
        steps.append(f"2. Append the `- intent: {draft.intent}` block of nlu.yml to data/nlu/faq.yml.")
        steps.append(f"3. Append the {draft.response} entry of responses.yml to data/responses/faq.yml.")
    steps += [
        "4. domain.yml needs no change: it lists the retrieval intent `faq` once, and FAQ answers "
        "live in data/responses/.",
        "5. `make validate`, then `make train` (a new model in models/), then restart the assistant "
        "(`make run`). Until then the assistant answers as before.",
        f"6. Once copied, delete this folder. To discard the draft, delete it without copying: "
        f"rm -r {folder}",
    ]
    return "\n".join(steps)


def _readme(written: WrittenDraft, now: datetime) -> str:
    draft, validation = written.draft, written.validation
    kind = "extends the existing topic" if draft.extends else "a new topic"
    lines = [
        f"FAQ draft: {draft.intent} ({kind})",
        f"Written {now.strftime('%Y-%m-%d %H:%M UTC')} from {written.source}.",
        "",
        "This is a proposal for review. The assistant does not use it: it answers with the model in",
        "models/, trained from data/ and domain.yml, and nothing here changes them.",
        "",
        "Files:",
        f"  nlu.yml        {len(draft.examples)} new example(s) of {draft.intent}",
        (
            f"  responses.yml  the answer {draft.response}"
            if draft.answer is not None
            else f"  (no responses.yml: the existing answer {draft.response} stays)"
        ),
    ]
    if draft.left_out:
        lines += ["", "Left out:"] + [f"  {example}  ({reason})" for example, reason in draft.left_out]
    lines += ["", f"Validation: {validation.summary}", f"  {validation.command}"]
    lines += [f"  | {line}" for line in validation.lines]
    lines += ["", "To make it live:", retrain_steps(draft, written.folder), ""]
    return "\n".join(lines)


def _new_folder(parent: Path, topic: str, now: datetime) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 100):
        folder = parent / (f"{stamp}_{topic}" if attempt == 1 else f"{stamp}_{topic}_{attempt}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise DraftError(f"cannot create a new folder for faq/{topic} in {parent}")


def write_draft(
    draft: FaqDraft,
    source: str,
    *,
    folder: Path | None = None,
    run_validator: bool = True,
    now: datetime | None = None,
) -> WrittenDraft:
    """Write ``draft`` as ``<timestamp>_<topic>/`` (nlu.yml, responses.yml, README.txt) in the
    review folder, validate it and record the result in the README. ``OSError`` when the
    folder cannot be written."""
    moment = now or datetime.now(timezone.utc)
    target = _new_folder(folder or review_dir(), draft.topic, moment)
    (target / "nlu.yml").write_text(dump_yaml(draft.nlu_document()), encoding="utf-8")
    responses = draft.responses_document()
    if responses is not None:
        (target / "responses.yml").write_text(dump_yaml(responses), encoding="utf-8")
    validation = (
        validate(target)
        if run_validator
        else Validation(False, False, "rasa data validate", ["the validator was not asked for"])
    )
    written = WrittenDraft(draft, target, validation, source)
    (target / "README.txt").write_text(_readme(written, moment), encoding="utf-8")
    return written


def make_draft(
    topic: str,
    examples: Sequence[str],
    answer: str | None,
    source: str,
    *,
    data_dir: Path | None = None,
    folder: Path | None = None,
    run_validator: bool = True,
) -> WrittenDraft:
    """The whole "add as FAQ" action of the HR page and the CLI: check against the project's
    current FAQ topics, write, validate."""
    known = training_examples(data_dir)
    draft = draft_faq(topic, examples, answer, faq_topics(known), known_examples=known)
    return write_draft(draft, source, folder=folder, run_validator=run_validator)
