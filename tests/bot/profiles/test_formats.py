"""bot/profiles/formats.py: the formats an answer accepts, several at once, with negation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.profiles.answers import parse_course_query, parse_format
from bot.profiles.formats import (
    describe_formats,
    find_format_spans,
    find_formats,
    format_keys_from_slot,
    format_slot_value,
    formats_from_slot,
)
from bot.vocabulary import FORMAT_CHOICES

ONLINE, LIVE, BOOTCAMP, JOB, ANY = "online", "live", "bootcamp", "on_the_job", "any"
ALL_BUT = {key: tuple(k for k in (ONLINE, LIVE, BOOTCAMP, JOB) if k != key) for key in (ONLINE, BOOTCAMP)}

CASES = [
    # one format
    ("online", (ONLINE,)),
    ("Online, self-paced", (ONLINE,)),
    ("at my own pace", (ONLINE,)),
    ("self paced", (ONLINE,)),
    ("e-learning", (ONLINE,)),
    ("from home", (ONLINE,)),
    ("videos I can watch", (ONLINE,)),
    ("on demand", (ONLINE,)),
    ("remote", (ONLINE,)),
    ("live", (LIVE,)),
    ("live classes", (LIVE,)),
    ("live online classes", (LIVE,)),  # live teaching held online
    ("zoom classes", (LIVE,)),
    ("webinars", (LIVE,)),
    ("in person class", (LIVE,)),
    ("in-person", (LIVE,)),
    ("face to face", (LIVE,)),
    ("classroom", (LIVE,)),
    ("a workshop with an instructor", (LIVE,)),
    ("evening classes", (LIVE,)),
    ("bootcamp", (BOOTCAMP,)),
    ("boot camp", (BOOTCAMP,)),
    ("an intensive", (BOOTCAMP,)),
    ("crash course", (BOOTCAMP,)),
    ("on the job", (JOB,)),
    ("on-the-job rotation", (JOB,)),
    ("on_the_job", (JOB,)),  # the button's value
    ("with a mentor", (JOB,)),
    ("mentoring", (JOB,)),
    ("apprenticeship", (JOB,)),
    ("shadowing someone", (JOB,)),
    ("learning at work", (JOB,)),
    # several at once, in FORMAT_CHOICES order
    ("on the job or online", (ONLINE, JOB)),
    ("a mix of online and live", (ONLINE, LIVE)),
    ("online or in person", (ONLINE, LIVE)),
    ("online and bootcamp", (ONLINE, BOOTCAMP)),
    ("online or live, either is fine", (ONLINE, LIVE)),
    ("online+live", (ONLINE, LIVE)),  # the slot value reads back
    ("i'm a cashier, can do 3 hrs a week and maybe 200 bucks, online or in person", (ONLINE, LIVE)),
    ("i want to become a data analyst, online", (ONLINE,)),
    # no preference
    ("whatever works", (ANY,)),
    ("any", (ANY,)),
    ("ANY", (ANY,)),
    ("no preference", (ANY,)),
    ("i don't mind", (ANY,)),
    ("doesn't matter", (ANY,)),
    ("either", (ANY,)),
    ("anything is fine", (ANY,)),
    ("any format", (ANY,)),
    # negation: what is refused is out; alone, every other format is in
    ("not bootcamp", ALL_BUT[BOOTCAMP]),
    ("no bootcamps please", ALL_BUT[BOOTCAMP]),
    ("I don't want a bootcamp", ALL_BUT[BOOTCAMP]),
    ("anything but online", ALL_BUT[ONLINE]),
    ("online, not bootcamp", (ONLINE,)),
    ("online but no classes", (ONLINE,)),
    # no format
    ("I'd like to deliver", ()),  # not "live"
    ("I live in London", ()),  # the verb
    ("where we live", ()),
    ("delivery driver", ()),
    ("freelance", ()),
    ("banana", ()),
    ("company training", ()),
    ("CDL class A, logbooks, customer service", ()),  # a licence class, not a class to attend
    ("I hold a class B CDL", ()),
    ("class 2 licence", ()),
    ("world class customer service", ()),
    ("working class background", ()),
    ("class of 2019 graduate", ()),
    ("any level", ()),  # "any" says no preference only as the whole answer
    ("", ()),
]


@pytest.mark.parametrize(("text", "formats"), CASES)
def test_formats(text: str, formats: tuple[str, ...]) -> None:
    assert find_formats(text) == formats
    assert parse_format(text) == format_slot_value(formats)


@pytest.mark.parametrize(("text", "formats"), [case for case in CASES if case[1]])
def test_each_span_read_alone_says_the_same(text: str, formats: tuple[str, ...]) -> None:
    spans = find_format_spans(text)
    assert spans and all(0 <= start < end <= len(text) for start, end in spans)
    assert find_formats(" , ".join(text[start:end] for start, end in spans)) == formats


@pytest.mark.parametrize(
    ("formats", "slot", "catalog"),
    [
        ((ONLINE,), "online", ("online_self_paced",)),
        ((ONLINE, LIVE), "online+live", ("online_self_paced", "cohort", "workshop")),
        (
            (JOB, ONLINE),
            "online+on_the_job",
            ("online_self_paced", "on_the_job_rotation", "mentorship", "apprenticeship"),
        ),
        ((ANY,), "any", ()),
        ((ONLINE, ANY), "any", ()),
        ((), None, ()),
    ],
)
def test_slot_value_and_catalog_formats(
    formats: tuple[str, ...], slot: str | None, catalog: tuple[str, ...]
) -> None:
    assert format_slot_value(formats) == slot
    assert formats_from_slot(slot) == catalog
    if slot is not None:
        assert parse_format(slot) == slot


@pytest.mark.parametrize("key", sorted(FORMAT_CHOICES))
def test_every_single_key_is_its_own_slot(key: str) -> None:
    assert formats_from_slot(key) == FORMAT_CHOICES[key]
    assert format_keys_from_slot(key) == (key,)


@pytest.mark.parametrize("junk", [None, "", "online+banana", "cohort", 5, "+"])
def test_unknown_slot_values_accept_any_format(junk: object) -> None:
    assert formats_from_slot(junk) == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("slot", "words"),
    [
        ("online+live", "online, at my own pace or live classes or workshops"),
        ("bootcamp", "bootcamp"),
        ("any", "any format"),
        (None, "any format"),
    ],
)
def test_describe_formats(slot: str | None, words: str) -> None:
    assert describe_formats(slot) == words


def test_course_query_keeps_several_formats() -> None:
    query = parse_course_query("excel course online or in person")
    assert query.format_key == "online+live"
    assert query.catalog_formats == ("online_self_paced", "cohort", "workshop")


WORDS = st.sampled_from(
    [
        "online",
        "live",
        "in",
        "person",
        "bootcamp",
        "boot",
        "camp",
        "on",
        "the",
        "job",
        "mentor",
        "not",
        "no",
        "don't",
        "want",
        "anything",
        "but",
        "any",
        "either",
        "whatever",
        "works",
        "deliver",
        "i",
        "live",
        "in",
        "classes",
        "a",
        "mix",
        "of",
        "and",
        "or",
        ",",
        ".",
        "_",
        "+",
        "self-paced",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=25).map(" ".join),
    st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")),
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_find_formats_never_raises_and_gives_known_keys(text: str) -> None:
    formats = find_formats(text)
    assert set(formats) <= set(FORMAT_CHOICES)
    assert formats == tuple(key for key in FORMAT_CHOICES if key in formats)  # ordered, no repeats
    assert ANY not in formats or formats == (ANY,)
    for start, end in find_format_spans(text):
        assert 0 <= start < end <= len(text)
    slot = parse_format(text)
    assert slot is None or parse_format(slot) == slot


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=20), st.integers(min_value=1000, max_value=100_000))
def test_huge_text_is_fine(piece: str, times: int) -> None:
    find_formats(piece * times)
