"""The shared test kit: what every test file builds the same way, in one place.

- :mod:`tests.kit.paths`: the project root and the files tests read.
- :mod:`tests.kit.domain`: the loaded domain (as rasa-sdk actions receive it).
- :mod:`tests.kit.trackers`: rasa-sdk ``Tracker`` builders (events, latest message, slots).
- :mod:`tests.kit.actions`: run an action with a ``CollectingDispatcher``; read its texts.
- :mod:`tests.kit.databases`: migrated SQLite catalogs and throw-away PostgreSQL databases.
- :mod:`tests.kit.profiles`: the sample user profile the privacy tests remember.
- :mod:`tests.kit.seed`: counts of the embedded sample catalog, read from its YAML files.

The pytest fixtures built on these live in ``tests/conftest.py`` (unit tests) and
``tests/e2e/conftest.py`` (servers).
"""
