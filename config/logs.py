"""Logs a machine can read (LOG_FORMAT=json: one JSON object a line) and a request identifier
in every line that a request leads to, and in the response's X-Request-ID header, so that a
visitor's report, the proxy's access log and the portal's log meet on one value.

The formatter is a few lines of the standard library's json rather than a dependency: the
fields are fixed (time, level, logger, message, request_id, and the traceback of an error),
which is all a log collector needs to index them.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

# What the proxy may hand on (a UUID, or a proxy's hexadecimal or dashed identifier): anything
# else, or longer, is replaced, so that no client writes arbitrary text into the logs.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
NO_REQUEST = "-"

request_id = contextvars.ContextVar("request_id", default=NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds the current request's identifier to every record (`-` outside a request). Django
    logs a response's error status after the middleware returned it, with the request in the
    record: the identifier is read from there first."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID when it is a safe identifier, or makes one, for the logs
    of the request and its response's header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        identifier = given if SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = identifier
        token = request_id.set(identifier)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = identifier
        return response


def logging_config(log_format: str, level: str) -> dict:
    """The LOGGING setting: text lines or JSON objects on the standard error, with the request
    identifier either way."""
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.logs.JsonFormatter"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
