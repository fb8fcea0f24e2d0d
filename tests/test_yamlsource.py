from __future__ import annotations

from bot import yamlsource


def test_yaml_11_traps_stay_text():
    value, problems = yamlsource.parse("a: NO\nb: 0114\nc: 12:30\nd: yes\n", "f.yaml")
    assert problems == []
    assert value == {"a": "NO", "b": "0114", "c": "12:30", "d": "yes"}


def test_empty_and_null_become_none():
    value, _ = yamlsource.parse("a:\nb: ~\nc: null\n", "f.yaml")
    assert value == {"a": None, "b": None, "c": None}


def test_lines_are_remembered():
    value, _ = yamlsource.parse("- id: a\n  name: A\n- id: b\n  name: B\n", "f.yaml")
    assert value.lines == [1, 3]
    assert value[1].lines == {"id": 3, "name": 4}


def test_duplicate_key_is_reported_with_both_lines():
    _, problems = yamlsource.parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:3: duplicate field 'a' (first on line 1) — keep one of them; YAML would silently use only the last"
    ]


def test_syntax_error_names_the_line_and_fix():
    value, problems = yamlsource.parse("- id: a\n  name: Innovation: och\n", "f.yaml")
    assert value is None
    assert str(problems[0]) == (
        "f.yaml:2: YAML syntax error: mapping values are not allowed here — "
        "put quotes around a value that contains ': '"
    )


def test_unsafe_tags_are_refused():
    _, problems = yamlsource.parse("a: !!python/object:os.system x\n", "f.yaml")
    assert problems and "unsupported YAML tag" in problems[0].what


def test_front_matter_lines_are_file_lines():
    meta, body_line, problems = yamlsource.front_matter("---\ntitle: T\nperiod: 2010\n---\n# H\n", "d.md")
    assert problems == []
    assert meta == {"title": "T", "period": "2010"}
    assert meta.lines == {"title": 2, "period": 3}
    assert body_line == 5


def _hostile(name: str) -> str:
    from .conftest import DATA

    return (DATA / "hostile" / name).read_text(encoding="utf-8")


def test_billion_laughs_is_stopped_at_its_line():
    value, problems = yamlsource.parse(_hostile("billion_laughs.yaml"), "f.yaml")
    assert value is None
    assert [str(p) for p in problems] == [
        "f.yaml:2: more than 100000 values once the YAML aliases are expanded — write the values out instead of "
        "nesting * aliases"]


def test_deep_nesting_is_refused_at_its_line():
    value, problems = yamlsource.parse(_hostile("deep_nesting.yaml"), "f.yaml")
    assert value is None and len(problems) == 1
    assert str(problems[0]).startswith("f.yaml:3: values nested more than 40 levels deep — ")


def test_too_many_aliases_are_refused():
    value, problems = yamlsource.parse(_hostile("many_aliases.yaml"), "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:204: more than 100 YAML aliases (*name) in one file — write the values out instead of referring to "
        "them with * aliases"]
