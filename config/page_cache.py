"""Public pages and downloads kept in the cache (Redis when REDIS_URL is set, the process's own
memory otherwise), so that a visitor's request costs no query when nothing changed.

Invalidation is one value, the public figures' generation, kept in the cache beside the pages:
every stored page carries the generation read before its view ran, and is served only while
that is still the current one; every write that can alter a public page renews it once its
transaction commits (public_figures_changed). The proof is short: a change renews the
generation only after it committed, so a page stored with the current generation was rendered
after the last renewal, hence after the last committed change. Page and generation are read in
one round trip to the cache (get_many), and a page of an old generation is overwritten by the
next one. No list
of the pages a change affects is kept, so none can be forgotten; the price is that a change
empties the whole cache, which changes that happen a few times an hour can afford.

Statuses are judged today: the key includes the local date, so a page never outlives its day.
A cache that fails (Redis down) is left alone for a few seconds and pages are served uncached;
a renewal that failed is retried first, and until it succeeds this process serves no stored page.
"""

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator

import redis
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.regex_helper import _lazy_re_compile

from config.middleware import is_private_path
from config.routers import public_reads

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-figures-generation"
# After a failure the cache is not asked again for this long, so that a cache server that is
# down costs one refused connection every few seconds, not one a request.
RETRY_SECONDS = 5
# What a failing cache raises: the Redis client's own errors (refused connection, timeout) and
# the socket's.
CACHE_ERRORS = (redis.RedisError, OSError)
# As django.middleware.gzip decides whether to compress.
ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
FAILED = object()


class CacheState:
    """Per process: until when the cache is left alone, and whether a renewal is owed."""

    down_until = 0.0
    renewal_pending = False


state = CacheState()


def page_cache_on() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def cache_call(operation: Callable):
    """The operation's result on the page cache, or FAILED when the cache is down."""
    if time.monotonic() < state.down_until:
        return FAILED
    try:
        return operation(caches[settings.PAGE_CACHE_ALIAS])
    except CACHE_ERRORS:
        logger.warning(
            "The page cache is unavailable: pages are served uncached for %s s.",
            RETRY_SECONDS,
            exc_info=True,
        )
        state.down_until = time.monotonic() + RETRY_SECONDS
        return FAILED


def generation_renew() -> None:
    """A new generation: every page stored so far is left behind. A random value, set rather
    than incremented: it needs no atomic counter, and two renewals that cross each other still
    leave a value that was set after both changes committed."""
    state.renewal_pending = True
    generation = uuid.uuid4().hex
    if cache_call(lambda cache: cache.set(GENERATION_KEY, generation, timeout=None)) is not FAILED:
        state.renewal_pending = False


def public_figures_changed(using: str | None = None) -> None:
    """Call in every write that can alter a public page or download: the generation is renewed
    once the transaction commits (at once outside a transaction), once per transaction however
    many rows it wrote."""
    if not page_cache_on():
        return
    connection = transaction.get_connection(using)
    # An import saves thousands of rows: one renewal is enough. The callbacks registered in a
    # savepoint that rolls back are dropped with it, so a renewal is never lost this way.
    if any(callback is generation_renew for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(generation_renew, using=using)


def generation_start() -> str | None:
    """A generation where there is none (never set, or evicted), or None when the cache is
    down. add(), so that processes starting together agree on one."""
    fresh = uuid.uuid4().hex
    cache_call(lambda cache: cache.add(GENERATION_KEY, fresh, timeout=None))
    generation = cache_call(lambda cache: cache.get(GENERATION_KEY))
    return None if generation is FAILED else generation


def stored_page_and_generation(key: str) -> tuple[tuple | None, str | None]:
    """The stored page of `key` if it belongs to the current generation, and that generation;
    no generation when no stored page may be served or stored (the cache is down, or this
    process owes a renewal it could not make)."""
    if state.renewal_pending:
        generation_renew()
        if state.renewal_pending:
            return None, None
    found = cache_call(lambda cache: cache.get_many([GENERATION_KEY, key]))
    if found is FAILED:
        return None, None
    generation = found.get(GENERATION_KEY) or generation_start()
    stored = found.get(key)
    if generation is None or stored is None or stored[0] != generation:
        return None, generation
    return stored, generation


def page_key(request: HttpRequest) -> str:
    """The page's key: today's date, language, compression, origin, path and query, the query's
    parameters sorted by name (the values of one name keep their order, which can matter),
    read from the raw query string, which never fails to parse."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    pairs = [pair for pair in request.META.get("QUERY_STRING", "").split("&") if pair]
    query = "&".join(sorted(pairs, key=lambda pair: pair.split("=", 1)[0]))
    encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
    # The host and scheme too: feeds and datapackage.json write absolute addresses, and
    # get_host() refuses a host outside ALLOWED_HOSTS before anything is served.
    origin = f"{request.scheme}://{request.get_host()}"
    parts = [timezone.localdate().isoformat(), language, encoding, origin, request.path, query]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def is_cacheable_request(request: HttpRequest) -> bool:
    """An anonymous visitor's GET or HEAD of a public page. A request with a session (signed in,
    or with messages waiting) gets its own page; the operator space, accounts and admin are never
    stored (config.middleware.PRIVATE_PREFIXES)."""
    return (
        page_cache_on()
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not is_private_path(request.path_info)
    )


def is_cacheable_response(response: HttpResponseBase) -> bool:
    """A 200 that is the same for every anonymous visitor: it sets no cookie (a CSRF token, a
    message) and does not ask to stay out of caches. Vary: Cookie is kept, not refused: the
    request had no session, so this is the page of every visitor without one."""
    cache_control = {
        directive.split("=")[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "is_async", False)
        and not cache_control & {"private", "no-store", "no-cache"}
    )


def page_store(key: str, generation: str, response: HttpResponseBase, content: bytes) -> None:
    stored = (generation, response.status_code, list(response.items()), content)
    cache_call(lambda cache: cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS))


def page_response(stored: tuple) -> HttpResponse:
    _, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    if "Content-Length" not in response:
        response["Content-Length"] = str(len(content))
    return response


def stored_when_complete(
    stream: Iterable[bytes], key: str, generation: str, response
) -> Iterator[bytes]:
    """A streamed download (the exports) passes through unchanged, and is stored once it has
    ended if it stayed under PAGE_CACHE_MAX_BYTES; a larger one is served uncached each time."""
    chunks, size = [], 0
    for chunk in stream:
        if chunks is not None:
            size += len(chunk)
            if size <= settings.PAGE_CACHE_MAX_BYTES:
                chunks.append(chunk)
            else:
                chunks = None
        yield chunk
    if chunks is not None:
        page_store(key, generation, response, b"".join(chunks))


class PublicPageCacheMiddleware:
    """Serves an anonymous visitor's public page from the cache, or stores it. It sits above
    the session, CSRF, authentication and header middleware, so that a stored page carries the
    headers they set (the strict CSP, X-Frame-Options, Vary) and a page served from the cache
    skips them, and below GZip's caller: the compressed page is stored (per Accept-Encoding),
    not compressed again at every request. Freezing the compression is safe here: BREACH needs
    a secret in the page, and no stored page carries one (no session, no CSRF token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def from_primary(self, request):
        """A page that will be stored reads the primary database, never a read replica
        (config/routers.py): a replica that has not replayed the last change yet would store
        a page older than it under the new generation, served until the next change. The
        requests that reach here are the cache's misses, few beside its hits."""
        token = public_reads.set(False)
        try:
            return self.get_response(request)
        finally:
            public_reads.reset(token)

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        stored, generation = stored_page_and_generation(key)
        if stored is not None:
            return page_response(stored)
        response = self.from_primary(request) if generation else self.get_response(request)
        if generation and request.method == "GET" and is_cacheable_response(response):
            if response.streaming:
                response.streaming_content = stored_when_complete(
                    response.streaming_content, key, generation, response
                )
            else:
                page_store(key, generation, response, response.content)
        return response


def public_row_changed(sender, using=None, **kwargs) -> None:
    public_figures_changed(using)


def renew_on_change(models: Iterable[type]) -> None:
    """Every save and deletion of these models' rows (and of their many-to-many links) renews the
    generation once committed. The safety net for the admin, whose forms and inlines save rows
    with save() without passing through a service, and for any future write that forgets to
    call public_figures_changed(). Writes that bypass signals (bulk_create, update(), COPY, raw
    SQL) call public_figures_changed() themselves: the figures' rebuild, the imports' bulk
    saves, the demo loader."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in models:
        post_save.connect(public_row_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(public_row_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                public_row_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"page-cache-{field}",
            )
