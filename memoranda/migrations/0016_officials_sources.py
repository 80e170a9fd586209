"""Officials record sources, what each says (claims) and programmes: they add, change and view
them. They do not delete them: what has been public is not deleted."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Officials"

CODENAMES = [
    f"{action}_{model}"
    for model in ("source", "claim", "programme")
    for action in ("add", "change", "view")
]


def permissions(apps):
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label="memoranda", codename=codename)
        for codename in CODENAMES
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("memoranda", "0015_memorandum_horizon_not_published")]

    operations = [migrations.RunPython(grant, revoke)]
