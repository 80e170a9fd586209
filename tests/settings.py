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
