"""The container files (Dockerfile, compose.yaml, deploy/Caddyfile) agree with the settings: no
image can be pulled on the development machine, so these tests read the files instead of
running them. Every variable compose gives the portal is read by config/settings.py and
documented in the README and .env.example; the web and the worker have health checks; the
database and Redis keep their data in volumes; the web runs as an unprivileged user."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
PORTAL_SERVICES = ["web", "worker", "migrate"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def settings_read() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    return set(re.findall(r'(?:env_\w+\(|os\.environ\.get\(|os\.environ\[)\s*"([A-Z_]+)"', source))


def readme_configuration() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]


def env_example() -> set[str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"[A-Z_]+=", line)}


def portal_environment() -> dict[str, str]:
    environment = SERVICES["web"]["environment"]
    for service in PORTAL_SERVICES:
        assert SERVICES[service]["environment"] == environment, service
    return environment


def final_stage() -> str:
    return re.split(r"^FROM ", DOCKERFILE, flags=re.M)[-1]


def test_every_variable_compose_gives_the_portal_is_read_by_the_settings():
    unread = set(portal_environment()) - settings_read()
    assert not unread


def test_every_variable_compose_gives_the_portal_is_documented():
    variables = set(portal_environment())
    assert not {name for name in variables if f"`{name}`" not in readme_configuration()}
    assert not variables - env_example()


def test_every_variable_the_settings_read_is_documented():
    read = settings_read()
    assert not {name for name in read if f"`{name}`" not in readme_configuration()}
    assert not read - env_example()


def test_the_portal_runs_with_the_readmes_production_choices():
    environment = portal_environment()
    assert environment["DEBUG"] == "false"
    assert environment["SECURE_SSL_REDIRECT"] == "true"
    assert environment["BEHIND_HTTPS_PROXY"] == "true"
    # One proxy in front: Caddy.
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    assert environment["TASK_BACKEND"] == "database"
    assert environment["LOG_FORMAT"] in settings.LOG_FORMATS
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")


def test_no_secret_is_written_in_the_compose_file():
    for name in ("SECRET_KEY", "EMAIL_HOST_PASSWORD"):
        assert portal_environment()[name].startswith("${")
    assert "${POSTGRES_PASSWORD" in portal_environment()["DATABASE_URL"]
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${")


@pytest.mark.parametrize("service", ["web", "worker", "db", "redis"])
def test_each_long_running_service_has_a_health_check(service):
    check = SERVICES[service]["healthcheck"]["test"]
    assert check[0] == "CMD" and len(check) > 1


def test_the_workers_health_check_reads_its_heartbeat():
    assert SERVICES["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert SERVICES["worker"]["healthcheck"]["test"][-3:] == ["healthcheck", "database", "worker"]


@pytest.mark.parametrize(
    ("service", "path"),
    [("db", "/var/lib/postgresql/data"), ("redis", "/data"), ("proxy", "/data")],
)
def test_the_database_redis_and_the_certificates_are_kept_in_volumes(service, path):
    mounts = dict(volume.rsplit(":", 1)[::-1] for volume in SERVICES[service]["volumes"])
    assert mounts[path] in COMPOSE["volumes"]


def test_only_the_proxy_is_reachable_from_outside():
    published = [name for name, service in SERVICES.items() if "ports" in service]
    assert published == ["proxy"]
    assert {"80:80", "443:443"} <= set(SERVICES["proxy"]["ports"])


def test_the_proxy_serves_the_repositorys_caddyfile_to_the_web_port():
    [mount] = [volume for volume in SERVICES["proxy"]["volumes"] if "Caddyfile" in volume]
    source = mount.split(":")[0]
    caddyfile = (ROOT / source).read_text()
    assert "reverse_proxy web:8000" in caddyfile
    assert "0.0.0.0:8000" in DOCKERFILE
    assert "header_up X-Request-ID" in caddyfile


def test_the_schema_is_migrated_before_the_web_and_the_worker_start():
    assert SERVICES["migrate"]["command"][-2:] == ["migrate", "--no-input"]
    for service in ("web", "worker"):
        condition = SERVICES[service]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_the_image_is_built_in_stages_and_runs_as_an_unprivileged_user():
    assert len(re.findall(r"^FROM ", DOCKERFILE, flags=re.M)) >= 2
    stage = final_stage()
    assert "COPY --from=build" in stage
    [user] = re.findall(r"^USER (\S+)", stage, flags=re.M)
    assert user not in ("root", "0")
    assert stage.index("USER ") < stage.index("CMD ")
    assert "pip install" not in stage


def test_static_files_are_collected_when_the_image_is_built():
    build = re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1]
    assert "manage.py collectstatic --no-input" in build


def test_the_images_health_check_asks_healthz_for_the_web_processs_parts():
    [check] = re.findall(r"^HEALTHCHECK .*\n\s+CMD (.+)$", DOCKERFILE, flags=re.M)
    assert check == '["python", "scripts/healthcheck.py", "database", "cache"]'
    assert SERVICES["web"]["healthcheck"]["test"][1:] == [
        "python",
        "scripts/healthcheck.py",
        "database",
        "cache",
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_health_check_script_succeeds_only_when_the_parts_named_are_well(live_server):
    def check(*parts):
        script = [sys.executable, "scripts/healthcheck.py", "--url", f"{live_server.url}/healthz"]
        return subprocess.run([*script, *parts], cwd=ROOT, capture_output=True, text=True)

    # The worker has not beaten yet: the web's own parts are well, the portal is not.
    assert check("database", "cache").returncode == 0
    whole = check()
    assert whole.returncode == 1
    assert '"worker": "no heartbeat yet"' in whole.stdout


def test_the_health_check_script_fails_when_nothing_answers():
    result = subprocess.run(
        [sys.executable, "scripts/healthcheck.py", "--url", "http://127.0.0.1:9/healthz"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
