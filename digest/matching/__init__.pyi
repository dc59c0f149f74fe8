"""Matching: the filter language and its matchers."""

from .analysis import (
    DEFAULT_LANGUAGE as DEFAULT_LANGUAGE,
    Document as Document,
    analyser as analyser,
    language_name as language_name,
    languages as languages,
)
from .atoms import (
    Atom as Atom,
    Conjunction as Conjunction,
    satisfied as satisfied,
)
from .filterindex import (
    FilterIndex as FilterIndex,
)
from .filters import (
    section_document as section_document,
    subscriber_filters as subscriber_filters,
    topic_and_own_filters as topic_and_own_filters,
)
from .instant import (
    InstantMatcher as InstantMatcher,
)
from .preview import (
    PREVIEW_LIMIT as PREVIEW_LIMIT,
    Preview as Preview,
    PreviewWindow as PreviewWindow,
    WindowStory as WindowStory,
)
from .query import (
    FIELDS as FIELDS,
    MAX_ALTERNATIVES as MAX_ALTERNATIVES,
    MAX_DEPTH as MAX_DEPTH,
    MAX_QUERY_LENGTH as MAX_QUERY_LENGTH,
    MAX_TERMS as MAX_TERMS,
    MIN_PREFIX as MIN_PREFIX,
    And as And,
    Node as Node,
    Not as Not,
    Or as Or,
    Phrase as Phrase,
    Prefix as Prefix,
    Query as Query,
    Word as Word,
    parse_query as parse_query,
)
from .score import (
    OWN_QUERIES as OWN_QUERIES,
    OWN_QUERY_LABEL as OWN_QUERY_LABEL,
    Collection as Collection,
    Filter as Filter,
    SectionIndex as SectionIndex,
    Verdict as Verdict,
    best_topic as best_topic,
    highlight_words as highlight_words,
    match_filters as match_filters,
    matched_atoms as matched_atoms,
    matches as matches,
    members as members,
    reason_for as reason_for,
)
