"""Build what the actions share before the first conversation needs it.

The role resolver and the skill extractor are built lazily from the catalog (never at import
time); on a 2-core machine the skill extractor takes several seconds. The action server calls
``warm_up_catalog`` once before it starts serving (see ``rasa_sdk_plugins``); a database that
is not reachable yet is not fatal: the actions build on first use as before and say so then.
"""

from __future__ import annotations

import logging
import time

from actions import catalog_access
from bot.storage.db import DATABASE_ERRORS

logger = logging.getLogger(__name__)


def warm_up_catalog() -> bool:
    """Build the role resolver and skill extractor now; ``False`` when the catalog is unreachable."""
    started = time.monotonic()
    try:
        catalog_access.role_resolver()
        catalog_access.skill_extractor()
    except DATABASE_ERRORS as error:
        logger.warning("catalog not warmed up (%s); it is built on first use", type(error).__name__)
        return False
    logger.info("catalog warmed up in %.1f s", time.monotonic() - started)
    return True
