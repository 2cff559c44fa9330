"""Reading article files: segmentation, boilerplate, outlets, dates, encodings."""

from __future__ import annotations

import pytest

from diplotui.extract.read import ReadError, clean_lines, decode, read_bytes, read_text


def _read(seed_dir, name):
    articles, _ = read_bytes((seed_dir / name).read_bytes())
    return articles


def test_seed_segmentation_and_metadata_match_gold(seed_dir, gold):
    by_file: dict[str, list] = {}
    for g in gold:
        by_file.setdefault(g["file"], []).append(g)
    for name, entries in by_file.items():
        articles = _read(seed_dir, name)
        assert [a.part for a in articles] == [g["part"] for g in entries], name
        for article, g in zip(articles, entries, strict=True):
            expected_outlet = g["outlet"] if g["outlet_named_in_text"] else None
            assert article.outlet == expected_outlet, (name, article.part)
            assert article.published.full == g["published"], (name, article.part)


def test_multi_article_file_splits_in_order_with_headlines(seed_dir):
    articles = _read(seed_dir, "003_f61767d183f80fa3.txt")
    assert [a.headline for a in articles] == [
        "China and Seoul vow to cooperate on Korean Peninsula denuclearization",
        "China, ROK foreign ministers meet in Xiamen",
        "South Korea to invite Chinese President Xi when COVID-19 stabilises: Yonhap",
        "Japan, U.S., S. Korea Reaffirm Concerted Approach to North",
    ]
    # each body holds only its own article
    assert "Xiamen" in articles[1].body and "Su Yuting" not in articles[1].body
    assert articles[2].body.startswith("SEOUL (Reuters) -")
    assert "No comments" not in articles[3].body and "Post a Comment" not in articles[3].body


def test_partial_dates_are_kept_without_a_guessed_year(seed_dir):
    nation = _read(seed_dir, "001_34619f7877ea231f.txt")[0]
    assert nation.published.full is None
    assert nation.published.partial == "--12-12"
    jiji = _read(seed_dir, "003_f61767d183f80fa3.txt")[3]
    assert jiji.published.full is None and jiji.published.partial == "--04-02"


def test_bylines_and_datelines(seed_dir):
    cgtn = _read(seed_dir, "003_f61767d183f80fa3.txt")[1]
    assert cgtn.byline == "Su Yuting" and cgtn.outlet == "CGTN"
    reuters = _read(seed_dir, "003_f61767d183f80fa3.txt")[2]
    assert reuters.dateline == "Seoul"
    assert _read(seed_dir, "004_470db29249154f46.txt")[0].dateline == "Washington"


def test_boilerplate_and_repeated_caption_removed(seed_dir):
    body = _read(seed_dir, "004_470db29249154f46.txt")[0].body
    for chrome in ("Back To Top", "MOST POPULAR", "LATEST NEWS", "subscribe", "피터빈트", "poses for a photo"):
        assert chrome not in body
    dong_a = _read(seed_dir, "002_8c3971df6070e234.txt")[0]
    assert "한국어" not in dong_a.body and "Go to contents" not in dong_a.body
    assert dong_a.headline == "Washington to focus on increasing the pressure on Pyongyang"
    assert "peacechaos@donga.com" not in dong_a.body


def test_sentence_broken_across_lines_is_rejoined(seed_dir):
    body = _read(seed_dir, "000_62ed515fa276ed97.txt")[0].body
    assert "met in Tokyo on Jan. 16, 10 days after" in body
    assert "U.S. President Barack Obama called" in body


def test_clean_lines_keeps_one_copy_of_a_repeated_headline():
    lines = clean_lines("Send to\n\nA headline here\n\nA headline here\n\nBody text follows here.")
    assert lines == ["A headline here", "Body text follows here."]


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-16", "utf-8-sig"])
def test_legacy_and_bom_encodings_decode_without_mojibake(encoding):
    text = "서울 (연합뉴스) Foreign Minister met his counterpart in Seoul on Tuesday."
    decoded, _ = decode(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


def test_latin1_text_decodes():
    text = "Le ministre des Affaires étrangères a rencontré son homologue à Genève."
    assert decode(text.encode("latin-1"))[0] == text


@pytest.mark.parametrize(
    "data,reason",
    [(b"", "empty"), (b"   \n\t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary")],
)
def test_unreadable_inputs_raise_a_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(data)


def test_control_characters_are_stripped():
    [article] = read_text("Headline with \x1b[2J escape\n\nBody \x07 text with\x9b controls [/] kept literal.")
    assert "\x1b" not in article.headline + article.body
    assert "\x07" not in article.body and "\x9b" not in article.body
    assert "[/]" in article.body


def test_article_without_credit_gets_no_outlet():
    [article] = read_text("Ministers meet in Geneva\n\nThe two ministers met on Monday in Geneva to talk.")
    assert article.outlet is None
    assert article.headline == "Ministers meet in Geneva"
