"""Officials may change regions, to translate their names: the French name and the slug stay
read-only in the admin, as the geography is fixed."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Officials"


def change_region_permission(apps):
    # Permissions are normally created after all migrations; this one is needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="operators", codename="change_region")


def allow_changing_regions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.add(change_region_permission(apps))


def forbid_changing_regions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.remove(change_region_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("memoranda", "0003_memorandum_reporting_period"),
        ("operators", "0008_reference_names_translations"),
    ]

    operations = [migrations.RunPython(allow_changing_regions, forbid_changing_regions)]
