"""spaCy components that mark the phrases extraction reads, built from the pattern files in
``extract/data`` (JSONL, one pattern a line with an ``id`` and a ``label``).

They are registered with ``@Language.factory``, so every pipeline ``nlp.load`` builds (in
this process, a forked or spawned worker, or a Dask worker) carries the same patterns, and
a new title is one line of data. Each is a ``PhraseMatcher`` on ``LOWER``: one hash lookup
per token, whatever the number of patterns.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .gazetteer import load_patterns

TITLES = "diplotui_titles"  # the component's name, and the doc.spans key of its matches
TRIGGERS = "diplotui_triggers"  # the same for the words of meeting triggers
SINGULAR, PLURAL = "TITLE", "TITLES"  # span labels: "President", "Presidents"


class TitleMarker:
    """Marks every title the text writes ("Foreign Minister", "Vice-Minister", "Presidents") in
    ``doc.spans[TITLES]``, the span's ``id_`` the pattern's id: the leftmost-longest ones, not
    overlapping, and only whole words ("ex-President" and "President-elect" hold none)."""

    def __init__(self, vocab, patterns: list[dict], make_doc) -> None:
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for p in patterns:
            if p["label"] != "TITLE":
                continue  # a line that only says which country a phrase implies
            self.matcher.add(f"{p['id']}|{SINGULAR}", [make_doc(p["pattern"])])
            self.matcher.add(f"{p['id']}|{PLURAL}", [make_doc(p["pattern"] + "s")])

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TITLES] = self.spans(doc)
        return doc

    def spans(self, doc: Doc) -> list[Span]:
        strings = doc.vocab.strings
        found = sorted(self.matcher(doc), key=lambda m: (m[1], -m[2]))
        out: list[Span] = []
        end = 0
        for key, start, stop in found:
            if start < end or not _whole_words(doc, start, stop):
                continue
            pattern_id, label = strings[key].rsplit("|", 1)
            out.append(Span(doc, start, stop, label=label, span_id=pattern_id))
            end = stop
        return out


def _whole_words(doc: Doc, start: int, end: int) -> bool:
    """The tokens are not glued to a word or a hyphen on either side."""
    before = doc[start - 1] if start else None
    if before is not None and not before.whitespace_ and (before.text[-1:].isalnum() or before.text[-1:] in "-_"):
        return False
    if end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].text[:1].isalnum() or doc[end].text[:1] in "-_"):
        return False
    return True


@Language.factory(TITLES, default_config={"patterns": "titles.jsonl"})
def make_title_marker(nlp: Language, name: str, patterns: str) -> TitleMarker:
    return TitleMarker(nlp.vocab, load_patterns(patterns), nlp.make_doc)


class TriggerMarker:
    """Marks the words a meeting trigger needs ("met", "talks", "phone") in ``doc.spans[TRIGGERS]``,
    the span's ``id_`` the trigger's id: a sentence without one holds no meeting, and the
    trigger's own pattern (``regex`` in triggers.jsonl, which reads the words around) is tried
    only where its words are."""

    def __init__(self, vocab, patterns: list[dict], make_doc) -> None:
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for p in patterns:
            self.matcher.add(p["id"], [make_doc(phrase) for phrase in p["phrases"]])

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TRIGGERS] = self.matcher(doc, as_spans=True)
        return doc


@Language.factory(TRIGGERS, default_config={"patterns": "triggers.jsonl"})
def make_trigger_marker(nlp: Language, name: str, patterns: str) -> TriggerMarker:
    return TriggerMarker(nlp.vocab, load_patterns(patterns), nlp.make_doc)


_fallback: dict[tuple[int, str], object] = {}


def _marker(doc: Doc, kind, patterns: str):
    """A marker for a Doc whose pipeline did not run the component (a Doc joined from pieces,
    a test's own pipeline), built once per vocabulary."""
    key = (id(doc.vocab), patterns)
    if key not in _fallback:
        from spacy.lang.en import English

        _fallback[key] = kind(doc.vocab, load_patterns(patterns), English(vocab=doc.vocab).tokenizer)
    return _fallback[key]


def trigger_cues(doc: Doc) -> list[tuple[int, str]]:
    """(token, trigger id) of each trigger word in ``doc``, in text order."""
    spans = doc.spans[TRIGGERS] if TRIGGERS in doc.spans else _marker(doc, TriggerMarker, "triggers.jsonl").matcher(
        doc, as_spans=True)
    return sorted((span.start, span.label_) for span in spans)


def title_spans(doc: Doc) -> list[Span]:
    """The titles of ``doc``: those the pipeline's component marked, or marked now for a Doc
    made without it (a Doc joined from pieces, a test's own pipeline)."""
    if TITLES in doc.spans:
        return list(doc.spans[TITLES])
    return _marker(doc, TitleMarker, "titles.jsonl").spans(doc)
