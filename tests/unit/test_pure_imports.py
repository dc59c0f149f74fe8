"""The pure modules import no database, network, mail, scheduler, CLI or web library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Each wing's pure modules, then the pure modules of the ground floor.
PURE_MODULES = [
    *("digest.ingest.decoding", "digest.ingest.parse", "digest.ingest.polling"),
    *("digest.ingest.prepare", "digest.ingest.opml"),
    *("digest.sectioning.sections", "digest.sectioning.sanitise"),
    "digest.sectioning.fingerprints",
    *("digest.sectioning.legacy", "digest.sectioning.normalise"),
    *("digest.sectioning.candidates", "digest.sectioning.structure"),
    *("digest.sectioning.chrome", "digest.sectioning.titles"),
    *("digest.sectioning.modes", "digest.sectioning.forced"),
    *("digest.matching.query", "digest.matching.analysis", "digest.matching.atoms"),
    *("digest.matching.score", "digest.matching.filterindex"),
    *("digest.mail.render", "digest.mail.message", "digest.mail.catchup"),
    "digest.subscriber_csv",
    *("digest.web.preferences", "digest.web.signup", "digest.web.embed"),
    *("digest.text", "digest.schedule", "digest.types", "digest.errors", "digest.tokens"),
    "digest.health",
]
HEAVY = (
    "sqlalchemy",
    "alembic",
    "httpx",
    "aiosmtplib",
    "aiosmtpd",
    "apscheduler",
    "click",
    "flask",
)


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


# What starting the command line may not import: all of it waits for the command that needs it.
LIBRARIES = ("numpy", "lxml", "feedparser", "Stemmer", "css_inline", "jinja2", "email_validator")
NOT_AT_START = (*(m for m in HEAVY if m != "click"), *LIBRARIES, "waitress", "digest.ingest.poll")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["subscriber", "--help"]])
def test_the_command_line_starts_without_the_heavy_modules(argv: list[str]) -> None:
    code = (
        "import sys; from digest.cli import main; code = main(sys.argv[1:]);"
        f" print(sorted(m for m in {NOT_AT_START!r} if m in sys.modules), file=sys.stderr);"
        " raise SystemExit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: digest" in result.stdout or "version" in result.stdout
    assert result.stderr.strip() == "[]"
