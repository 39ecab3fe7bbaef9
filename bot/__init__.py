"""The career advisor's domain core: plain Python over SQLAlchemy, no Rasa imports.

Sub-packages, each depending only on those listed after it (enforced by import-linter,
``make lint``; contracts in ``pyproject.toml``):

- ``cli``: the admin command line, ``python -m bot ...``.
- ``hr``: HR triage: hand-off tickets, unanswered questions, feedback, advice log, report, HR page.
- ``advice``: the upskill-or-reskill decision, the learning path, one call from profile to advice.
- ``profiles``: what a user tells the advisor: answer parsing, the stored profile, forgetting.
- ``catalog``: the training catalog: roles, skills, courses; importers, search, role and skill matching.
- ``storage``: the SQLAlchemy engine, the schema and its Alembic migrations.
- ``config``: every setting read from the environment (one registry).
"""
