"""The O*NET import in two steps: :mod:`.release` reads and validates the release files,
:mod:`.writer` writes them into the catalog; :mod:`bot.catalog.onet_import` runs both."""
