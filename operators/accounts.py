"""Operator staff accounts: only officials create them, by invitation.

The invited person gets an account without a usable password and an e-mail with a link to set
one: the password reset link of django.contrib.auth, valid until used or PASSWORD_RESET_TIMEOUT.
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from operators.models import Declaration, OfficialProfile, Operator, OperatorMembership
from operators.tasks import email_enqueue


def staff_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    operator: Operator,
    request,
    language: str = settings.LANGUAGE_CODE,
) -> OperatorMembership:
    """Create the account of one of `operator`'s staff and e-mail them the password-set link,
    in `language`.

    The e-mail address is also the username. The e-mail leaves through the task worker once
    the account is committed.
    """
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email, email=email, first_name=first_name, last_name=last_name
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        membership = OperatorMembership.objects.create(
            user=user, operator=operator, language=language
        )
        send_invitation(membership, request)
    return membership


def password_set_url(user, request) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(membership: OperatorMembership, request) -> None:
    """The invitation in the member's language, its links to the pages in that language."""
    user = membership.user
    with translation.override(membership.language):
        context = {
            "user": user,
            "operator": membership.operator,
            "url": password_set_url(user, request),
            "login_url": request.build_absolute_uri(reverse("login")),
        }
        subject = _("Your account on the job commitments monitor")
        body = render_to_string("operators/invitation_email.txt", context)
    email_enqueue(subject, body, [user.email])


class UserKeepsRecords(Exception):
    """The account made records that cannot keep a label of who made them (the admin's log)."""


def user_delete(*, user) -> None:
    """Delete `user`'s account and keep every record they made, each with a label of who it was
    where the row would lose it: their membership of an operator's staff (kept as a former
    member's), the declarations they submitted or reviewed (their username beside the emptied
    link); declaration events keep actor_username already.

    The admin's log (django.contrib.admin's LogEntry) cannot hold a label and would be deleted
    with the account: an account that has one is refused (UserKeepsRecords); deactivate it
    instead, which closes it as surely."""
    with transaction.atomic():
        if user_keeps_records(user):
            raise UserKeepsRecords(user.get_username())
        username = user.get_username()
        OperatorMembership.objects.filter(user=user).update(former_username=username)
        Declaration.objects.filter(submitted_by=user).update(submitted_by_username=username)
        Declaration.objects.filter(reviewed_by=user).update(reviewed_by_username=username)
        user.delete()


def user_keeps_records(user) -> bool:
    """Whether deleting the account would delete records it made (see user_delete)."""
    return LogEntry.objects.filter(user=user).exists()


def membership_language_set(*, user, language: str) -> None:
    """Record the language a member of an operator's staff chose (their e-mails follow it),
    through save() so that the membership's history keeps the change."""
    with transaction.atomic():
        membership = OperatorMembership.objects.select_for_update().filter(user=user).first()
        if membership is not None and membership.language != language:
            membership.language = language
            membership.save(update_fields=["language"])


def official_language_set(*, user, language: str) -> OfficialProfile:
    """Record the language an official chose: their e-mails as a reviewer follow it."""
    with transaction.atomic():
        profile, _created = OfficialProfile.objects.update_or_create(
            user=user, defaults={"language": language}
        )
    return profile
