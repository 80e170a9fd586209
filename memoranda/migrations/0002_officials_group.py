"""The "Officials" group: what ministry and agency staff need in the admin, nothing more."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Officials"

# Full management of the programme's records; read-only on the fixed geography.
PERMISSIONS = {
    "memoranda": {"signing": "acdv", "memorandum": "acdv", "commitment": "acdv"},
    "operators": {
        "operator": "acdv",
        "site": "acdv",
        "segment": "acv",
        "city": "acv",
        "region": "v",
    },
}
ACTIONS = {"a": "add", "c": "change", "d": "delete", "v": "view"}


def create_officials_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        (app_label, f"{ACTIONS[letter]}_{model}")
        for app_label, models in PERMISSIONS.items()
        for model, letters in models.items()
        for letter in letters
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_officials_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("memoranda", "0001_initial"),
        ("operators", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_officials_group, remove_officials_group)]
