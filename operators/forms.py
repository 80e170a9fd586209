"""Forms shared by the admin of both apps, the staff invitation and the declaration form."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Q
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from operators.models import OperatorMembership
from operators.services import percent_change
from operators.tasks import email_enqueue
from operators.withdrawals import withdrawal_checked


def constraint_message(model, name: str):
    """The violation message of one of `model`'s named constraints, so that a check made outside
    the database says exactly what the database would."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return constraint.get_violation_error_message()


class ConstraintAwareModelForm(forms.ModelForm):
    """A model form that shows a constraint's message beside the field at fault.

    Django reports check constraints and multi-field unique constraints above the form, where an
    official cannot tell which figure to correct. `constraint_fields` maps a constraint name to
    the field that carries its message; unmapped constraints stay above the form.
    """

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self):
        exclude = self._get_validation_exclusions()
        model = type(self.instance)
        using = router.db_for_write(model, instance=self.instance)
        for model_class, constraints in self.instance.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self.instance, exclude=exclude, using=using)
                except ValidationError as error:
                    self._update_errors(self._on_field(constraint.name, error))

    def _on_field(self, constraint_name: str, error: ValidationError) -> ValidationError:
        field = self.constraint_fields.get(constraint_name)
        if field in self.fields:
            return ValidationError({field: error})
        return error


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, its e-mail handed to the task worker instead of sent while the
    visitor waits (a slow mail server would hold the request)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_enqueue(subject, body, [to_email])


class StaffInvitationForm(forms.ModelForm):
    """An official invites a member of an operator's staff: the account is created without a
    password and the person sets one from the e-mail."""

    email = forms.EmailField(label=_("e-mail address"), help_text=_("Also their username."))
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)

    class Meta:
        model = OperatorMembership
        fields = ["operator", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, the language is the portal's default one.
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = Q(username__iexact=email) | Q(email__iexact=email)
        if get_user_model().objects.filter(taken).exists():
            raise ValidationError(_("An account with this e-mail address already exists."))
        return email


COUNTS = [
    ("headcount", _("direct headcount")),
    ("permanent", _("of which permanent contracts")),
    ("women", _("of which women")),
]
COUNT_KEY = re.compile(r"^(?P<segment>.+)-(?P<count>headcount|permanent|women)$")
MAX_HEADCOUNT = 1_000_000
# Spaces people type between thousands ("1 200", with a plain, no-break or narrow space).
THOUSANDS_SPACES = re.compile(r"[\s\u00a0\u202f]")


class CountField(forms.IntegerField):
    """A whole number of people, empty allowed (a draft's figure not known yet)."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_HEADCOUNT, required=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = THOUSANDS_SPACES.sub("", value)
        return super().to_python(value)


def above_headcount(figures: dict) -> dict:
    """{count: message} for the part (permanent, women) of one segment's figures that exceeds
    its headcount: the form's rule, which the declaration upload applies too."""
    headcount = figures.get("headcount")
    if headcount is None:
        return {}
    errors = {}
    for count, message in [
        ("permanent", _("Permanent contracts cannot exceed the headcount.")),
        ("women", _("Women cannot exceed the headcount.")),
    ]:
        value = figures.get(count)
        if value is not None and value > headcount:
            errors[count] = message
    return errors


class Cell:
    """One figure of the declaration form with the previous validated quarter's value beside
    it and the change from that value to the one in the box."""

    def __init__(self, field, previous: int | None):
        self.field = field
        self.previous = previous

    @property
    def change(self) -> str | None:
        try:
            current = self.field.field.clean(self.field.value())
        except ValidationError:
            return None
        return percent_change(self.previous, current)


class DeclarationForm(forms.Form):
    """The headcount of one site at the end of one quarter, one row per segment it serves.

    The year and quarter travel in the form as well as in the address, so that a form opened for
    one quarter cannot be posted to another. `period_error` says why no declaration is due for
    that quarter (future, before the first one due), shown on the quarter field.
    """

    year = forms.IntegerField(label=_("year"), widget=forms.HiddenInput)
    quarter = forms.IntegerField(label=_("quarter"), widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    explanation = forms.CharField(
        label=_("explanation of a large change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Needed to submit when the total changes a lot from the previous validated quarter."
        ),
    )

    def __init__(
        self,
        *args,
        segments,
        year,
        quarter,
        period_error=None,
        submit=False,
        previous_lines=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.segments = list(segments)
        self.period = (year, quarter)
        self.period_error = period_error
        # A draft keeps whatever is filled; submitting needs every figure.
        self.submit = submit
        self.previous = {line.segment.code: line for line in previous_lines}
        self.initial.setdefault("year", year)
        self.initial.setdefault("quarter", quarter)
        for segment in self.segments:
            for count, label in COUNTS:
                self.fields[f"{segment.code}-{count}"] = CountField(
                    label=f"{segment.code}: {label}"
                )

    def rows(self):
        """(segment, [a Cell for each of its three figures]) for each segment, in the table's
        order."""
        return [
            (
                segment,
                [
                    Cell(self[f"{segment.code}-{count}"], self.previous_value(segment, count))
                    for count, _label in COUNTS
                ],
            )
            for segment in self.segments
        ]

    def previous_value(self, segment, count) -> int | None:
        line = self.previous.get(segment.code)
        return None if line is None else getattr(line, count)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("year"), cleaned.get("quarter")) != self.period:
            self.add_error("quarter", _("This form belongs to another quarter: open it again."))
        elif self.period_error:
            self.add_error("quarter", self.period_error)
        served = {segment.code for segment in self.segments}
        for key in self.data:
            match = COUNT_KEY.match(key)
            if match and match["segment"] not in served:
                self.add_error(
                    None,
                    _("%(segment)s: this site does not serve this segment.")
                    % {"segment": match["segment"]},
                )
        for code in served:
            self.check_within_headcount(cleaned, code)
            if self.submit:
                self.check_filled(cleaned, code)
        return cleaned

    def check_filled(self, cleaned, code):
        for count, _label in COUNTS:
            name = f"{code}-{count}"
            if name not in self.errors and cleaned.get(name) is None:
                self.add_error(
                    name, _("Required to submit: give the figure, 0 if nobody is counted.")
                )

    def check_within_headcount(self, cleaned, code):
        figures = {count: cleaned.get(f"{code}-{count}") for count, _label in COUNTS}
        for count, message in above_headcount(figures).items():
            self.add_error(f"{code}-{count}", message)

    def lines(self) -> dict[str, tuple[int, int, int]]:
        return {
            segment.code: tuple(self.cleaned_data[f"{segment.code}-{c}"] for c, _l in COUNTS)
            for segment in self.segments
        }

    @classmethod
    def initial_from(cls, declaration) -> dict:
        initial = {"comment": declaration.comment, "explanation": declaration.explanation}
        for line in declaration.lines.all():
            for count, _label in COUNTS:
                initial[f"{line.segment.code}-{count}"] = getattr(line, count)
        return initial


class ReasonForm(forms.Form):
    """The reviewer's reason for returning or reopening declarations: the operator reads it."""

    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The operator reads this reason with the declaration."),
    )


class ReopenReasonForm(ReasonForm):
    """The reason for reopening a validated declaration: the operator reads it, and the public
    too when a published figure changes once the declaration is validated again."""

    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "The operator reads this reason with the declaration. If a published figure "
            "changes once the declaration is validated again, the reason is published with "
            "the correction: name no person."
        ),
    )


class WithdrawalForm(forms.Form):
    """The reason and date of a withdrawal (operators.withdrawals), asked by the admin."""

    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "Shown on the public pages beside the withdrawal. For a record typed by mistake, "
            "say so."
        ),
    )
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"),
        help_text=_("Today or earlier: from this date on, it counts in no total."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        try:
            withdrawal_checked(cleaned.get("reason", ""), cleaned.get("withdrawn_on"))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                field = "withdrawn_on" if field == "on" else field
                if field not in self.errors:  # Not twice for a field its own check refused.
                    self.add_error(field, messages)
        return cleaned


class DeclarationUploadForm(forms.Form):
    """A CSV or XLSX file of declarations (operators.declaration_uploads), at most
    `max_bytes` long."""

    file = forms.FileField(
        label=_("file"),
        help_text=_("CSV (comma, semicolon or tab separated; UTF-8 or Windows-1252) or XLSX."),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.content = b""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise ValidationError(
                _(
                    "The file holds %(size)s bytes, more than the %(max)s an upload takes: "
                    "split it into several files."
                ),
                params={"size": upload.size, "max": self.max_bytes},
            )
        self.content = b"".join(upload.chunks())
        return upload
