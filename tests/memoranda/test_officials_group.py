"""The Officials group holds exactly the permissions memoranda.officials defines, after every
migrate, whatever was added to it by hand."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

from memoranda import officials


def group_permissions() -> set[str]:
    group = Group.objects.get(name=officials.GROUP_NAME)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def defined() -> set[str]:
    return {f"{app}.{name}" for app, names in officials.PERMISSIONS.items() for name in names}


@pytest.mark.django_db
class TestOfficialsGroup:
    def test_the_migrated_group_holds_exactly_the_defined_permissions(self):
        assert group_permissions() == defined()
        assert len(defined()) == 55
        assert "memoranda.delete_source" not in group_permissions()
        assert "operators.review_declaration" in group_permissions()

    def test_a_permission_added_by_hand_is_taken_away_by_the_next_sync(self):
        group = Group.objects.get(name=officials.GROUP_NAME)
        group.permissions.add(Permission.objects.get(codename="delete_source"))
        group.permissions.remove(Permission.objects.get(codename="view_declaration"))
        officials.officials_group_sync()
        assert group_permissions() == defined()

    def test_a_deleted_group_comes_back(self):
        Group.objects.filter(name=officials.GROUP_NAME).delete()
        officials.officials_group_sync()
        assert group_permissions() == defined()

    def test_a_permission_that_does_not_exist_is_named(self, monkeypatch):
        monkeypatch.setitem(officials.PERMISSIONS, "memoranda", ["fly_memorandum"])
        with pytest.raises(ImproperlyConfigured, match="memoranda.fly_memorandum"):
            officials.officials_group_sync()


@pytest.mark.django_db
def test_the_group_is_given_after_a_migrate_not_after_a_flush():
    Group.objects.filter(name=officials.GROUP_NAME).delete()
    officials.officials_group_after_migrate(using="default", plan=None)  # what flush sends
    assert not Group.objects.filter(name=officials.GROUP_NAME).exists()
    officials.officials_group_after_migrate(using="default", plan=[])  # a migrate with no plan
    assert group_permissions() == defined()
