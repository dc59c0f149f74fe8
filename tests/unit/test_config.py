"""Settings: defaults, then a TOML file, then DIGEST_* variables, then explicit overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import Settings, env_name, external_name, load_settings
from digest.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        'from = "File Digest <file@example.org>"\n'
        'base_url = "https://file.example.org"\n'
        "lookback_days = 3\n"
        "fetch_timeout = 5\n",
    )


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.database_url == "sqlite:///digest.db"
    assert settings.smtp_url == "smtp://localhost:25"
    assert settings.from_address == "Digest <digest@localhost>"
    assert settings.base_url == "http://localhost:8000"
    assert settings.secret_key == ""
    assert (settings.lookback_days, settings.retry_max_age) == (7, 3 * 24 * 3600)
    assert (settings.fetch_timeout, settings.smtp_timeout) == (30.0, 60.0)


def test_file_values(config_file: Path) -> None:
    settings = load_settings(config_file, environ={})
    assert settings.from_address == "File Digest <file@example.org>"
    assert settings.base_url == "https://file.example.org"
    assert settings.lookback_days == 3
    assert settings.fetch_timeout == 5.0
    assert isinstance(settings.fetch_timeout, float)
    assert settings.smtp_url == "smtp://localhost:25"  # untouched fields keep their default


def test_file_named_by_digest_config(config_file: Path) -> None:
    settings = load_settings(environ={"DIGEST_CONFIG": str(config_file)})
    assert settings.lookback_days == 3


def test_environment_overrides_file(config_file: Path) -> None:
    environ = {
        "DIGEST_LOOKBACK_DAYS": "9",
        "DIGEST_FROM": "Env Digest <env@example.org>",
        "DIGEST_FETCH_TIMEOUT": "2.5",
        "DIGEST_SECRET_KEY": "s3cret",
    }
    settings = load_settings(config_file, environ=environ)
    assert settings.lookback_days == 9
    assert settings.from_address == "Env Digest <env@example.org>"
    assert settings.fetch_timeout == 2.5
    assert settings.secret_key == "s3cret"
    assert settings.base_url == "https://file.example.org"


def test_explicit_overrides_win(config_file: Path) -> None:
    settings = load_settings(
        config_file,
        environ={"DIGEST_LOOKBACK_DAYS": "9", "DIGEST_BOUNCE_LIMIT": "2"},
        lookback_days=1,
        bounce_limit=None,  # None means "not given"
    )
    assert settings.lookback_days == 1
    assert settings.bounce_limit == 2


@pytest.mark.parametrize(
    ("field", "external", "variable"),
    [
        ("from_address", "from", "DIGEST_FROM"),
        ("smtp_url", "smtp_url", "DIGEST_SMTP_URL"),
        ("lookback_days", "lookback_days", "DIGEST_LOOKBACK_DAYS"),
    ],
)
def test_names(field: str, external: str, variable: str) -> None:
    assert external_name(field) == external
    assert env_name(field) == variable


def test_from_address_is_not_an_environment_name() -> None:
    assert load_settings(environ={"DIGEST_FROM_ADDRESS": "x@example.org"}) == Settings()


@pytest.mark.parametrize("key", ["colour", "from_address", "DATABASE_URL"])
def test_unknown_key(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, f'{key} = "x"\n')
    with pytest.raises(ConfigError, match=f"unknown setting '{key}'"):
        load_settings(path, environ={})


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('lookback_days = "many"\n', "lookback_days: expected int, got 'many'"),
        ("lookback_days = true\n", "lookback_days: expected int, got True"),
        ("secret_key = 5\n", "secret_key: expected str, got 5"),
        ('fetch_timeout = "soon"\n', "fetch_timeout: expected float, got 'soon'"),
        ("lookback_days = -1\n", "lookback_days must be 0 or more, not -1"),
        ("bounce_limit = 0\n", "bounce_limit must be 1 or more, not 0"),
        ('smtp_tls_verify = "sometimes"\n', "smtp_tls_verify: expected bool"),
        ("smtp_rate_per_minute = -1\n", "smtp_rate_per_minute must be 0"),
        ("= broken\n", "digest.toml"),
    ],
)
def test_bad_file_values(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path, toml), environ={})


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DIGEST_BOUNCE_LIMIT": "lots"}, "DIGEST_BOUNCE_LIMIT: expected int, got 'lots'"),
        ({"DIGEST_LOOKBACK_DAYS": "2.5"}, "DIGEST_LOOKBACK_DAYS: expected int, got '2.5'"),
        ({"DIGEST_SMTP_TIMEOUT": ""}, "DIGEST_SMTP_TIMEOUT: expected float, got ''"),
    ],
)
def test_bad_environment_values(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ)


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(ConfigError, match="settings file not found"):
        load_settings(missing, environ={})
    with pytest.raises(ConfigError, match="settings file not found"):
        load_settings(environ={"DIGEST_CONFIG": str(missing)})


@pytest.mark.parametrize("base_url", ["ftp://example.org", "not a url", "https://", "example.org"])
def test_invalid_base_url(tmp_path: Path, base_url: str) -> None:
    with pytest.raises(ConfigError, match="base_url must be an http"):
        load_settings(environ={"DIGEST_BASE_URL": base_url})
    with pytest.raises(ConfigError, match="base_url must be an http"):
        load_settings(environ={}, base_url=base_url)
    with pytest.raises(ConfigError, match="base_url must be an http"):
        load_settings(write(tmp_path, f'base_url = "{base_url}"\n'), environ={})


def test_replace() -> None:
    settings = Settings().replace(lookback_days=2)
    assert settings.lookback_days == 2
    with pytest.raises(ConfigError):
        settings.replace(smtp_connections=0)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("lookback_days = 3.5", "expected int"),
        ("fetch_timeout = -1", "fetch_timeout must be a positive"),
        ("smtp_timeout = 0", "smtp_timeout must be a positive"),
        ('fetch_timeout = "nan"', "expected float"),
    ],
)
def test_numbers_out_of_range_are_refused(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "digest.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, environ={})


@pytest.mark.parametrize(("raw", "expected"), [("false", False), ("No", False), ("1", True)])
def test_booleans_from_the_environment(raw: str, expected: bool) -> None:
    settings = load_settings(environ={"DIGEST_SMTP_TLS_VERIFY": raw})
    assert settings.smtp_tls_verify is expected


def test_booleans_from_a_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "dry_run_delivery = true\n"), environ={})
    assert settings.dry_run_delivery is True
