"""Let officials record sources, claims and programmes. Now defined in memoranda.officials."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("memoranda", "0015_memorandum_horizon_not_published")]

    operations = []
