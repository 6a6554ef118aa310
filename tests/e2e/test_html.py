import json
import shutil
import subprocess
import urllib.request

from tests.e2e.conftest import VNU


def test_nu_html_checker_finds_no_errors(site, language_paths, tmp_path):
    assert VNU.exists(), "run `npm ci` to install vnu-jar"
    assert shutil.which("java"), "the Nu HTML Checker needs java"
    files = []
    for index, path in enumerate(language_paths):
        with urllib.request.urlopen(site + path) as response:
            target = tmp_path / f"page-{index}.html"
            target.write_bytes(response.read())
            files.append((str(target), path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only",
         *[name for name, _ in files]],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or result.stdout)["messages"]
    by_file = dict(files)
    errors = [f"{by_file.get(m['url'].removeprefix('file:'), m['url'])}: {m['message']}"
              for m in messages]  # fmt: skip
    assert errors == []
