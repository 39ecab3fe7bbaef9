"""``python -m bot hr ...``: HR's queue, unanswered questions, FAQ export, report, HR page.

Registered on the main CLI in ``bot/cli/__init__.py``. Same conventions: a readable error on stderr
and exit code 1 for bad input, 2 when the database is unavailable or not initialised (and when
`hr digest --email` finds no mail server configured or reachable).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click

from bot.cli.common import EXIT_DATABASE, db_option, fail, open_catalog
from bot.config import catalog_db_url, hr_overdue_hours, tracker_db_url
from bot.hr.queue import (
    TicketEvent,
    assign,
    event_text,
    open_queue,
    queue_line_question,
    set_status,
    ticket_events,
)
from bot.hr.tickets import Ticket, TicketError, get_ticket, list_tickets, resolve_ticket
from bot.hr.unanswered import (
    RecordError,
    Unanswered,
    faq_examples_yaml,
    get_unanswered,
    group_similar,
    list_unanswered,
    mark_exported,
    split_off_topic,
)
from bot.storage.db import DatabaseUnavailable, get_engine


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _one_line(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group()
@db_option
@click.pass_context
def hr(ctx: click.Context, db_url: str | None) -> None:
    """HR triage: hand-off tickets, unanswered questions, FAQ export, insights report."""
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url or catalog_db_url()


@hr.command("tickets")
@click.option("--status", type=click.Choice(["open", "resolved", "all"]), default="open", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def tickets_cmd(ctx: click.Context, status: str, as_json: bool) -> None:
    """List hand-off tickets (open ones oldest first)."""
    engine = open_catalog(ctx)
    with engine.connect() as connection:
        tickets = list_tickets(connection, None if status == "all" else status)
    if as_json:
        click.echo(json.dumps([ticket.as_dict() for ticket in tickets], ensure_ascii=False, indent=2))
        return
    if not tickets:
        click.echo(f"No {'' if status == 'all' else status + ' '}tickets.")
        return
    for ticket in tickets:
        click.echo(
            f"#{ticket.id:<5} {ticket.status:<8} {_when(ticket.created_at)}  {ticket.reason:<9} "
            f"{ticket.channel or '-':<10} {_one_line(ticket.question)}"
        )


def _print_ticket(ticket: Ticket, events: list[TicketEvent]) -> None:
    click.echo(f"Ticket #{ticket.id} ({ticket.status}), {ticket.reason}")
    click.echo(f"Conversation: {ticket.sender_id}  channel: {ticket.channel or '-'}")
    click.echo(f"Created: {_when(ticket.created_at)}")
    click.echo(f"Owner: {ticket.assigned_to or 'unassigned'}")
    if ticket.employee_subject:
        who = " ".join(
            part
            for part in (
                ticket.employee_name,
                f"<{ticket.employee_email}>" if ticket.employee_email else None,
            )
            if part
        )
        click.echo(f"Asked by: {ticket.employee_subject}{f' ({who})' if who else ''} (signed in)")
    click.echo(f"Contact: {ticket.contact or 'answer in the chat on the next visit'}")
    if ticket.contact_email:
        click.echo(f"E-mail: {ticket.contact_email}")
    if ticket.contact_phone:
        click.echo(f"Phone: {ticket.contact_phone}")
    click.echo(f"Question: {ticket.question}")
    if ticket.profile:
        click.echo("Profile:")
        for name, value in ticket.profile.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            click.echo(f"  {name.replace('_', ' ')}: {shown}")
    if ticket.transcript:
        click.echo("Transcript:")
        for message in ticket.transcript:
            click.echo(f"  {message['speaker']:>4}: {message['text']}")
    if ticket.status == "resolved":
        click.echo(
            f"Answer ({_when(ticket.resolved_at)}{', ' + ticket.resolved_by if ticket.resolved_by else ''}):"
        )
        click.echo(f"  {ticket.answer}")
        click.echo(f"Delivered: {_when(ticket.delivered_at) if ticket.delivered_at else 'not yet'}")
    if events:
        click.echo("History:")
        for event in events:
            click.echo(f"  {_when(event.created_at)}  {event_text(event)}")


@hr.command("show")
@click.argument("number", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def show_cmd(ctx: click.Context, number: int, as_json: bool) -> None:
    """Show ticket NUMBER: question, transcript, profile, contact, owner, answer, history."""
    engine = open_catalog(ctx)
    with engine.connect() as connection:
        try:
            ticket = get_ticket(connection, number)
            events = ticket_events(connection, number)
        except TicketError as error:
            fail(str(error))
    if as_json:
        payload = {**ticket.as_dict(), "events": [event.as_dict() for event in events]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_ticket(ticket, events)


@hr.command("resolve")
@click.argument("number", type=int)
@click.option("--answer", required=True, help="The answer the user gets on their next visit.")
@click.option("--by", "resolved_by", default=None, help="Who answered (shown to HR only).")
@click.pass_context
def resolve_cmd(ctx: click.Context, number: int, answer: str, resolved_by: str | None) -> None:
    """Resolve ticket NUMBER with an answer (delivered on the user's next visit)."""
    engine = open_catalog(ctx)
    try:
        with engine.begin() as connection:
            ticket = resolve_ticket(connection, number, answer, resolved_by=resolved_by)
    except TicketError as error:
        fail(str(error))
    click.echo(f"Ticket #{ticket.id} resolved; the answer reaches the user on their next visit.")


# --- the queue by age and owner, and the daily digest (bot/hr/queue.py, bot/hr/digest.py)


def _overdue_hours(given: int | None) -> int:
    """``--overdue-hours``, else ``HR_OVERDUE_HOURS`` (a bad value there is bad input)."""
    if given is not None:
        return given
    try:
        return hr_overdue_hours()
    except ValueError as error:
        fail(str(error))


overdue_option = click.option(
    "--overdue-hours",
    type=click.IntRange(1, 24 * 3650),
    default=None,
    help="Overdue after this many hours of waiting [default: env HR_OVERDUE_HOURS, else 48].",
)


@hr.command("queue")
@overdue_option
@click.option("--owner", default=None, help="Only the tickets assigned to this person.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def queue_cmd(ctx: click.Context, overdue_hours: int | None, owner: str | None, as_json: bool) -> None:
    """The unresolved tickets, oldest first: age, overdue mark (!), status, owner, question."""
    hours = _overdue_hours(overdue_hours)
    engine = open_catalog(ctx)
    with engine.connect() as connection:
        entries = open_queue(connection, overdue_hours=hours, owner=owner)
    if as_json:
        click.echo(json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("No open tickets." if owner is None else f"No open tickets assigned to {owner}.")
        return
    click.echo(f"{'#':<6} {'age':<8} {'!':<1} {'status':<12} {'owner':<16} question")
    for entry in entries:
        click.echo(
            f"#{entry.ticket.id:<5} {entry.age_text:<8} {'!' if entry.overdue else ' '} "
            f"{entry.ticket.status:<12} {_one_line(entry.owner, 16):<16} {queue_line_question(entry.ticket)}"
        )
    overdue = sum(1 for entry in entries if entry.overdue)
    click.echo(f"{len(entries)} waiting, {overdue} overdue (! = waiting {hours} h or longer).")


@hr.command("assign")
@click.argument("number", type=int)
@click.argument("person")
@click.option("--by", "actor", default=None, help="Who made the change (for the history).")
@click.pass_context
def assign_cmd(ctx: click.Context, number: int, person: str, actor: str | None) -> None:
    """Assign ticket NUMBER to PERSON in HR (recorded in the ticket's history)."""
    engine = open_catalog(ctx)
    try:
        with engine.begin() as connection:
            ticket = assign(connection, number, person, actor)
    except TicketError as error:
        fail(str(error))
    click.echo(f"Ticket #{ticket.id} is assigned to {ticket.assigned_to}.")


@hr.command("status")
@click.argument("number", type=int)
@click.argument("status", metavar="open|in_progress")
@click.option("--by", "actor", default=None, help="Who made the change (for the history).")
@click.pass_context
def status_cmd(ctx: click.Context, number: int, status: str, actor: str | None) -> None:
    """Set ticket NUMBER to open or in_progress (resolve it with `hr resolve`)."""
    engine = open_catalog(ctx)
    try:
        with engine.begin() as connection:
            ticket = set_status(connection, number, status, actor)
    except TicketError as error:
        fail(str(error))
    click.echo(f"Ticket #{ticket.id} is {ticket.status.replace('_', ' ')}.")


@hr.command("digest")
@overdue_option
@click.option(
    "--since-hours",
    type=click.IntRange(1, 24 * 366),
    default=24,
    show_default=True,
    help="What counts as new.",
)
@click.option(
    "--email", "send", is_flag=True, help="E-mail it (SMTP_HOST, HR_DIGEST_TO ...) instead of printing."
)
@click.pass_context
def digest_cmd(ctx: click.Context, overdue_hours: int | None, since_hours: int, send: bool) -> None:
    """The daily digest: tickets new in the last day, overdue ones, the queue's counts."""
    from bot.hr.digest import DigestError, SmtpSettings, build_digest, send_digest

    hours = _overdue_hours(overdue_hours)
    settings = None
    if send:
        try:
            settings = SmtpSettings.from_env()
        except DigestError as error:
            fail(str(error), EXIT_DATABASE)
    engine = open_catalog(ctx)
    with engine.connect() as connection:
        text = build_digest(connection, since_hours=since_hours, overdue_hours=hours)
    if settings is None:
        click.echo(text, nl=False)
        return
    try:
        recipients = send_digest(text, settings)
    except DigestError as error:
        fail(str(error), EXIT_DATABASE)
    click.echo(f"Digest sent to {', '.join(recipients)} through {settings.host}:{settings.port}.")


@hr.command("unanswered")
@click.option("--group", "grouped", is_flag=True, help="Group messages by similar wording.")
@click.option("--all", "include_exported", is_flag=True, help="Include messages already exported as FAQ.")
@click.option(
    "--off-topic",
    "include_off_topic",
    is_flag=True,
    help="Include off-topic requests (weather, pizza ...), left out by default.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def unanswered_cmd(
    ctx: click.Context, grouped: bool, include_exported: bool, include_off_topic: bool, as_json: bool
) -> None:
    """Career and HR questions the assistant could not answer (e-mail addresses and phone numbers masked)."""
    engine = open_catalog(ctx)
    with engine.connect() as connection:
        messages = list_unanswered(connection, include_exported=include_exported)
    off_topic: list[Unanswered] = []
    if not include_off_topic:
        messages, off_topic = split_off_topic(messages)
    if off_topic and not as_json:
        # Said after the listing (on stderr, so pipes get only the listing), on its own line.
        ctx.call_on_close(
            lambda: click.echo(
                f"\n({len(off_topic)} off-topic requests left out; --off-topic shows them)", err=True
            )
        )
    if grouped:
        groups = group_similar(messages)
        if as_json:
            payload = [
                {"label": g.label, "ids": g.ids, "texts": [m.masked_text for m in g.messages]} for g in groups
            ]
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for group in groups:
            click.echo(
                f"{len(group.messages)} x {_one_line(group.label, 70)}   ids: {' '.join(map(str, group.ids))}"
            )
            for message in group.messages:
                click.echo(f"    #{message.id:<5} {_one_line(message.masked_text, 70)}")
        if not groups:
            click.echo("No unanswered messages.")
        return
    if as_json:
        click.echo(json.dumps([message.as_dict() for message in messages], ensure_ascii=False, indent=2))
        return
    for message in messages:
        guesses = ", ".join(
            f"{i['name']} {i['confidence']:.2f}"
            for i in message.top_intents[:3]
            if i["confidence"] is not None
        )
        click.echo(
            f"#{message.id:<5} {_when(message.created_at)}  {message.kind:<12} {message.channel or '-':<10} "
            f"{_one_line(message.masked_text)}  [{guesses}]"
        )
    if not messages:
        click.echo("No unanswered messages.")


@hr.command("export-faq")
@click.argument("ids", nargs=-1, type=int, required=True)
@click.option("--topic", required=True, help="FAQ topic: the examples become faq/<topic>.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (default: print).",
)
@click.option("--dry-run", is_flag=True, help="Print the examples but do not mark the messages exported.")
@click.pass_context
def export_faq_cmd(
    ctx: click.Context, ids: tuple[int, ...], topic: str, out: Path | None, dry_run: bool
) -> None:
    """ "Add as FAQ": unanswered messages IDS as NLU examples of faq/TOPIC (Rasa YAML)."""
    engine = open_catalog(ctx)
    try:
        with engine.begin() as connection:
            messages = get_unanswered(connection, ids)
            document = faq_examples_yaml(messages, topic)
            if out is not None:
                out.write_text(document, encoding="utf-8")
            if not dry_run:
                mark_exported(connection, [message.id for message in messages], topic)
    except (RecordError, OSError) as error:
        fail(str(error))
    if out is None:
        click.echo(document, nl=False)
    else:
        click.echo(
            f"Wrote {len(messages)} example(s) of faq/{topic} to {out}. Merge them into data/nlu/faq.yml, "
            f"add the answer utter_faq/{topic} to the responses for a new topic, and retrain.",
            err=True,
        )


@hr.command("draft-faq")
@click.option("--topic", required=True, help="FAQ topic key (faq/<topic>); an existing one is extended.")
@click.option("--answer", default=None, help="The answer utter_faq/<topic> (required for a new topic).")
@click.option(
    "--from-unanswered",
    "from_unanswered",
    default=None,
    metavar="IDS",
    help="Unanswered message ids, e.g. '3 7 9' or 3,7,9: their texts are the examples.",
)
@click.option(
    "--from-ticket",
    "from_ticket",
    type=int,
    default=None,
    metavar="N",
    help="Resolved ticket N: its question is an example, HR's answer the default answer.",
)
@click.option("--example", "extra", multiple=True, help="Another way of asking the question (repeatable).")
@click.option("--no-validate", is_flag=True, help="Skip `rasa data validate` (20-40 s).")
@click.pass_context
def draft_faq_cmd(
    ctx: click.Context,
    topic: str,
    answer: str | None,
    from_unanswered: str | None,
    from_ticket: int | None,
    extra: tuple[str, ...],
    no_validate: bool,
) -> None:
    """An FAQ draft for review (FAQ_REVIEW_DIR), as "Add as FAQ" on the HR page: nothing changes
    the assistant until the draft is copied into data/ and the model retrained."""
    from bot.hr.faq_drafts import DraftError, make_draft

    if (from_unanswered is None) == (from_ticket is None):
        fail("give either --from-unanswered IDS or --from-ticket N")
    engine = open_catalog(ctx)
    ids: list[int] = []
    if from_unanswered is not None:
        try:
            ids = [int(value) for value in from_unanswered.replace(",", " ").split()]
        except ValueError:
            fail(f"--from-unanswered takes message ids (numbers), not {from_unanswered!r}")
    with engine.connect() as connection:
        try:
            if from_unanswered is not None:
                examples = [message.text for message in get_unanswered(connection, ids)]
                source = "unanswered message(s) " + ", ".join(f"#{value}" for value in ids)
            else:
                ticket = get_ticket(connection, int(from_ticket or 0))
                if ticket.status != "resolved":
                    fail(f"ticket {ticket.id} is not resolved yet")
                examples, source = [ticket.question], f"ticket #{ticket.id}"
                answer = answer if answer is not None else ticket.answer
        except (RecordError, TicketError) as error:
            fail(str(error))
    try:
        written = make_draft(
            topic, [*examples, *extra], answer, source + " (CLI)", run_validator=not no_validate
        )
    except (DraftError, OSError) as error:
        fail(str(error))
    if ids and written.validation.passed:
        with engine.begin() as connection:
            mark_exported(connection, ids, written.draft.topic)
    draft = written.draft
    kind = "extends the topic" if draft.extends else "new topic"
    with_answer = ", the answer" if draft.answer is not None else ""
    click.echo(
        f"Draft of {draft.intent} ({kind}) written to {written.folder}: "
        f"{len(draft.examples)} new example(s){with_answer}."
    )
    for example, reason in draft.left_out:
        click.echo(f"  left out: {example} ({reason})")
    click.echo(f"Validation: {written.validation.summary}")
    if written.validation.ran and not written.validation.passed:
        for line in written.validation.lines:
            click.echo(f"  | {line}")
    if ids:
        if written.validation.passed:
            click.echo("The messages leave the queue.")
        else:
            click.echo("The messages stay in the queue until a draft of them passes validation.")
    click.echo(written.retrain_note())


@hr.command("report")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report as one HTML file with charts.",
)
@click.option(
    "--days", type=click.IntRange(1, 3650), default=None, help="Only the last N days (default: everything)."
)
@click.option(
    "--tracker-db",
    envvar="TRACKER_DB_URL",
    default=None,
    metavar="URL",
    help="Rasa tracker store [env TRACKER_DB_URL].",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the figures as JSON.",
)
@click.option(
    "--csv",
    "csv_out",
    is_flag=False,
    flag_value="-",
    default=None,
    metavar="[FILE]",
    help="Write the figures as CSV to FILE (without FILE: print the CSV instead of the figures).",
)
@click.pass_context
def report_cmd(
    ctx: click.Context,
    out: Path | None,
    days: int | None,
    tracker_db: str | None,
    json_out: Path | None,
    csv_out: str | None,
) -> None:
    """The insights report for HR: its figures (as on the HR page), as HTML, JSON or CSV."""
    from bot.hr.figures import report_csv, report_text
    from bot.hr.report import build_report, render_html

    engine = open_catalog(ctx)
    try:
        tracker_engine = get_engine(tracker_db or tracker_db_url())
    except DatabaseUnavailable as error:
        fail(str(error), EXIT_DATABASE)
    now = datetime.now(timezone.utc)
    since = now - timedelta(days=days) if days else None
    try:
        report = build_report(engine, tracker_engine, since=since, now=now, days=days)
    except Exception as error:  # noqa: BLE001 - the tracker store may be unreachable
        fail(f"cannot read the conversation store: {error}", EXIT_DATABASE)
    try:
        if out is not None:
            out.write_text(render_html(report), encoding="utf-8")
        if json_out is not None:
            json_out.write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
            )
        if csv_out not in (None, "-"):
            Path(str(csv_out)).write_text(report_csv(report), encoding="utf-8", newline="")
    except OSError as error:
        fail(f"cannot write the report: {error}")
    if csv_out == "-":
        click.echo(report_csv(report), nl=False)
    else:
        click.echo(report_text(report), nl=False)
    for path in (out, json_out, None if csv_out in (None, "-") else csv_out):
        if path is not None:
            click.echo(f"Written to {path}.", err=True)


@hr.command("serve")
@click.option(
    "--host", envvar="HR_PAGE_HOST", default="127.0.0.1", show_default=True, help="[env HR_PAGE_HOST]"
)
@click.option(
    "--port",
    envvar="HR_PAGE_PORT",
    type=click.IntRange(0, 65535),
    default=5056,
    show_default=True,
    help="[env HR_PAGE_PORT]",
)
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int) -> None:
    """The HR page (needs HR_ADMIN_TOKEN; binds to 127.0.0.1 unless told otherwise)."""
    from bot.hr.web import HrPageConfig, HrPageError, serve

    open_catalog(ctx)
    try:
        config = HrPageConfig.from_env(ctx.obj["db_url"])
    except HrPageError as error:
        fail(str(error))
    serve(config, host, port)
