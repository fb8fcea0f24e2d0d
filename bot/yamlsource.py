"""Reads YAML text into plain values that remember their line numbers.

Every scalar stays the string the editor wrote (only an empty value or `~`/`null` becomes None):
YAML 1.1's implicit typing, which turns `NO` into false, `0114` into 76 and `12:30` into 750, is
switched off, and the schema converts each field to its declared type instead. Duplicate keys,
which PyYAML would silently resolve to the last one, are reported.

Hostile files are stopped early with a located problem: more than MAX_DEPTH levels of nesting, more
than MAX_ALIASES aliases (`*name`), or more than MAX_NODES values once aliases are expanded (a
"billion laughs"). The file size is limited by the content loader before parsing.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Problem


class YMap(dict):
    """A mapping with the line of the mapping (`line`) and of each key (`lines`)."""

    line: int
    lines: dict[str, int]


class YList(list):
    """A sequence with the line of the sequence (`line`) and of each item (`lines`)."""

    line: int
    lines: list[int]


MAX_DEPTH = 40
MAX_ALIASES = 100
MAX_NODES = 100_000


class _LimitError(Exception):
    """A YAML file goes past one of the limits; `line` is where."""

    def __init__(self, line: int, what: str, fix: str) -> None:
        super().__init__(what)
        self.line, self.what, self.fix = line, what, fix


class _Loader(yaml.SafeLoader):
    """SafeLoader whose only implicit type is null, and which refuses deep nesting and many aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LimitError(mark.line + 1, f"more than {MAX_ALIASES} YAML aliases (*name) in one file",
                                  "write the values out instead of referring to them with * aliases")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(mark.line + 1, f"values nested more than {MAX_DEPTH} levels deep",
                                  "content records are at most a few levels deep; check the brackets and indentation")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


def parse(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; returns (value, problems). A syntax error gives (None, [problem])."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except _LimitError as exc:
        return None, [Problem(file, exc.line, exc.what, exc.fix)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [Problem(file, line, what, _syntax_hint(exc))]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, f"YAML error: {exc}", "check the file's indentation")]
    if node is None:
        return None, []
    problems: list[Problem] = []
    try:
        return _convert(node, file, problems, [MAX_NODES]), problems
    except _LimitError as exc:
        return None, [Problem(file, exc.line, exc.what, exc.fix)]


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or "")
    if "mapping values are not allowed" in problem:
        return "put quotes around a value that contains ': '"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "every field is written `name: value`; check the line above too"
    return "check indentation and quotes on this line and the line above"


def _convert(node: yaml.Node, file: str, problems: list[Problem], budget: list[int]) -> Any:
    line = node.start_mark.line + 1
    budget[0] -= 1
    if budget[0] < 0:
        raise _LimitError(line, f"more than {MAX_NODES} values once the YAML aliases are expanded",
                          "write the values out instead of nesting * aliases")
    if node.tag not in _PLAIN_TAGS:
        problems.append(
            Problem(file, line, f"unsupported YAML tag {node.tag!r}", "remove the tag; write plain text")
        )
        return None
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(file, key_node.start_mark.line + 1, "a field name must be plain text",
                                        "write `name: value`"))
                continue
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in out:
                problems.append(
                    Problem(file, key_line, f"duplicate field {key!r} (first on line {out.lines[key]})",
                            "keep one of them; YAML would silently use only the last")
                )
                continue
            out[key] = _convert(value_node, file, problems, budget)
            out.lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = YList()
        seq.line, seq.lines = line, []
        for item in node.value:
            seq.append(_convert(item, file, problems, budget))
            seq.lines.append(item.start_mark.line + 1)
        return seq
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return node.value


def front_matter(text: str, file: str) -> tuple[YMap | None, int, list[Problem]]:
    """Split `---` front matter off a Markdown text: (fields, first body line, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, 1, []
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            value, problems = parse("\n".join(lines[1:i]), file)
            shifted = [Problem(p.file, p.line + 1, p.what, p.fix) for p in problems]
            if value is not None and not isinstance(value, YMap):
                shifted.append(Problem(file, 2, "the front matter must be `field: value` lines",
                                       "write title:, organisation:, period: and source: lines"))
                value = None
            if isinstance(value, YMap):
                _shift(value, 1)
            return value, i + 2, shifted
    return None, 1, [Problem(file, 1, "front matter opened with --- is never closed",
                             "add a line with --- after the last front matter field")]


def _shift(value: Any, by: int) -> None:
    if isinstance(value, YMap):
        value.line += by
        for k in value.lines:
            value.lines[k] += by
        for v in value.values():
            _shift(v, by)
    elif isinstance(value, YList):
        value.line += by
        value.lines = [n + by for n in value.lines]
        for v in value:
            _shift(v, by)
