"""Comparing knowledge bases up to ids (resolution numbers rows in the order batches make them)."""

from __future__ import annotations

import json


def normalised(dump: dict) -> dict:
    """The dump with every id replaced by what it stands for, so two ingests compare up to ids."""
    officials = {o["id"]: (o["name"], tuple(sorted(o["aliases"])), o["country"], tuple(o["titles"]))
                 for o in dump["officials"]}
    articles = {a["id"]: (a["file"], a["part"]) for a in dump["articles"]}
    arts = sorted(
        (articles[a["id"]],
         tuple(sorted((officials[m["official_id"]], tuple(m["as_written"]), m["title"] or "") for m in a["officials"])))
        for a in dump["articles"]
    )
    events = sorted(json.dumps([e["date"], e["place"], e["status"], e["kind"],
                                sorted(officials[p] for p in e["participants"]),
                                sorted([articles[r["article_id"]], sorted(officials[p] for p in r["participants"]),
                                        r["date_partial"], r["place"], r["status"]] for r in e["reports"])])
                    for e in dump["events"])
    return {"articles": arts, "officials": sorted(officials.values()), "events": events}
