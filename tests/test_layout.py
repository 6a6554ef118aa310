"""The house stays easy to read: no module over 600 lines and no class over 250.

Migrations and demo content are exempt: they are data written out, not code to follow.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {".venv", ".tools", "var", "node_modules", "migrations", ".git"}
DEMO_CONTENT = {
    Path("pages/demo/content.py"),
    Path("pages/management/commands/load_demo_content.py"),
}
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 250


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_FOLDERS.isdisjoint(relative.parts) and relative not in DEMO_CONTENT:
            yield relative


def too_long() -> dict[Path, list[str]]:
    found: dict[Path, list[str]] = {}
    for relative in python_files():
        source = (ROOT / relative).read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES:
            found.setdefault(relative, []).append(f"{lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    found.setdefault(relative, []).append(f"class {node.name}: {length} lines")
    return found


def test_no_module_or_class_is_too_long():
    assert too_long() == {}
