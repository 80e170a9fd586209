"""Let officials see lockouts and reset second factors. Now defined in memoranda.officials."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("memoranda", "0008_memorandum_reference_and_termination"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = []
