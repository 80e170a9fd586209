#!/usr/bin/env python
"""The portal in its production shape on this machine, walked through as its users would.

Starts what a deployment runs, with the README's production settings (DEBUG off, HTTPS behind
a proxy, secure cookies, the second factor for officials): gunicorn with two workers, the task
worker, on a PostgreSQL database made for the check (dropped at the end); Redis when REDIS_URL
is given. Then walks a journey over HTTP, as the TLS proxy would forward it (X-Forwarded-Proto:
https): the public pages in the three languages, an official's login with a code from their
authenticator app, a declaration validated in the admin and the public figure it changes, a
commitments file imported in the admin by the worker, a release of the open data published
from the admin and its files checked against their checksums, the day's work handed to the
worker; public pages must be stored in Redis (when REDIS_URL is given) and show a change at
once; /healthz must say the database, the cache and the worker are well. Stops everything it
started, whatever happens, and exits non-zero on the first step that fails, naming it.

    .venv/bin/python scripts/production_check.py [--database-url postgres://...] [--keep]

Differences from a real deployment, on purpose: the database is a throw-away one, e-mail is
printed by the console mailer (no SMTP server here), the hosts are 127.0.0.1.
"""

import argparse
import hashlib
import html
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/portal_production_check"
# The page cache's keys carry a prefix of the check's own, emptied before and after.
CACHE_PREFIX = "production-check"
CHECK_PASSWORD = secrets.token_urlsafe(16)


class CheckFailed(Exception):
    pass


def readme_production_settings() -> dict[str, str]:
    """The README's "Production settings" block, as an operator copies it."""
    section = (ROOT / "README.md").read_text().split("### Production settings", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    return dict(
        line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#")
    )


def environment(database_url: str, port: int, redis_url: str | None) -> dict[str, str]:
    env = {**os.environ, **readme_production_settings()}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        PORTAL_URL=f"https://127.0.0.1:{port}",
        DATABASE_URL=database_url,
        EMAIL_MAILER="console",
        # Every import goes to the worker, however small the file.
        IMPORT_INLINE_ROWS="0",
        IMPORT_REFRESH_SECONDS="1",
        RELEASES_ROOT=str(ROOT / "var" / "production-check-releases"),
        BACKUP_DIR=str(ROOT / "var" / "production-check-backups"),
    )
    env.pop("DEBUG", None)
    env["DEBUG"] = "false"
    env.pop("DEMO", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = CACHE_PREFIX
    return env


def cache_keys(redis_url: str | None) -> int:
    """The check's keys in Redis (0 without Redis)."""
    if not redis_url:
        return 0
    import redis

    client = redis.Redis.from_url(redis_url)
    return sum(1 for _key in client.scan_iter(f"{CACHE_PREFIX}:*"))


def cache_empty(redis_url: str | None) -> None:
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{CACHE_PREFIX}:*"):
            client.delete(key)


def database_recreate(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *arguments: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise CheckFailed(f"manage.py {arguments[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """A visitor behind the TLS proxy: HTTPS as the proxy tells it, cookies kept."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, *, files=None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "192.0.2.10",
            "User-Agent": "production-check",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            boundary = secrets.token_hex(16)
            body = multipart(form or {}, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if form is not None or files:
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        self.last_bytes = content
        return response.status, dict(response.headers), content.decode("utf-8", "replace")

    def get(self, path: str, expect: int = 200) -> str:
        status, headers, text = self.request("GET", path)
        if status != expect:
            raise CheckFailed(f"GET {path}: {status}, expected {expect} {headers.get('Location')}")
        return text

    def post(self, path: str, form: dict, expect: int = 302, files=None) -> dict:
        status, headers, text = self.request("POST", path, form, files=files)
        if status != expect:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S)
            raise CheckFailed(f"POST {path}: {status}, expected {expect}: {errors[:3]}")
        return headers

    def csrf(self, path: str) -> tuple[str, str]:
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise CheckFailed(f"no CSRF token on {path}")
        return token[1], page


def multipart(fields: dict, files: dict, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = "".join(parts).encode()
    for name, (filename, content) in files.items():
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode()


def wait_for(what: str, check, seconds: int = 120):
    """Polls `check` (a callable returning a true value when done) as a visitor reloading."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = check()
        if done:
            return done
        time.sleep(1)
    raise CheckFailed(f"{what}: not done within {seconds} s")


def step(name: str):
    print(f"== {name}", flush=True)


def healthy(browser: Browser) -> None:
    step("/healthz: the database, the cache and the worker (its heartbeat) are well")

    def well():
        status, _headers, text = browser.request("GET", "/healthz")
        return status == 200 and json.loads(text)

    answer = wait_for("a healthy /healthz", well, seconds=90)
    if set(answer["checks"]) != {"database", "cache", "worker"}:
        raise CheckFailed(f"/healthz checks {sorted(answer['checks'])}")
    if "postgres" in json.dumps(answer) or CHECK_PASSWORD in json.dumps(answer):
        raise CheckFailed("/healthz gives away a setting")


def public_pages(browser: Browser) -> None:
    step("Public pages in French, Arabic and English")
    for prefix, language in (("", "fr"), ("/ar", "ar"), ("/en", "en")):
        for path in ("/", "/commitments/", "/signings/", "/open-data/", "/glossary/"):
            page = browser.get(prefix + path)
            if f'lang="{language}"' not in page:
                raise CheckFailed(f"{prefix + path} is not in {language}")
            if language == "ar" and 'dir="rtl"' not in page:
                raise CheckFailed(f"{prefix + path} is not right to left")
    export = browser.get("/commitments/export.csv")
    if not export.startswith("memorandum,"):
        raise CheckFailed("the CSV export does not start with its header")
    static = re.search(r'href="(/static/[^"]+\.css)"', browser.get("/"))
    if static is None or ".css" not in static[1] or not re.search(r"\.[0-9a-f]{12}\.", static[1]):
        raise CheckFailed("the stylesheet is not served under its hashed name")
    browser.get(static[1])


SET_UP = """
import json
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from operators.models import City, Operator, OperatorMembership, Segment, Site
from operators.services import declaration_save_draft, declaration_submit

password = {password!r}
official = User.objects.create_user("check-official", password=password, is_staff=True)
official.groups.add(Group.objects.get(name="Officials"))
device = TOTPDevice.objects.create(user=official, name="check phone", confirmed=True)
operator = Operator.objects.get(slug="cnexia")
staff = User.objects.create_user("check-staff", password=password)
OperatorMembership.objects.create(user=staff, operator=operator)
site = Site.objects.create(operator=operator, name="Production check site",
                           city=City.objects.get(slug="casablanca"))
site.segments.set([Segment.objects.get(code="BPO")])
draft = declaration_save_draft(site=site, year=2022, quarter=3, lines={{"BPO": (4321, 4000, 2000)}},
                               comment="", user=staff)
declaration = declaration_submit(declaration=draft, user=staff)
print(json.dumps({{"key": device.key, "declaration": declaration.pk}}))
"""


def totp(key_hex: str) -> str:
    from django_otp.oath import totp as oath_totp

    return f"{oath_totp(bytes.fromhex(key_hex)):06d}"


def official_validates(browser: Browser, visitor: Browser, env: dict) -> None:
    step("An official validates a declaration in the admin; the public page shows it at once")
    output = manage(env, "shell", "-c", SET_UP.format(password=CHECK_PASSWORD))
    made = json.loads(output.strip().splitlines()[-1])
    for _ in range(2):  # the second answer comes from the page cache, when there is one
        before = visitor.get("/en/memoranda/MDE-2022-CNEXIA/")
    if "4,321" in before:
        raise CheckFailed("the submitted figure is public before validation")
    token, _page = browser.csrf("/admin/login/?next=/admin/")
    login = {
        "csrfmiddlewaretoken": token,
        "username": "check-official",
        "password": CHECK_PASSWORD,
        "otp_token": totp(made["key"]),
        "next": "/admin/",
    }
    browser.post("/admin/login/?next=/admin/", login)
    browser.get("/admin/")
    validate = f"/admin/operators/declaration/{made['declaration']}/validate/"
    token, _page = browser.csrf(validate)
    browser.post(validate, {"csrfmiddlewaretoken": token, "confirm": "1"})
    after = html.unescape(visitor.get("/en/memoranda/MDE-2022-CNEXIA/"))
    if "4,321" not in after:
        raise CheckFailed("the validated headcount (4,321) is not on the memorandum's page")


IMPORT_FILE = (
    "memorandum_reference,signed_on,operator,city,segment,jobs_committed,horizon_year\n"
    "CHECK-2026-1,2026-02-10,Production Check Operator,Rabat,ITO,40,2028\n"
    "CHECK-2026-1,2026-02-10,Production Check Operator,Fès,BPO,60,2028\n"
)


def worker_imports(browser: Browser) -> None:
    step("An official imports a commitments file; the worker checks it, then imports it")
    page_url = "/admin/memoranda/commitment/import/"
    token, _page = browser.csrf(page_url)
    files = {"import_file": ("check.csv", IMPORT_FILE.encode())}
    headers = browser.post(page_url, {"csrfmiddlewaretoken": token, "format": "0"}, files=files)
    job = urllib.parse.urlsplit(headers["Location"]).path

    def settled():
        page = browser.get(job)
        return None if 'http-equiv="refresh"' in page else page

    checked = wait_for("the worker's check of the file", settled)
    if 'data-status="checked"' not in checked:
        status = re.search(r'data-status="(\w+)"', checked)
        raise CheckFailed(f"the file was not checked: {status and status[1]}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', checked)[1]
    browser.post(job, {"csrfmiddlewaretoken": token})
    done = wait_for("the worker's import of the file", settled)
    if 'data-status="done"' not in done:
        raise CheckFailed("the confirmed file was not imported")
    page = html.unescape(Browser(browser.port).get("/en/memoranda/CHECK-2026-1/"))
    if "Production Check Operator" not in page:
        raise CheckFailed("the imported memorandum's page does not name its operator")


def release_published(browser: Browser) -> None:
    step("An official publishes a release; its files match their checksums")
    token, _page = browser.csrf("/admin/memoranda/release/")
    browser.post("/admin/memoranda/release/publish/", {"csrfmiddlewaretoken": token})

    visitor = Browser(browser.port)

    def listed():
        found = re.search(r'href="(/open-data/releases/[^/"]+/)"', visitor.get("/open-data/"))
        return found and found[1]

    release = wait_for("the release's publication", listed)
    sums = re.search(rf'href="({re.escape(release)}SHA256SUMS)"', browser.get(release))
    if sums is None:
        raise CheckFailed(f"{release} links no SHA256SUMS")
    lines = browser.get(sums[1]).split("\n")
    checked = 0
    for line in filter(None, lines):
        digest, name = line.split(maxsplit=1)
        browser.get(release + name.lstrip("*"))
        if hashlib.sha256(browser.last_bytes).hexdigest() != digest:
            raise CheckFailed(f"{release}{name}: its SHA-256 is not the one published")
        checked += 1
    if checked < 4:
        raise CheckFailed(f"{release}: {checked} files only")


class Services:
    """The processes the check starts, each in its own process group, all stopped at the end."""

    def __init__(self, env: dict, log: Path):
        self.env = env
        self.log = log
        self.processes: list[subprocess.Popen] = []

    def start(self, *command: str) -> None:
        with self.log.open("a") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        self.processes.append(process)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def check_running(self) -> None:
        for process in self.processes:
            if process.poll() is not None:
                raise CheckFailed(f"{process.args[1:3]} stopped with status {process.returncode}")


def wait_until_up(browser: Browser, services: Services) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        services.check_running()
        try:
            status, _headers, _text = browser.request("GET", "/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise CheckFailed("gunicorn did not answer within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()
    port = free_port()
    env = environment(options.database_url, port, options.redis_url)
    log = ROOT / "var" / "production-check.log"
    log.parent.mkdir(exist_ok=True)
    log.write_text("")
    services = Services(env, log)
    try:
        cache_empty(options.redis_url)
        step("Database, migrations, founding data, static files")
        database_recreate(options.database_url)
        manage(env, "migrate", "--no-input")
        manage(env, "load_programme")
        manage(env, "rebuild_figures")
        manage(env, "collectstatic", "--no-input")
        step(f"gunicorn (2 workers) on 127.0.0.1:{port} and the task worker")
        gunicorn = Path(PY).with_name("gunicorn")
        services.start(
            str(gunicorn), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"
        )
        services.start(PY, "manage.py", "db_worker")
        browser, visitor = Browser(port), Browser(port)
        wait_until_up(visitor, services)
        healthy(visitor)
        public_pages(visitor)
        if options.redis_url and not cache_keys(options.redis_url):
            raise CheckFailed("the public pages were not stored in Redis")
        official_validates(browser, visitor, env)
        worker_imports(browser)
        release_published(browser)
        step("The day's work handed to the worker")
        manage(env, "run_daily_work")
        services.check_running()
    except CheckFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        print(f"(the services' output is in {log.relative_to(ROOT)})", file=sys.stderr)
        return 1
    finally:
        services.stop()
        cache_empty(options.redis_url)
        if not options.keep:
            database_recreate(options.database_url, drop_only=True)
    print("== Production check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
