from memoranda.programme import programme_load
from operators.history import RecordedCommand


class Command(RecordedCommand):
    help = (
        "Record the outsourcing programme of 2022-2025 (its signings, memoranda, operators, "
        "sources and claims, the founding signing included) where they are missing. Running it "
        "again changes nothing, and never undoes an official's later edit."
    )

    def handle(self, *args, **options):
        created = programme_load()
        for line in created:
            self.stdout.write(f"Created {line}")
        if not created:
            self.stdout.write("The programme is already recorded: nothing changed.")
