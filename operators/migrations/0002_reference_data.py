"""Reference data every database starts with: Morocco's 12 regions, the cities of the founding
facts sheet (slugs are the ASCII form of the French name) and the four outsourcing segments."""

from django.db import migrations

REGIONS = {
    "tanger-tetouan-al-hoceima": "Tanger-Tétouan-Al Hoceïma",
    "oriental": "Oriental",
    "fes-meknes": "Fès-Meknès",
    "rabat-sale-kenitra": "Rabat-Salé-Kénitra",
    "beni-mellal-khenifra": "Béni Mellal-Khénifra",
    "casablanca-settat": "Casablanca-Settat",
    "marrakech-safi": "Marrakech-Safi",
    "draa-tafilalet": "Drâa-Tafilalet",
    "souss-massa": "Souss-Massa",
    "guelmim-oued-noun": "Guelmim-Oued Noun",
    "laayoune-sakia-el-hamra": "Laâyoune-Sakia El Hamra",
    "dakhla-oued-ed-dahab": "Dakhla-Oued Ed-Dahab",
}

CITIES = [
    ("casablanca", "Casablanca", "casablanca-settat"),
    ("rabat", "Rabat", "rabat-sale-kenitra"),
    ("sale", "Salé", "rabat-sale-kenitra"),
    ("kenitra", "Kénitra", "rabat-sale-kenitra"),
    ("fes", "Fès", "fes-meknes"),
    ("meknes", "Meknès", "fes-meknes"),
    ("tanger", "Tanger", "tanger-tetouan-al-hoceima"),
    ("tetouan", "Tétouan", "tanger-tetouan-al-hoceima"),
    ("oujda", "Oujda", "oriental"),
    ("marrakech", "Marrakech", "marrakech-safi"),
    ("agadir", "Agadir", "souss-massa"),
    ("el-jadida", "El Jadida", "casablanca-settat"),
    ("laayoune", "Laâyoune", "laayoune-sakia-el-hamra"),
    ("dakhla", "Dakhla", "dakhla-oued-ed-dahab"),
]

SEGMENTS = [
    (
        "BPO",
        "Business process outsourcing",
        "A company's processes run by an outside provider: front office, back office, "
        "customer relationship.",
    ),
    (
        "ITO",
        "Information technology outsourcing",
        "Information and communication technology trades.",
    ),
    (
        "ESO",
        "Engineering services outsourcing",
        "Engineering, research and development.",
    ),
    (
        "KPO",
        "Knowledge process outsourcing",
        "Strategic, knowledge-heavy activities, such as sector data analysis.",
    ),
]


def create_reference_data(apps, schema_editor):
    Region = apps.get_model("operators", "Region")
    City = apps.get_model("operators", "City")
    Segment = apps.get_model("operators", "Segment")
    regions = {}
    for slug, name in REGIONS.items():
        regions[slug], _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
    for slug, name, region_slug in CITIES:
        City.objects.get_or_create(
            slug=slug, defaults={"name": name, "region": regions[region_slug]}
        )
    for code, name, description in SEGMENTS:
        Segment.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("operators", "0001_initial")]

    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
