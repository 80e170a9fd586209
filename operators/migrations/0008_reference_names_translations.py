"""Arabic and English names of the seeded regions, cities and segments.

`name` is the French name. The segments were seeded with English names and definitions: those
become the English ones, and the French takes their place. Names an official already changed or
translated are left alone.
"""

from django.db import migrations

# slug: (Arabic, English)
REGIONS = {
    "tanger-tetouan-al-hoceima": ("طنجة-تطوان-الحسيمة", "Tanger-Tetouan-Al Hoceima"),
    "oriental": ("الشرق", "Oriental"),
    "fes-meknes": ("فاس-مكناس", "Fez-Meknes"),
    "rabat-sale-kenitra": ("الرباط-سلا-القنيطرة", "Rabat-Salé-Kénitra"),
    "beni-mellal-khenifra": ("بني ملال-خنيفرة", "Béni Mellal-Khénifra"),
    "casablanca-settat": ("الدار البيضاء-سطات", "Casablanca-Settat"),
    "marrakech-safi": ("مراكش-آسفي", "Marrakesh-Safi"),
    "draa-tafilalet": ("درعة-تافيلالت", "Drâa-Tafilalet"),
    "souss-massa": ("سوس-ماسة", "Souss-Massa"),
    "guelmim-oued-noun": ("كلميم-واد نون", "Guelmim-Oued Noun"),
    "laayoune-sakia-el-hamra": ("العيون-الساقية الحمراء", "Laâyoune-Sakia El Hamra"),
    "dakhla-oued-ed-dahab": ("الداخلة-وادي الذهب", "Dakhla-Oued Ed-Dahab"),
}

CITIES = {
    "casablanca": ("الدار البيضاء", "Casablanca"),
    "rabat": ("الرباط", "Rabat"),
    "sale": ("سلا", "Salé"),
    "kenitra": ("القنيطرة", "Kenitra"),
    "fes": ("فاس", "Fez"),
    "meknes": ("مكناس", "Meknes"),
    "tanger": ("طنجة", "Tangier"),
    "tetouan": ("تطوان", "Tetouan"),
    "oujda": ("وجدة", "Oujda"),
    "marrakech": ("مراكش", "Marrakesh"),
    "agadir": ("أكادير", "Agadir"),
    "el-jadida": ("الجديدة", "El Jadida"),
    "laayoune": ("العيون", "Laayoune"),
    "dakhla": ("الداخلة", "Dakhla"),
}

# code: {field: (French, Arabic, English)}; the English is what 0002 seeded.
SEGMENTS = {
    "BPO": {
        "name": (
            "Externalisation des processus métier",
            "تعهيد عمليات الأعمال",
            "Business process outsourcing",
        ),
        "description": (
            "Les processus d’une entreprise confiés à un prestataire extérieur : front office, "
            "back office, relation client.",
            "عمليات المقاولة التي يتولاها مقدم خدمات خارجي: المكتب الأمامي والمكتب الخلفي "
            "والعلاقة مع الزبناء.",
            "A company's processes run by an outside provider: front office, back office, "
            "customer relationship.",
        ),
    },
    "ITO": {
        "name": (
            "Externalisation des technologies de l’information",
            "تعهيد تكنولوجيا المعلومات",
            "Information technology outsourcing",
        ),
        "description": (
            "Les métiers des technologies de l’information et de la communication.",
            "مهن تكنولوجيا المعلومات والاتصال.",
            "Information and communication technology trades.",
        ),
    },
    "ESO": {
        "name": (
            "Externalisation des services d’ingénierie",
            "تعهيد خدمات الهندسة",
            "Engineering services outsourcing",
        ),
        "description": (
            "L’ingénierie, la recherche et le développement.",
            "الهندسة والبحث والتطوير.",
            "Engineering, research and development.",
        ),
    },
    "KPO": {
        "name": (
            "Externalisation des processus de connaissance",
            "تعهيد عمليات المعرفة",
            "Knowledge process outsourcing",
        ),
        "description": (
            "Des activités stratégiques à forte intensité de connaissances, comme l’analyse de "
            "données sectorielles.",
            "أنشطة استراتيجية كثيفة المعرفة، مثل تحليل البيانات القطاعية.",
            "Strategic, knowledge-heavy activities, such as sector data analysis.",
        ),
    },
}


def fill_names(model, key, names):
    for item in model.objects.filter(**{f"{key}__in": names}):
        arabic, english = names[getattr(item, key)]
        item.name_ar = item.name_ar or arabic
        item.name_en = item.name_en or english
        item.save(update_fields=["name_ar", "name_en"])


def translate_segment(segment, fields):
    for field, (french, arabic, english) in fields.items():
        if getattr(segment, field) == english:
            setattr(segment, field, french)
        if not getattr(segment, f"{field}_ar"):
            setattr(segment, f"{field}_ar", arabic)
        if not getattr(segment, f"{field}_en"):
            setattr(segment, f"{field}_en", english)
    segment.save()


def add_translations(apps, schema_editor):
    fill_names(apps.get_model("operators", "Region"), "slug", REGIONS)
    fill_names(apps.get_model("operators", "City"), "slug", CITIES)
    Segment = apps.get_model("operators", "Segment")
    for segment in Segment.objects.filter(code__in=SEGMENTS):
        translate_segment(segment, SEGMENTS[segment.code])


def restore_english_segments(apps, schema_editor):
    """Before this migration the seeded segments had their English name and definition."""
    Segment = apps.get_model("operators", "Segment")
    for segment in Segment.objects.filter(code__in=SEGMENTS):
        for field, (french, _arabic, english) in SEGMENTS[segment.code].items():
            if getattr(segment, field) == french:
                setattr(segment, field, english)
        segment.save()


class Migration(migrations.Migration):
    dependencies = [("operators", "0007_reference_names_in_three_languages")]

    operations = [migrations.RunPython(add_translations, restore_english_segments)]
