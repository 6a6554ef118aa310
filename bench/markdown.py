"""How render time grows with input size for each pathological markdown family.

For each family (runs of "[", "<", "*", unclosed links, nested quotes and lists, ...)
renders 1, 10 and 100 KB with the site's parser (markdown-it-py, groupsite.markdown.render.PARSER)
and with Python-Markdown 3 as configured before the switch ("extra", "sane_lists",
"smarty"), each in a child process with a time limit, and prints seconds and the time per
KB. Linear growth shows as a flat µs/char column. Run: .venv/bin/python bench/markdown.py
[--limit SECONDS]
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
FAMILIES = {
    "brackets": "'[' * n",
    "angles": "'<' * n",
    "open tags": "('<a ' * n)[:n]",
    "unclosed links": "('[a](' * n)[:n]",
    "emphasis": "'*' * n",
    "mixed emphasis": "('*a _' * n)[:n]",
    "backticks": "'`' * n",
    "nested quotes": "'>' * n + ' x'",
    "nested lists": "''.join('  ' * i + '- x\\n' for i in range(int(n**0.5) + 1))[:n]",
    "definitions": "('a\\n: b\\n' * n)[:n]",
    "ordinary text": "('Words with *some* emphasis and a [link](https://x.org).\\n\\n' * n)[:n]",
}
CHILD = """
import sys, time
sys.path.insert(0, {root!r})
n = {size}
text = {expression}
if {engine!r} == "markdown-it-py":
    from groupsite.markdown.render import PARSER
    render = PARSER.render
else:
    import markdown
    parser = markdown.Markdown(extensions=["extra", "sane_lists", "smarty"])
    render = parser.convert
render("warm up")
start = time.perf_counter()
try:
    render(text)
    print(time.perf_counter() - start)
except RecursionError:
    print("RecursionError")
"""


def measure(engine: str, expression: str, size: int, limit: float) -> str:
    code = CHILD.format(root=str(ROOT), size=size, expression=expression, engine=engine)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return f">{limit:g} s"
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def main() -> None:
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--limit", type=float, default=30.0, help="seconds per case")
    limit = arguments.parse_args().limit
    print(f"{'family':16} {'parser':15} " + " ".join(f"{s // 1000:>6} KB" for s in SIZES), end="")
    print("   µs/char at 1 → 100 KB")
    for family, expression in FAMILIES.items():
        for engine in ("markdown-it-py", "Python-Markdown"):
            results = [measure(engine, expression, size, limit) for size in SIZES]
            cells = []
            per_char = []
            for size, result in zip(SIZES, results, strict=True):
                try:
                    seconds = float(result)
                except ValueError:
                    cells.append(f"{result:>9}")
                    continue
                cells.append(f"{seconds:8.3f}s")
                per_char.append(f"{seconds / size * 1e6:.1f}")
            print(f"{family:16} {engine:15} " + " ".join(cells) + "   " + " → ".join(per_char))


if __name__ == "__main__":
    main()
