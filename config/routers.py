"""Reads of the public pages from a read replica, everything else from the primary, once
DATABASE_REPLICA_URL names a replica (config/settings.py enables the router then).

What goes to the replica: the reads of the portal's own tables (memoranda, operators) during a
GET or HEAD of a public page, which is most of the traffic and tolerates a replica's lag of a
second. What stays on the primary: every write; every read of the admin, the operator space
and the account pages (an official who saves a declaration sees it at once); and, on public
pages too, sessions, users, login limits, second-factor devices, tasks and history, so that a
login, a lockout or a logout is never undone by a lagging copy.
"""

import contextvars

from config.middleware import is_private_path

PRIMARY = "default"
REPLICA = "replica"
REPLICATED_APPS = {"memoranda", "operators"}
SAFE_METHODS = {"GET", "HEAD"}

public_reads = contextvars.ContextVar("public_reads", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if public_reads.get() and model._meta.app_label in REPLICATED_APPS:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read from either relates to the other's.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema from the primary's replication.
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Marks a GET or HEAD of a public page as one whose reads may come from the replica
    (without a replica the mark is read by nobody)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = request.method in SAFE_METHODS and not is_private_path(request.path_info)
        token = public_reads.set(public)
        try:
            return self.get_response(request)
        finally:
            public_reads.reset(token)
