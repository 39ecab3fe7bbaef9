"""The configuration registry (bot/config.py) against the source: every environment
variable read anywhere is declared, every declared one is read somewhere and documented in
docs/configuration.md, and the code reads settings through the registry."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pytest

from addons.channels.messaging import CHANNEL_VARIABLES
from bot import config
from bot.config import PROJECT_ROOT, SETTINGS, env_flag, env_int, env_value, markdown_tables

#: Where settings are read. tests/ is scanned too: the variables the tests read are documented.
SOURCE_DIRS = ("bot", "actions", "addons", "launcher", "bench", "eval")
SCANNED_DIRS = (*SOURCE_DIRS, "tests")
TEMPLATES = ("endpoints.yml", "credentials.yml")
REGISTRY_FILE = "bot/config.py"
THIS_FILE = "tests/bot/test_config.py"

_NAME = r"""["']([A-Z][A-Z0-9_]*)["']"""
#: os.environ.get("X"), os.environ["X"], os.environ.setdefault("X", ...), os.getenv("X")
OS_READ = re.compile(r"os\.(?:environ(?:\.get|\.setdefault|\.pop)?\s*[(\[]|getenv\()\s*" + _NAME)
#: env.get("X_Y") on a copy of the environment (any mapping; CGI/WSGI keys are excluded below)
MAPPING_READ = re.compile(r"\.get\(\s*[\"']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[\"']")
#: the registry's own lookups: env_value("X"), env_flag("X", env), env_int("X"), setting("X")
REGISTRY_READ = re.compile(r"\b(?:env_value|env_flag|env_int|setting)\(\s*" + _NAME)
#: click options that fall back to a variable
CLICK_ENVVAR = re.compile(r"\benvvar\s*=\s*" + _NAME)
#: ${X}: resolved by Rasa from the environment: anywhere in the yml templates, and as a whole
#: string in the source (what the launcher writes into its copies of them)
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
PLACEHOLDER_STRING = re.compile(r"[\"']\$\{([A-Z][A-Z0-9_]*)\}[\"']")
#: keys of a WSGI environ, not environment variables
CGI_KEYS = re.compile(
    r"HTTP_\w+|REQUEST_METHOD|PATH_INFO|QUERY_STRING|CONTENT_LENGTH|CONTENT_TYPE|SERVER_\w+"
)

#: Files that still read settings from a copy of the environment instead of the registry,
#: with the reads; the test below fails once they are converted, so this list only shrinks.
NOT_YET_THROUGH_THE_REGISTRY: dict[str, set[str]] = {}


#: What counts as a read, by kind of file.
PATTERNS = {
    "registry": (REGISTRY_READ,),  # bot/config.py: its lookups, not its declarations
    "source": (OS_READ, MAPPING_READ, REGISTRY_READ, CLICK_ENVVAR, PLACEHOLDER_STRING),
    "test": (OS_READ, MAPPING_READ, REGISTRY_READ, CLICK_ENVVAR),  # ${X} in tests is test data
    "template": (PLACEHOLDER,),
}


def reads_in(text: str, kind: str = "source") -> dict[str, list[int]]:
    """Variable name -> line numbers of the reads in ``text``."""
    found: dict[str, list[int]] = defaultdict(list)
    for pattern in PATTERNS[kind]:
        for match in pattern.finditer(text):
            name = match.group(1)
            if pattern is MAPPING_READ and CGI_KEYS.fullmatch(name):
                continue
            line = text.count("\n", 0, match.start()) + 1
            if line not in found[name]:
                found[name].append(line)
    return found


def kind_of(relative: str) -> str:
    if relative == REGISTRY_FILE:
        return "registry"
    if relative.endswith(".yml"):
        return "template"
    return "test" if relative.startswith("tests/") else "source"


def scanned_files() -> Iterable[tuple[str, str]]:
    for folder in SCANNED_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            relative = path.relative_to(PROJECT_ROOT).as_posix()
            if relative != THIS_FILE:
                yield relative, path.read_text(encoding="utf-8")
    for name in TEMPLATES:
        yield name, (PROJECT_ROOT / name).read_text(encoding="utf-8")


def all_reads() -> dict[str, list[str]]:
    """Variable name -> "file:line" of every read in the project, channel declarations included."""
    where: dict[str, list[str]] = defaultdict(list)
    for relative, text in scanned_files():
        for name, lines in reads_in(text, kind_of(relative)).items():
            where[name] += [f"{relative}:{line}" for line in lines]
    for declared in CHANNEL_VARIABLES:
        for name in declared.variables:
            where[name].append(f"declared by {declared.channel}")
    return where


# --- the scanner itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        ("source", 'token = os.environ.get("NEW_THING")'),
        ("source", "token = os.environ['NEW_THING']"),
        ("source", 'token = os.getenv("NEW_THING", "x")'),
        ("source", 'os.environ.setdefault("NEW_THING", "1")'),
        ("source", 'token = env.get("NEW_THING")'),
        ("source", 'token = env_value("NEW_THING", env)'),
        ("source", '@click.option("--thing", envvar="NEW_THING")'),
        ("source", 'section["password"] = "${NEW_THING}"'),
        ("test", 'if os.environ.get("NEW_THING"):'),
        ("template", "  url: ${NEW_THING}"),
    ],
)
def test_the_scanner_finds_every_kind_of_read(kind, line):
    assert set(reads_in(f"x = 1\n{line}\n", kind)) == {"NEW_THING"}


def test_the_scanner_ignores_wsgi_keys_and_writes():
    text = 'environ.get("HTTP_COOKIE")\nenviron.get("REQUEST_METHOD")\nmonkeypatch.setenv("NEW_THING", "1")\n'
    assert reads_in(text) == {}


# --- (a) read -> declared, (c) declared -> read ---------------------------------------------------


def test_every_variable_read_anywhere_is_declared_in_the_registry():
    undeclared = {name: where for name, where in all_reads().items() if name not in SETTINGS}
    assert not undeclared, f"declare these in bot/config.py (and run python -m bot.config): {undeclared}"


def test_every_declared_variable_is_read_somewhere():
    reads = all_reads()
    unread = sorted(name for name in SETTINGS if name not in reads)
    assert not unread, f"nothing reads {unread}: remove them from bot/config.py"


def test_each_entry_names_real_readers():
    for entry in SETTINGS.values():
        assert entry.used_by and entry.description, entry.name
        for reader in entry.used_by:
            path = PROJECT_ROOT / reader
            assert path.exists(), f"{entry.name}: {reader} does not exist"
            files = [path] if path.is_file() else [*path.rglob("*.py"), *path.rglob("*.yml")]
            assert any(entry.name in file.read_text(encoding="utf-8") for file in files), (
                f"{entry.name}: {reader} does not mention it"
            )


def test_every_channel_variable_is_declared_and_channels_have_distinct_webhooks():
    for declared in CHANNEL_VARIABLES:
        assert declared.required, declared.channel
        assert all(name in SETTINGS for name in declared.variables), declared.channel
    assert len({declared.webhook for declared in CHANNEL_VARIABLES}) == len(CHANNEL_VARIABLES)


# --- reads go through the registry ----------------------------------------------------------------


def test_the_source_reads_settings_only_through_the_registry():
    direct: dict[str, set[str]] = {}
    for relative, text in scanned_files():
        if relative == REGISTRY_FILE or not relative.startswith(SOURCE_DIRS):
            continue
        names = {
            match.group(1)
            for pattern in (OS_READ, MAPPING_READ)
            for match in pattern.finditer(text)
            if not match.group(0).startswith("os.environ.setdefault")
            and not CGI_KEYS.fullmatch(match.group(1))
        }
        if names:
            direct[relative] = names
    assert direct == NOT_YET_THROUGH_THE_REGISTRY, (
        "read settings with bot.config.env_value / env_flag / env_int"
    )


# --- (b) documented ----------------------------------------------------------------------------------


def test_the_documentation_tables_are_generated_from_the_registry():
    page = (PROJECT_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert markdown_tables() in page, "docs/configuration.md is out of date: run python -m bot.config"
    for name in SETTINGS:
        assert f"| `{name}` |" in page


# --- the lookups ---------------------------------------------------------------------------------------


def test_lookups_use_the_default_when_unset_or_empty():
    assert env_value("RASA_PORT", {}) == "5005"
    assert env_value("RASA_PORT", {"RASA_PORT": ""}) == "5005"
    assert env_value("RASA_PORT", {"RASA_PORT": "6000"}) == "6000"
    assert env_value("REDIS_URL", {}) is None
    assert env_int("HR_PAGE_PORT", {"HR_PAGE_PORT": "0"}) == 0
    with pytest.raises(ValueError, match="RASA_PORT"):
        env_int("RASA_PORT", {"RASA_PORT": "many"})
    assert env_flag("ENABLE_API", {"ENABLE_API": " True "})
    assert not env_flag("ENABLE_API", {"ENABLE_API": "no"})


def test_an_undeclared_name_fails_loudly():
    with pytest.raises(KeyError, match=r"NEW_THING is not a declared setting"):
        env_value("NEW_THING", {"NEW_THING": "x"})


def test_the_var_dir_and_the_default_databases_follow_careerbot_var_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("CAREERBOT_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("CATALOG_DB_URL", raising=False)
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    assert config.var_dir() == tmp_path
    assert config.catalog_db_url() == f"sqlite:///{tmp_path / 'catalog.db'}"
    assert config.tracker_db_url() == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert config.var_dir({"CAREERBOT_VAR_DIR": "state"}) == PROJECT_ROOT / "state"
