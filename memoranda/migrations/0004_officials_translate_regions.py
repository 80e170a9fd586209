"""Let officials change regions, to translate their names. Now defined in memoranda.officials."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("memoranda", "0003_memorandum_reporting_period"),
        ("operators", "0008_reference_names_translations"),
    ]

    operations = []
