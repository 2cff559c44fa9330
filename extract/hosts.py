"""The host of a bilateral meeting: the local side is of the country where the meeting is held.

Reports often name the visitor's country ("Portugal's Foreign Minister A met President B in
Lima") and leave the host's unsaid: B is Peru's because the meeting is in Peru and the other
side is not. This is attachment by the meeting's structure, not proximity, and it applies
only where that structure is unambiguous: an in-person meeting of exactly two named people,
in a city whose country is known, that the report tells as a visit or a reception (two
foreign sides also meet on neutral ground: Geneva, Vienna, Singapore), where one side's
country is attached and differs from the city's, the other side has none, and no gathering
(a summit, forum, conference) brings third countries' people to the city.
"""

from __future__ import annotations

import re
from functools import cache

from .model import Extraction
from .read import load_data

# a gathering in the host's city: its participants come from anywhere
_GATHERING = re.compile(
    r"\b(?:sidelines?|margins?|summit|forum|conference|assembly|congress|games|olympics|expo"
    r"|convention|ministerial meeting|multilateral|dialogue)\b",
    re.I,
)

# the meeting is a visit to the host, or the host receives the visitor
_VISIT = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|trip|tour|arriv(?:e|es|ed|ing)|travel(?:s|led|ed|ling|ing)?|landed"
    r"|host(?:s|ed|ing)?|welcom(?:e|es|ed|ing)|receiv(?:e|es|ed|ing)|call(?:s|ed)? on|courtesy call)\b",
    re.I,
)


@cache
def _country_of_place() -> dict[str, str]:
    """Lower-case city (capitals and seats of government included) -> its country."""
    places: dict[str, str] = {}
    for country, entry in load_data("countries.json")["countries"].items():
        for capital in entry.get("capitals", []):
            places.setdefault(capital.lower(), country)
    for country, cities in load_data("cities.json")["cities"].items():
        for city in cities:
            places.setdefault(city.lower(), country)
    return places


def country_of_place(place: str | None) -> str | None:
    """The country a meeting place lies in, when the gazetteers know the city."""
    if not place:
        return None
    key = place.strip().lower()
    places = _country_of_place()
    return places.get(key) or places.get(key.split(",")[0].strip())


def infer_host_countries(extraction: Extraction) -> None:
    """Give the local side of each qualifying bilateral meeting the host city's country."""
    people = {p.key: p for p in extraction.people}
    for report in extraction.reports:
        if report.mode in ("phone", "virtual") or len(report.participants) != 2:
            continue
        host = country_of_place(report.place)
        told = " ".join(report.sentences)
        if host is None or _GATHERING.search(told) or not _VISIT.search(told):
            continue
        a, b = (people.get(k) for k in report.participants)
        if a is None or b is None:
            continue
        for guest, local in ((a, b), (b, a)):
            if guest.country and guest.country != host and not local.country:
                local.country = host
