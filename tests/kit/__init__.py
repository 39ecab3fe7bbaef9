"""The shared test kit: what every test file builds the same way, in one place.

- :mod:`tests.kit.paths`: the project root and the files tests read.
- :mod:`tests.kit.domain`: the loaded domain (as rasa-sdk actions receive it).
- :mod:`tests.kit.trackers`: rasa-sdk ``Tracker`` builders (events, latest message, slots).
- :mod:`tests.kit.actions`: run an action with a ``CollectingDispatcher``; read its texts.
- :mod:`tests.kit.databases`: migrated SQLite catalogs and throw-away PostgreSQL databases.
- :mod:`tests.kit.profiles`: the sample user profile the privacy tests remember.
- :mod:`tests.kit.seed`: the embedded sample catalog (skills, roles, courses), read from its YAML.
- :mod:`tests.kit.onet`: the O*NET releases (full and mini) and readers of what an import wrote.
- :mod:`tests.kit.skills`: skills inserted straight into a catalog; the names an extractor finds.

The pytest fixtures built on these live in ``tests/conftest.py`` (unit tests) and
``tests/e2e/conftest.py`` (servers).
"""
