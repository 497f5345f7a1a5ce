"""Split a file into front matter and body, keeping line numbers for messages.

YAML between ``---`` lines is newsarchive's own format (and Jekyll's and Hugo's); Hugo's TOML (``+++``)
and JSON and Pelican's metadata lines are read by ``content.formats``.

YAML is read with libyaml's CSafeLoader when present (fast, and it accepts the tabs that Jekyll-era
front matter contains), else the pure-Python SafeLoader, with YAML 1.2 core scalars and text keys kept
as written (see ``yaml12``). Timestamps are *not* resolved by YAML: dates stay text so that
``newsarchive.dates`` reads every date the same way and reports impossible ones with their line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from newsarchive.content import formats, yaml12
from newsarchive.content.formats import FrontMatterError
from newsarchive.errors import shorten


@dataclass(slots=True)
class Split:
    data: dict
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    has_front_matter: bool = False
    kind: str = ""  # "yaml", "toml", "json", "pelican"; "" without front matter
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  # (line, message, hint)


def _is_fence(line: str) -> bool:
    return line.rstrip(" \t") == "---"


def split(text: str, metadata_lines: bool = False) -> Split:
    """``text`` has no BOM and only ``\\n`` line ends. Raises FrontMatterError.

    ``metadata_lines``: a Markdown file may start with Pelican's ``Key: value`` lines instead."""
    if not (text.startswith("---") and _is_fence(text.split("\n", 1)[0])):
        return _split_other(text, metadata_lines)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        stripped = lines[index].rstrip(" \t")
        if stripped in ("---", "..."):
            end = index
            break
    else:
        raise FrontMatterError(
            1,
            "the front matter opened with '---' on line 1 is never closed",
            "add a line '---' after the last key, before the article's text",
        )
    yaml_text = "\n".join(lines[1:end])
    warnings: list[tuple[int, str, str]] = []
    data, key_lines = parse_yaml_mapping(yaml_text, first_line=2, what="front matter", warnings=warnings)
    body = "\n".join(lines[end + 1:])
    return Split(data, key_lines, body, end + 2, True, "yaml", warnings)


def _split_other(text: str, metadata_lines: bool) -> Split:
    first = text[:1]
    if first == "+" and formats.is_toml_fence(text.split("\n", 1)[0]):
        return Split(*formats.split_toml(text), True, "toml")
    if first == "{" and formats.looks_like_json(text):
        return Split(*formats.split_json(text), True, "json")
    if metadata_lines and first.isalpha():
        found = formats.split_pelican(text)
        if found is not None:
            return Split(*found, True, "pelican")
    return Split({}, {}, text, 1, False)


def parse_yaml_mapping(yaml_text: str, first_line: int = 1, what: str = "this file",
                       warnings: list[tuple[int, str, str]] | None = None) -> tuple[dict, dict]:
    """Parse YAML that must be a mapping. Returns (data, key -> file line). Raises FrontMatterError.

    ``first_line`` is the file line on which ``yaml_text`` starts (2 for front matter after ``---``).
    A key given twice is appended to ``warnings`` as (line, message, hint); the last value is used.
    """
    if "\x00" in yaml_text:
        line = yaml_text[: yaml_text.index("\x00")].count("\n") + first_line
        raise FrontMatterError(line, f"{what} contains a NUL character", "remove it; it is not text")
    loader = yaml12.Loader(yaml_text)
    try:
        node = _compose(loader, what, first_line)
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            kind = ("a list" if isinstance(node, yaml.SequenceNode)
                    else f"the single value {shorten(node.value)}")
            raise FrontMatterError(
                first_line,
                f"{what} must be keys and values (a YAML mapping such as 'title: ...'), but it is {kind}",
                "write one 'key: value' per line",
            )
        try:
            if "*" in yaml_text:  # without an alias nothing can expand: most files skip the walk
                yaml12.check_expansion(node)
        except ValueError as exc:
            raise FrontMatterError(getattr(exc, "line", 0) + first_line,
                                   f"{what} uses aliases (*name) that {exc}",
                                   "write the values out instead of repeating aliases") from None
        data = _construct(loader, node, what, first_line, warnings)
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    _collect_lines(node, "", first_line, key_lines, depth=0)
    return data, key_lines


# What a YAML value that cannot be constructed raises: libyaml and PyYAML's constructors are not
# consistent (a bad !!bool gives KeyError, a bad !!timestamp AttributeError, a bad !!int ValueError).
_CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, IndexError,
                     OverflowError, RecursionError)


def _compose(loader, what: str, first_line: int):
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(line, f"{what} is not valid YAML: {problem}", _yaml_hint(problem)) from None
    except _CONSTRUCT_ERRORS as exc:
        raise FrontMatterError(first_line, f"{what} is not valid YAML: {shorten(exc)}",
                               "check the quoting and indentation") from None


def _construct(loader, node, what: str, first_line: int, warnings: list | None = None) -> dict:
    """Build the mapping key by key, so that a value that cannot be read is reported on its own line."""
    try:
        loader.flatten_mapping(node)  # YAML merge keys (<<: *defaults)
    except _CONSTRUCT_ERRORS as exc:
        raise FrontMatterError(node.start_mark.line + first_line, f"{what} is not valid YAML: {shorten(exc)}",
                               "check the merge key (<<)") from None
    data: dict = {}
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + first_line
        try:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key_node, yaml.ScalarNode) and str(key_node.value).lower() in yaml12.TEXT_KEYS:
                value = yaml12.as_written(loader, value_node)
            else:
                value = loader.construct_object(value_node, deep=True)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            raise FrontMatterError(mark.line + first_line if mark else line,
                                   f"{what} is not valid YAML: {problem}", _yaml_hint(problem)) from None
        except _CONSTRUCT_ERRORS:
            tag = str(getattr(value_node, "tag", "")).rsplit(":", 1)[-1]
            raise FrontMatterError(
                line, f"{what} is not valid YAML: {shorten(value_node.value, 40)} (the value of "
                      f"'{str(key_node.value)[:40]}') is not a valid {tag}",
                "remove the '!!' tag or write a value of that type") from None
        try:
            name = str(key)
            if name in seen and warnings is not None and key_node.tag != "tag:yaml.org,2002:merge":
                message = (f"'{name[:40]}' is given twice, on lines {seen[name]} and {line}; "
                           f"the value on line {line} is used")
                warnings.append((line, message, "remove one of them"))
            seen[name] = line
            data[name] = value
        except _CONSTRUCT_ERRORS:
            raise FrontMatterError(line, f"{what} has a key that is not text",
                                   "write keys as plain words") from None
    return data




def _collect_lines(node, prefix: str, first_line: int, out: dict[str, int], depth: int) -> None:
    """Map each key (nested keys as ``a.b``) to its 1-based file line."""
    if depth > 3 or not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        name = prefix + str(key_node.value)
        out.setdefault(name, key_node.start_mark.line + first_line)
        _collect_lines(value_node, name + ".", first_line, out, depth + 1)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' must be quoted, e.g. title: \"Storm: the harbour closes\""
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each line must be 'key: value'; check for a missing colon or an unclosed quote"
    if "found undefined alias" in problem or "unacceptable character" in problem:
        return "quote the value"
    return "check the quoting and indentation on this line"
