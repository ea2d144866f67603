"""The package layers: imports go down, never up, and no two modules import each other.

extraction ← storage ← ports ← proactive ← services ← channels ← composition/commands/cli.
Every import counts, also one inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import companion_bot

SRC = Path(companion_bot.__file__).parent

# Most specific prefix wins; a module may import modules of its own layer or lower ones.
LAYERS: dict[str, int] = {
    "companion_bot": 0,  # __init__: the version only
    "companion_bot.errors": 0,
    "companion_bot.extraction": 0,
    "companion_bot.ops.clock": 0,
    "companion_bot.ops.flags": 0,
    "companion_bot.ops.logging": 0,
    "companion_bot.ops.metrics": 0,
    "companion_bot.proactive.decisions": 0,  # the pure core of the engine
    "companion_bot.proactive.agenda_rules": 0,  # the morning agenda's pure rules
    "companion_bot.proactive.kinds": 0,
    "companion_bot.proactive.recurrence": 0,  # repeating meetings' rules (RFC 5545)
    "companion_bot.config": 1,
    "companion_bot.storage": 2,
    "companion_bot.ports": 3,
    "companion_bot.testing": 3,
    "companion_bot.proactive": 4,
    "companion_bot.ops": 4,
    "companion_bot.services": 5,
    "companion_bot.channels": 6,
    "companion_bot.composition": 7,
    "companion_bot.celery_app": 8,
    "companion_bot.commands": 8,
    "companion_bot.cli": 9,
    "companion_bot.__main__": 10,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def _imports(path: Path, module: str) -> set[str]:
    """The companion_bot modules ``module`` imports anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("companion_bot")}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in SRC.rglob("*.py") if "migrations" not in p.parts}
    return {
        module: {name for name in _imports(path, module) if name in paths and name != module}
        for module, path in paths.items()
    }


def test_no_module_imports_a_higher_layer() -> None:
    upward = sorted(
        f"{module} ({_layer(module)}) imports {target} ({_layer(target)})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module)
    )

    assert upward == []


def test_no_import_cycle() -> None:
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)

    assert cycles == []


def test_every_module_has_a_layer() -> None:
    assert all(_layer(module) >= 0 for module in _graph())
