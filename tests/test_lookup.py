"""The one lookup of an official (store.lookup): spelling variants of a name find the person,
another person with the same surname is not found, and the CLI, the app's filters and the
exports all go through it."""

from __future__ import annotations

import pytest

from diplotui.store.db import open_db
from diplotui.store.lookup import (
    WORD_MIN,
    LookupFailed,
    find_officials,
    match_officials,
    resolve_official,
)
from diplotui.store.write import Writer

# (name, aliases): made-up people, not from any article set
PEOPLE = [
    ("Sergey Ivanenko", ["Ivanenko"]),
    ("John Marlowe", ["Marlowe"]),
    ("Dmitri Solovyov", ["Solovyov"]),
    ("Mohammed Al-Rashidi", []),
    ("Kim Song Chol", []),
    ("Grace Okonkwo-Bell", []),
]


@pytest.fixture
def conn(tmp_path):
    db = open_db(tmp_path / "lookup.db")
    w = Writer(db)
    for n, (name, aliases) in enumerate(PEOPLE):
        oid = w.add_official(name, name.lower(), name.split()[-1].lower())
        w.conn.execute("UPDATE officials SET n_mentions = ? WHERE id = ?", (10 - n, oid))
        for alias in [name, *aliases]:
            w.add_alias(oid, alias, alias.lower())
    db.conn.commit()
    yield db.conn
    db.close()


@pytest.fixture
def writer(conn):
    return Writer(open_db(conn.execute("PRAGMA database_list").fetchone()[2]))


def _name(conn, query):
    return resolve_official(conn, query).name


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("Sergei Ivanenko", "Sergey Ivanenko"),  # a transliteration variant of the given name
        ("Sergey Ivanenk", "Sergey Ivanenko"),  # a dropped letter
        ("Dmitry Solovyev", "Dmitri Solovyov"),
        ("Mohamed Al Rashidi", "Mohammed Al-Rashidi"),
        ("Marlow", "John Marlowe"),  # a surname alone, misspelt
        ("Okonkwo Bell Grace", "Grace Okonkwo-Bell"),  # another order, no hyphen
        ("kim song chol", "Kim Song Chol"),
        ("Solov", "Dmitri Solovyov"),  # the start of a name, as typed into a filter
    ],
)
def test_spelling_variants_find_the_person(conn, typed, person):
    assert _name(conn, typed) == person


@pytest.mark.parametrize(
    "typed",
    [
        "Joan Marlowe",  # another given name with the same surname (ratio 75)
        "Peter Ivanenko",
        "Kim Song Il",  # one word differs entirely
        "Nobody Known",
    ],
)
def test_another_person_with_the_same_surname_is_not_found(conn, typed):
    with pytest.raises(LookupFailed, match="no official matches"):
        resolve_official(conn, typed)


def test_the_threshold_sits_between_the_variants_and_the_other_people():
    from rapidfuzz import fuzz

    assert fuzz.ratio("john", "joan") < WORD_MIN <= fuzz.ratio("sergei", "sergey")


def test_an_id_and_an_exact_alias_come_first(conn):
    found = find_officials(conn, "2")
    assert [c.name for c in found] == ["John Marlowe"] and found[0].score == 100
    assert [c.name for c in find_officials(conn, "ivanenko")] == ["Sergey Ivanenko"]


def test_a_tie_is_refused_with_the_candidates(conn, writer):
    w = writer
    oid = w.add_official("Anna Marlowe", "anna marlowe", "marlowe")
    w.add_alias(oid, "Anna Marlowe", "anna marlowe")
    w.conn.commit()
    with pytest.raises(LookupFailed, match="several officials") as err:
        resolve_official(conn, "Marlow")
    assert {c.name for c in err.value.candidates} == {"John Marlowe", "Anna Marlowe"}


def test_the_lists_use_the_same_lookup(conn):
    from diplotui.store.views.events import EventFilter, events_page
    from diplotui.store.views.officials import officials_page

    listed = [o.id for o in officials_page(conn, "Sergei Ivanenko").items]
    assert listed == match_officials(conn, "Sergei Ivanenko", 200)
    assert officials_page(conn, "Joan Marlowe").items == ()
    assert events_page(conn, EventFilter(text="Sergei Ivanenko")).items == ()  # no events, but no error
