"""The package's layout holds: imports point down the pipeline, and wings meet at their faces.

Layers, bottom up: the ground floor (settings, schema, tables, values, errors, text, worker
pools), the wings (sectioning, matching, then ingest and mail), the modules that span wings
(`runtime`, the composition root, and `subscriptions`, the operator's actions), and at the top
the command line and the web pages. A module may import its own layer and those below it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "digest"

GROUND = {"config", "db", "errors", "models", "resources", "schedule", "status", "store"}
GROUND |= {"revisions", "text", "tokens", "types"}
GROUND |= {"health", "workers"}
# `subscriber_csv` is pure, yet checks queries with the matching wing's parser; `roster`
# is the subscriber list's bulk import and export.
SPANNING = {"runtime", "subscriptions", "subscriber_csv", "roster"}
TOP = {"cli", "web", "scheduler", "__main__"}
# What each wing may import besides the ground floor.
WINGS = {
    "sectioning": set(),
    "matching": {"sectioning"},
    "ingest": {"sectioning", "matching"},
    "mail": {"sectioning", "matching"},
}


def area(module: str) -> str:
    """The top-level name under `digest` that a dotted module name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def allowed(importer: str) -> set[str]:
    if importer in TOP:
        return GROUND | set(WINGS) | SPANNING | TOP | {""}
    if importer in SPANNING:
        return GROUND | set(WINGS) | SPANNING | {""}
    if importer in WINGS:
        return GROUND | WINGS[importer] | {importer, ""}
    assert importer in GROUND, f"digest.{importer} is in no layer: add it to this test"
    return GROUND | {""}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        yield ".".join(parts), path


def imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Every `digest` module imported anywhere in a file, with the names taken from it."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "digest" or node.module.startswith("digest."):
                names = [alias.name for alias in node.names]
                if node.module == "digest":  # `from digest import store` names modules
                    for name in names:
                        yield (
                            ("digest", [name]) if name.startswith("__") else (f"digest.{name}", [])
                        )
                else:
                    yield node.module, names
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("digest."):
                    yield alias.name, []


def face(wing: str) -> set[str]:
    """The public names a wing's `__init__.pyi` lists."""
    stub = ast.parse((PACKAGE / wing / "__init__.pyi").read_text())
    return {a.asname or a.name for n in stub.body if isinstance(n, ast.ImportFrom) for a in n.names}


ALL = list(modules())


@pytest.mark.parametrize(("module", "path"), ALL, ids=[m for m, _ in ALL])
def test_imports_point_down_the_pipeline(module: str, path: Path) -> None:
    importer = area(module)
    wrong = sorted(
        imported for imported, _ in imports(path) if area(imported) not in allowed(importer)
    )
    assert not wrong, f"{module} imports from a layer above it: {wrong}"


@pytest.mark.parametrize(("module", "path"), ALL, ids=[m for m, _ in ALL])
def test_a_wing_is_entered_only_through_its_public_names(module: str, path: Path) -> None:
    importer = area(module)
    for imported, names in imports(path):
        wing = area(imported)
        if wing == importer or wing not in {*WINGS, "web"}:
            continue
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{module} imports private names of {imported}: {private}"
        hidden = sorted(set(names) - face(wing))
        assert not hidden, f"{module} imports {hidden} from {imported}, not in digest.{wing}'s face"


@pytest.mark.parametrize("wing", [*WINGS, "web"])
def test_each_wing_face_names_what_its_modules_define(wing: str) -> None:
    import importlib

    package = importlib.import_module(f"digest.{wing}")
    missing = [name for name in sorted(face(wing)) if not hasattr(package, name)]
    assert not missing, f"digest.{wing} lists names it cannot load: {missing}"


def test_the_layers_cover_every_module() -> None:
    found = {area(module) for module, _ in ALL} - {""}
    assert found <= GROUND | SPANNING | TOP | set(WINGS), found - GROUND - SPANNING - TOP
