"""Resolution from all the evidence: clustering people and reports, the same whatever the order."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from dump_support import normalised

from diplotui.extract.cluster import PersonUnit, ReportUnit, cluster_people, cluster_reports

ROOT = Path(__file__).resolve().parent.parent


def _person(article: int, name: str, *texts: str, country: str | None = None, title: str | None = None,
            others: set[str] | None = None) -> PersonUnit:
    return PersonUnit((f"h{article}", name), article, name, [name, *texts],
                      Counter([country] if country else []), {title} if title else set(), others or set())


def _names(groups: list[list[PersonUnit]]) -> set[frozenset[tuple[int, str]]]:
    return {frozenset((u.article, u.name) for u in g) for g in groups}


def _same(groups, *members: tuple[int, str]) -> bool:
    return any(set(members) <= set(g) for g in _names(groups))


# ------------------------------------------------------------------------------ people


def test_a_wrong_country_in_one_article_does_not_split_a_person():
    units = [_person(i, "Marta Lindqvist", country="Sweden") for i in range(5)]
    units.append(_person(9, "Marta Lindqvist", country="Norway"))  # a visited country attached by mistake
    groups, _why = cluster_people(units)
    assert len(groups) == 1


def test_family_name_first_middle_initials_and_suffixes_meet():
    units = [_person(1, "Haruto Sakamoto"), _person(2, "Peter Q. Oduya Jr."), _person(3, "Peter Oduya")]
    groups, _ = cluster_people(units)
    assert _same(groups, (2, "Peter Q. Oduya Jr."), (3, "Peter Oduya"))


def test_an_initial_joins_the_one_name_it_fits_and_not_two():
    one = [_person(1, "R. Valtonen", title="Trade Minister"), _person(2, "Riikka Valtonen", title="Trade Minister")]
    assert len(cluster_people(one)[0]) == 1
    two = [*one, _person(3, "Ronja Valtonen")]
    groups, _ = cluster_people(two)
    assert not _same(groups, (1, "R. Valtonen"), (2, "Riikka Valtonen"))
    assert not _same(groups, (1, "R. Valtonen"), (3, "Ronja Valtonen"))


def test_a_transliterated_given_name_joins_unless_countries_disagree():
    same = [_person(1, "Grigorij Petrow", country="Russia"), _person(2, "Grigory Petrov", country="Russia")]
    assert len(cluster_people(same)[0]) == 1
    other = [_person(1, "Grigorij Petrow", country="Russia"), _person(2, "Grigory Petrov", country="Bulgaria")]
    assert len(cluster_people(other)[0]) == 2


def test_different_given_names_stay_apart():
    units = [_person(1, "Anna Berglund"), _person(2, "Erik Berglund")]
    assert len(cluster_people(units)[0]) == 2


def test_a_surname_alone_follows_its_articles_context():
    units = [
        _person(1, "Anna Berglund", country="Sweden", others={"tamm"}),
        _person(2, "Erik Berglund", country="Finland", others={"okafor"}),
        _person(3, "Berglund", others={"okafor"}),  # named next to the person Erik was seen with
    ]
    groups, why = cluster_people(units)
    assert _same(groups, (2, "Erik Berglund"), (3, "Berglund"))
    assert "context" in why[("h3", "Berglund")] and why[("h3", "Berglund")].startswith("weak")  # check it first
    alone = [_person(1, "Anna Berglund"), _person(2, "Erik Berglund"), _person(3, "Berglund")]
    assert len(cluster_people(alone)[0]) == 3  # nothing tells which: it stays apart


def test_spellings_of_one_sound_a_dropped_letter_and_a_word_run_in_join():
    pairs = [("Yusuf Haghani", "Yusuf Haqani"),  # one sound, two transliterations
             ("Hanne Ostrova", "Hane Ostrowa"),  # a letter dropped, w for v
             ("Piet Harlow", "Piet Harloww"),  # a letter doubled by a garbled page
             ("Said Piet Harlow", "Piet Harlow")]  # a verb run into the name
    for a, b in pairs:
        units = [_person(1, a, country="Valdora", title="Foreign Minister"),
                 _person(2, b, country="Valdora", title="Foreign Minister")]
        assert len(cluster_people(units)[0]) == 1, (a, b)


def test_spellings_whose_first_letters_differ_join():
    # a folded first sound ("Ts"/"C", "Kh"/"H") and a consonant dropped from the surname's front
    pairs = [("Mara Tsoran", "Mara Coran"), ("Idris Khalvan", "Idris Halvan"), ("Piet Harlow", "Piet Halow"),
             ("Oskar Tsevlin", "Oskar Cewlin")]
    for a, b in pairs:
        units = [_person(1, a, country="Valdora", title="Interior Minister"),
                 _person(2, b, country="Valdora", title="Interior Minister")]
        assert len(cluster_people(units)[0]) == 1, (a, b)


def test_a_given_name_garbled_at_its_start_needs_the_same_country_and_title():
    same = [_person(1, "Kjell Marsk", country="Valdora", title="Trade Minister"),
            _person(2, "Chell Marsk", country="Valdora", title="Trade Minister")]
    groups, why = cluster_people(same)
    assert len(groups) == 1 and why[("h2", "Chell Marsk")].startswith("weak")
    other_title = [same[0], _person(2, "Chell Marsk", country="Valdora", title="Defence Minister")]
    assert len(cluster_people(other_title)[0]) == 2
    other_country = [same[0], _person(2, "Chell Marsk", country="Ostrovia", title="Trade Minister")]
    assert len(cluster_people(other_country)[0]) == 2
    untold = [same[0], _person(2, "Chell Marsk", title="Trade Minister")]  # no country: not enough
    assert len(cluster_people(untold)[0]) == 2


def test_sound_keys_find_a_spelling_filed_under_another_block():
    from diplotui.extract.cluster import block, sound_keys

    for a, b in [("Piet Harlow", "Piet Halow"), ("Mara Tsoran", "Mara Coran"), ("Ivo Brannek", "Ivo Branek"),
                 ("Lena Ostrova", "Lena Osstrowa")]:
        assert sound_keys(a) & sound_keys(b), (a, b)
    assert block("Piet Harlow") != block("Piet Halow")  # what the prefix blocking alone misses
    assert not sound_keys("Piet Harlow") & sound_keys("Lena Marsk")
    assert not sound_keys("Piet Harlow") & sound_keys("Piet Harding")


def test_one_sounds_spellings_are_filed_where_each_other_is_read():
    from diplotui.extract.cluster import block, blocks_of

    # whichever is ingested later, clustering it reads the block the other is filed under
    assert block("Yusuf Haghani") in blocks_of("Yusuf Haqani")
    assert block("Yusuf Haqani") in blocks_of("Yusuf Haghani")


def test_same_surname_and_country_with_other_given_name_and_title_stay_two():
    units = [_person(1, "Anna Marsk", country="Valdora", title="Foreign Minister"),
             _person(2, "Tomas Marsk", country="Valdora", title="Defence Minister"),
             _person(3, "Tomas Marsk", country="Valdora", title="Defence Minister")]
    groups, _ = cluster_people(units)
    assert _same(groups, (2, "Tomas Marsk"), (3, "Tomas Marsk"))
    assert not _same(groups, (1, "Anna Marsk"), (2, "Tomas Marsk"))


def test_a_single_word_joins_the_one_person_of_that_name():
    units = [_person(1, "Lena Ostrova", country="Valdora", title="President"), _person(2, "Ostrova")]
    groups, why = cluster_people(units)
    assert len(groups) == 1 and "only official" in why[("h2", "Ostrova")]


def test_people_clusters_do_not_depend_on_order():
    units = [_person(1, "R. Valtonen"), _person(2, "Riikka Valtonen"), _person(3, "Valtonen"),
             _person(4, "Grigorij Petrow"), _person(5, "Grigory Petrov"), _person(6, "Petrov")]
    first = _names(cluster_people(units)[0])
    for seed in range(5):
        random.Random(seed).shuffle(units)
        assert _names(cluster_people(units)[0]) == first


# ------------------------------------------------------------------------------ reports

A, B, C = 1, 2, 3


def _report(rid: int, article: int, people, date=None, published=None, status="held", **kw) -> ReportUnit:
    return ReportUnit((f"h{article}", rid), rid, article, frozenset(people), date, published, status, **kw)


def _groups(reports, **kw) -> set[frozenset[int]]:
    return {frozenset(r.id for r in g) for g in cluster_reports(reports, **kw)[0]}


def test_an_undated_planned_report_joins_the_held_one_published_days_later():
    planned = _report(1, 10, [A, B], published="2031-05-02", status="planned", place="Lisbon")
    held = _report(2, 11, [A, B], date="2031-05-06", published="2031-05-07", place="Lisbon")
    assert _groups([planned, held]) == {frozenset({1, 2})}


def test_the_same_people_on_other_dates_stay_apart():
    spring = _report(1, 10, [A, B], date="2031-04-02")
    autumn = _report(2, 11, [A, B], date="2031-10-20")
    undated = _report(3, 12, [A, B], published="2031-10-21")  # only autumn's window
    assert _groups([spring, autumn, undated]) == {frozenset({1}), frozenset({2, 3})}


def test_a_report_with_no_time_joins_the_meeting_it_fits_far_better():
    held = _report(1, 10, [A, B], date="2031-03-03", place="Lisbon")
    other = _report(2, 11, [A], date="2031-06-09", status="planned")  # A alone, somewhere
    timeless = _report(3, 12, [A, B], place="Lisbon")  # no date, in an undated article
    assert _groups([held, other, timeless]) == {frozenset({1, 3}), frozenset({2})}
    again = _report(4, 13, [A, B], date="2031-09-15", place="Lisbon")  # the pair met there twice
    assert _groups([held, again, timeless]) == {frozenset({1}), frozenset({4}), frozenset({3})}


def test_a_report_naming_some_of_the_participants_joins_and_chains_do_not():
    full = _report(1, 10, [A, B], date="2031-03-03")
    one = _report(2, 11, [A], date="2031-03-03")
    other = _report(3, 12, [A, C], date="2031-03-03")  # A met C the same day: another meeting
    groups = _groups([full, one, other])
    assert frozenset({1, 3}) not in groups and not any({1, 3} <= g for g in groups)


def test_a_bilateral_held_beside_a_trilateral_is_its_own_event():
    tri = _report(1, 10, [A, B, C], date="2031-06-01", kind="trilateral")
    bi = _report(2, 10, [A, B], date="2031-06-01", kind="bilateral")  # the same article
    tri2 = _report(3, 11, [A, B, C], date="2031-06-01", kind="trilateral")
    bi2 = _report(4, 11, [A, B], date="2031-06-01", kind="bilateral")
    assert _groups([tri, bi, tri2, bi2]) == {frozenset({1, 3}), frozenset({2, 4})}


def test_places_written_differently_match_and_different_cities_do_not():
    a = _report(1, 10, [A, B], date="2031-02-02", place="Sao Paulo")
    b = _report(2, 11, [A, B], date="2031-02-02", place="São Paulo")
    assert _groups([a, b]) == {frozenset({1, 2})}
    c = _report(3, 12, [A, B], date="2031-02-02", place="Nairobi", mode="phone")
    assert frozenset({1, 2, 3}) not in _groups([a, b, c])


def test_a_proposal_is_not_the_meeting_held():
    proposed = _report(1, 10, [A, B], status="proposed", published="2031-01-01")
    held = _report(2, 11, [A, B], date="2031-01-05")
    assert _groups([proposed, held]) == {frozenset({1}), frozenset({2})}


def test_user_constraints_win():
    a = _report(1, 10, [A, B], date="2031-02-02")
    b = _report(2, 11, [A, B], date="2031-02-02")
    assert _groups([a, b], never=[(1, 2)]) == {frozenset({1}), frozenset({2})}
    c = _report(3, 12, [C], date="2035-01-01")
    assert frozenset({1, 2, 3}) in _groups([a, b, c], must=[(1, 3), (2, 3)])  # though apart in time


def test_report_clusters_do_not_depend_on_order():
    reports = [_report(i, 10 + i % 4, [A, B] if i % 3 else [A], date=f"2031-0{1 + i % 3}-1{i % 2}",
                       published=f"2031-0{1 + i % 3}-12") for i in range(12)]
    first = _groups(reports)
    for seed in range(5):
        random.Random(seed).shuffle(reports)
        assert _groups(reports) == first


# ------------------------------------------------------------------------------ whole ingests


def _shared() -> Path | None:
    for folder in (os.environ.get("DIPLOTUI_SHARED"), ROOT.parent / "shared"):
        if folder and (Path(folder) / "dev" / "challenge" / "articles").is_dir():
            return Path(folder)
    return None


@pytest.fixture(scope="module")
def extracted():
    """The challenge set and the seeds, extracted once; an extractor that replays the results."""
    shared = _shared()
    if shared is None:
        pytest.skip("the challenge set (shared/dev/challenge) is not beside the repository")
    from diplotui.extract import nlp as nlp_mod
    from diplotui.extract.model import Extraction

    files = sorted((shared / "dev" / "challenge" / "articles").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    nlp = nlp_mod.load()
    cache: dict[str, dict] = {}

    def extractor(items):
        pending = list(items)  # read lazily by ingest: extract what is new, replay the rest
        todo = [(a, c) for a, c in pending if a.content_hash not in cache]
        for (article, _ctx), (extraction, _c) in zip(todo, nlp_mod.pipe_articles(nlp, iter(todo)), strict=True):
            cache[article.content_hash] = extraction.to_dict()
        for article, ctx in pending:
            yield Extraction.from_dict(cache[article.content_hash]), ctx

    return files, extractor


def _ingest(tmp_path: Path, name: str, files: list[Path], extractor, batch: int, sink=None) -> dict:
    from diplotui.extract.ingest import ingest
    from diplotui.extract.resolve import Resolver
    from diplotui.store.db import open_db
    from diplotui.store.dump import dump

    db = open_db(tmp_path / f"{name}.db")
    ingest(db, files, extractor=extractor, sink=sink or Resolver, batch_documents=batch)
    return normalised(dump(db))


def _every_batch():
    """Resolution that clusters again after every batch (by default it waits until the articles
    stored since the last time are many), to test the incremental path on a small corpus."""
    from diplotui.extract.resolve import Resolver

    class EveryBatch(Resolver):
        RECLUSTER_MIN_ARTICLES = 0
        RECLUSTER_GROWTH = 0

    return EveryBatch


def test_the_same_knowledge_base_whatever_the_order_and_batch_size(extracted, tmp_path):
    files, extractor = extracted
    reference = _ingest(tmp_path, "ref", files, extractor, 64)
    assert len(reference["events"]) > 40 and len(reference["officials"]) > 60
    for seed in range(3):
        shuffled = list(files)
        random.Random(seed).shuffle(shuffled)
        assert _ingest(tmp_path, f"order{seed}", shuffled, extractor, 64) == reference, f"order {seed}"
    for batch in (1, 7):
        shuffled = list(files)
        random.Random(10 + batch).shuffle(shuffled)
        got = _ingest(tmp_path, f"batch{batch}", shuffled, extractor, batch, sink=_every_batch())
        assert got == reference, f"batch size {batch}"


def test_an_interrupted_run_is_clustered_by_the_next(extracted, tmp_path):
    """What a run stored but did not cluster again is remembered in the base and done next time."""
    from diplotui.extract.resolve import Resolver
    from diplotui.store.db import open_db

    class Interrupted(Resolver):
        def on_run_end(self) -> None:  # the run stops after its last batch is written
            pass

    files, extractor = extracted
    reference = _ingest(tmp_path, "ref", files, extractor, 64)
    _ingest(tmp_path, "kb", files, extractor, 7, sink=Interrupted)
    conn = open_db(tmp_path / "kb.db").conn
    assert conn.execute("SELECT count(*) FROM pending_resolution").fetchone()[0] > 50
    assert conn.execute("SELECT count(*) FROM reports WHERE event_id IS NULL").fetchone()[0] > 20
    assert _ingest(tmp_path, "kb", files, extractor, 7) == reference  # every file unchanged: only clustering
    assert conn.execute("SELECT count(*) FROM pending_resolution").fetchone()[0] == 0


def reports_between(rows: list[tuple[int, str, str]], lo: str, hi: str, before: int, after: int) -> set[int]:
    """The reports of ``rows`` (id, date, publication date; partial ISO, '' when missing) that
    may tell a meeting between days ``lo`` and ``hi`` (ISO): dated inside it (a day either
    side), dated to a month or year that overlaps it, or without a year ("--04-02"), or
    undated in an article published from ``after`` days before ``lo`` to ``before`` days
    after ``hi`` (an undated held report comes after its meeting, a planned one before), or
    undated in an undated article. A year alone that is not the publication's year may come
    from unrelated context: such a report is also picked as an undated one."""
    day = dt.timedelta(days=1)
    lo_d, hi_d = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    plo, phi = (lo_d - after * day).isoformat(), (hi_d + before * day).isoformat()
    dlo, dhi = (lo_d - day).isoformat(), (hi_d + day).isoformat()
    found = set()
    for rid, date, published in rows:
        if len(date) == 4 and published and not published.startswith(date) and (
                len(published) < 10 or plo <= published <= phi):
            found.add(rid)
        if not date:
            ok = len(published) < 10 or plo <= published <= phi
        elif date.startswith("--"):
            ok = True
        elif len(date) < 10:
            ok = dlo[:len(date)] <= date <= dhi[:len(date)]
        else:
            ok = dlo <= date <= dhi
        if ok:
            found.add(rid)
    return found


def test_report_times_pick_what_the_window_rule_picks():
    from diplotui.extract.cluster import ReportTimes

    rng = random.Random(3)
    day = dt.date(2030, 1, 1)

    def partial() -> str:
        d = day + dt.timedelta(days=rng.randrange(800))
        return rng.choice([d.isoformat(), d.isoformat(), d.isoformat()[:7], d.isoformat()[:4],
                           "", "--" + d.isoformat()[5:]])

    rows = [(i, partial(), rng.choice([(day + dt.timedelta(days=rng.randrange(800))).isoformat(), "", "2030-05"]))
            for i in range(3000)]
    times = ReportTimes(rows, 15, 32)
    for _ in range(300):
        lo = day + dt.timedelta(days=rng.randrange(-40, 840))
        hi = lo + dt.timedelta(days=rng.choice([0, 0, 1, 14, 30, 45, 364]))
        assert times.between(lo.isoformat(), hi.isoformat()) == reports_between(
            rows, lo.isoformat(), hi.isoformat(), 15, 32), (lo, hi)
