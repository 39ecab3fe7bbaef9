"""FAQ drafts: topic keys, new vs extended topics, masking, YAML that Rasa reads back exactly,
and the real ``rasa data validate`` passing a good draft and failing a broken one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.hr import faq_drafts
from bot.hr.faq_drafts import DraftError, Validation, draft_faq, make_draft, write_draft

EXISTING = {"paid_leave": ["How much paid leave do I get?", "how many holidays do I have"]}
TRICKY_ANSWER = (
    'Yes: "paid" time, key: value\n- item one\n  - nested? {{ slot }} {% raw %}\n'
    "<script>alert('x')</script> & <b>bold</b>\n# not a comment\n\n"
    "Unicode: Müller, 日本語, emoji 🎓👩‍💻 — done. 'single' \\ backslash\ttab  \n  indented end"
)


def no_validation(folder: Path) -> Validation:
    return Validation(True, True, "rasa data validate (stub)", ["stub"])


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page and CLI tests check the flow; the real validator runs in test_validator_*."""
    monkeypatch.setattr(faq_drafts, "validate", no_validation)


@pytest.mark.parametrize(
    ("topic", "message"),
    [
        ("", "give the FAQ a topic key"),
        ("Parental_Leave", "lowercase snake_case"),
        ("parental leave", "lowercase snake_case"),
        ("parental__leave", "lowercase snake_case"),
        ("_leave", "lowercase snake_case"),
        ("leave_", "lowercase snake_case"),
        ("2leave", "lowercase snake_case"),
        ("leave/extra", "lowercase snake_case"),
        ("a" * 61, "at most 60 characters"),
    ],
)
def test_bad_topic_keys_are_refused(topic: str, message: str) -> None:
    with pytest.raises(DraftError, match=message):
        draft_faq(topic, ["one way to ask", "another way to ask"], "An answer.", {})


def test_good_topic_keys() -> None:
    assert faq_drafts.check_topic(" parental_leave2 ") == "parental_leave2"
    assert faq_drafts.check_topic("faq/why_now") == "why_now"
    assert faq_drafts.check_topic("a" * 60) == "a" * 60
    assert faq_drafts.topic_slug("Can I do the forklift course on paid time?") == "forklift_course_paid_time"
    assert faq_drafts.topic_slug("mail jane@example.com") == "mail"
    assert faq_drafts.topic_slug("2024 bonus?") == "topic_2024_bonus"
    assert faq_drafts.topic_slug("???") == "new_topic"
    assert faq_drafts.suggest_topic([{"name": "faq/why_now", "confidence": 0.5}], "x y") == "why_now"
    assert faq_drafts.suggest_topic([{"name": "faq", "confidence": 0.5}], "night shifts pay") == (
        "night_shifts_pay"
    )


def test_new_topic_cleans_masks_and_needs_two_examples_and_an_answer() -> None:
    draft = draft_faq(
        "shift_swap",
        [
            "  Can I swap   shifts?  ",
            "can i swap shifts?",
            "",
            "- pasted from a Rasa file",
            "who approves a swap? call 555-123-4567 or jane@example.com",
        ],
        "  Ask your team lead.  ",
        EXISTING,
    )
    assert (
        draft.extends is False
        and draft.intent == "faq/shift_swap"
        and draft.response == "utter_faq/shift_swap"
    )
    assert draft.examples == [
        "Can I swap shifts?",
        "pasted from a Rasa file",
        "who approves a swap? call [phone] or [email]",
    ]
    assert draft.answer == "Ask your team lead."
    with pytest.raises(DraftError, match="at least 2 different examples"):
        draft_faq("shift_swap", ["Can I swap shifts?", "can I swap shifts? "], "Yes.", EXISTING)
    with pytest.raises(DraftError, match="write the answer"):
        draft_faq("shift_swap", ["Can I swap shifts?", "shift swap rules"], "  ", EXISTING)


def test_extending_a_topic_adds_only_new_examples_and_keeps_the_answer_unless_given() -> None:
    known = {"faq/paid_leave": EXISTING["paid_leave"], "greet": ["hello there"]}
    draft = draft_faq(
        "paid_leave",
        ["how much paid leave do I get?", "Hello there", "is leave paid during a notice period?"],
        "",
        EXISTING,
        known_examples=known,
    )
    assert draft.extends is True and draft.answer is None and draft.responses_document() is None
    assert draft.examples == ["is leave paid during a notice period?"]  # one new example is enough
    assert draft.left_out == [
        ("how much paid leave do I get?", "already an example of faq/paid_leave"),
        ("Hello there", "already an example of greet"),
    ]
    with_answer = draft_faq("paid_leave", ["How much paid leave do I get?"], "25 days.", EXISTING)
    assert with_answer.examples == [] and with_answer.answer == "25 days."
    with pytest.raises(DraftError, match="nothing to add"):
        draft_faq("paid_leave", ["how many holidays do I have"], None, EXISTING)


def test_written_yaml_round_trips_exactly_with_hostile_text(tmp_path: Path) -> None:
    examples = [
        'what about "quotes": and colons?',
        "list:\n- item {{ x }} <b>html</b> #hash",
        "Ünïcödé 🎓 question?",
    ]
    draft = draft_faq("tricky_text", examples, TRICKY_ANSWER, EXISTING)
    written = write_draft(draft, "a test", folder=tmp_path, run_validator=False)
    assert written.folder.parent == tmp_path and written.folder.name.endswith("_tricky_text")
    assert written.files == ["README.txt", "nlu.yml", "responses.yml"]
    nlu = yaml.safe_load((written.folder / "nlu.yml").read_text(encoding="utf-8"))
    assert nlu == {
        "version": "3.1",
        "nlu": [
            {
                "intent": "faq/tricky_text",
                "examples": '- what about "quotes": and colons?\n- list: - item {{ x }} <b>html</b> #hash\n'
                "- Ünïcödé 🎓 question?\n",
            }
        ],
    }
    # Rasa reads each "- " line of the block as one example
    lines = nlu["nlu"][0]["examples"].splitlines()
    assert [line[2:] for line in lines] == [
        examples[0],
        "list: - item {{ x }} <b>html</b> #hash",
        examples[2],
    ]
    responses = yaml.safe_load((written.folder / "responses.yml").read_text(encoding="utf-8"))
    assert responses == {"version": "3.1", "responses": {"utter_faq/tricky_text": [{"text": TRICKY_ANSWER}]}}
    readme = (written.folder / "README.txt").read_text(encoding="utf-8")
    assert "faq/tricky_text (a new topic)" in readme and "make train" in readme and "rm -r" in readme
    second = write_draft(draft, "a test", folder=tmp_path, run_validator=False, now=None)
    assert second.folder != written.folder  # never overwrites another draft


def test_drafts_go_to_the_review_folder_and_never_into_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quick: None
) -> None:
    monkeypatch.setenv("FAQ_REVIEW_DIR", str(tmp_path / "review"))
    before = {path: path.stat().st_mtime_ns for path in (PROJECT_ROOT / "data").rglob("*.yml")}
    domain = (PROJECT_ROOT / "domain.yml").read_bytes()
    written = make_draft("shift_swap", ["Can I swap shifts?", "shift swap rules"], "Ask your lead.", "a test")
    assert written.folder.parent == tmp_path / "review"
    assert {path: path.stat().st_mtime_ns for path in (PROJECT_ROOT / "data").rglob("*.yml")} == before
    assert (PROJECT_ROOT / "domain.yml").read_bytes() == domain
    # the project's topics are known: why_now exists, so this extends it
    extended = make_draft("why_now", ["why is everyone talking about reskilling this year"], "", "a test")
    assert extended.draft.extends is True and extended.files == ["README.txt", "nlu.yml"]
    assert faq_drafts.review_dir({}) == PROJECT_ROOT / "var" / "faq_review"


def test_validator_passes_a_good_draft_and_fails_a_broken_one(tmp_path: Path) -> None:
    """The real ``rasa data validate`` (about 20 s; both runs at once). No Rasa: this fails."""
    good = make_draft(
        "paid_training_time",
        ["Can I do a course during paid working hours?", "is training time paid?"],
        TRICKY_ANSWER,
        "a test",
        folder=tmp_path / "good",
        run_validator=False,
    )
    broken = write_draft(good.draft, "a test", folder=tmp_path / "broken", run_validator=False)
    (broken.folder / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: faq/paid_training_time\n  examples:\n  - one\n  - two\n',
        encoding="utf-8",
    )
    with ThreadPoolExecutor(2) as pool:
        passed, failed = pool.map(faq_drafts.validate, [good.folder, broken.folder])
    assert passed.ran, passed.lines  # Rasa must be installed for the tests' interpreter
    assert passed.passed and passed.summary == "passed", passed.lines
    assert failed.ran and not failed.passed and failed.summary == "FAILED"
    assert any("is not of type 'str'" in line for line in failed.lines), failed.lines


def test_validator_that_cannot_run_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(faq_drafts.sys, "executable", str(tmp_path / "no-python"))
    result = faq_drafts.validate(tmp_path)
    assert not result.ran and not result.passed and "cannot start" in result.summary


def test_draft_blocks_paste_into_the_project_files_as_they_are(tmp_path: Path) -> None:
    """The README says: append the blocks to data/nlu/faq.yml and data/responses/faq.yml."""
    draft = draft_faq("shift_swap", ["Can I swap shifts?", "who approves a swap?"], TRICKY_ANSWER, EXISTING)
    written = write_draft(draft, "a test", folder=tmp_path, run_validator=False)
    merged = {}
    for draft_file, project_file in [("nlu.yml", "nlu/faq.yml"), ("responses.yml", "responses/faq.yml")]:
        block = (written.folder / draft_file).read_text(encoding="utf-8").split("\n", 2)[2]  # after the keys
        text = (PROJECT_ROOT / "data" / project_file).read_text(encoding="utf-8").rstrip("\n") + "\n" + block
        merged[draft_file] = yaml.safe_load(text)
    assert merged["nlu.yml"]["nlu"][-1] == draft.nlu_document()["nlu"][0]
    assert len(merged["nlu.yml"]["nlu"]) > 50  # the project's topics are still there
    assert merged["responses.yml"]["responses"]["utter_faq/shift_swap"] == [{"text": TRICKY_ANSWER}]
    assert "utter_faq/difference" in merged["responses.yml"]["responses"]
