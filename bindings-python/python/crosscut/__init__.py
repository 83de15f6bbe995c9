"""crosscut: a cultural glossary and translation memory for film localization.

Compile glossary sources (TOML, CSV/TSV, TBX) and a translation memory (TMX)
into one artifact, or open a compiled one, then look terms up, find them in
subtitles and search the memory::

    import crosscut
    film = crosscut.compile(["client.tbx", "house.csv"], tm="dialogue.tmx")
    film.annotate("Meet me at the rough cut.", "en", to=["fr"]).to_pandas()
    film.tm_search("Meet me at the rough cut", "en", "fr").to_pandas()
    crosscut.open("film.xcut")  # memory-mapped; or crosscut.open(data_bytes)

Results are light objects with attributes and ``to_dict()``; lists of them
convert with ``to_pandas()`` or ``to_dicts()`` and show as tables in notebooks.
Every error is a ``crosscut.Error``; long calls release the GIL.
"""

from crosscut._crosscut import (
    Annotation,
    Artifact,
    ArtifactError,
    Concept,
    ConcordanceHit,
    Error,
    Finding,
    Hit,
    InternalError,
    LanguageTagError,
    LimitError,
    ParseError,
    QueryError,
    ShardedMemory,
    Source,
    Term,
    TermSpan,
    TmMatch,
    __version__,
    compile,
    compile_memory,
    open,
    shard_of,
)
from crosscut._results import (
    AnnotationBatch,
    Annotations,
    Concepts,
    ConcordanceHits,
    Findings,
    Hits,
    TmMatches,
)

#: The base class of every crosscut error, under its house-style name.
CrosscutError = Error

#: The opened artifact under its former name.
Glossary = Artifact

__all__ = [
    "Annotation",
    "AnnotationBatch",
    "Annotations",
    "Artifact",
    "ArtifactError",
    "Concept",
    "Concepts",
    "ConcordanceHit",
    "ConcordanceHits",
    "CrosscutError",
    "Error",
    "Finding",
    "Findings",
    "Glossary",
    "Hit",
    "Hits",
    "InternalError",
    "LanguageTagError",
    "LimitError",
    "ParseError",
    "QueryError",
    "ShardedMemory",
    "Source",
    "Term",
    "TermSpan",
    "TmMatch",
    "TmMatches",
    "__version__",
    "compile",
    "compile_memory",
    "open",
    "shard_of",
]
