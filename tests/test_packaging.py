"""What gets installed and shipped: pinned dependencies, the Docker image's recipe, the licence field."""

from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement

from .conftest import ROOT

tomllib = pytest.importorskip("tomllib")


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def constraints() -> dict[str, str]:
    """Package name (normalised) → pinned version, from constraints.txt."""
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not pinned exactly: {line}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_dependency_is_pinned_and_the_pin_satisfies_pyproject():
    project = pyproject()["project"]
    pins = constraints()
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        req = Requirement(spec)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{req.name} is not in constraints.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (spec, pins[name])
    assert pins["whoosh-reloaded"] == "2.7.5"
    assert "whoosh-reloaded==2.7.5" in project["dependencies"]
    assert "strategibot" not in pins


def test_ci_and_the_image_install_from_the_constraints():
    assert "-c constraints.txt -e '.[test]'" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --constraint constraints.txt ." in dockerfile


def test_the_image_runs_as_a_numeric_user_with_an_exec_form_healthcheck():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and all(re.fullmatch(r"\d+(:\d+)?", u) for u in users)
    health = next(i for i, line in enumerate(lines) if line.startswith("HEALTHCHECK"))
    assert lines[health + 1].startswith('CMD ["python", "-c", ')  # exec form: no shell needed
    assert 'ENTRYPOINT ["strategibot"]' in lines and 'CMD ["serve", "--port", "3000"]' in lines
    assert 'VOLUME ["/app/index", "/app/data"]' in lines


def test_the_build_context_is_only_what_the_image_needs():
    patterns = [line for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    assert patterns[0] == "*"
    assert sorted(p for p in patterns if p.startswith("!")) == ["!README.md", "!bot/", "!constraints.txt",
                                                                  "!content/", "!pyproject.toml"]
    copied = re.findall(r"^COPY (.+) \S+$", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M)
    sources = {s.rstrip("/") for line in copied for s in line.split()}
    assert sources == {"constraints.txt", "pyproject.toml", "README.md", "bot", "content"}


def test_licence_is_an_spdx_expression():
    assert pyproject()["project"]["license"] == "LicenseRef-Proprietary"
    assert pyproject()["build-system"]["requires"] == ["setuptools>=77"]  # the first to accept the string form


def test_every_package_and_data_file_of_bot_is_installed():
    """A plain `pip install .` (the Docker image) carries all of bot/, not only what an editable install sees."""
    setuptools = pyproject()["tool"]["setuptools"]
    packages = {str(p.parent.relative_to(ROOT)).replace("/", ".") for p in (ROOT / "bot").rglob("__init__.py")}
    assert set(setuptools["packages"]) == packages
    data = {p for p in (ROOT / "bot").rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")}
    declared = {ROOT / package.replace(".", "/") / name
                for package, names in setuptools.get("package-data", {}).items() for name in names}
    assert data == declared
