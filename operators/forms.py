"""Forms shared by the admin of both apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import router


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
