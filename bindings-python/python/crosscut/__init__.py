"""crosscut: cultural glossary lookups for film localization.

Open a compiled glossary artifact (``.xcut``) and look terms up::

    import crosscut
    g = crosscut.open("film.xcut")
    for hit in g.lookup("rough cut", "en", to=["fr"]):
        print(hit.concept.id, [t.text for t in hit.translations])
"""

from crosscut._crosscut import (
    Annotation,
    ArtifactError,
    Concept,
    Error,
    Glossary,
    Hit,
    LanguageTagError,
    LimitError,
    ParseError,
    QueryError,
    Term,
    __version__,
    open,
)

#: The base class of every crosscut error, under its house-style name.
CrosscutError = Error

__all__ = [
    "Annotation",
    "ArtifactError",
    "Concept",
    "CrosscutError",
    "Error",
    "Glossary",
    "Hit",
    "LanguageTagError",
    "LimitError",
    "ParseError",
    "QueryError",
    "Term",
    "__version__",
    "open",
]
