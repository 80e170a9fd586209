"""The founding case: Morocco's four outsourcing memoranda of 20 April 2022.

Every figure comes from the facts sheet (a Médias24 article of 20 April 2022 quoting the
Ministry of Industry and Trade). The source does not say how each operator's jobs split across
cities, so every commitment is recorded as not yet allocated. The 5,050 announced jobs and the
65 million dirham envelope belong to the signing. Memorandum references are assigned by the
portal: the source gives none.
"""

import datetime

SIGNING = {
    "slug": "outsourcing-2022-04-20",
    "title": "Mémorandums d'entente dans l'outsourcing du 20 avril 2022",
    "signed_on": datetime.date(2022, 4, 20),
    "place": "Pôle Casanearshore, Casablanca",
    "city_slug": "casablanca",
    "presided_by": (
        "Ryad Mezzour, ministre de l'Industrie et du Commerce ; Ghita Mezzour, ministre "
        "déléguée chargée de la Transition numérique et de la Réforme de l'administration"
    ),
    "announced_jobs": 5050,
    "announced_budget_mad": 65_000_000,
    "source_title": "Outsourcing : plus de 5.000 nouveaux emplois directs à l'horizon 2026",
    "source_publisher": "Médias24, citant un communiqué du ministère de l'Industrie et du Commerce",
    "source_published_on": datetime.date(2022, 4, 20),
    "notes": (
        "Quatre mémorandums d'entente avec quatre opérateurs internationaux, pour des sites à "
        "Tanger, Fès, Rabat, Casablanca et Agadir. La source ne répartit ni les emplois par "
        "ville, ni l'enveloppe de 65 millions de dirhams par mémorandum. Les références des "
        "mémorandums sont attribuées par le portail."
    ),
}

HORIZON_YEAR = 2026

# (reference, operator slug, operator name, activities, home city slug, segment, jobs)
MEMORANDA = [
    (
        "MDE-2022-NTT-DATA",
        "ntt-data-morocco",
        "NTT Data Morocco",
        "Services d'ingénierie informatique",
        None,
        "ITO",
        1000,
    ),
    (
        "MDE-2022-PHONEO",
        "phoneo",
        "Phoneo",
        "BPO : front office (appels entrants et sortants, e-mails, SMS) et back office "
        "(saisie et traitement de données)",
        None,
        "BPO",
        2000,
    ),
    (
        "MDE-2022-CNEXIA",
        "cnexia",
        "Cnexia",
        "Gestion de la relation client",
        "fes",
        "BPO",
        1750,
    ),
    (
        "MDE-2022-EIDS-MAROC",
        "eids-maroc",
        "Eids Maroc",
        "Gestion commerciale et services d'externalisation",
        None,
        "BPO",
        300,
    ),
]

SECTOR_CONTEXT = {
    "sector_employees_2022": 120_000,
    "export_turnover_mad_2021": 13_000_000_000,
}
