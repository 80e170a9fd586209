"""Whether the portal's parts are well, for a proxy, a container runtime or a monitor: the
database answers, the cache keeps a value, and the task worker beat lately.

The worker's heartbeat is a task of its own, `worker_heartbeat`, that the worker runs like any
other: each run enqueues the next one, WORKER_HEARTBEAT_SECONDS later, so that a worker that
stops (or is stuck in one long task) stops beating. The last beat is the finish time of the
latest successful heartbeat in the task table; nothing else is stored. A chain that broke (a
worker killed in the middle of a beat, a first deployment) is started again by the next check
that finds no beat waiting. Going through the queue, rather than a timestamp the worker's loop
would write, also proves that the worker picks up tasks, which is what the portal needs of it.

No answer carries a secret: a part that fails is named with a fixed phrase, never the error's
text (which may hold a host, a user or a password of a connection string).
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.models import Max
from django.tasks import TaskResultStatus, task, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

OK = "ok"


@task
def worker_heartbeat() -> str:
    """One beat of the task worker: the next beat is enqueued first, so that a failure below
    does not stop the heartbeat; beats older than the stale threshold twice over are removed,
    so that the task table keeps a handful of them."""
    now = timezone.now()
    heartbeat_ensure(run_after=now + datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS))
    old = now - datetime.timedelta(seconds=2 * settings.WORKER_STALE_SECONDS)
    heartbeats().filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=old).delete()
    return now.isoformat()


def heartbeats():
    return DBTaskResult.objects.filter(task_path=worker_heartbeat.module_path)


def heartbeat_ensure(run_after: datetime.datetime | None = None) -> None:
    """Enqueue a beat unless one is already waiting: two chains (two workers' beats, or a
    check's and a worker's) merge back into one at their next beat."""
    if not heartbeats().filter(status=TaskResultStatus.READY).exists():
        worker_heartbeat.using(run_after=run_after).enqueue()


def uses_worker() -> bool:
    return isinstance(task_backends["default"], DatabaseBackend)


def database_problem() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database is unreachable (%s)", type(error).__name__)
        return "unreachable"
    return None


def cache_problem() -> str | None:
    """A value written, read back and removed, through whichever cache backend is configured;
    a key of its own per check, so that simultaneous checks do not read each other's."""
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, OK, timeout=30)
        kept = cache.get(key) == OK
        cache.delete(key)
    except Exception as error:  # any backend's own connection errors
        logger.warning("Health check: the cache is unreachable (%s)", type(error).__name__)
        return "unreachable"
    return None if kept else "does not keep values"


def worker_problem(now: datetime.datetime) -> str | None:
    try:
        last = (
            heartbeats()
            .filter(status=TaskResultStatus.SUCCESSFUL)
            .aggregate(last=Max("finished_at"))["last"]
        )
        heartbeat_ensure()
    except DatabaseError:
        return "unknown (the database is unreachable)"
    if last is None:
        return "no heartbeat yet"
    if now - last > datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS):
        return f"stale since {last.isoformat(timespec='seconds')}"
    return None


def portal_health(parts: list[str] | None = None) -> dict[str, str]:
    """Each part's state: "ok", "not used" (the worker, with TASK_BACKEND=immediate), or what
    is wrong with it."""
    checks = {
        "database": database_problem,
        "cache": cache_problem,
        "worker": lambda: worker_problem(timezone.now()),
    }
    states = {}
    for part in parts or checks:
        if part == "worker" and not uses_worker():
            states[part] = "not used"
        else:
            states[part] = checks[part]() or OK
    return states


def is_well(states: dict[str, str]) -> bool:
    return all(state in (OK, "not used") for state in states.values())
