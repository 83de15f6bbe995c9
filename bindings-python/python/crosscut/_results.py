"""Result collections: lists with ``to_dicts()``, ``to_pandas()`` and an HTML table for notebooks.

The extension module returns these list subclasses; each row of a table is a
flat dict (nested terms and translations become short strings), so that a
DataFrame of matches is readable as it is.
"""

from __future__ import annotations

import html
import importlib
from typing import Any, ClassVar, Dict, Generic, Iterable, List, Optional, TypeVar

from crosscut._crosscut import Annotation, Concept, ConcordanceHit, Finding, Hit, TmMatch

Row = Dict[str, Any]
T = TypeVar("T")

#: Rows shown by ``_repr_html_`` before "… N more".
HTML_ROWS = 50


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(
            "to_pandas() needs pandas, which is not installed: pip install pandas "
            "(or use to_dicts() for plain dicts)"
        ) from e


def _terms(terms: Iterable[Any]) -> str:
    return "; ".join(f"{t.lang}: {t.text}" for t in terms)


def _html_table(title: str, columns: List[str], rows: List[Row], total: int) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for row in rows[:HTML_ROWS]:
        cells = "".join(
            f"<td>{html.escape('' if row.get(c) is None else str(row.get(c)))}</td>" for c in columns
        )
        body.append(f"<tr>{cells}</tr>")
    more = ""
    if total > HTML_ROWS:
        more = f"<p>… {total - HTML_ROWS} more</p>"
    return (
        f'<div class="crosscut"><p><b>{html.escape(title)}</b></p>'
        f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}</div>'
    )


class _Results(List[T], Generic[T]):
    """A list of results that converts to plain dicts, a DataFrame or an HTML table."""

    #: The columns of ``to_pandas()`` and the HTML table, in order.
    columns: ClassVar[List[str]] = []

    @staticmethod
    def _row(item: Any) -> Row:
        raise NotImplementedError

    def to_dicts(self) -> List[Row]:
        """Each result as a flat dict (the columns of ``to_pandas()``)."""
        return [self._row(item) for item in self]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per result (needs pandas)."""
        return _pandas().DataFrame(self.to_dicts(), columns=self.columns)

    def _title(self) -> str:
        return f"{len(self)} {type(self).__name__}"

    def _repr_html_(self) -> str:
        return _html_table(self._title(), self.columns, self.to_dicts(), len(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"


def _annotation_row(a: Any) -> Row:
    return {
        "start": a.start,
        "end": a.end,
        "text": a.text,
        "concept": a.concept.id,
        "term": a.term.text,
        "lang": a.term.lang,
        "status": a.status,
        "how": a.how,
        "translations": _terms(a.translations),
        "preferred": "; ".join(t.text for t in a.preferred),
        "cultural_note": a.concept.cultural_note,
    }


class Annotations(_Results[Annotation]):
    """The glossary terms found in one text (``Artifact.annotate``)."""

    columns = [
        "start",
        "end",
        "text",
        "concept",
        "term",
        "lang",
        "status",
        "how",
        "translations",
        "preferred",
        "cultural_note",
    ]
    @staticmethod
    def _row(item: Any) -> Row:
        return _annotation_row(item)


class AnnotationBatch(List[Annotations]):
    """The ``Annotations`` of many texts (``Artifact.annotate_batch``), one per text."""

    columns: ClassVar[List[str]] = ["item"] + Annotations.columns

    def to_dicts(self) -> List[Row]:
        """One flat dict per match, with ``item``: the index of its text."""
        return [{"item": i, **row} for i, one in enumerate(self) for row in one.to_dicts()]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` of every match, with ``item``: the index of its text."""
        return _pandas().DataFrame(self.to_dicts(), columns=self.columns)

    def _repr_html_(self) -> str:
        rows = self.to_dicts()
        title = f"{len(rows)} Annotations in {len(self)} texts"
        return _html_table(title, self.columns, rows, len(rows))

    def __repr__(self) -> str:
        return f"AnnotationBatch({list.__repr__(self)})"


def _hit_row(h: Any) -> Row:
    return {
        "term": h.term.text,
        "lang": h.term.lang,
        "status": h.term.status,
        "concept": h.concept.id,
        "distance": h.distance,
        "translations": _terms(h.translations),
        "domains": ", ".join(h.concept.domains),
        "cultural_note": h.concept.cultural_note,
    }


class Hits(_Results[Hit]):
    """Lookup results, best first (``Artifact.lookup``)."""

    columns = ["term", "lang", "status", "concept", "distance", "translations", "domains", "cultural_note"]
    @staticmethod
    def _row(item: Any) -> Row:
        return _hit_row(item)


def _tm_row(m: Any) -> Row:
    return {
        "score": m.score,
        "band": m.band,
        "source": m.source,
        "target": m.target,
        "source_lang": m.source_lang,
        "target_lang": m.target_lang,
        "repaired": m.repaired,
        "count": m.count,
        "origin": (m.origin or {}).get("file"),
        "id": m.id,
    }


class _QueryResults(_Results[T]):
    query: Optional[str]

    def __init__(self, items: Iterable[Any] = (), query: Optional[str] = None) -> None:
        super().__init__(items)
        self.query = query

    def to_dicts(self) -> List[Row]:
        """Each result as a flat dict, with the ``query`` first."""
        return [{"query": self.query, **self._row(item)} for item in self]

    def _title(self) -> str:
        return f"{len(self)} {type(self).__name__} for {self.query!r}"

    def __reduce__(self) -> Any:
        return (type(self), (list(self), self.query))


class TmMatches(_QueryResults[TmMatch]):
    """Translation-memory matches for one query, best first (``Artifact.tm_search``)."""

    columns = [
        "query",
        "score",
        "band",
        "source",
        "target",
        "source_lang",
        "target_lang",
        "repaired",
        "count",
        "origin",
        "id",
    ]
    @staticmethod
    def _row(item: Any) -> Row:
        return _tm_row(item)


def _concordance_row(h: Any) -> Row:
    return {
        "text": h.text,
        "highlights": ", ".join(f"{h.text[s:e]}@{s}" for s, e in h.highlights),
        "in_source": h.in_source,
        "other": h.other,
        "origin": (h.origin or {}).get("file"),
        "id": h.id,
    }


class ConcordanceHits(_QueryResults[ConcordanceHit]):
    """Segments holding a phrase (``Artifact.tm_concordance``)."""

    columns = ["query", "text", "highlights", "in_source", "other", "origin", "id"]
    @staticmethod
    def _row(item: Any) -> Row:
        return _concordance_row(item)


class Concepts(_Results[Concept]):
    """The concepts of a glossary (``Artifact.concepts``): one row per concept,
    one column per language (its terms, joined with `` | ``)."""

    columns: ClassVar[List[str]] = ["id", "domains", "cultural_note"]

    def _languages(self) -> List[str]:
        seen: Dict[str, None] = {}
        for c in self:
            for t in c.terms:
                seen.setdefault(t.lang, None)
        return list(seen)

    def to_dicts(self) -> List[Row]:
        """One flat dict per concept: ``id``, ``domains``, one key per language, ``cultural_note``."""
        langs = self._languages()
        rows = []
        for c in self:
            row: Row = {"id": c.id, "domains": ", ".join(c.domains)}
            for lang in langs:
                row[lang] = " | ".join(t.text for t in c.terms if t.lang == lang) or None
            row["cultural_note"] = c.cultural_note
            rows.append(row)
        return rows

    def _all_columns(self) -> List[str]:
        return ["id", "domains", *self._languages(), "cultural_note"]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``: one row per concept, one column per language."""
        return _pandas().DataFrame(self.to_dicts(), columns=self._all_columns())

    def _repr_html_(self) -> str:
        return _html_table(self._title(), self._all_columns(), self.to_dicts(), len(self))


def artifact_html(title: str, info: Dict[str, Any]) -> str:
    """The info table of an artifact, for ``Artifact._repr_html_``."""
    rows: List[Row] = []
    memory = info.get("memory")
    for key, value in info.items():
        if key == "memory":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        rows.append({"": key, "value": value})
    if isinstance(memory, dict):
        for key, value in memory.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}: {v}" for k, v in value.items())
            elif isinstance(value, list):
                value = ", ".join(map(str, value))
            rows.append({"": f"memory {key}", "value": value})
    return _html_table(title, ["", "value"], rows, len(rows))


class Findings(_Results[Finding]):
    """The findings of ``Artifact.check``, by target time, then rule."""

    columns = [
        "rule",
        "severity",
        "cue",
        "source_cue",
        "time",
        "message",
        "suggestion",
        "concept",
        "source_text",
        "target_text",
    ]

    @staticmethod
    def _row(item: Any) -> Row:
        return dict(item.to_dict())

    def errors(self) -> "Findings":
        """Only the error-level findings."""
        return Findings(f for f in self if f.severity == "error")
