"""The built wheel carries the catalog and templates and plans from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_wheel_plans_from_another_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = dist.glob("curriculum-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(venv / "bin" / "curriculum"), "plan", "--goal", "ml-system-design", "--hours", "5",
         "--start", "2027-01-04", "--json"],
        cwd=elsewhere, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["goals"] == ["ml-system-design"] and data["weeks"]
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "curriculum" / "_data" / "catalog" / "books.yaml").is_file()
    assert (site / "curriculum" / "_data" / "templates").is_dir()
