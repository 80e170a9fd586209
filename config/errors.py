"""Django's error reports (DEBUG's error page, an error e-mail) list the settings, hiding those
named like a key or a password (SECRET_KEY, the S3 keys of STORAGES, DATABASES' PASSWORD). The
addresses that may carry a password inside them are hidden too: DATABASE_URL,
DATABASE_REPLICA_URL, REDIS_URL, and the cache's LOCATION, which is REDIS_URL again."""

import re

from django.views.debug import SafeExceptionReporterFilter

ADDRESSES_WITH_PASSWORDS = r"^(DATABASE_URL|DATABASE_REPLICA_URL|REDIS_URL|LOCATION)$"


class SecretSettingsFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        f"{SafeExceptionReporterFilter.hidden_settings.pattern}|{ADDRESSES_WITH_PASSWORDS}",
        flags=re.I,
    )
