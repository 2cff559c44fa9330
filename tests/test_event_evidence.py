"""Events from all the evidence: what a report lacks is missing, not a conflict; what speaks
against a join weighs, and none forbids it alone; and the merges that should not happen."""

from __future__ import annotations

import random

from diplotui.extract.cluster import WEAK, ReportUnit, cluster_reports

A, B, C, D = 1, 2, 3, 4


def _report(rid: int, article: int, people, date=None, published=None, status="held", **kw) -> ReportUnit:
    return ReportUnit((f"h{article}", rid), rid, article, frozenset(people), date, published, status, **kw)


def _groups(reports, **kw) -> set[frozenset[int]]:
    return {frozenset(r.id for r in g) for g in cluster_reports(reports, **kw)[0]}


def _together(reports, *ids: int) -> bool:
    return any(set(ids) <= g for g in _groups(reports))


# ------------------------------------------------------------------------------ blockers


def test_a_report_with_no_time_joins_the_meeting_its_place_and_people_fit():
    lisbon = [_report(1, 10, [A, B], date="2031-03-03", place="Lisbon", kind="bilateral"),
              _report(2, 11, [A, B], date="2031-03-03", published="2031-03-03", place="Lisbon",
                      kind="bilateral")]
    porto = [_report(3, 12, [A, B], date="2031-09-15")]  # the pair again, months later, place not told
    timeless = _report(4, 13, [A, B], place="Lisbon", kind="bilateral")  # no date, an undated article
    groups = _groups([*lisbon, *porto, timeless])
    assert frozenset({1, 2, 4}) in groups and frozenset({3}) in groups
    # a readout without a date, in an article of the meeting's day: published on the day
    readout = _report(5, 14, [A, B], published="2031-03-03")
    assert _together([*lisbon, *porto, readout], 1, 2, 5)


def test_a_year_from_unrelated_context_weighs_but_does_not_forbid():
    # "their first talks since the 2027 border clashes" gave the report the year 2027
    dated = _report(1, 10, [A, B], date="2031-05-10", published="2031-05-10", place="Valdora City")
    odd = _report(2, 11, [A, B], date="2027", published="2031-05-10", place="Valdora City")
    assert _groups([dated, odd]) == {frozenset({1, 2})}
    # a full date years back is another meeting of the pair
    recalled = _report(3, 12, [A, B], date="2027-02-01", published="2031-05-10", place="Valdora City")
    assert _groups([dated, recalled]) == {frozenset({1}), frozenset({3})}


def test_proposed_and_planned_are_both_not_yet_held():
    proposed = _report(1, 10, [A, B], status="proposed", published="2031-01-01", place="Marsk")
    planned = _report(2, 11, [A, B], status="planned", date="2031-01-03", published="2031-01-02", place="Marsk")
    assert _groups([proposed, planned]) == {frozenset({1, 2})}


def test_a_duplicate_report_in_one_article_does_not_split_the_meeting():
    reports = [
        _report(1, 10, [A, B], date="2031-02-02", place="Harlow Bay"),
        _report(2, 10, [A, B], date="2031-02-02", place="Harlow Bay"),  # the article told it twice
        _report(3, 11, [A, B], date="2031-02-02", place="Harlow Bay"),
        _report(4, 12, [A, B], date="2031-02-02"),
    ]
    assert _groups(reports) == {frozenset({1, 2, 3, 4})}


def test_a_city_fits_its_country():
    city = _report(1, 10, [A, B], date="2031-07-07", place="Lisbon")
    country = _report(2, 11, [A, B], date="2031-07-07", place="Portugal")
    assert _groups([city, country]) == {frozenset({1, 2})}


def test_a_city_and_a_state_of_its_country_do_not_conflict():
    from diplotui.extract.cluster import place_fit

    city = _report(1, 10, [A, B], date="2031-07-07", place="Honolulu")
    state = _report(2, 11, [A, B], date="2031-07-07", place="Hawaii")
    assert _groups([city, state]) == {frozenset({1, 2})}
    inland = _report(2, 11, [A, B], date="2031-07-07", place="Maharashtra")  # a state of another country
    assert _groups([city, inland]) == {frozenset({1}), frozenset({2})}
    assert place_fit("Munich", "Bavaria") == "region" and place_fit("Texas", "Ohio") == "near"


def test_an_articles_wrongly_dated_second_report_in_another_group_does_not_block_its_first():
    reports = [
        _report(1, 10, [A, B], date="2031-05-20", place="Lisbon"),  # the article's meeting
        _report(2, 10, [A, B], date="2031-05-01"),  # "since their talks on May 1": another meeting
        _report(3, 11, [A, B], date="2031-05-20", place="Lisbon"),
        _report(4, 12, [A, B], date="2031-05-20"),
        _report(5, 13, [A, B], date="2031-05-01", place="Porto"),
    ]
    assert _groups(reports) == {frozenset({1, 3, 4}), frozenset({2, 5})}
    # the same article's report again, its day a day off (the article's day, not told): a duplicate
    # of the same people, it joins the rest
    reports[1] = _report(2, 10, [A, B], date="2031-05-21")
    assert frozenset({1, 2, 3, 4}) in _groups(reports)
    # told in the text as the next day by the same article: another meeting of theirs
    reports[1] = _report(2, 10, [A, B], date="2031-05-21", stated=True, outlet=5)
    reports[0] = _report(1, 10, [A, B], date="2031-05-20", place="Lisbon", stated=True, outlet=5)
    assert frozenset({2}) in _groups(reports)


def test_an_undated_report_published_weeks_after_the_meeting_stays_apart():
    # a readout window reaches UNDATED_HELD_DAYS back: an undated report published three weeks
    # after the pair's meeting is likelier a later meeting of theirs that no one else dated
    met = [_report(1, 10, [A, B], date="2031-02-01", place="Lisbon"),
           _report(2, 11, [A, B], date="2031-02-01", place="Lisbon")]
    later = _report(3, 12, [A, B], published="2031-02-22")
    assert frozenset({3}) in _groups([*met, later])
    within = _report(3, 12, [A, B], published="2031-02-03")
    assert _groups([*met, within]) == {frozenset({1, 2, 3})}


# ------------------------------------------------------------------------------ wrong merges


def test_the_same_pair_years_apart_stays_apart_through_an_undated_report():
    first = _report(1, 10, [A, B], date="2031-03-03", place="Lisbon")
    later = _report(2, 11, [A, B], date="2034-03-05", place="Lisbon")
    undated = _report(3, 12, [A, B], published="2031-03-04")
    timeless = _report(4, 13, [A, B], place="Lisbon")
    groups = _groups([first, later, undated, timeless])
    assert frozenset({1, 3}) in groups and not any({1, 2} <= g for g in groups)
    assert frozenset({4}) in groups  # it fits both meetings as well: it joins neither
    why = cluster_reports([first, later, undated, timeless])[1]
    assert why[4].startswith(WEAK) and "2 events" in why[4]


def test_readouts_of_the_same_pair_days_apart_are_two_calls():
    monday = _report(1, 10, [A, B], published="2031-04-07", mode="phone")
    friday = _report(2, 11, [A, B], published="2031-04-11", mode="phone")
    assert _groups([monday, friday]) == {frozenset({1}), frozenset({2})}


def test_a_one_person_report_does_not_bridge_two_meetings():
    reports = [
        _report(1, 10, [A, B], date="2031-03-03", place="Lisbon"),
        _report(2, 11, [A, B], date="2031-03-03", place="Lisbon"),
        _report(3, 12, [A, C], date="2031-03-04", place="Porto"),
        _report(4, 13, [A], published="2031-03-04"),  # A, someone, somewhere
    ]
    groups = _groups(reports)
    assert not any({1, 3} <= g for g in groups)
    # told where, it joins the meeting it names the place of, alone of the two
    reports[3] = _report(4, 13, [A], published="2031-03-04", place="Porto")
    groups = _groups(reports)
    assert frozenset({3, 4}) in groups and frozenset({1, 2}) in groups


def test_a_bilateral_and_a_trilateral_on_consecutive_days_stay_two():
    reports = [
        _report(1, 10, [A, B], date="2031-06-01", kind="bilateral", place="Lisbon"),
        _report(2, 11, [A, B], date="2031-06-01", kind="bilateral"),
        _report(3, 12, [A, B, C], date="2031-06-02", kind="trilateral", place="Lisbon"),
        _report(4, 13, [A, B, C], date="2031-06-02", kind="trilateral"),
    ]
    assert _groups(reports) == {frozenset({1, 2}), frozenset({3, 4})}


def test_one_outlets_calls_on_consecutive_days_stay_two_and_a_time_zone_apart_join():
    leaders = [A, B, C, D]
    monday = _report(1, 10, leaders, date="2031-12-01", published="2031-12-01", mode="phone", outlet=7,
                     stated=True)  # "Today, the leaders held a call"
    tuesday = _report(2, 11, leaders, date="2031-12-02", published="2031-12-02", mode="phone", outlet=7)
    assert _groups([monday, tuesday]) == {frozenset({1}), frozenset({2})}  # one outlet: one clock
    abroad = _report(2, 11, leaders, date="2031-12-02", published="2031-12-02", mode="phone", outlet=8,
                     stated=True)  # another outlet's "on Tuesday", hours ahead
    assert _groups([monday, abroad]) == {frozenset({1, 2})}
    # two dates that are only their articles' days: a call and the next day's article on it
    plain = _report(1, 10, leaders, date="2031-12-01", published="2031-12-01", mode="phone", outlet=7)
    assert _groups([plain, tuesday]) == {frozenset({1, 2})}


# ------------------------------------------------------------------------------ how sure


def test_a_join_on_people_alone_is_weak_and_one_on_date_and_place_is_not():
    dated = _report(1, 10, [A, B], date="2031-03-03", place="Lisbon")
    same = _report(2, 11, [A, B], date="2031-03-03", place="Lisbon")
    timeless = _report(3, 12, [A, B, D])  # no date, no place: only its people say which meeting
    groups, why = cluster_reports([dated, same, timeless])
    assert {frozenset(r.id for r in g) for g in groups} == {frozenset({1, 2, 3})}
    assert not why[1].startswith(WEAK) and "same date" in why[1] and "same place" in why[1]
    assert why[3].startswith(WEAK)


def test_evidence_clusters_do_not_depend_on_order():
    rng = random.Random(7)
    reports = [_report(i, 10 + i % 5, rng.choice([[A, B], [A], [A, C], [A, B, C]]),
                       date=rng.choice([None, f"2031-03-0{1 + i % 4}", "2031"]),
                       published=rng.choice([None, f"2031-03-0{2 + i % 3}"]),
                       place=rng.choice([None, "Lisbon", "Porto"])) for i in range(16)]
    first = _groups(reports)
    for _ in range(6):
        rng.shuffle(reports)
        assert _groups(reports) == first


def test_an_earlier_meeting_with_no_day_stays_out_of_its_articles_dated_meeting():
    # a readout of the pair's talks on the day, and in it "we met before the winter" (no day)
    talks = [_report(1, 10, [A, B], date="2031-02-10", published="2031-02-10", place="Kestrel", stated=True),
             _report(2, 11, [A, B], date="2031-02-10", published="2031-02-08", place="Kestrel", status="planned",
                     stated=True)]
    told = _report(3, 10, [A, B], published="2031-02-10", earlier=True)
    assert _groups([*talks, told]) == {frozenset({1, 2}), frozenset({3})}
    # the same words without the earlier-time cue are the article telling its meeting twice
    again = _report(3, 10, [A, B], published="2031-02-10")
    assert _groups([*talks, again]) == {frozenset({1, 2, 3})}


def test_an_earlier_meeting_here_does_not_join_the_next_days_meeting_on_the_place_alone():
    # "I recently received my counterpart here" (one person named; "here": the dateline's city),
    # and the speaker's talks with someone else in that city the day after
    talks = [_report(1, 20, [A, C], date="2031-04-16", published="2031-04-16", place="Kestrel"),
             _report(2, 21, [A, C], date="2031-04-16", published="2031-04-15", status="planned")]
    recalled = _report(3, 22, [A], published="2031-04-15", place="Kestrel", earlier=True)
    assert _groups([*talks, recalled]) == {frozenset({1, 2}), frozenset({3})}
    today = _report(3, 22, [A], published="2031-04-15", place="Kestrel")  # told as the day's meeting
    assert _together([*talks, today], 1, 2, 3)
