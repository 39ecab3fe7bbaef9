"""The admin command line, ``python -m bot ...``, built with Click.

``catalog`` creates, fills and queries the training catalog; ``advise`` gives the
assistant's advice without a conversation; ``hr`` is HR's queue, unanswered questions and
report. Each group lives in its own module; the shared failure handling in ``common``.
"""

from __future__ import annotations

import click

from bot.cli.advise import advise
from bot.cli.catalog import catalog
from bot.cli.hr import hr


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Career advisor: advice from the command line and administration of the catalog."""


main.add_command(catalog)
main.add_command(advise)
main.add_command(hr)
