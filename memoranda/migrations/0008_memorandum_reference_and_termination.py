"""References unique ignoring case; a terminated memorandum has its termination date.

Before adding the constraints, the recorded memoranda are checked: a pair of references that
differ only by case, or a terminated memorandum without a date, stops the migration with their
references, for an official to settle (merge the pair, or give the date) before migrating again.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Lower


def check_recorded_memoranda(apps, schema_editor):
    Memorandum = apps.get_model("memoranda", "Memorandum")
    duplicated = (
        Memorandum.objects.values(folded=Lower("reference"))
        .annotate(count=models.Count("pk"))
        .filter(count__gt=1)
        .values_list("folded", flat=True)
    )
    undated = Memorandum.objects.filter(status="terminated", terminated_on__isnull=True)
    problems = [
        f"references differing only by case: {', '.join(group)}"
        for group in (
            list(
                Memorandum.objects.filter(reference__iexact=folded).values_list(
                    "reference", flat=True
                )
            )
            for folded in duplicated
        )
    ]
    problems += [f"{m.reference} is terminated without a termination date" for m in undated]
    if problems:
        raise RuntimeError("Settle these memoranda before migrating: " + "; ".join(problems))


class Migration(migrations.Migration):
    dependencies = [
        ("memoranda", "0007_import_upload"),
        ("operators", "0013_scope_headcount_job_quality"),
    ]

    operations = [
        migrations.RunPython(check_recorded_memoranda, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="memorandum",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "terminated"), _negated=True),
                    ("terminated_on__isnull", False),
                    _connector="OR",
                ),
                name="memorandum_terminated_has_date",
                violation_error_message="A terminated memorandum needs its termination date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="memorandum",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("reference"),
                name="memorandum_reference_unique_ignoring_case",
                violation_error_message=(
                    "A memorandum with this reference already exists (ignoring case)."
                ),
            ),
        ),
    ]
