from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SMARTBY_")}
    return subprocess.run(
        [sys.executable, "-m", "smartby", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_environment_variable_is_documented():
    source = (ROOT / "smartby" / "settings.py").read_text()
    names = set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', source))
    docs = (ROOT / "docs" / "configuration.md").read_text()
    assert names, "no variables found"
    missing = sorted(n for n in names if f"`SMARTBY_{n}`" not in docs)
    assert not missing, f"undocumented: {missing}"


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(
        ["check"],
        SMARTBY_PRODUCTION="1",
        SMARTBY_ALLOWED_HOSTS="smartby.example.no",
        SMARTBY_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "SMARTBY_SECRET_KEY is required" in result.stderr


def test_production_mode_passes_the_deploy_check(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SMARTBY_PRODUCTION="1",
        SMARTBY_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        SMARTBY_ALLOWED_HOSTS="smartby.example.no",
        SMARTBY_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_local_mode_generates_a_secret_key_once(tmp_path):
    first = _run(["check"], SMARTBY_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    _run(["check"], SMARTBY_VAR_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) >= 50
