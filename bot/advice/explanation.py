"""The advice in plain words: the decision with the numbers it rests on, and the path's size.

Kept apart from ``bot.advice.decision`` (which decides) so the wording can change without
touching the decision, and the decision without touching the wording.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.advice.decision import Decision
from bot.advice.learning_path import LearningPath
from bot.vocabulary import money_text


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _article(title: str) -> str:
    return f"an {title}" if title[:1].lower() in "aeiou" else f"a {title}"


PATH_MEANING = {
    "upskill": (
        "Upskilling usually means shorter, skill-specific learning (weeks to a few months) "
        "alongside your job: online courses, workshops, badges or a vendor certification."
    ),
    "reskill": (
        "Reskilling usually takes longer (several months, sometimes a year or more) and is "
        "more comprehensive: bootcamps, certificate programmes or an apprenticeship are typical."
    ),
    "both": (
        "This is a borderline move: part of it is upskilling what you already do, part is "
        "reskilling into new ground, so expect a mix of short courses and a longer programme."
    ),
}


def explain(decision: Decision, path: LearningPath | None = None) -> str:
    """Plain words, with the numbers the decision rests on."""
    current = decision.current.title
    top_missing = [gap.name for gap in decision.gaps[:3]]
    sentences = []
    if decision.target is not None:
        target = decision.target.title
        verdict = {
            "upskill": f"Moving from {current} to {target} is mostly upskilling",
            "reskill": f"Moving from {current} to {target} is reskilling",
            "both": f"Moving from {current} to {target} is a mix of upskilling and reskilling",
        }[decision.path]
        sentences.append(
            f"{verdict}: the two roles share about {round(decision.similarity * 100)}% of their core "
            f"skills (weighted by importance)."
        )
        sentences.append(
            f"You already have about {decision.have_count} of the {decision.core_count} core skills "
            f"of {_article(target)} ({round(decision.overlap * 100)}% by importance)."
        )
        if top_missing:
            sentences.append(f"The most important ones to add are {_names(top_missing)}.")
        sentences.append(PATH_MEANING[decision.path])
    elif decision.options:
        options = [
            f"{option.role.title} ({round(option.overlap * 100)}% overlap)" for option in decision.options
        ]
        sentences.append(
            f"Not sure yet is fine. Staying a {current} and upskilling is one way; "
            f"the roles closest to your skills, if you want to reskill, are {_names(options)}."
        )
        if top_missing:
            sentences.append(f"To grow where you are, deepen {_names(top_missing)}.")
    else:
        if decision.next_step is not None and decision.gaps:
            sentences.append(
                f"Growing as {_article(current)} is upskilling. A natural next step is "
                f"{decision.next_step.title}: you have about {decision.have_count} of its "
                f"{decision.core_count} core skills; the most important to add are {_names(top_missing)}."
            )
        else:
            sentences.append(
                f"Growing as {_article(current)} is upskilling: deepen your most important skills, "
                f"{_names(top_missing)}."
            )
        sentences.append(PATH_MEANING["upskill"])
    if path is not None and path.courses:
        costs = ", ".join(
            money_text(amount, currency, always_cents=True) for currency, amount in path.total_cost().items()
        )
        timing = f", about {path.weeks} weeks at {path.hours_per_week:g} hours a week" if path.weeks else ""
        sentences.append(
            f"The suggested path has {len(path.courses)} course(s): "
            f"{float(path.total_hours):g} hours in total, {costs}{timing}."
        )
    return " ".join(sentences)
