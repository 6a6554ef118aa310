"""The environment is the lock: exact versions from uv.lock, and drift is refused."""

import os
import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = ROOT / ".tools" / "bin" / "uv"


def normalised(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def locked_versions() -> dict[str, str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {normalised(p["name"]): p["version"] for p in lock["package"] if "version" in p}


def test_every_installed_package_the_lock_names_has_the_locked_version():
    locked = locked_versions()
    installed = {normalised(d.metadata["Name"]): d.version for d in metadata.distributions()}
    shared = sorted(set(locked) & set(installed))
    assert {"django", "markdown-it-py", "pytest", "ruff"} <= set(shared)
    assert {name: installed[name] for name in shared} == {name: locked[name] for name in shared}


def test_every_pyproject_dependency_is_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    wanted += project["optional-dependencies"]["e2e"]
    names = {normalised(requirement.split("[")[0].split(">")[0].split("=")[0].split("<")[0])
             for requirement in wanted}  # fmt: skip
    assert names - set(locked_versions()) == set()


@pytest.fixture
def checkout_copy(tmp_path):
    if not UV.exists():
        if os.environ.get("CI"):
            pytest.fail("The Makefile's uv (.tools/bin/uv) is missing: run make test.")
        pytest.skip("uv is installed by make (.tools/bin/uv)")
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "tools", tmp_path / "tools", copy_function=shutil.copy2)
    (tmp_path / ".tools").symlink_to(ROOT / ".tools")
    return tmp_path


def check_lock(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "check-lock"], cwd=folder, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_a_pin_changed_without_relocking_stops_make(checkout_copy):
    assert check_lock(checkout_copy).returncode == 0
    pyproject = checkout_copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"pillow>=11.0,<14"', '"pillow>=11,<11.1"'))
    refused = check_lock(checkout_copy)
    assert refused.returncode != 0
    assert "pyproject.toml and uv.lock disagree: run 'make lock'" in refused.stderr
