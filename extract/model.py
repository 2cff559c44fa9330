"""The serialisable result of extracting one article: people, mentions, meeting reports.

Plain dataclasses of plain values, so a result can cross process (or machine)
boundaries as a dict and be rebuilt with ``Extraction.from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Person:
    """One person named in one article, under the fullest name the article gives."""

    key: int
    name: str
    variants: list[str] = field(default_factory=list)
    title: str | None = None
    country: str | None = None


@dataclass
class Mention:
    person: int
    start: int
    end: int
    text: str
    sentence: str
    title: str | None = None
    country: str | None = None


@dataclass
class Quote:
    text: str
    speaker: int | None = None


@dataclass
class Report:
    """What one article says about one meeting."""

    participants: list[int]
    sentences: list[str]
    status: str = "held"
    date: str | None = None  # partial ISO text, see PartialDate.partial
    date_precision: str | None = None
    date_text: str | None = None
    # the days the meeting falls within, as ISO dates, when the text bounds it without naming the
    # day ("next week", "late last month", "in April"): for grouping reports; ``date`` stays as precise as the text
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    kind: str | None = None
    mode: str | None = None
    level: str | None = None
    trigger: str | None = None
    countries: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # where the date came from: "sentence" (the report's own words) or "article" (a readout
    # under the item's date line); None when undated
    date_source: str | None = None
    rules: list[str] = field(default_factory=list)  # ids of the rules that made the report
    reported: bool = False  # told only inside reported speech ("A said he had talks with B")


@dataclass
class Extraction:
    people: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain dicts and lists (``dataclasses.asdict`` deep-copies every value: 7× slower here)."""
        return {
            "people": [{**vars(p), "variants": list(p.variants)} for p in self.people],
            "mentions": [dict(vars(m)) for m in self.mentions],
            "reports": [{**vars(r), "participants": list(r.participants), "sentences": list(r.sentences),
                         "countries": list(r.countries), "rules": list(r.rules),
                         "quotes": [dict(vars(q)) for q in r.quotes]}
                        for r in self.reports],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Extraction:
        return cls(
            people=[Person(**p) for p in data.get("people", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            reports=[
                Report(**{**r, "quotes": [Quote(**q) for q in r.get("quotes", [])]})
                for r in data.get("reports", [])
            ],
        )


class ModelText(str):
    """The text the model reads for an article, and where its body starts in it (after the
    headline and a blank line). A ``str`` so that it crosses to worker processes and Dask
    as the text itself; ``body_start`` travels with it (pickle keeps an instance's dict)."""

    body_start: int = 0

