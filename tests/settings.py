"""Settings of the test run: the portal's own (config/settings.py), with e-mail kept in memory on
purpose. With DEBUG off and no EMAIL_HOST the portal refuses to start; the tests choose the
locmem mailer explicitly (pytest-django would swap it in for each test anyway), so that a fresh
clone runs them with nothing set by hand."""

import os

os.environ["EMAIL_MAILER"] = "locmem"

from config.settings import *  # noqa: E402, F403

# A second alias of the test database, as a read replica would be: the router's tests
# (tests/test_routers.py) turn the router on; every other test reads and writes "default".
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
# The page cache is off for the suite: inside a test's transaction nothing commits, so the
# changes a test makes would never renew the cached pages' generation and a later request would
# read an earlier test's page. The page cache's own tests turn it on (tests/test_page_cache.py)
# and run the commit callbacks.
PAGE_CACHE_SECONDS = 0
# Without Redis, the suite's cache stays in its own memory rather than in the checkout's files:
# the page cache's tests choose their backends (the files shared between processes included).
if not REDIS_URL:  # noqa: F405
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
# A Redis shared with other runs: each run and each xdist worker keeps its keys apart.
CACHES["default"]["KEY_PREFIX"] = (  # noqa: F405
    f"test-{os.getpid()}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
)
