"""The pure modules import no database, network, mail, scheduler, CLI or web library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PURE_MODULES = [
    "digest.sections",
    "digest.sanitise",
    "digest.fingerprints",
    "digest.query",
    "digest.analysis",
    "digest.atoms",
    "digest.matching",
    "digest.filterindex",
    "digest.text",
    "digest.schedule",
    "digest.preferences",
    "digest.render",
    "digest.message",
    "digest.types",
    "digest.errors",
]
HEAVY = ("sqlalchemy", "httpx", "aiosmtplib", "apscheduler", "click", "flask")


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_nothing_heavy(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
