"""``python -m bot catalog ...``: create, fill and query the training catalog."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from bot.cli.common import db_option, fail, open_catalog
from bot.config import catalog_db_url
from bot.storage import migrate
from bot.storage.db import safe_url


@click.group()
@db_option
@click.pass_context
def catalog(ctx: click.Context, db_url: str | None) -> None:
    """Create, fill and query the training catalog."""
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url or catalog_db_url()


@catalog.command()
@click.pass_context
def migrate_cmd(ctx: click.Context) -> None:
    """Apply pending schema migrations (no data)."""
    open_catalog(ctx, migrate_if_needed=True)
    click.echo(f"Catalog schema is at revision {migrate.head_revision()}.")


migrate_cmd.name = "migrate"


@catalog.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Migrate the schema and load the embedded sample catalog (safe to repeat)."""
    from bot.catalog.course_import import CourseValidationError
    from bot.catalog.seeding import SeedDataError, seed_sample_catalog

    engine = open_catalog(ctx, migrate_if_needed=True)
    try:
        summary = seed_sample_catalog(engine)
    except (SeedDataError, CourseValidationError) as error:
        details = "".join(f"\n  {problem}" for problem in getattr(error, "errors", []))
        fail(f"the embedded sample data is invalid: {error}{details}")
    courses = summary.courses
    click.echo(
        f"Catalog ready at {safe_url(str(engine.url))}: "
        f"{summary.skills_created} skills and {summary.roles_created} roles added, "
        f"{summary.roles_updated} roles updated, "
        f"{courses.created if courses else 0} courses added, {courses.updated if courses else 0} updated."
    )


@catalog.command("import-onet")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--min-importance",
    type=click.FloatRange(1, 5),
    default=None,
    help="Keep only skills and knowledge at least this important for a role (O*NET 1-5 scale).",
)
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.pass_context
def import_onet_cmd(ctx: click.Context, directory: Path, min_importance: float | None, quiet: bool) -> None:
    """Import an O*NET 29.x text release from DIRECTORY (updates, never duplicates)."""
    from bot.catalog.onet_import import ONET_ATTRIBUTION, OnetImportError, import_onet

    if not directory.is_dir():
        fail(f"{directory} is not a folder; pass the unzipped O*NET text release (db_29_x_text)")
    engine = open_catalog(ctx, migrate_if_needed=True)
    options = {} if min_importance is None else {"min_importance": min_importance}
    try:
        summary = import_onet(engine, directory, progress=not quiet, **options)
    except OnetImportError as error:
        fail(f"{error}. Nothing was imported.")
    click.echo(str(summary))
    click.echo("")
    click.echo(ONET_ATTRIBUTION)


@catalog.command("import-courses")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and report what would change, write nothing.")
@click.pass_context
def import_courses_cmd(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Load courses from a CSV or JSON FILE (all or nothing; see docs/catalog.md for the columns)."""
    from bot.catalog.course_files import CourseFileError
    from bot.catalog.course_import import CourseValidationError, import_courses

    engine = open_catalog(ctx)
    try:
        result = import_courses(engine, file, dry_run=dry_run)
    except CourseFileError as error:
        fail(f"{error}. Nothing was imported.")
    except CourseValidationError as error:
        for problem in error.errors[:200]:
            click.secho(f"  {file}, {problem}", err=True)
        if len(error.errors) > 200:
            click.secho(f"  ... and {len(error.errors) - 200} more", err=True)
        fail(str(error))
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {result.total} courses: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged{' (dry run: nothing written)' if dry_run else ''}."
    )


@catalog.command("resolve-role")
@click.argument("text", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {code, title, score}.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@click.pass_context
def resolve_role_cmd(ctx: click.Context, text: tuple[str, ...], as_json: bool, limit: int) -> None:
    """Rank catalog roles for free TEXT ("I work as a sr. dev", "RN", "acountant")."""
    from bot.catalog.role_resolver import RoleResolver

    engine = open_catalog(ctx)
    candidates = RoleResolver.from_engine(engine).resolve(" ".join(text), limit=limit)
    if as_json:
        click.echo(json.dumps([candidate.as_dict() for candidate in candidates], ensure_ascii=False))
        return
    if not candidates:
        click.echo("No role looks like that. Try the job title as it appears on a contract or job ad.")
        return
    for candidate in candidates:
        click.echo(
            f"{candidate.score:5.1f}  {candidate.code:<12} {candidate.title}  (matched: {candidate.matched})"
        )


def _decimal_option(value: str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        fail(f"{name} must be a number, got {value!r}")
    if not number.is_finite() or number < 0:
        fail(f"{name} must be zero or more, got {value!r}")
    return number


@catalog.command("search")
@click.option("--skill", "skills", multiple=True, help="A skill to learn (repeatable).")
@click.option("--title", default=None, help="Words in the course title.")
@click.option("--max-cost", default=None, help="Budget per course (0 for free only).")
@click.option("--max-hours", default=None, help="Longest acceptable course, in hours.")
@click.option("--format", "formats", multiple=True, help="Accepted format(s), e.g. online_self_paced.")
@click.option("--level", "levels", multiple=True, help="beginner, intermediate or advanced (repeatable).")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search_cmd(
    ctx: click.Context,
    skills: tuple[str, ...],
    title: str | None,
    max_cost: str | None,
    max_hours: str | None,
    formats: tuple[str, ...],
    levels: tuple[str, ...],
    limit: int,
    as_json: bool,
) -> None:
    """Find active courses teaching the given skills within a budget and time."""
    from bot.advice.presentation import course_summary
    from bot.catalog.course_search import CourseFilter, SkillNames, search_courses, skill_ids_of
    from bot.vocabulary import COURSE_FORMATS, COURSE_LEVELS

    if not skills and not title:
        fail("name at least one --skill or a --title to search for")
    for value in formats:
        if value not in COURSE_FORMATS:
            fail(f"unknown format {value!r}; use one of {', '.join(COURSE_FORMATS)}")
    for value in levels:
        if value not in COURSE_LEVELS:
            fail(f"unknown level {value!r}; use one of {', '.join(COURSE_LEVELS)}")
    engine = open_catalog(ctx)
    with engine.connect() as connection:
        matches = SkillNames(connection).match_all(skills)
        unknown = [match.requested for match in matches if match.skill_id is None]
        if unknown and not as_json:
            click.secho(f"Not in the catalog's skills: {', '.join(unknown)}", err=True)
        wanted = CourseFilter(
            skill_ids=skill_ids_of(matches),
            max_cost=_decimal_option(max_cost, "--max-cost"),
            max_hours=_decimal_option(max_hours, "--max-hours"),
            formats=formats,
            levels=levels,
            title_contains=title,
            limit=limit,
        )
        hits = search_courses(connection, wanted) if (wanted.skill_ids or title) else []
    if as_json:
        click.echo(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False))
        return
    if not hits:
        click.echo("No active course matches; try a larger budget, more hours or another format.")
    for hit in hits:
        click.echo(f"- {course_summary(hit)}")
        click.echo(f"    teaches: {', '.join(hit.skill_names)}")


@catalog.command("stats")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool) -> None:
    """Rows per catalog table."""
    from bot.catalog.stats import table_counts

    engine = open_catalog(ctx)
    with engine.connect() as connection:
        counts = table_counts(connection)
    if as_json:
        click.echo(json.dumps(counts))
        return
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        click.echo(f"{name:<{width}}  {count:>8}")
