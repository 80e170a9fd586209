"""Deployed safely: with the production settings the README documents, `check --deploy`
reports nothing; e-mail goes through SMTP, and without an SMTP server the portal refuses to
start (web process and commands alike) unless another mailer is chosen on purpose."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PATH = {"PATH": "/usr/bin:/bin"}

# Subprocesses with an environment of their own, and files: the suite's database plays no part.
pytestmark = pytest.mark.database_independent


def start(arguments: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    """Runs the portal's Python in a fresh interpreter, with only the given environment."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env={**PATH, **environment},
        capture_output=True,
        text=True,
    )


def readme_production_settings() -> dict[str, str]:
    """The variables of the README's "Production settings" block, as an operator copies them,
    with a generated SECRET_KEY where the README says to paste one."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production settings", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    variables = dict(
        line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#")
    )
    assert variables["SECRET_KEY"].startswith("paste-")
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def test_check_deploy_reports_nothing_with_the_readmes_production_settings():
    result = start(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        readme_production_settings(),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("left_out", "reported"),
    [
        ("SECURE_HSTS_SECONDS", "security.W004"),
        ("SECURE_SSL_REDIRECT", "security.W008"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
        ("SECURE_HSTS_PRELOAD", "security.W021"),
    ],
)
def test_check_deploy_reports_each_production_setting_left_out(left_out, reported):
    environment = readme_production_settings()
    del environment[left_out]

    result = start(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment)

    assert result.returncode != 0
    assert reported in result.stderr


def test_the_console_mailer_chosen_in_production_fails_the_deploy_check():
    environment = {**readme_production_settings(), "EMAIL_MAILER": "console"}

    result = start(["manage.py", "check", "--deploy"], environment)

    assert result.returncode != 0
    assert "mail.E001" in result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["-m", "gunicorn", "--check-config", "config.wsgi"],  # loads the application
        ["-c", "import config.asgi"],
        ["manage.py", "send_reporting_reminders"],
    ],
    ids=["gunicorn", "asgi", "manage.py send_reporting_reminders"],
)
def test_without_email_host_the_portal_refuses_to_start_with_debug_off(arguments):
    environment = readme_production_settings()
    del environment["EMAIL_HOST"]

    result = start(arguments, environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: EMAIL_HOST must name the SMTP server" in result.stderr


def test_commands_that_send_nothing_run_without_a_mail_server(tmp_path):
    environment = readme_production_settings()
    del environment["EMAIL_HOST"]
    # A database that answers: the README's example server does not exist here, and waiting
    # for its connection pool to give up took 30 s without saying anything about e-mail.
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    result = start(["manage.py", "makemigrations", "--check", "--dry-run"], environment)

    assert result.returncode == 0, result.stderr


def test_gunicorn_loads_the_portal_with_the_readmes_production_settings():
    result = start(
        ["-m", "gunicorn", "--check-config", "config.wsgi"], readme_production_settings()
    )

    assert result.returncode == 0, result.stderr


def mailer(**environment) -> str:
    code = (
        "import config.settings as s; m = s.MAILERS['default']; "
        "print(m['BACKEND'].rsplit('.', 2)[-2], m['OPTIONS'].get('host', ''))"
    )
    result = start(["-c", code], environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_email_goes_through_the_smtp_server_email_host_names():
    assert mailer(EMAIL_HOST="smtp.example.ma") == "smtp smtp.example.ma"
    assert mailer(EMAIL_HOST="smtp.example.ma", DEBUG="true") == "smtp smtp.example.ma"


def test_debug_without_email_host_prints_email_on_the_console():
    # `make run` and `make demo` set DEBUG on.
    assert mailer(DEBUG="true") == "console"


def test_another_mailer_is_only_ever_chosen_explicitly():
    assert mailer(EMAIL_MAILER="console") == "console"
    assert mailer(EMAIL_MAILER="locmem") == "locmem"


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"EMAIL_MAILER": "sendmail"}, "EMAIL_MAILER must be one of smtp, console, locmem"),
        ({"EMAIL_MAILER": "locmem", "SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"EMAIL_MAILER": "locmem", "SECURE_HSTS_PRELOAD": "maybe"}, "SECURE_HSTS_PRELOAD"),
    ],
)
def test_a_bad_mail_or_https_setting_stops_the_start_naming_it(environment, named):
    result = start(["-c", "import config.settings"], environment)

    assert result.returncode != 0
    assert named in result.stderr


def test_smtp_chosen_without_a_host_refuses_to_serve_even_with_debug_on():
    result = start(["-c", "import config.wsgi"], {"EMAIL_MAILER": "smtp", "DEBUG": "true"})

    assert result.returncode != 0
    assert "EMAIL_HOST must name the SMTP server" in result.stderr


def test_the_test_run_chooses_the_locmem_mailer_on_purpose():
    assert settings.EMAIL_MAILER == "locmem"


def test_hsts_settings_come_from_the_environment():
    code = (
        "import config.settings as s; print(s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT)"
    )
    environment = {
        "EMAIL_MAILER": "locmem",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_SSL_REDIRECT": "true",
    }

    assert start(["-c", code], environment).stdout.split() == ["31536000", "True", "True", "True"]
    assert start(["-c", code], {"EMAIL_MAILER": "locmem"}).stdout.split() == [
        "0",
        "False",
        "False",
        "False",
    ]


def makefile_recipe(target: str) -> list[str]:
    text = (ROOT / "Makefile").read_text()
    body = re.search(rf"^{target}: \$\(VENV\).*\n((?:\t.*\n)+)", text, re.M)[1]
    return re.findall(r"manage\.py (\S+)", body)


def test_make_backup_and_restore_run_the_commands():
    assert makefile_recipe("backup") == ["backup"]
    assert makefile_recipe("restore") == ["restore", "migrate"]
