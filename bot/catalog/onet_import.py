"""Import an O*NET 29.x text release (tab-separated files) into the training catalog.

What goes where
---------------
========================================  ===============================================
``Occupation Data.txt``                   ``roles`` (code, title, description,
                                          ``source='onet'``; ``family`` = the SOC major
                                          group of the code's first two digits)
``Job Zones.txt``                         ``roles.job_zone``
``Alternate Titles.txt``                  ``role_aliases`` kind ``alternate`` (and its
                                          ``Short Title`` column, when present, ``short``)
``Sample of Reported Titles.txt``         ``role_aliases`` kind ``reported``
``Skills.txt`` / ``Knowledge.txt``        ``skills`` kind ``skill`` / ``knowledge``
                                          (``external_id`` = Element ID) and
                                          ``role_skills`` from the IM (importance 1-5) and
                                          LV (level 0-7) rows of each (occupation, element)
``Technology Skills.txt``                 ``skills`` kind ``technology`` (name = Example,
                                          ``external_id`` = Commodity Code) and
                                          ``role_skills`` with a derived importance
``Related Occupations.txt``               ``related_roles`` (tier, rank = Index)
``Content Model Reference.txt``           optional: descriptions of skill/knowledge elements
========================================  ===============================================

Choices
-------
* **Importance threshold** (``min_importance``, default :data:`DEFAULT_MIN_IMPORTANCE` =
  3.0). O*NET rates every one of its 35 skills and 33 knowledge areas for every
  occupation, most of them as marginal. 3.0 on the 1-5 scale is "Important" and is the
  cut O*NET OnLine itself uses for an occupation's summary (a standardised score of 50 of
  100). It keeps ~19k of ~60k links: the core skills an upskill/reskill comparison should
  be built on, not noise that makes every pair of roles look alike. Pass ``1.0`` to import
  every rated link. The threshold filters Skills/Knowledge links only (see below).
* **Technology importance.** O*NET gives technologies no importance rating, only flags, so
  the importer derives one: 4.0 when the technology is *In Demand* (frequently in the
  occupation's job postings: what employers ask for), 3.5 when it is a *Hot Technology*
  (frequent in postings across all occupations), else 3.0 (used in the occupation, i.e.
  still "Important"). Level stays NULL: O*NET does not rate it. Every technology link
  is kept whatever ``min_importance`` says: the list is already the tools observed in the
  occupation, and the derived number only orders them.
* **Suppressed data.** A row with ``Recommend Suppress`` = Y or ``Not Relevant`` = Y is
  skipped: a skipped IM row drops the link, a skipped LV row leaves the level NULL.
* **Matching existing data.** Roles match on ``code``: a role of the embedded sample data
  with an O*NET code is updated to O*NET's title, description, family and job zone
  (``source`` becomes ``onet``); its aliases stay, and a replaced title is kept as an
  alias. Skill/knowledge elements match on (kind, Element ID), then on name or synonym
  (case-insensitively, same kind); a technology matches any skill by name or synonym, so a
  curated "Microsoft Excel" is reused, not duplicated. A reused curated skill only gets its
  blank ``external_id``/description filled in. When an element's name is already taken by
  a skill of another kind (O*NET has both a *skill* and a *knowledge* "Mathematics"), the
  later one is named ``"<name> (<kind>)"``.
* **Re-running** updates rows in place (upsert on role code, skill name, (role, alias),
  (role, skill), (role, related role)); it never deletes, so links added by hand survive.
* **All or nothing.** Every file is read and validated before the database is touched,
  and all writes run in one transaction. A missing file or column, a malformed line or a
  value that is not a number (or out of range) raises :class:`OnetImportError` naming the
  file, line and column; nothing is written.

Performance: existing keys are loaded once into dicts and rows are written with Core
``insert()``/``update()`` executemany batches, never per-row ORM round trips.

Code: :mod:`bot.catalog.onet.release` reads and validates the files,
:mod:`bot.catalog.onet.writer` writes the catalog; :func:`import_onet` runs both.
"""

from __future__ import annotations

import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.catalog.onet.release import CENT, OnetImportError, read_release
from bot.catalog.onet.summary import ImportSummary
from bot.catalog.onet.writer import CatalogWriter

__all__ = ["DEFAULT_MIN_IMPORTANCE", "ONET_ATTRIBUTION", "ImportSummary", "OnetImportError", "import_onet"]

#: The attribution O*NET's CC BY 4.0 licence requires wherever this data ships or shows.
ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA. This project has modified all or some of "
    "this information. USDOL/ETA has not approved, endorsed, or tested these modifications."
)

#: Links with a lower importance (1-5 scale) are not imported; see the module docstring.
DEFAULT_MIN_IMPORTANCE = 3.0


def import_onet(
    engine: Engine,
    directory: Path,
    *,
    min_importance: float = DEFAULT_MIN_IMPORTANCE,
    progress: bool = False,
) -> ImportSummary:
    """Import the O*NET text release in ``directory`` into the catalog behind ``engine``.

    ``min_importance`` (1-5, default 3.0 = "Important") is the lowest importance of a
    skill/knowledge link that is imported (technology links are all kept); ``progress``
    shows tqdm bars per file and table. Runs in one transaction: on
    :class:`OnetImportError` (or any database error) nothing is written. See the module
    docstring for the mapping and the choices behind it.
    """
    started = time.perf_counter()
    if not 1 <= min_importance <= 5:
        raise OnetImportError(f"min_importance must be between 1 and 5, got {min_importance}")
    directory = Path(directory)
    if not directory.is_dir():
        raise OnetImportError(f"O*NET release folder not found: {directory}")
    release = read_release(directory, progress)
    threshold = Decimal(str(min_importance)).quantize(CENT, rounding=ROUND_HALF_UP)
    with engine.begin() as connection:
        summary = CatalogWriter(connection, release, threshold, progress).run()
    summary.elapsed_seconds = time.perf_counter() - started
    return summary
