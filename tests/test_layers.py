"""The code's shape, checked on its imports: layers that only point down, rules as data, small modules.

Each rule reads the source with `ast` (what a module imports itself, not what its imports pull in)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from .conftest import REPO

SRC = REPO / "src" / "docpipe"
# The audit side reads outputs and rules, never the extractors that wrote them.
AUDIT = ("verify", "explain", "prov_export", "lookup", "render")
EXTRACTORS = (
    "docpipe.page",
    "docpipe.text",
    "docpipe.metadata",
    "docpipe.segment",
    "docpipe.pipeline",
    "docpipe.ingest",
)
MODULE_MAX_LINES = 420  # "about 400": one concern a module


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, absolute (`from docpipe import store` counts as docpipe.store)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.add("." * node.level + (node.module or ""))
    return found


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


LIBRARY = sorted(SRC.rglob("*.py"))
BENCH = sorted((REPO / "bench").glob("*.py"))


@pytest.mark.parametrize("path", LIBRARY, ids=module_name)
def test_the_library_never_imports_prefect(path: Path) -> None:
    assert not [name for name in imported(path) if within(name, ("prefect", "prefect_dask"))]


@pytest.mark.parametrize("path", sorted((SRC / "rules").glob("*.py")), ids=module_name)
def test_rules_import_nothing_of_docpipe_but_rules(path: Path) -> None:
    outside = [name for name in imported(path) if within(name, ("docpipe",)) and not within(name, ("docpipe.rules",))]
    assert outside == [], f"{module_name(path)} imports {outside}: logic imports rules, never the reverse"


@pytest.mark.parametrize("name", AUDIT)
def test_the_audit_side_imports_no_extractor(name: str) -> None:
    extractors = [found for found in imported(SRC / f"{name}.py") if within(found, EXTRACTORS)]
    assert extractors == [], f"docpipe.{name} imports {extractors}"


@pytest.mark.parametrize("path", BENCH, ids=lambda path: path.name)
def test_a_benchmark_imports_the_library_not_tests_nor_other_benchmarks(path: Path) -> None:
    scripts = {script.stem for script in BENCH}
    wrong = [name for name in imported(path) if within(name, ("tests",)) or name.split(".")[0] in scripts]
    assert wrong == [], f"bench/{path.name} imports {wrong}"


@pytest.mark.parametrize("path", sorted((REPO / "tests").rglob("*.py")), ids=lambda path: path.name)
def test_a_test_imports_no_benchmark(path: Path) -> None:
    scripts = {script.stem for script in BENCH}
    assert not [name for name in imported(path) if within(name, ("bench",)) or name in scripts]


@pytest.mark.parametrize("path", LIBRARY, ids=module_name)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_MAX_LINES, f"{module_name(path)} has {lines} lines: split it by concern"


def test_no_module_shadows_the_standard_library() -> None:
    shadowing = [path.stem for path in SRC.glob("*.py") if path.stem in sys.stdlib_module_names]
    assert shadowing == []
