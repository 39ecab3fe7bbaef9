"""Read an organisation's course file (CSV or JSON) into raw rows, refusing what is not one.

File format (docs/catalog.md): one course per CSV row or JSON object, with the columns
below. In CSV, ``skills`` and ``entry_for`` are ``;``-separated lists; in JSON, lists of
strings. Only the
shape is checked here (size, encoding, columns); the values are validated by
``bot.catalog.course_import``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REQUIRED_COLUMNS = ("code", "title", "provider", "format", "duration_hours", "cost", "currency", "skills")
OPTIONAL_COLUMNS = (
    "description",
    "level",
    "credential",
    "language",
    "url",
    "active",
    "audience",
    "employer",
    "weekly_hours",
    "paid_work",
    "entry_for",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_FILE_BYTES = 50 * 1024 * 1024


class CourseFileError(ValueError):
    """The file cannot be read as a course catalog at all (missing, binary, wrong shape)."""


@dataclass
class RawRow:
    where: str
    values: Mapping[str, Any]


def read_course_file(path: Path) -> list[RawRow]:
    """Read a ``.csv`` or ``.json`` course file into raw rows, or raise ``CourseFileError``."""
    if not path.is_file():
        raise CourseFileError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CourseFileError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise CourseFileError(f"{path}: looks like a binary file, expected CSV or JSON text")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CourseFileError(f"{path}: not UTF-8 text (byte {error.start})") from error
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(path, content)
    if suffix == ".csv":
        return _csv_rows(path, content)
    raise CourseFileError(f"{path}: unknown file type '{suffix}', expected .csv or .json")


def _csv_rows(path: Path, content: str) -> list[RawRow]:
    reader = csv.DictReader(io.StringIO(content))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header:
        raise CourseFileError(f"{path}: the file is empty (expected a header line)")
    _check_columns(path, header)
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if None in row:
                raise CourseFileError(f"{path}, line {reader.line_num}: more values than columns")
            if not any((value or "").strip() for value in row.values()):
                continue
            rows.append(RawRow(f"line {reader.line_num}", row))
    except csv.Error as error:
        raise CourseFileError(f"{path}, line {reader.line_num}: {error}") from error
    return rows


def _json_rows(path: Path, content: str) -> list[RawRow]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise CourseFileError(f"{path}: invalid JSON at line {error.lineno}: {error.msg}") from error
    if isinstance(data, dict) and "courses" in data:
        data = data["courses"]
    if not isinstance(data, list):
        raise CourseFileError(f"{path}: expected a list of courses or an object with a 'courses' list")
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise CourseFileError(f"{path}, item {number}: expected an object with course fields")
        rows.append(RawRow(f"item {number}", item))
    columns = {key for row in rows for key in row.values}
    _check_columns(path, sorted(columns) if rows else list(REQUIRED_COLUMNS))
    return rows


def _check_columns(path: Path, header: Iterable[str]) -> None:
    present = set(header)
    missing = [column for column in REQUIRED_COLUMNS if column not in present]
    unknown = sorted(present - set(ALL_COLUMNS))
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if problems:
        raise CourseFileError(f"{path}: {'; '.join(problems)}. Expected columns: {', '.join(ALL_COLUMNS)}")
