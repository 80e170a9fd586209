"""The Officials group: what ministry and agency staff may do in the admin, defined here only.

After every migrate the group holds exactly these permissions (officials_group_sync, run on
post_migrate by officials_group_after_migrate): a permission added to the group by hand is
taken away again, one missing here is a change to this module.

Full management of the programme's records; sources, claims and programmes added and changed,
never deleted (what has been public is not deleted); read-only on the fixed geography, whose
names they may translate; releases of the open data published on request and read, never
changed; declarations read and reviewed (changes go through the review actions, so that each
is recorded); operators' staff accounts managed; failed logins seen and lockouts lifted; a
colleague's lost second factor reset (never a device's secret seen, added or changed).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

GROUP_NAME = "Officials"
ACTIONS = {"a": "add", "c": "change", "d": "delete", "v": "view"}


def model_permissions(letters: str, *models: str) -> list[str]:
    return [f"{ACTIONS[letter]}_{model}" for model in models for letter in letters]


PERMISSIONS = {
    "memoranda": [
        *model_permissions("acdv", "signing", "memorandum", "commitment"),
        *model_permissions("acv", "source", "claim", "programme"),
        # Releases are published (the admin's "Publish a release now"), never changed.
        *model_permissions("v", "release", "releasefile"),
        "publish_release",
    ],
    "operators": [
        *model_permissions("acdv", "operator", "site", "operatormembership"),
        *model_permissions("acv", "segment", "city"),
        *model_permissions("cv", "region"),
        *model_permissions("v", "declaration", "declarationline", "declarationevent"),
        "review_declaration",
    ],
    "axes": ["view_accessattempt", "delete_accessattempt", "view_accesslog"],
    "otp_totp": model_permissions("dv", "totpdevice"),
    "otp_static": model_permissions("dv", "staticdevice"),
}


def officials_group_after_migrate(*, using: str, plan=None, **kwargs) -> None:
    """post_migrate receiver: after a migrate (which gives a plan, empty or not), not after a
    flush (which gives none, and after which a test restores the database's own rows)."""
    if plan is not None:
        officials_group_sync(using=using)


def officials_group_sync(*, using: str = "default") -> None:
    """Give the Officials group exactly PERMISSIONS (creating the group if need be)."""
    Group = global_apps.get_model("auth", "Group")
    Permission = global_apps.get_model("auth", "Permission")
    # Permissions are created per app after its migrations; the group needs every app's now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    wanted = Q.create(
        [Q(content_type__app_label=app, codename__in=names) for app, names in PERMISSIONS.items()],
        connector=Q.OR,
    )
    permissions = list(
        Permission.objects.using(using).filter(wanted).select_related("content_type")
    )
    found = {(p.content_type.app_label, p.codename) for p in permissions}
    missing = [
        f"{label}.{name}"
        for label, names in PERMISSIONS.items()
        for name in names
        if (label, name) not in found
    ]
    if missing:
        raise ImproperlyConfigured(f"Officials' permissions that do not exist: {missing}")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)
