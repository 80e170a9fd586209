"""Created the "Officials" group with its permissions. The group and its permissions are now
defined in one place, memoranda.officials, and synchronised after every migrate."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("memoranda", "0001_initial"),
        ("operators", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
