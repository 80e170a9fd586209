from memoranda.services import founding_data_load
from operators.history import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Record the four outsourcing memoranda of 20 April 2022 where they are missing. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        created = founding_data_load()
        for line in created:
            self.stdout.write(f"Created {line}")
        if not created:
            self.stdout.write("Founding data already present: nothing changed.")
