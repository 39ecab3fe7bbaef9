"""Singular display titles for O*NET's plural occupation titles (``bot/catalog/onet/titles.py``)."""

from __future__ import annotations

import csv

import pytest

from bot.catalog.onet.titles import singular_title, singular_word
from tests.kit.onet import ONET_RELEASE


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("Nurses", "Nurse"),
        ("Actuaries", "Actuary"),
        ("Attorneys", "Attorney"),
        ("Mechanics", "Mechanic"),
        ("Coaches", "Coach"),
        ("Midwives", "Midwife"),
        ("Craftsmen", "Craftsman"),
        ("Bus", "Bus"),
        ("Analysis", "Analysis"),
        ("Forces", "Forces"),
        ("Gas", "Gas"),
        ("Police", "Police"),
    ],
)
def test_singular_word(word, singular):
    assert singular_word(word) == singular


@pytest.mark.parametrize(
    ("title", "singular"),
    [
        ("Registered Nurses", "Registered Nurse"),
        (
            "Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
            "Secretary and Administrative Assistant, Except Legal, Medical, and Executive",
        ),
        ("Chief Executives", "Chief Executive"),
        ("Software Developers", "Software Developer"),
        ("Nurse Practitioners", "Nurse Practitioner"),
        ("Actuaries", "Actuary"),
        ("Industrial Machinery Mechanics", "Industrial Machinery Mechanic"),
        ("Lawyers", "Lawyer"),
        (
            "Farmers, Ranchers, and Other Agricultural Managers",
            "Farmer, Rancher, and Other Agricultural Manager",
        ),
        (
            "Heating, Air Conditioning, and Refrigeration Mechanics and Installers",
            "Heating, Air Conditioning, and Refrigeration Mechanic and Installer",
        ),
        (
            "Sales Representatives, Wholesale and Manufacturing, Technical and Scientific Products",
            "Sales Representative, Wholesale and Manufacturing, Technical and Scientific Products",
        ),
        (
            "Securities, Commodities, and Financial Services Sales Agents",
            "Securities, Commodities, and Financial Services Sales Agent",
        ),
        (
            "Agents and Business Managers of Artists, Performers, and Athletes",
            "Agent and Business Manager of Artists, Performers, and Athletes",
        ),
        ("First-Line Supervisors of Retail Sales Workers", "First-Line Supervisor of Retail Sales Workers"),
        (
            "Laborers and Freight, Stock, and Material Movers, Hand",
            "Laborer and Freight, Stock, and Material Mover, Hand",
        ),
        (
            "Cutting, Punching, and Press Machine Setters, Operators, and Tenders, Metal and Plastic",
            "Cutting, Punching, and Press Machine Setter, Operator, and Tender, Metal and Plastic",
        ),
        (
            "Lifeguards, Ski Patrol, and Other Recreational Protective Service Workers",
            "Lifeguard, Ski Patrol, and Other Recreational Protective Service Worker",
        ),
        ("Computer Systems Engineers/Architects", "Computer Systems Engineer/Architect"),
        ("Helpers--Production Workers", "Helper--Production Worker"),
        ("Service Unit Operators, Oil and Gas", "Service Unit Operator, Oil and Gas"),
        ("Customs and Border Protection Officers", "Customs and Border Protection Officer"),
        (
            "Bus and Truck Mechanics and Diesel Engine Specialists",
            "Bus and Truck Mechanic and Diesel Engine Specialist",
        ),
        ("Clergy", "Clergy"),
        ("Special Forces", "Special Forces"),
    ],
)
def test_singular_title(title, singular):
    assert singular_title(title) == singular


def test_singular_titles_are_stable():
    """Making a singular title singular again changes nothing (re-imports keep their titles)."""
    for title in ("Registered Nurse", "Accountant and Auditor", "Heavy and Tractor-Trailer Truck Driver"):
        assert singular_title(title) == title


@pytest.mark.onet
def test_every_title_of_the_full_release_gets_a_distinct_singular():
    if not ONET_RELEASE.is_dir():
        pytest.skip("the O*NET 29.3 release is not on this machine")
    with (ONET_RELEASE / "Occupation Data.txt").open(encoding="utf-8") as handle:
        titles = [row["Title"] for row in csv.DictReader(handle, delimiter="\t")]
    singular = {singular_title(title) for title in titles}
    assert len(titles) == 1016
    assert len(singular) == len(set(titles))  # no two occupations collapse into one title
    unchanged = sorted(title for title in titles if singular_title(title) == title)
    assert unchanged == ["Clergy", "Infantry", "Special Forces", "Transit and Railroad Police"]
