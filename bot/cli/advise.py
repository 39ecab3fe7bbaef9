"""``python -m bot advise``: upskill or reskill, from the command line, as the assistant decides."""

from __future__ import annotations

import json

import click
from sqlalchemy.engine import Engine

from bot.cli.common import db_option, fail, open_catalog
from bot.config import catalog_db_url
from bot.vocabulary import ADVANCE, GOALS, SWITCH


def _resolve_or_fail(engine: Engine, text: str, what: str) -> str:
    from bot.catalog.role_resolver import get_role_resolver

    candidates = get_role_resolver(engine).resolve(text, limit=3)
    if not candidates:
        fail(f"no role in the catalog looks like {text!r} ({what}); try `python -m bot catalog resolve-role`")
    return candidates[0].code


@click.command()
@click.option("--current", required=True, help="Current role, as you would say it.")
@click.option("--target", default=None, help="Target role, when moving to another role.")
@click.option(
    "--goal",
    type=click.Choice(GOALS),
    default=None,
    help="advance: grow in the current role; switch: move to --target; unsure: show options.",
)
@click.option("--skills", default="", help='Skills you already have, comma-separated: "Excel, SQL".')
@click.option("--hours-per-week", type=click.FloatRange(0.5, 80), default=None)
@click.option("--budget", default=None, help='Total budget (a number, or "free").')
@click.option("--format", "formats", multiple=True, help="Accepted course format (repeatable).")
@click.option(
    "--employee",
    is_flag=True,
    help="Advise an employee (internal programmes are open to them), not the public.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the advice as a JSON object.")
@db_option
@click.pass_context
def advise(
    ctx: click.Context,
    current: str,
    target: str | None,
    goal: str | None,
    skills: str,
    hours_per_week: float | None,
    budget: str | None,
    formats: tuple[str, ...],
    employee: bool,
    as_json: bool,
    db_url: str | None,
) -> None:
    """Upskill or reskill? The decision, its reasons and a learning path."""
    from bot.advice.eligibility import Learner
    from bot.advice.learning_path import Constraints
    from bot.advice.presentation import limits_note, path_lines
    from bot.advice.service import AdviceRequest, no_course_advice
    from bot.advice.service import advise as run_advice
    from bot.catalog.course_search import SkillNames
    from bot.catalog.currency import configured_rates
    from bot.config import organisation_name
    from bot.profiles.answers import budget_currency, budget_from_text
    from bot.vocabulary import COURSE_FORMATS, DEFAULT_CURRENCY

    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url or catalog_db_url()
    for value in formats:
        if value not in COURSE_FORMATS:
            fail(f"unknown format {value!r}; use one of {', '.join(COURSE_FORMATS)}")
    amount = budget_from_text(budget)
    if budget is not None and budget.strip() and amount is None and budget.strip().lower() not in {"any"}:
        fail(f"--budget must be a number or 'free', got {budget!r}")
    goal = goal or (SWITCH if target else ADVANCE)
    if goal == SWITCH and not target:
        fail("--goal switch needs --target")
    engine = open_catalog(ctx)
    current_code = _resolve_or_fail(engine, current, "--current")
    target_code = _resolve_or_fail(engine, target, "--target") if target else None
    with engine.connect() as connection:
        matches = SkillNames(connection).match_all(part for part in skills.split(","))
        unknown = [match.requested.strip() for match in matches if match.skill_id is None]
        request = AdviceRequest(
            current_code=current_code,
            goal=goal,
            target_code=target_code,
            skill_ids=frozenset(match.skill_id for match in matches if match.skill_id is not None),
            constraints=Constraints(
                hours_per_week=hours_per_week,
                budget=amount,
                budget_currency=budget_currency(budget) if budget else DEFAULT_CURRENCY,
                formats=formats,
                learner=Learner(is_employee=employee, employer=organisation_name() if employee else None),
                rates=configured_rates(),
            ),
        )
        advice = run_advice(connection, request)
    if as_json:
        payload = advice.as_dict()
        payload["unknown_skills"] = unknown
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if unknown:
        click.secho(f"(Not in the catalog's skills, ignored: {', '.join(unknown)})", err=True)
    click.echo(advice.explanation)
    click.echo("")
    for line in path_lines(advice.path):
        click.echo(line)
    for note in (limits_note(advice.path), no_course_advice(advice.path)):
        if note:
            click.echo(note)
