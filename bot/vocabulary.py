"""The values the whole assistant shares (goals, course formats, levels, currencies) and
how each is written for people (descriptions, hours, money).

Written once here and imported by the schema (``bot.storage.models`` check constraints),
the answer parsers, the profile store, the advisor, the CLI and the Rasa actions, so a
new format or currency is added in one place. This module sits at the bottom of the
layers, next to ``bot.config``, and imports nothing of the project. (Migrations keep
their own frozen copies: they describe the schema as it was.)
"""

from __future__ import annotations

from decimal import Decimal

# --- goals -------------------------------------------------------------------------------

#: grow in the current role / move to another role / not sure yet.
GOALS = ("advance", "switch", "unsure")
ADVANCE, SWITCH, UNSURE = GOALS
#: A goal in the user's own words (buttons, "what do you know about me?").
GOAL_DESCRIPTIONS = {
    ADVANCE: "grow in my current role",
    SWITCH: "move to a different role",
    UNSURE: "not sure yet",
}

# --- course formats ------------------------------------------------------------------------

#: The formats a catalog course can have (a check constraint of ``courses.format``).
COURSE_FORMATS = (
    "online_self_paced",
    "cohort",
    "bootcamp",
    "workshop",
    "apprenticeship",
    "mentorship",
    "on_the_job_rotation",
)
ONLINE_SELF_PACED = "online_self_paced"
#: The answers to "how do you like to learn?" and the catalog formats each one accepts.
FORMAT_CHOICES: dict[str, tuple[str, ...]] = {
    "online": (ONLINE_SELF_PACED,),
    "live": ("cohort", "workshop"),
    "bootcamp": ("bootcamp",),
    "on_the_job": ("on_the_job_rotation", "mentorship", "apprenticeship"),
    "any": (),
}
#: Formats (answers and catalog formats) in the user's own words; others read as their name.
FORMAT_DESCRIPTIONS = {
    "online": "online, at my own pace",
    "live": "live classes or workshops",
    "on_the_job": "on the job",
    ONLINE_SELF_PACED: "online, self-paced",
    "on_the_job_rotation": "on-the-job rotation",
    "any": "any format",
}

# --- open answers ------------------------------------------------------------------------

#: A constraint the user left open (hours, budget, format): "no limit", "any format".
NO_LIMIT = "any"
#: The budget of free courses only.
FREE_BUDGET = "free"
#: The skills answer of someone who named none.
NO_SKILLS = "none"
#: Answers said back to the user after a change ("Updated goal: grow in your current role").
SAID_BACK = {
    NO_LIMIT: "no limit",
    FREE_BUDGET: "free courses only",
    "online": "online, at your own pace",
    "live": "live classes or workshops",
    "on_the_job": "on the job",
    ADVANCE: "grow in your current role",
    SWITCH: "move to another role",
    UNSURE: "not sure yet",
}

# --- catalog values ----------------------------------------------------------------------

#: Course levels, from foundations to depth (this order is the study order).
COURSE_LEVELS = ("beginner", "intermediate", "advanced")
#: The O*NET level (0-7) a course of each level takes a learner to, to compare with the level a
#: role needs a skill at (``RoleSkill.level``): 2 ~ basic, 4 ~ working, 6 ~ expert.
COURSE_LEVEL_SCALE = {"beginner": 2.0, "intermediate": 4.0, "advanced": 6.0}
#: Who may take a course: anyone, employees of the organisation running the assistant, or the
#: staff of one named employer (``Course.employer``).
AUDIENCES = ("anyone", "employees", "employer")
#: Credentials an employer recognises (a tie-break between equal paths, and said in "why?").
RECOGNISED_CREDENTIALS = ("professional_certification", "certificate", "degree")
CREDENTIAL_TYPES = ("none", "badge", "certificate", "professional_certification", "degree")
#: ISO 4217 codes the catalog accepts; extend when an organisation needs another.
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "INR",
    "CHF",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "NZD",
    "SGD",
    "ZAR",
)
DEFAULT_CURRENCY = "USD"
# --- how values are written for people ---------------------------------------------------------


def value_text(value: str) -> str:
    """A vocabulary value as words: ``"online_self_paced"`` -> ``"online self paced"``."""
    return value.replace("_", " ")


def format_description(preferred_format: str) -> str:
    """A format in the user's own words (:data:`FORMAT_DESCRIPTIONS`), else as words."""
    return FORMAT_DESCRIPTIONS.get(preferred_format, value_text(preferred_format))


def hours_text(hours: Decimal | float | int) -> str:
    """``"180"`` rather than ``"180.0"``; ``"1.5"`` stays ``"1.5"`` (one decimal place at most)."""
    number = Decimal(str(hours)).quantize(Decimal("0.1"))
    return f"{number.normalize():f}"


def money_text(amount: Decimal, currency: str, *, always_cents: bool = False) -> str:
    """``"free"``, ``"294 USD"``, ``"1,499.50 USD"``: how prices are shown to people
    (``always_cents``: ``"294.00 USD"``, as the explanation's totals are written)."""
    if amount == 0:
        return "free"
    text = f"{amount:,.2f} {currency}"
    return text if always_cents else text.replace(".00 ", " ")


# --- the buttons that lead back into the conversation (one wording everywhere) -------------

GET_ADVICE_BUTTON = {"title": "Get career advice", "payload": "/start_advice"}
WHAT_CAN_YOU_DO_BUTTON = {"title": "What can you do?", "payload": "/help"}
TALK_TO_PERSON_BUTTON = {"title": "Talk to a person", "payload": "/talk_to_human"}
