"""Settings of the test run: the portal's own (config/settings.py), with e-mail kept in memory on
purpose. With DEBUG off and no EMAIL_HOST the portal refuses to start; the tests choose the
locmem mailer explicitly (pytest-django would swap it in for each test anyway), so that a fresh
clone runs them with nothing set by hand."""

import os

os.environ["EMAIL_MAILER"] = "locmem"

from config.settings import *  # noqa: E402, F403
