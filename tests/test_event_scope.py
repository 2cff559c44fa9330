"""Adding reports to a base reads and clusters again only what a new report could join: an
event whose reports all pair badly with every new report (other people, another place) is left
as it was, a neighbour near no new report in time is not read, and the base is the one a
single ingest of everything gives; with the bounds of the evidence and the dates this rests on."""

from __future__ import annotations

from kb_builder import ingest

from diplotui.extract import resolve
from diplotui.store.db import open_db
from diplotui.store.dump import dump
from diplotui.store.write import Writer

TALKS = """Maravia and Tolland agree on a joint river commission

March 3, 2031

LINDMARK -- Maravia's Foreign Minister Ines Corvald held talks with Tolland's Foreign Minister Rafe \
Duncombe in Lindmark on Monday, the two ministries said.

Corvald said the commission would hold its opening session in the autumn.
"""

OTHER = """Maravian minister visits Brenland

March 4, 2031

PORT SELBY -- Maravian Foreign Minister Ines Corvald met Brenland's Defence Minister Oskar Brelle in \
Port Selby on Tuesday to discuss coastal patrols.

Brelle said the two navies would hold a first joint exercise next year.
"""

SAME_TALKS = """Tolland and Maravia set up river body

March 3, 2031

Tolland's Foreign Minister Rafe Duncombe and Maravian Foreign Minister Ines Corvald met in Lindmark on \
Monday for talks on shipping and flood defences.

Duncombe told reporters the new commission would have a seat in each capital.
"""


def _files(data: dict) -> dict[str, str]:
    return {a["id"]: a["file"].rsplit("/", 1)[-1] for a in data["articles"]}


def _events(db_path) -> list[tuple]:
    data = dump(open_db(db_path, readonly=True))
    names = {o["id"]: o["name"] for o in data["officials"]}
    files = _files(data)
    return sorted((e["date"], e["place"], tuple(sorted(names[p] for p in e["participants"])),
                   tuple(sorted(files[r["article_id"]] for r in e["reports"]))) for e in data["events"])


def _base_and_at_once(tmp_path, base: dict[str, str], new: dict[str, str]):
    """The base's articles ingested into kb.db (the new ones written beside them, in folder
    "new"), and all of them ingested at once into at_once.db: the two paths."""
    for folder, texts in (("base", base), ("new", new), ("all", {**base, **new})):
        (tmp_path / folder).mkdir()
        for name, text in texts.items():
            (tmp_path / folder / name).write_text(text)
    at_once = tmp_path / "at_once.db"
    ingest(at_once, tmp_path / "all")
    db = tmp_path / "kb.db"
    ingest(db, tmp_path / "base")
    return db, at_once


def test_an_event_no_new_report_can_join_is_not_clustered_again(tmp_path, monkeypatch):
    db, at_once = _base_and_at_once(tmp_path, {"talks.txt": TALKS, "other.txt": OTHER}, {"same.txt": SAME_TALKS})
    before = _events(db)
    assert [e[3] for e in before] == [("talks.txt",), ("other.txt",)], before
    clustered: list[set[str]] = []
    cluster_reports = resolve.cluster_reports

    def spy(units, must=(), never=()):
        clustered.append({u.article for u in units})
        return cluster_reports(units, must, never)

    read: list[int] = []
    rows = Writer.reports_for_clustering
    monkeypatch.setattr(resolve, "cluster_reports", spy)
    monkeypatch.setattr(Writer, "reports_for_clustering", lambda w, ids: read.extend(ids) or rows(w, ids))
    ingest(db, tmp_path / "new")

    files = _files(dump(open_db(db, readonly=True)))
    seen = {files[str(a)] for units in clustered for a in units}
    # the visit shares the minister and the week with the new report, but no one else and no place
    assert seen == {"talks.txt", "same.txt"}, seen
    # ... and its report is screened out by its participants, before its row is read
    reports = dict(open_db(db, readonly=True).conn.execute("SELECT id, article_id FROM reports").fetchall())
    assert {files[str(reports[r])] for r in read} == {"talks.txt", "same.txt"}, read
    after = _events(db)
    assert ("2031-03-03", "Lindmark", ("Ines Corvald", "Rafe Duncombe"), ("same.txt", "talks.txt")) in after, after
    assert after == _events(at_once)


def test_reports_whose_people_do_not_fit_never_pair_at_join_whatever_else_agrees():
    """What lets the scope screen candidates by their participants alone, before reading them."""
    from diplotui.extract.cluster import JOIN, ReportUnit, pair_evidence, participants_fit

    def report(rid: int, article: int, people, **kw) -> ReportUnit:
        return ReportUnit((f"h{article}", rid), rid, article, frozenset(people), "2031-05-06", "2031-05-06",
                          "held", kind="talks", place="Lindmark", outlet=1, stated=True, **kw)

    shapes = [((1, 2), (1, 3)), ((1, 2, 3), (1, 4, 5)), ((1, 2), (1, 3, 4))]
    for left, right in shapes:
        a, b = report(1, 10, left, context=frozenset(right)), report(2, 20, right, context=frozenset(left))
        assert not participants_fit(a.participants, b.participants)
        assert pair_evidence(a, b)[0] < JOIN, (left, right)
        assert pair_evidence(report(1, 10, left), report(2, 20, left))[0] >= JOIN  # the same people do


def test_an_officials_report_dates_carry_the_publication_date_where_it_places_the_report(tmp_path):
    """``report_dates_of_official`` reads an article's date only for the reports it places (an
    undated report; a year alone that may come from other context), and the neighbours found
    through them are those the publication dates give."""
    from diplotui.extract.cluster import UNDATED_HELD_DAYS, UNDATED_PLANNED_DAYS, ReportTimes

    db = open_db(tmp_path / "d.db")
    c = db.conn
    c.execute("INSERT INTO documents (id, path, name, size, sha256, ingested_at) "
              "VALUES (1, '/x.txt', 'x.txt', 1, 'h', '2031-06-01')")
    for aid, published in ((1, "2031-03-03"), (2, "2031-04-10"), (3, "2029-06-01")):
        c.execute("INSERT INTO articles (id, document_id, part, published_partial, body, content_hash) "
                  "VALUES (?, 1, ?, ?, 'text', ?)", (aid, aid, published, f"h{aid}"))
    c.execute("INSERT INTO officials (id, name, name_key, surname_key) VALUES (7, 'Lena Marsk', 'lena marsk', 'mar')")
    for rid, aid, date in ((1, 1, None), (2, 2, "2031-04-09"), (3, 3, "2031")):
        c.execute("INSERT INTO reports (id, article_id, date_partial, status) VALUES (?, ?, ?, 'held')",
                  (rid, aid, date))
        c.execute("INSERT INTO report_participants (report_id, official_id) VALUES (?, 7)", (rid,))
    rows = sorted(Writer(db).report_dates_of_official(7))
    assert rows == [(1, "", "2031-03-03"), (2, "2031-04-09", ""), (3, "2031", "2029-06-01")]
    times = ReportTimes(rows, UNDATED_HELD_DAYS + 1, UNDATED_PLANNED_DAYS + 1)
    assert times.between("2031-03-01", "2031-03-02") == {1, 3}  # undated: the days before its article
    assert times.between("2031-04-09", "2031-04-09") == {2, 3}  # (and "2031": any day of that year)
    assert times.between("2029-03-01", "2029-03-02") == set()
    assert 3 in times.between("2029-05-30", "2029-05-31")  # "2031" in an article of 2029: maybe not its year


LATER = """Maravia and Tolland ministers meet again

March 17, 2031

PORT SELBY -- Maravia's Foreign Minister Ines Corvald and Tolland's Foreign Minister Rafe Duncombe held a \
second round of talks in Port Selby on Monday, focused on dredging the shared estuary.
"""

LAST = """Tolland hosts river talks

March 31, 2031

DUNMERE -- Tolland's Foreign Minister Rafe Duncombe welcomed Maravian Foreign Minister Ines Corvald to \
Dunmere on Monday for talks on the commission's first budget.
"""


def test_a_neighbour_near_no_new_report_in_time_is_not_read(tmp_path, monkeypatch):
    """New reports on two days a month apart make one span of each minister's days to look in;
    the meeting between them in the base is near neither, and is screened out on its dates
    before its row is read."""
    db, at_once = _base_and_at_once(tmp_path, {"talks.txt": TALKS, "later.txt": LATER},
                                    {"same.txt": SAME_TALKS, "last.txt": LAST})
    assert [e[3] for e in _events(db)] == [("talks.txt",), ("later.txt",)], _events(db)
    read: list[int] = []
    rows = Writer.reports_for_clustering
    monkeypatch.setattr(Writer, "reports_for_clustering", lambda w, ids: read.extend(ids) or rows(w, ids))
    ingest(db, tmp_path / "new")

    files = _files(dump(open_db(db, readonly=True)))
    reports = dict(open_db(db, readonly=True).conn.execute("SELECT id, article_id FROM reports").fetchall())
    assert {files[str(reports[r])] for r in read} == {"talks.txt", "same.txt", "last.txt"}, read
    after = _events(db)
    assert [e[3] for e in after] == [("same.txt", "talks.txt"), ("later.txt",), ("last.txt",)], after
    assert after == _events(at_once)
