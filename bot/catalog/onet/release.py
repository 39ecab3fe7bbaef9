"""Read and validate an O*NET 29.x text release (tab-separated files) before anything is
written: a bad file, column or value raises :class:`OnetImportError` naming where."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

#: Derived importance of a technology link (O*NET has only the two flags).
TECH_IMPORTANCE_IN_DEMAND = Decimal("4.00")
TECH_IMPORTANCE_HOT = Decimal("3.50")
TECH_IMPORTANCE_DEFAULT = Decimal("3.00")

#: SOC 2018 major groups (first two digits of an O*NET-SOC code) -> ``roles.family``.
SOC_MAJOR_GROUPS: dict[str, str] = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

#: O*NET "Relatedness Tier" -> ``related_roles.tier``.
RELATEDNESS_TIERS: dict[str, str] = {
    "Primary-Short": "primary_short",
    "Primary-Long": "primary_long",
    "Supplemental": "supplemental",
}

OCCUPATION_DATA = "Occupation Data.txt"
JOB_ZONES = "Job Zones.txt"
ALTERNATE_TITLES = "Alternate Titles.txt"
REPORTED_TITLES = "Sample of Reported Titles.txt"
SKILLS = "Skills.txt"
KNOWLEDGE = "Knowledge.txt"
TECHNOLOGY_SKILLS = "Technology Skills.txt"
RELATED_OCCUPATIONS = "Related Occupations.txt"
CONTENT_MODEL = "Content Model Reference.txt"

#: Files the import needs (``Content Model Reference.txt`` is optional).
REQUIRED_FILES = (
    OCCUPATION_DATA,
    JOB_ZONES,
    ALTERNATE_TITLES,
    REPORTED_TITLES,
    SKILLS,
    KNOWLEDGE,
    TECHNOLOGY_SKILLS,
    RELATED_OCCUPATIONS,
)

CODE = "O*NET-SOC Code"
_CODE_PATTERN = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
CENT = Decimal("0.01")


class OnetImportError(ValueError):
    """The release cannot be imported; ``file``/``line``/``column`` say where (when known)."""

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        where = ", ".join(
            part
            for part in (
                file,
                f"line {line}" if line is not None else None,
                f"column {column!r}" if column is not None else None,
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class Element:
    element_id: str
    name: str
    kind: str
    description: str = ""


@dataclass
class ElementLink:
    """The IM and LV rows of one (occupation, element) pair; None when absent/suppressed."""

    importance: Decimal | None = None
    level: Decimal | None = None


@dataclass
class Technology:
    name: str
    commodity_code: str
    commodity_title: str


@dataclass
class Release:
    occupations: dict[str, tuple[str, str]]  # code -> (title, description)
    job_zones: dict[str, int]
    aliases: list[tuple[str, str, str]]  # (code, alias, kind), in file order
    elements: dict[str, Element]  # element id -> element (skills before knowledge)
    element_links: dict[tuple[str, str], ElementLink]  # (code, element id) -> link
    technologies: dict[str, Technology]  # casefolded name -> technology
    tech_links: dict[tuple[str, str], Decimal]  # (code, casefolded name) -> importance
    related: dict[tuple[str, str], tuple[str, int]]  # (code, related code) -> (tier, rank)


class ReleaseFile:
    """One tab-separated release file: header checks, and typed access to its fields."""

    def __init__(self, directory: Path, name: str, progress: bool) -> None:
        self.name = name
        self.progress = progress
        path = directory / name
        if not path.is_file():
            raise OnetImportError(f"required file not found in {directory}", file=name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise OnetImportError(
                f"not UTF-8 text ({error.reason} at byte {error.start})", file=name
            ) from None
        self.lines = text.split("\n")
        self.header = self.lines[0].rstrip("\r").split("\t") if self.lines else []
        self.index = {column: i for i, column in enumerate(self.header)}

    def has(self, column: str) -> bool:
        return column in self.index

    def require(self, *columns: str) -> None:
        for column in columns:
            if column not in self.index:
                raise OnetImportError(
                    "missing column in the header line", file=self.name, line=1, column=column
                )

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number, fields)`` of every data line; blank lines are ignored."""
        width = len(self.header)
        lines: Iterable[str] = self.lines[1:]
        if self.progress:
            from tqdm import tqdm

            lines = tqdm(lines, desc=self.name, unit=" rows", total=len(self.lines) - 1, leave=False)
        for number, raw in enumerate(lines, start=2):
            line = raw.rstrip("\r")
            if not line.strip():
                continue
            values = line.split("\t")
            if len(values) != width:
                raise OnetImportError(
                    f"expected {width} tab-separated fields, found {len(values)}", file=self.name, line=number
                )
            yield number, values

    def text(self, values: list[str], column: str, line: int, *, max_length: int | None = None) -> str:
        value = values[self.index[column]].strip()
        if not value:
            raise OnetImportError("empty value", file=self.name, line=line, column=column)
        if max_length is not None and len(value) > max_length:
            raise OnetImportError(
                f"value longer than {max_length} characters", file=self.name, line=line, column=column
            )
        return value

    def code(self, values: list[str], column: str, line: int) -> str:
        value = self.text(values, column, line)
        if not _CODE_PATTERN.match(value):
            raise OnetImportError(
                f"not an O*NET-SOC code (NN-NNNN.NN): {value!r}", file=self.name, line=line, column=column
            )
        return value

    def number(self, values: list[str], column: str, line: int, low: Decimal, high: Decimal) -> Decimal:
        raw = values[self.index[column]].strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise OnetImportError(
                f"not a number: {raw!r}", file=self.name, line=line, column=column
            ) from None
        if not value.is_finite() or not low <= value <= high:
            raise OnetImportError(
                f"{raw!r} is outside {low}-{high}", file=self.name, line=line, column=column
            )
        return value.quantize(CENT, rounding=ROUND_HALF_UP)

    def flag(self, values: list[str], column: str) -> bool:
        return column in self.index and values[self.index[column]].strip().upper() == "Y"


def read_release(directory: Path, progress: bool) -> Release:
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        raise OnetImportError(
            f"required file(s) not found in {directory}: {', '.join(missing)}", file=missing[0]
        )

    occupations: dict[str, tuple[str, str]] = {}
    f = ReleaseFile(directory, OCCUPATION_DATA, progress)
    f.require(CODE, "Title", "Description")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        occupations[code] = (
            f.text(values, "Title", line, max_length=200),
            values[f.index["Description"]].strip(),
        )

    job_zones: dict[str, int] = {}
    f = ReleaseFile(directory, JOB_ZONES, progress)
    f.require(CODE, "Job Zone")
    for line, values in f.rows():
        zone = f.number(values, "Job Zone", line, Decimal(1), Decimal(5))
        if zone != zone.to_integral_value():
            raise OnetImportError(f"not a whole number: {zone}", file=f.name, line=line, column="Job Zone")
        job_zones[f.code(values, CODE, line)] = int(zone)

    aliases: list[tuple[str, str, str]] = []
    f = ReleaseFile(directory, ALTERNATE_TITLES, progress)
    f.require(CODE, "Alternate Title")
    short = f.has("Short Title")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        aliases.append((code, f.text(values, "Alternate Title", line, max_length=250), "alternate"))
        if short and values[f.index["Short Title"]].strip():
            aliases.append((code, f.text(values, "Short Title", line, max_length=250), "short"))
    f = ReleaseFile(directory, REPORTED_TITLES, progress)
    f.require(CODE, "Reported Job Title")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        aliases.append((code, f.text(values, "Reported Job Title", line, max_length=250), "reported"))

    elements: dict[str, Element] = {}
    element_links: dict[tuple[str, str], ElementLink] = {}
    scale_ranges = {"IM": (Decimal(1), Decimal(5)), "LV": (Decimal(0), Decimal(7))}
    for name, kind in ((SKILLS, "skill"), (KNOWLEDGE, "knowledge")):
        f = ReleaseFile(directory, name, progress)
        f.require(CODE, "Element ID", "Element Name", "Scale ID", "Data Value")
        for line, values in f.rows():
            scale = values[f.index["Scale ID"]].strip()
            if scale not in scale_ranges:
                continue  # other scales are not used by the catalog
            code = f.code(values, CODE, line)
            element_id = f.text(values, "Element ID", line, max_length=32)
            element = elements.get(element_id)
            if element is None:
                element_name = f.text(values, "Element Name", line, max_length=180)
                elements[element_id] = Element(element_id, element_name, kind)
            low, high = scale_ranges[scale]
            value = f.number(values, "Data Value", line, low, high)  # validated even when suppressed
            link = element_links.setdefault((code, element_id), ElementLink())
            if f.flag(values, "Recommend Suppress") or f.flag(values, "Not Relevant"):
                continue
            if scale == "IM":
                link.importance = value
            else:
                link.level = value

    if (directory / CONTENT_MODEL).is_file():
        f = ReleaseFile(directory, CONTENT_MODEL, progress)
        f.require("Element ID", "Description")
        for _line, values in f.rows():
            found = elements.get(values[f.index["Element ID"]].strip())
            if found is not None:
                found.description = values[f.index["Description"]].strip()

    technologies: dict[str, Technology] = {}
    tech_links: dict[tuple[str, str], Decimal] = {}
    f = ReleaseFile(directory, TECHNOLOGY_SKILLS, progress)
    f.require(CODE, "Example", "Commodity Code")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        example = f.text(values, "Example", line, max_length=200)
        key = example.casefold()
        if key not in technologies:
            commodity_title = values[f.index["Commodity Title"]].strip() if f.has("Commodity Title") else ""
            technologies[key] = Technology(
                example, f.text(values, "Commodity Code", line, max_length=32), commodity_title
            )
        if f.flag(values, "In Demand"):
            importance = TECH_IMPORTANCE_IN_DEMAND
        elif f.flag(values, "Hot Technology"):
            importance = TECH_IMPORTANCE_HOT
        else:
            importance = TECH_IMPORTANCE_DEFAULT
        tech_links[(code, key)] = max(importance, tech_links.get((code, key), importance))

    related: dict[tuple[str, str], tuple[str, int]] = {}
    f = ReleaseFile(directory, RELATED_OCCUPATIONS, progress)
    f.require(CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")
    for line, values in f.rows():
        code = f.code(values, CODE, line)
        other = f.code(values, "Related O*NET-SOC Code", line)
        tier_name = values[f.index["Relatedness Tier"]].strip()
        tier = RELATEDNESS_TIERS.get(tier_name)
        if tier is None:
            raise OnetImportError(
                f"unknown tier {tier_name!r} (expected one of {', '.join(RELATEDNESS_TIERS)})",
                file=f.name,
                line=line,
                column="Relatedness Tier",
            )
        rank = f.number(values, "Index", line, Decimal(0), Decimal(1_000_000))
        if code != other:
            related.setdefault((code, other), (tier, int(rank)))

    return Release(
        occupations, job_zones, aliases, elements, element_links, technologies, tech_links, related
    )
