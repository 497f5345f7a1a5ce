"""YAML read the way an archive must read it: nothing the editor wrote is changed on the way in.

- **YAML 1.2 core scalars, at libyaml's speed.** PyYAML resolves plain scalars by YAML 1.1 rules:
  ``2:1`` is the base-60 number 121, ``010`` the octal 8, ``yes`` and ``on`` are true. libyaml only parses;
  which type a plain scalar gets is decided by the loader's implicit resolvers, plain Python, replaced
  here by the YAML 1.2 core schema's: ``true``/``false``, decimal, ``0o`` and ``0x`` integers, decimal
  floats, ``.inf`` and ``.nan``, ``null``/``~``. Timestamps are not resolved at all (``newsarchive.dates``
  reads every date, and reports an impossible one with its line).
- **Text keys as written.** Even YAML 1.2 reads ``title: 010`` as the number 10 and ``title: 1.50`` as
  1.5. For the keys whose values are text (``TEXT_KEYS``), a plain scalar is kept exactly as written.
- **Aliases are bounded.** ``&a [*b, *b, ...]`` nested a few levels (a "billion laughs") expands to
  billions of values for a few lines of text; a document whose aliases would expand to more than
  ``MAX_EXPANDED`` values is refused, in time linear in its size.
"""

from __future__ import annotations

import re

import yaml

Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXPANDED = 100_000  # values a document may stand for once its aliases are expanded

# Keys whose values are text: a plain scalar there is kept as written (``title: 2:1``, ``tags: [010]``).
TEXT_KEYS = frozenset({
    "title", "source", "summary", "slug", "author", "authors", "tags", "categories", "category", "url",
    "language", "lang", "excerpt", "description", "permalink", "story", "translation_of", "import_key",
})

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"

_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


class Loader(Base):  # type: ignore[misc, valid-type]
    """CSafeLoader (or SafeLoader where libyaml is missing) with YAML 1.2 core scalars."""


def _resolvers() -> dict:
    out: dict = {}
    for first, resolvers in Base.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
        if kept:
            out[first] = kept
    for tag, regexp, firsts in ((_BOOL, _BOOL_RE, "tTfF"), (_INT, _INT_RE, "-+0123456789"),
                                (_FLOAT, _FLOAT_RE, "-+.0123456789")):
        for first in firsts:
            out.setdefault(first, []).append((tag, regexp))
    return out


Loader.yaml_implicit_resolvers = _resolvers()


def _construct_int(loader, node) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "") if node.tag == _INT else ""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits[:2] in ("0o", "0x", "0b"):  # 0b: an explicit !!int 0b101
        return sign * int(digits, 0)
    return sign * int(digits, 10)  # YAML 1.2: a leading 0 is not octal


def _construct_bool(loader, node) -> bool:
    text = str(loader.construct_scalar(node)).lower()
    if text not in ("true", "false"):
        raise ValueError(f"{text!r} is not true or false")
    return text == "true"


Loader.add_constructor(_INT, _construct_int)
Loader.add_constructor(_BOOL, _construct_bool)


def as_written(loader, node):
    """The value of a text key: a plain scalar exactly as written (``None`` for an empty value or
    ``null``/``~``), a list of such items, or, for anything else, what YAML makes of it."""
    if isinstance(node, yaml.ScalarNode) and not node.style:  # plain: None (PyYAML) or "" (libyaml)
        return None if node.tag == _NULL else node.value
    if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        return [as_written(loader, item) for item in node.value]
    return loader.construct_object(node, deep=True)


class TooLarge(ValueError):
    def __init__(self, line: int):
        super().__init__(f"expand to more than {MAX_EXPANDED:,} values")
        self.line = line  # 0-based, within the YAML text


def check_expansion(root) -> None:
    """Raise TooLarge when ``root``'s aliases would expand to more than MAX_EXPANDED values, or ValueError
    when a node contains itself. Each node is sized once (shared nodes are aliases), so this is linear."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            if isinstance(node, yaml.MappingNode):
                children = [child for pair in node.value for child in pair]
            else:
                children = node.value
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > MAX_EXPANDED:
                raise TooLarge(node.start_mark.line)
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            sizes[key] = 1
            continue
        if key in open_nodes:
            raise TooLarge(node.start_mark.line)  # a node inside itself: endless once expanded
        open_nodes.add(key)
        stack.append((node, True))
        children = [child for pair in node.value for child in pair] if isinstance(node, yaml.MappingNode) \
            else node.value
        stack.extend((child, False) for child in children if id(child) not in sizes)
