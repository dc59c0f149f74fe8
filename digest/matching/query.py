"""The topic filter language: a search box's syntax, parsed into a small tree (pure).

::

    chip                    a word: any case, accent or form (chips, Chip's, CHIP)
    "open weight"           a phrase: the words adjacent and in order (open-weight too)
    verilog*                a prefix of at least three letters
    chip verilog            both (AND is implicit, and may be written)
    chip OR verilog         either (also written |)
    -crypto   NOT crypto    exclusion
    (chip OR npu) -apple    grouping
    title:huawei            a field: title, teaser, text (the default is all three) or feed

OR binds tighter than the implicit AND, as in web search: ``a b OR c`` means
``a AND (b OR c)``. Words are folded (case and accents) here; stemming depends on
the language of the feed, so it happens when a query is compiled for one
(`digest.matching.atoms`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NoReturn

from digest.errors import InvalidQuery
from digest.text import fold, terms

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32
MAX_DEPTH = 8
#: A query is matched as alternatives of plain conjunctions; past this many it is refused,
#: so that no query costs much more than an ordinary one.
MAX_ALTERNATIVES = 64
MIN_PREFIX = 3

FIELDS = ("title", "teaser", "text", "feed")
#: Where in the query a node starts (1-based), for errors; never part of its identity.
_COLUMN: int = dataclasses.field(default=1, compare=False, repr=False)
#: The fields a word without a field is looked for in.
DEFAULT_FIELDS = ("title", "teaser", "text")


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    column: int = _COLUMN

    def __str__(self) -> str:
        return _scoped(self.field, self.text)


@dataclass(frozen=True)
class Prefix:
    text: str
    field: str | None = None
    column: int = _COLUMN

    def __str__(self) -> str:
        return _scoped(self.field, self.text + "*")


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None
    column: int = _COLUMN

    def __str__(self) -> str:
        return _scoped(self.field, '"' + " ".join(self.words) + '"')


@dataclass(frozen=True)
class Not:
    child: Node
    column: int = _COLUMN

    def __str__(self) -> str:
        inner = str(self.child)
        return "-" + (f"({inner})" if isinstance(self.child, And | Or) else inner)


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    column: int = _COLUMN

    def __str__(self) -> str:
        return " ".join(f"({c})" if isinstance(c, Or) else str(c) for c in self.children)


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    column: int = _COLUMN

    def __str__(self) -> str:
        return " OR ".join(f"({c})" if isinstance(c, And) else str(c) for c in self.children)


Leaf = Word | Prefix | Phrase
Node = Word | Prefix | Phrase | Not | And | Or


def _scoped(field_name: str | None, text: str) -> str:
    return f"{field_name}:{text}" if field_name else text


@dataclass(frozen=True)
class Query:
    """A parsed query; `key` is the same for queries that always match alike."""

    root: Node

    def __str__(self) -> str:
        return str(self.root)

    @property
    def key(self) -> str:
        # Kept on the instance by hand: an index reads it for each of a million holders,
        # and functools.cached_property takes a lock on every read.
        key: str | None = self.__dict__.get("_key")
        if key is None:
            key = canonical(self.root)
            object.__setattr__(self, "_key", key)
        return key

    def __hash__(self) -> int:
        # Kept like `key`: hashing walks the whole tree, and a send run looks each reader's
        # query up once per story it shows them.
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash(self.root)
            object.__setattr__(self, "_hash", found)
        return found

    def leaves(self) -> Iterator[Leaf]:
        return _leaves(self.root)


def canonical(node: Node) -> str:
    """Written form with the operands of AND and OR sorted and repeated ones dropped."""
    if isinstance(node, Not):
        inner = canonical(node.child)
        return "-" + (f"({inner})" if isinstance(node.child, And | Or) else inner)
    if isinstance(node, And):
        parts = {f"({canonical(c)})" if isinstance(c, Or) else canonical(c) for c in node.children}
        return " ".join(sorted(parts))
    if isinstance(node, Or):
        parts = {f"({canonical(c)})" if isinstance(c, And) else canonical(c) for c in node.children}
        return " OR ".join(sorted(parts))
    return str(node)


def _leaves(node: Node) -> Iterator[Leaf]:
    if isinstance(node, Not):
        yield from _leaves(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _leaves(child)
    else:
        yield node


def parse_query(source: str) -> Query:
    """Parse a query, or raise `InvalidQuery` saying what is wrong and at which column."""
    if len(source) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"query longer than {MAX_QUERY_LENGTH} characters", source, 1)
    plain = _plain_words(source)
    if plain is not None:
        return Query(plain)
    root = _Parser(source, _lex(source)).parse()
    leaves = list(_leaves(root))
    if len(leaves) > MAX_TERMS:
        raise InvalidQuery(f"more than {MAX_TERMS} words and phrases", source, leaves[-1].column)
    _require_something_to_find(root, source)
    if alternatives(root) > MAX_ALTERNATIVES:
        raise InvalidQuery(
            f"too many combinations (more than {MAX_ALTERNATIVES}): use fewer ORs inside groups",
            source,
            1,
        )
    return Query(root)


_PLAIN = re.compile(r"[^\W_]+(?: [^\W_]+)*")


def _plain_words(source: str) -> Node | None:
    """The tree of the commonest query, a few words and nothing else, built without the
    parser (a million subscribers' queries are parsed when an index is built); None for
    anything else."""
    if not _PLAIN.fullmatch(source):
        return None
    nodes: list[Node] = []
    column = 1
    for chunk in source.split(" "):
        found = terms(chunk)
        if len(found) != 1 or chunk in _OPERATORS:
            return None
        nodes.append(Word(found[0], None, column))
        column += len(chunk) + 1
    if len(nodes) > MAX_TERMS:
        return None
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes), 1)


# Lexing


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, field, minus, not, and, or, open, close, end
    column: int
    text: str = ""


_OPERATORS = {"OR": "or", "|": "or", "AND": "and", "&&": "and", "NOT": "not"}
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_BARE = re.compile(r'[^\s()"]+')


def _lex(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        char = source[position]
        column = position + 1
        if char.isspace():
            position += 1
        elif char in "()":
            tokens.append(_Token("open" if char == "(" else "close", column))
            position += 1
        elif char == '"':
            end = source.find('"', position + 1)
            if end < 0:
                raise InvalidQuery("unclosed quotation mark", source, column)
            tokens.append(_Token("phrase", column, source[position + 1 : end]))
            position = end + 1
        elif char == "-":
            position = _lex_minus(source, position, tokens)
        else:
            found = _BARE.match(source, position)
            assert found is not None
            tokens.extend(_bare(source, found.group(), column))
            position = found.end()
    tokens.append(_Token("end", len(source) + 1))
    return tokens


def _lex_minus(source: str, position: int, tokens: list[_Token]) -> int:
    following = source[position + 1 : position + 2]
    if following == "" or following.isspace() or following == ")":
        raise InvalidQuery("a minus needs a word right after it", source, position + 1)
    tokens.append(_Token("minus", position + 1))
    return position + 1


def _bare(source: str, text: str, column: int) -> list[_Token]:
    if text in _OPERATORS:
        return [_Token(_OPERATORS[text], column)]
    scoped = _FIELD.fullmatch(text)
    if scoped is None:
        return [_Token("word", column, text)]
    name, rest = scoped.group(1).lower(), scoped.group(2)
    if name in ("http", "https") and rest.startswith("//"):
        return [_Token("word", column, text)]  # a pasted address: its words, as a phrase
    if rest.startswith("-"):
        raise InvalidQuery(
            f"put the minus before the field, as in -{name}:{rest[1:] or 'word'}",
            source,
            column + len(name) + 1,
        )
    if name not in FIELDS:
        raise InvalidQuery(
            f"unknown field {name!r}: use title, teaser, text or feed", source, column
        )
    field_token = _Token("field", column, name)
    if not rest:
        return [field_token]
    return [field_token, *_bare(source, rest, column + len(name) + 1)]


# Parsing


class _Parser:
    """Recursive descent: query = or-group+, or-group = unary (OR unary)*."""

    def __init__(self, source: str, tokens: list[_Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def parse(self) -> Node:
        node = self._conjunction(opened=None)
        token = self._peek()
        if token.kind == "close":
            self._fail("unbalanced parenthesis", token)
        return node

    def _peek(self) -> _Token:
        return self.tokens[self.position]

    def _next(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _fail(self, message: str, token: _Token) -> NoReturn:
        column = 1 if token.kind == "end" and not self.source.strip() else token.column
        raise InvalidQuery(message, self.source, column)

    def _conjunction(self, opened: _Token | None) -> Node:
        children: list[Node] = []
        start = self._peek()
        while self._peek().kind not in ("end", "close"):
            token = self._peek()
            if token.kind == "and":
                self._next()
                if not children or self._peek().kind in ("end", "close", "or", "and"):
                    self._fail("AND needs something on each side", token)
                continue
            if token.kind == "or":
                self._fail("OR needs something on each side", token)
            node = self._alternatives()
            if node is not None:
                children.append(node)
        if not children:
            if opened is not None:
                self._fail("empty parentheses", opened)
            if start.kind == "close":
                self._fail("unbalanced parenthesis", start)
            self._fail("a query needs at least one word to look for", start)
        flat = [
            c
            for child in children
            for c in (child.children if isinstance(child, And) else (child,))
        ]
        return flat[0] if len(flat) == 1 else And(tuple(flat), start.column)

    def _alternatives(self) -> Node | None:
        first = self._unary()
        options = [first] if first is not None else []
        while self._peek().kind == "or":
            operator = self._next()
            if self._peek().kind in ("end", "close", "or", "and") or not options:
                self._fail("OR needs something on each side", operator)
            option = self._unary()
            if option is None:
                self._fail("OR needs something on each side", operator)
            options.append(option)
        if not options:
            return None
        if len(options) == 1:
            return options[0]
        flat = [c for o in options for c in (o.children if isinstance(o, Or) else (o,))]
        return Or(tuple(flat), options[0].column)

    def _unary(self) -> Node | None:
        token = self._peek()
        if token.kind in ("minus", "not"):
            self._next()
            if self._peek().kind in ("end", "close", "or", "and"):
                operator = "NOT" if token.kind == "not" else "a minus"
                self._fail(f"{operator} needs a word after it", token)
            self._descend(token)
            child = self._unary()
            self.depth -= 1
            if child is None:
                self._fail("nothing to exclude", token)
            return child.child if isinstance(child, Not) else Not(child, token.column)
        return self._primary(field_name=None)

    def _descend(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(f"nested more than {MAX_DEPTH} deep", token)

    def _primary(self, field_name: str | None) -> Node | None:
        token = self._next()
        if token.kind == "field":
            if field_name is not None:
                self._fail("a field inside a field", token)
            if self._peek().kind == "field":
                self._fail("a field inside a field", self._peek())
            if self._peek().kind not in ("word", "phrase", "open"):
                self._fail(f"{token.text}: needs a word, a phrase or parentheses after it", token)
            return self._primary(field_name=token.text)
        if token.kind == "open":
            self._descend(token)
            inner = self._conjunction(opened=token)
            self.depth -= 1
            if self._next().kind != "close":
                self._fail("unbalanced parenthesis", token)
            return _with_field(inner, field_name, self) if field_name else inner
        if token.kind not in ("phrase", "word"):
            message = "unbalanced parenthesis" if token.kind == "close" else "unexpected end"
            self._fail(message, token)
        if token.kind == "phrase":
            return self._phrase(token, field_name)
        return self._word(token, field_name)

    def _phrase(self, token: _Token, field_name: str | None) -> Node:
        if "*" in token.text:
            self._fail("a prefix* cannot be inside a phrase", token)
        words = tuple(terms(token.text))
        if not words:
            self._fail("the quotation marks hold no word to look for", token)
        if len(words) == 1:
            return Word(words[0], field_name, token.column)
        return Phrase(words, field_name, token.column)

    def _word(self, token: _Token, field_name: str | None) -> Node | None:
        text = token.text
        star = text.find("*")
        if 0 <= star < len(text) - 1:
            column = token.column + star
            raise InvalidQuery("* can only end a prefix, as in verilog*", self.source, column)
        if text.endswith("*"):
            stem = fold(text.rstrip("*"))
            if not re.fullmatch(r"\w+", stem) or len(stem) < MIN_PREFIX:
                self._fail(
                    f"a prefix needs at least {MIN_PREFIX} letters before *, as in verilog*", token
                )
            return Prefix(stem, field_name, token.column)
        words = tuple(terms(text))
        if not words:
            return None  # punctuation on its own ("&", "—") looks for nothing
        if len(words) == 1:
            return Word(words[0], field_name, token.column)
        return Phrase(words, field_name, token.column)


def _with_field(node: Node, field_name: str, parser: _Parser) -> Node:
    """Scope every word of a group to one field."""
    if isinstance(node, Not):
        return Not(_with_field(node.child, field_name, parser), node.column)
    if isinstance(node, And):
        return And(tuple(_with_field(c, field_name, parser) for c in node.children), node.column)
    if isinstance(node, Or):
        return Or(tuple(_with_field(c, field_name, parser) for c in node.children), node.column)
    if node.field is not None:
        raise InvalidQuery("a field inside a field", parser.source, node.column)
    return type(node)(**{**node.__dict__, "field": field_name})


# Checks on the whole tree


def positive(node: Node) -> bool:
    """Every section the node matches contains at least one of its words."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(positive(c) for c in node.children)
    if isinstance(node, Or):
        return all(positive(c) for c in node.children)
    return True


def _require_something_to_find(root: Node, source: str) -> None:
    if positive(root):
        return
    if isinstance(root, Or):
        culprit = next(c for c in root.children if not positive(c))
        raise InvalidQuery(
            "an exclusion as one side of OR would match almost everything", source, culprit.column
        )
    raise InvalidQuery(
        "a query needs at least one word to look for, not only exclusions", source, root.column
    )


def alternatives(node: Node, negated: bool = False) -> int:
    """How many plain conjunctions the query becomes once NOTs are pushed to the words."""
    if isinstance(node, Not):
        return alternatives(node.child, not negated)
    if isinstance(node, And | Or):
        counts = [alternatives(c, negated) for c in node.children]
        if isinstance(node, And) != negated:  # AND, or a negated OR (De Morgan)
            product = 1
            for count in counts:
                product = min(product * count, MAX_ALTERNATIVES + 1)
            return product
        return min(sum(counts), MAX_ALTERNATIVES + 1)
    return 1
