"""The README and docs/ stay true as the code moves: the commands they name exist, their
links and the repository paths they write lead somewhere, and the README stays short.

Only the files are read (no servers, no network, no model), so this runs in a moment.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from bot.cli import main as bot_cli
from tests.kit.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
DOCS_DIR = PROJECT_ROOT / "docs"
DOC_FILES = [README, *sorted(DOCS_DIR.glob("*.md"))]

#: Short enough to read in two minutes; the details belong in docs/.
README_MAX_BYTES = 8 * 1024

#: Folders that exist only on a machine that ran `make` (or a tool), never in the repository.
NOT_IN_REPOSITORY = {".venv", "models", "results", "var", "node_modules", "__pycache__"}

FENCED_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
MAKE_TARGET = re.compile(r"(?:^|[\s;&|(])make\s+([a-z][a-z0-9-]*)")
MAKEFILE_RULE = re.compile(r"^([A-Za-z0-9_-]+)\s*:(?!=)", re.MULTILINE)
BOT_COMMAND = re.compile(r"python -m bot((?:\s+[a-z][a-z-]*)*)")
PLACEHOLDER_CHARACTERS = set("<>{}$:=,'\"")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _code(text: str) -> list[str]:
    """The code in a Markdown text: fenced blocks and inline code spans."""
    fenced = FENCED_BLOCK.findall(text)
    inline = INLINE_CODE.findall(FENCED_BLOCK.sub("", text))
    return fenced + inline


def _inline_code_outside_blocks(text: str) -> list[str]:
    return INLINE_CODE.findall(FENCED_BLOCK.sub("", text))


def _doc_id(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def _makefile_targets() -> set[str]:
    return set(MAKEFILE_RULE.findall(_text(PROJECT_ROOT / "Makefile")))


def _looks_like_repository_path(span: str) -> bool:
    """`bot/catalog/seeding.py`, `data/nlu`, `tests/test_*.yml`: a path with a folder in it,
    relative to the project root. Not: commands (spaces), URLs and placeholders
    (`faq/<topic>`), absolute or parent paths, or files that only `make` creates."""
    if "/" not in span or any(character.isspace() for character in span):
        return False
    if PLACEHOLDER_CHARACTERS & set(span) or span.startswith(("/", "../", "~")):
        return False
    first = span.split("/", 1)[0]
    if first in NOT_IN_REPOSITORY:
        return False
    # A folder of the project, or something that names a file (`launcher/config.py`).
    return (PROJECT_ROOT / first).is_dir() or re.search(r"\.[a-z]{1,5}$", span) is not None


def _exists(span: str) -> bool:
    if "*" in span:
        return any(PROJECT_ROOT.glob(span))
    return (PROJECT_ROOT / span).exists()


def _command_exists(words: list[str]) -> bool:
    """Whether `python -m bot WORDS...` names a real command (options and arguments after
    the command's name are fine)."""
    command: click.Command = bot_cli
    for word in words:
        if not isinstance(command, click.Group):
            return True  # the rest are arguments, e.g. `hr show 12`
        sub = command.commands.get(word)
        if sub is None:
            return False
        command = sub
    return True


def test_there_are_docs_to_check() -> None:
    assert README.is_file()
    assert len(DOC_FILES) > 5, "docs/ holds the pages the README links to"


@pytest.mark.parametrize("doc", DOC_FILES, ids=_doc_id)
def test_every_make_target_named_exists(doc: Path) -> None:
    targets = _makefile_targets()
    named = {target for code in _code(_text(doc)) for target in MAKE_TARGET.findall(code)}
    assert named - targets == set(), f"{_doc_id(doc)} names make targets the Makefile lacks"


def test_the_readme_names_the_two_commands() -> None:
    text = _text(README)
    assert "make run" in text
    assert "make test" in text


@pytest.mark.parametrize("doc", DOC_FILES, ids=_doc_id)
def test_every_relative_link_leads_to_a_file_without_anchor(doc: Path) -> None:
    broken = []
    for target in MARKDOWN_LINK.findall(FENCED_BLOCK.sub("", _text(doc))):
        if URL_SCHEME.match(target):
            continue
        if "#" in target:
            broken.append(f"{target}: anchors break when a section moves; link the page")
        elif not (doc.parent / target).exists():
            broken.append(f"{target}: no such file")
    assert broken == [], f"{_doc_id(doc)}: {broken}"


@pytest.mark.parametrize("doc", DOC_FILES, ids=_doc_id)
def test_every_repository_path_in_backticks_exists(doc: Path) -> None:
    spans = [span for span in _inline_code_outside_blocks(_text(doc)) if _looks_like_repository_path(span)]
    missing = sorted({span for span in spans if not _exists(span)})
    assert missing == [], f"{_doc_id(doc)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOC_FILES, ids=_doc_id)
def test_every_admin_command_named_exists(doc: Path) -> None:
    named = {" ".join(words.split()) for code in _code(_text(doc)) for words in BOT_COMMAND.findall(code)}
    unknown = sorted(command for command in named if not _command_exists(command.split()))
    assert unknown == [], f"{_doc_id(doc)} names `python -m bot` commands that do not exist: {unknown}"


def test_the_readme_stays_short() -> None:
    size = len(README.read_bytes())
    assert size < README_MAX_BYTES, f"README.md is {size} bytes; move details into docs/"


def test_the_readme_project_tree_matches_the_top_level() -> None:
    """The tree under "## The project" lists what is at the top of the repository: every
    entry it names exists, and no folder of the project is left out."""
    text = _text(README)
    section = text.split("\n## The project\n", 1)[1]
    tree = FENCED_BLOCK.search(section)
    assert tree is not None, "the project tree is a code block under '## The project'"
    entries = {line.split()[0] for line in tree.group(1).splitlines() if line.strip()}
    assert sorted(entry for entry in entries if not (PROJECT_ROOT / entry).exists()) == []
    folders = {
        f"{path.name}/"
        for path in PROJECT_ROOT.iterdir()
        if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_IN_REPOSITORY
    }
    assert sorted(folders - entries) == [], "project folders missing from the README's tree"


def test_every_docs_page_has_a_title_and_is_linked_from_the_readme() -> None:
    readme_links = set(MARKDOWN_LINK.findall(_text(README)))
    for page in DOC_FILES[1:]:
        assert _text(page).startswith("# "), f"{_doc_id(page)} starts with its title"
        assert f"docs/{page.name}" in readme_links, f"{_doc_id(page)} is not linked from the README"
