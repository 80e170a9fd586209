"""The outsourcing programme of 2022-2025: its signings, their sources and what each source says.

Transcribed from the facts sheet on the programme (its sections 1 to 6); the founding signing of
20 April 2022 itself comes from memoranda.founding_data, and this module adds its sources and
claims. Figures are recorded as worded: the qualifier travels with the number ("more than 65
million" is a lower bound). Where sources disagree, every claim is kept; the recorded one follows
the sheet's rule: an official source before the press, the press before the company.

Where no source gives a memorandum's horizon (HCL, Cegedim, Thales, Myopla), the memorandum is
recorded without one and holds no commitment: the portal follows jobs only against a horizon, and
the jobs announced stay on the signing. A signing no source dates (the Souss-Massa region's
support for Segula Technologies, 2023-2027) is recorded without a date, and without memorandum:
a memorandum needs its own date of signature.

Segments marked `classified` are the sheet's reading of the activity the sources describe, not a
word of theirs: the portal's classification, open to an official's correction.
"""

import datetime
from dataclasses import dataclass

D = datetime.date

# Source identifier -> its fields. Dates: the page's own where it shows one; otherwise the
# event's date as its text gives it (dating "event"); a month or a year where only that is known.
SOURCES = {
    "mcinet-2022-04-20": {
        "publisher": "Ministère de l'Industrie et du Commerce",
        "title": "Signature de quatre mémorandums d'entente relatifs à des projets "
        "d'investissement dans le secteur de l'outsourcing",
        "url": "https://mcinet.gov.ma/fr/actualites/signature-de-quatre-memorandums-dentente-"
        "relatifs-des-projets-dinvestissement-dans-le",
        "published_on": D(2022, 4, 20),
        "dating": "event",
        "kind": "official",
        "language": "fr",
    },
    "medias24-2022-04-20": {
        "publisher": "Médias24",
        "title": "Outsourcing : plus de 5.000 nouveaux emplois directs à l'horizon 2026",
        "published_on": D(2022, 4, 20),
        "kind": "press",
        "language": "fr",
        "notes": "Cite un communiqué du ministère de l'Industrie et du Commerce.",
    },
    "yabiladi-2022-04": {
        "publisher": "Yabiladi",
        "url": "https://www.yabiladi.com/articles/details/126618/"
        "maroc-convention-pour-creation-emplois.html",
        "published_on": D(2022, 4, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
    },
    "telquel-2022-04-22-ntt-data": {
        "publisher": "NTT Data (communiqué publié par TelQuel)",
        "url": "https://telquel.ma/2022/04/22/ntt-data-signe-un-protocole-daccord-sengageant-a-"
        "creer-1-000-nouveaux-emplois-directs-a-horizon-2025_1764250",
        "published_on": D(2022, 4, 22),
        "kind": "company",
        "language": "fr",
    },
    "laquotidienne-2023-ntt-data": {
        "publisher": "La Quotidienne",
        "url": "https://laquotidienne.ma/article/actualite-eco-entreprise/"
        "NTT-Data-1000-emplois-non-informatiques",
        "published_on": D(2023, 4, 1),
        "precision": "month",
        "dating": "event",
        "kind": "press",
        "language": "fr",
        "notes": "Page non datée : « un an après » la signature, soit vers avril 2023.",
    },
    "libe-2022-04-21": {
        "publisher": "Libération",
        "url": "https://m.libe.ma/Outsourcing-Signature-a-Casablanca-de-quatre-MoU-relatifs-a-"
        "des-projets-d-investissement_a132680.html",
        "published_on": D(2022, 4, 21),
        "kind": "press",
        "language": "fr",
    },
    "le360-2022-04-outsourcing": {
        "publisher": "Le360",
        "url": "https://le360-le-360-francais-prod.web.arc-cdn.net/economie/"
        "outsourcing-5050-nouveaux-emplois-directs-dici-2026-258763",
        "kind": "press",
        "language": "fr",
        "notes": "Non daté ; cite Aujourd'hui le Maroc du 21 avril 2022.",
    },
    "telquel-2022-05-27": {
        "publisher": "TelQuel",
        "url": "https://telquel.ma/2022/05/27/le-choix-des-operateurs-dans-loffshoring-grandir-"
        "ou-mourir_1769123",
        "published_on": D(2022, 5, 27),
        "kind": "press",
        "language": "fr",
    },
    "infomediaire-2022-05-hcl": {
        "publisher": "L'Infomédiaire",
        "url": "https://www.infomediaire.net/le-geant-indien-hcl-technologies-investit-dans-un-"
        "delevery-center-au-maroc/",
        "published_on": D(2022, 5, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
        "notes": "Cite le ministère.",
    },
    "cg-2023-07-24-hcl": {
        "publisher": "Chef du gouvernement",
        "url": "https://cg.gov.ma/fr/node/11350",
        "published_on": D(2023, 7, 24),
        "dating": "event",
        "kind": "official",
        "language": "fr",
    },
    "challenge-2023-07-hcl": {
        "publisher": "Challenge",
        "published_on": D(2023, 7, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
        "notes": "Ouverture du centre de HCL ; adresse non conservée.",
    },
    "infomediaire-2023-07-hcl": {
        "publisher": "L'Infomédiaire",
        "published_on": D(2023, 7, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
        "notes": "Ouverture du centre de HCL ; adresse non conservée.",
    },
    "lebrief-2022-09-22": {
        "publisher": "Le Brief",
        "url": "https://www.lebrief.ma/outsourcing-signature-de-deux-mou-pour-la-creation-de-"
        "3-000-emplois",
        "published_on": D(2022, 9, 22),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "alalam-2022-09-23": {
        "publisher": "Al Alam",
        "url": "https://alalam.ma/الحكومة-تتجه-لإحداث-3000-منصب-شغل-جديد_a11260.amp.html",
        "published_on": D(2022, 9, 23),
        "kind": "press",
        "language": "ar",
    },
    "maghreb-alaan-2022-09": {
        "publisher": "Maghreb Alaan",
        "kind": "press",
        "notes": "Cite le ministère ; adresse non conservée ; seule source de la répartition "
        "2 500 / 500.",
    },
    "challenge-2022-05-kolibri": {
        "publisher": "Challenge",
        "url": "https://www.challenge.ma/le-canadien-kolibri-telecommunications-debarque-au-"
        "maroc-237796/",
        "published_on": D(2022, 5, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
    },
    "telquel-2022-10-06-cegedim": {
        "publisher": "TelQuel",
        "url": "https://telquel.ma/instant-t/2022/10/06/region-souss-massa-lancement-dun-"
        "programme-de-formation-et-de-creation-demplois-pour-les-jeunes-developpeurs_1786747/",
        "published_on": D(2022, 10, 6),
        "kind": "press",
        "language": "fr",
    },
    "aujourdhui-2022-10-cegedim": {
        "publisher": "Aujourd'hui le Maroc",
        "url": "https://aujourdhui.ma/economie/signature-dune-convention-pour-generer-plus-de-"
        "1-000-emplois-a-agadir",
        "published_on": D(2022, 10, 5),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "leconomiste-2022-10-alten": {
        "publisher": "L'Economiste",
        "url": "https://leconomiste.com/flash-infos/outsourcing-signature-d-un-mou-pour-la-"
        "creation-de-1-000-emplois",
        "published_on": D(2022, 10, 19),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "telquel-2022-10-20-alten": {
        "publisher": "ALTEN Maroc (communiqué publié par TelQuel)",
        "url": "https://telquel.ma/2022/10/20/offshoring-signature-dune-convention-entre-alten-"
        "maroc-et-le-ministere-de-la-transformation-numerique-et-de-la-reforme-de-"
        "ladministration_1788611",
        "published_on": D(2022, 10, 20),
        "kind": "company",
        "language": "fr",
    },
    "industries-2022-10-alten": {
        "publisher": "Industries.ma",
        "url": "https://industries.ma/en/offshoring-signature-de-convention-entre-letat-et-"
        "alten-maroc",
        "published_on": D(2022, 10, 19),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "marochebdo-2022-alten": {
        "publisher": "Maroc Hebdo",
        "url": "https://www.maroc-hebdo.press.ma/francais-alten-site-production-tetouan",
        "published_on": D(2022, 1, 1),
        "precision": "year",
        "dating": "event",
        "kind": "press",
        "language": "fr",
        "notes": "Site de Tétouan ouvert le 19 septembre 2022.",
    },
    "infomediaire-2023-10-alten": {
        "publisher": "L'Infomédiaire",
        "url": "https://www.infomediaire.net/alten-maroc-une-convention-pour-renforcer-les-"
        "competences-en-ingenierie/",
        "published_on": D(2023, 10, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
    },
    "challenge-2022-11-capgemini": {
        "publisher": "Challenge",
        "url": "https://www.challenge.ma/signature-dun-mou-entre-letat-et-capgemini-pour-la-"
        "creation-de-1-500-emplois-248570/",
        "published_on": D(2022, 11, 1),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "wearetech-2022-11-02": {
        "publisher": "We Are Tech",
        "url": "https://www.wearetech.africa/fr/fils/actualites/tech/maroc-letat-et-capgemini-"
        "collaborent-pour-la-creation-de-1-500-emplois-dans-lingenierie-technologique",
        "published_on": D(2022, 11, 2),
        "kind": "press",
        "language": "fr",
    },
    "le360-2022-11-capgemini": {
        "publisher": "Le360",
        "url": "https://fr.le360.ma/economie/engineering-deux-memorandums-dentente-pour-1500-"
        "emplois-supplementaires-269724",
        "published_on": D(2022, 11, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
    },
    "northafricapost-2022-11-capgemini": {
        "publisher": "North Africa Post",
        "url": "https://northafricapost.com/62271-morocco-capgemini-engineering-group-sign-mou-"
        "providing-for-creation-of-1500-jobs-by-2026.html",
        "published_on": D(2022, 11, 1),
        "dating": "event",
        "kind": "press",
        "language": "en",
    },
    "pam-2022-12-22-thales": {
        "publisher": "Communiqué officiel (reproduit par pam.ma)",
        "url": "https://pam.ma/fr/?p=20830",
        "published_on": D(2022, 12, 22),
        "dating": "event",
        "kind": "official",
        "language": "fr",
    },
    "challenge-2023-08-thales": {
        "publisher": "Challenge",
        "published_on": D(2023, 8, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
        "notes": "Adresse non conservée.",
    },
    "le360-2023-11-fes-shore": {
        "publisher": "Le360",
        "url": "https://fr.le360.ma/economie/fes-shore-ewane-signe-des-conventions-"
        "dinstallation-avec-capgemini-engineering-et-cnexia_7RDR3RETTRHKTD264GFXOL4L7A/",
        "published_on": D(2023, 11, 22),
        "dating": "event",
        "kind": "press",
        "language": "fr",
        "notes": "Cite Ewane.",
    },
    "libe-2023-11-24": {
        "publisher": "Libération",
        "url": "https://m.libe.ma/De-nouvelles-entreprises-de-renom-installees-a-Fes-Shore_"
        "a141435.html",
        "published_on": D(2023, 11, 24),
        "kind": "press",
        "language": "fr",
    },
    "micepp-2024-04-29": {
        "publisher": "Ministère de l'Investissement",
        "url": "https://micepp.gov.ma/en/le-ministere/actualites/signing-memorandum-"
        "understanding-aiming-create-1500-high-value-added-jobs",
        "published_on": D(2024, 4, 29),
        "kind": "official",
        "language": "en",
    },
    "yabiladi-2024-04-inetum": {
        "publisher": "Yabiladi",
        "url": "https://www.yabiladi.com/articles/details/149199/maroc-l-europeen-inetum-"
        "cree-1500.html",
        "published_on": D(2024, 4, 29),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "atlasinfo-2024-05-myopla": {
        "publisher": "Atlasinfo",
        "url": "https://atlasinfo.fr/rabat-signature-dun-memorandum-dentente-pour-le-"
        "developpement-des-services-a-distance-en-amazigh.html",
        "published_on": D(2024, 5, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
    },
    "en-contact-2024-05-myopla": {
        "publisher": "En-Contact",
        "url": "https://en-contact.com/au-maroc-les-berberes-peuvent-desormais-joindre-un-"
        "service-client-en-langue-amazighe",
        "published_on": D(2024, 5, 1),
        "precision": "month",
        "kind": "press",
        "language": "fr",
    },
    "allafrica-2025-04-gitex": {
        "publisher": "AllAfrica (dépêche MAP)",
        "url": "https://fr.allafrica.com/stories/202504160161.html",
        "published_on": D(2025, 4, 15),
        "dating": "event",
        "kind": "press",
        "language": "fr",
    },
    "africatradenews-2025-04-gitex": {
        "publisher": "Africa Trade News",
        "url": "https://africatradenews.com/fr/gitex-africa-2025-1-000-empleos-tecnologicos-"
        "confirmados",
        "published_on": D(2025, 4, 15),
        "dating": "event",
        "kind": "press",
    },
    "leseco-segula": {
        "publisher": "Les Éco",
        "url": "https://leseco.ma/maroc/region-agadir-souss-massa-prolongement-de-son-appui-a-"
        "segula-technologies.html",
        "kind": "press",
        "language": "fr",
        "notes": "Page non datée.",
    },
    "focus-parliament-2022": {
        "publisher": "Focus.ma (réponse à la Chambre des représentants)",
        "url": "https://focus.ma/%D9%8A%D8%AA%D9%88%D9%82%D8%B9-%D8%A7%D9%84%D9%85%D8%BA%D8%B1"
        "%D8%A8-14-%D8%A3%D9%84%D9%81-%D9%88%D8%B8%D9%8A%D9%81%D8%A9-%D8%B1%D9%82%D9%85%D9%8A"
        "%D8%A9/",
        "kind": "parliament",
        "language": "ar",
        "notes": "Non daté ; réponse donnée après octobre 2022, telle que la presse la rapporte.",
    },
}


@dataclass(frozen=True)
class CommitmentData:
    segment: str
    jobs: int
    city: str | None = None
    classified: bool = False


@dataclass(frozen=True)
class MemorandumData:
    reference: str
    operator: str
    horizon_year: int | None
    commitments: tuple[CommitmentData, ...] = ()


@dataclass(frozen=True)
class OperatorData:
    slug: str
    name: str
    activities: str = ""
    group: str = ""
    home_city: str | None = None


OPERATORS = [
    OperatorData(
        "hcl-technologies",
        "HCL Technologies",
        "Centre de services informatiques (delivery center), Technopolis",
        home_city="rabat",
    ),
    OperatorData("majorel", "Majorel", "Gestion de la relation client"),
    OperatorData("kolibri", "Kolibri", "Services informatiques", home_city="casablanca"),
    OperatorData(
        "cegedim-services-maroc",
        "Cegedim Services Maroc",
        "Services informatiques et d'externalisation",
        home_city="agadir",
    ),
    OperatorData("alten-maroc", "ALTEN Maroc", "Ingénierie et recherche et développement"),
    OperatorData(
        "capgemini-engineering-morocco",
        "Capgemini Engineering Morocco",
        "Ingénierie technologique",
    ),
    OperatorData(
        "thales-holding-maroc",
        "Thales Holding Maroc",
        "Centre nearshore de cybersécurité",
    ),
    OperatorData("inetum", "Inetum", "Services numériques"),
    OperatorData(
        "myopla",
        "Myopla",
        "Centre de service client en langue amazighe",
        home_city="al-hoceima",
    ),
    OperatorData("kpmg", "KPMG", "Services de conseil"),
    OperatorData(
        "arrow-ecs-support-center-morocco",
        "Arrow ECS Support Center Morocco",
        "Centre de services partagés",
    ),
    OperatorData(
        "2t-services-maroc", "2T Services Maroc", "Services d'externalisation", "", "oujda"
    ),
    OperatorData(
        "segula-technologies",
        "Segula Technologies",
        "Centre d'ingénierie",
        home_city="agadir",
    ),
]

# Groups the founding operators belong to, as the ministry's release says: set where empty.
FOUNDING_GROUPS = {
    "ntt-data-morocco": "Nippon Telegraph and Telephone (NTT)",
    "phoneo": "FusionBPO",
    "cnexia": "Bell Canada",
}


@dataclass(frozen=True)
class SigningData:
    slug: str
    title: str
    signed_on: datetime.date | None
    place: str
    city: str | None
    presided_by: str
    notes: str
    kind: str = "memoranda"
    announced_jobs: int | None = None
    announced_budget_mad: int | None = None
    memoranda: tuple[MemorandumData, ...] = ()


NO_HORIZON = (
    "Aucune source ne publie l'horizon de ce mémorandum : le portail suit des emplois "
    "seulement face à un horizon ; le mémorandum est enregistré sans engagement, et les emplois "
    "annoncés figurent au niveau de la signature."
)

SIGNINGS = [
    SigningData(
        "hcl-2022-05-28",
        "Mémorandum d'entente avec HCL Technologies",
        D(2022, 5, 28),
        "Noida, Inde",
        None,
        "Ghita Mezzour, ministre déléguée chargée de la Transition numérique",
        "Centre de services de HCL Technologies à Technopolis, Rabat (certaines sources disent "
        "Salé : le parc s'étend sur les deux). À la signature, « des milliers » d'emplois ; plus "
        "de 1 000 selon le Chef du gouvernement en juillet 2023, à l'ouverture du centre. "
        + NO_HORIZON,
        announced_jobs=1000,
        memoranda=(MemorandumData("MDE-2022-HCL", "hcl-technologies", None),),
    ),
    SigningData(
        "outsourcing-2022-09-22",
        "Mémorandums d'entente avec Majorel et Kolibri",
        D(2022, 9, 22),
        "Ministère de la Transition numérique, Rabat",
        "rabat",
        "Ghita Mezzour, ministre déléguée chargée de la Transition numérique ; Ryad Mezzour, "
        "ministre de l'Industrie et du Commerce",
        "Majorel est déjà présent à Casablanca et à Marrakech, Kolibri à Casablanca. La "
        "répartition 2 500 / 500 ne vient que d'une source ; le plan de Kolibri rapporté en mai "
        "2022 (environ 150 personnes en trois ans) est loin des 500 qui lui sont attribués.",
        announced_jobs=3000,
        announced_budget_mad=375_000_000,
        memoranda=(
            MemorandumData("MDE-2022-MAJOREL", "majorel", 2027, (CommitmentData("BPO", 2500),)),
            MemorandumData(
                "MDE-2022-KOLIBRI",
                "kolibri",
                2027,
                (CommitmentData("ITO", 500, "casablanca", classified=True),),
            ),
        ),
    ),
    SigningData(
        "cegedim-2022-10-05",
        "Convention avec Cegedim Services Maroc",
        D(2022, 10, 5),
        "Taghazout, près d'Agadir (pendant Devoxx Morocco)",
        "agadir",
        "Ghita Mezzour, ministre déléguée chargée de la Transition numérique, avec la région "
        "Souss-Massa",
        "Emplois à Agadir, et des effectifs supplémentaires à Rabat ; segments ITO et BPO. "
        + NO_HORIZON,
        announced_jobs=1000,
        memoranda=(MemorandumData("MDE-2022-CEGEDIM", "cegedim-services-maroc", None),),
    ),
    SigningData(
        "alten-2022-10-19",
        "Mémorandum d'entente avec ALTEN Maroc",
        D(2022, 10, 19),
        "Ministère de la Transition numérique, Rabat",
        "rabat",
        "Ghita Mezzour, ministre déléguée chargée de la Transition numérique",
        "Plus de 700 emplois en 2022-2024 et plus de 300 en 2025-2026, dans « plusieurs "
        "régions » non nommées. Une source exprime ces objectifs en effectifs (1 700, puis "
        "2 000) ; aucune source ne relie la croissance des effectifs d'ALTEN au mémorandum.",
        announced_jobs=1000,
        announced_budget_mad=30_000_000,
        memoranda=(
            MemorandumData("MDE-2022-ALTEN", "alten-maroc", 2026, (CommitmentData("ESO", 1000),)),
        ),
    ),
    SigningData(
        "capgemini-2022-11-01",
        "Mémorandums d'entente avec Capgemini Engineering",
        D(2022, 11, 1),
        "Casablanca",
        "casablanca",
        "Ryad Mezzour, ministre de l'Industrie et du Commerce, pour les ministères de "
        "l'Industrie, de la Transition numérique et de l'Investissement",
        "Deux mémorandums pour 1 500 emplois au total ; leur répartition n'est pas publiée : le "
        "portail les enregistre comme un seul. Les sources ne s'accordent pas sur l'effectif de "
        "Capgemini à la signature (3 000 ou 5 300).",
        announced_jobs=1500,
        memoranda=(
            MemorandumData(
                "MDE-2022-CAPGEMINI",
                "capgemini-engineering-morocco",
                2026,
                (CommitmentData("ESO", 1500),),
            ),
        ),
    ),
    SigningData(
        "thales-2022-12-22",
        "Mémorandum d'entente avec Thales Holding Maroc",
        D(2022, 12, 22),
        "Ministère de la Transition numérique, Rabat",
        "rabat",
        "Ghita Mezzour, ministre déléguée chargée de la Transition numérique",
        "Un centre nearshore de cybersécurité (ITO : classification du portail) ; la ville du "
        "centre n'est pas donnée. Environ 150 emplois directs (146 dans les mots de la "
        "ministre). Une source date la signature de « début 2023 ». " + NO_HORIZON,
        announced_jobs=150,
        announced_budget_mad=350_000_000,
        memoranda=(MemorandumData("MDE-2022-THALES", "thales-holding-maroc", None),),
    ),
    SigningData(
        "fes-shore-2023-11-22",
        "Conventions d'installation à Fès Shore",
        D(2023, 11, 22),
        "Parc Fès Shore, Fès",
        "fes",
        "Ewane (groupe CDG), région Fès-Meknès, wilaya et centre régional d'investissement",
        "Capgemini Engineering et Cnexia ensemble : au moins 100 emplois en deux ans, chiffre "
        "donné pour les deux et non réparti. La région accorde une subvention de 2 millions de "
        "dirhams pour l'aménagement des bureaux (une subvention, non l'investissement des "
        "entreprises). Cnexia avait déjà des bureaux à Technopolis (Rabat) et à Fès Shore.",
        kind="regional",
        announced_jobs=100,
        memoranda=(
            MemorandumData("FES-2023-CAPGEMINI", "capgemini-engineering-morocco", 2025),
            MemorandumData("FES-2023-CNEXIA", "cnexia", 2025),
        ),
    ),
    SigningData(
        "inetum-2024-04-29",
        "Mémorandum d'entente avec Inetum",
        D(2024, 4, 29),
        "Rabat",
        "rabat",
        "Mohcine Jazouli, ministre de l'Investissement ; Ghita Mezzour, ministre déléguée "
        "chargée de la Transition numérique",
        "Tripler un effectif de 800 personnes, dans la région de Casablanca et d'autres villes "
        "(ITO : classification du portail).",
        announced_jobs=1500,
        announced_budget_mad=50_000_000,
        memoranda=(
            MemorandumData(
                "MDE-2024-INETUM", "inetum", 2027, (CommitmentData("ITO", 1500, classified=True),)
            ),
        ),
    ),
    SigningData(
        "myopla-2024-05-16",
        "Mémorandum d'entente avec Myopla",
        D(2024, 5, 16),
        "Rabat",
        "rabat",
        "Ministère de la Transition numérique",
        "Un centre de service client en langue amazighe à Al Hoceima (BPO : classification du "
        "portail). Aucun chiffre d'emplois n'est publié. " + NO_HORIZON,
        memoranda=(MemorandumData("MDE-2024-MYOPLA", "myopla", None),),
    ),
    SigningData(
        "gitex-2025-04-15",
        "Mémorandums d'entente signés au GITEX Africa 2025",
        D(2025, 4, 15),
        "GITEX Africa, Marrakech",
        "marrakech",
        "Amal El Fallah Seghrouchni, ministre de la Transition numérique ; Karim Zidane, "
        "ministre délégué chargé de l'Investissement",
        "KPMG et Arrow ECS dans la région Casablanca-Settat (ville non précisée), 2T Services à "
        "Oujda. Segments : classification du portail (KPO ; BPO, services partagés ; BPO).",
        announced_budget_mad=180_000_000,
        memoranda=(
            MemorandumData(
                "MDE-2025-KPMG", "kpmg", 2029, (CommitmentData("KPO", 150, None, True),)
            ),
            MemorandumData(
                "MDE-2025-ARROW-ECS",
                "arrow-ecs-support-center-morocco",
                2029,
                (CommitmentData("BPO", 700, None, True),),
            ),
            MemorandumData(
                "MDE-2025-2T-SERVICES",
                "2t-services-maroc",
                2028,
                (CommitmentData("BPO", 200, "oujda", True),),
            ),
        ),
    ),
    SigningData(
        "segula-souss-massa-2023-2027",
        "Convention de la région Souss-Massa avec Segula Technologies",
        None,
        "Agadir",
        "agadir",
        "Conseil régional de Souss-Massa",
        "Le conseil régional prolonge, pour 2023-2027, son appui au centre d'ingénierie de "
        "Segula Technologies à Agadir : environ 1 000 emplois prévus d'ici le 31 décembre 2027, "
        "pour un programme de l'entreprise de 20 millions de dirhams (ESO : classification du "
        "portail). Aucune source ne date la signature : le mémorandum, qui a besoin de sa date, "
        "n'est pas enregistré.",
        kind="regional",
        announced_jobs=1000,
        announced_budget_mad=20_000_000,
    ),
]


@dataclass(frozen=True)
class ClaimData:
    """What one source says about one figure. `about` is (kind, key): a signing's slug, a
    memorandum's reference, a commitment's "REFERENCE/SEGMENT", an operator's or programme's
    slug. `recorded` is the reason the portal records it, empty for the others."""

    about: tuple[str, str]
    field: str
    source: str
    value: str
    number: int | None = None
    qualifier: str = ""
    recorded: str = ""
    paraphrase: str = ""


OFFICIAL_FIRST = "Source officielle, retenue avant la presse et l'entreprise."
ONLY_SOURCE = "La seule source qui donne ce chiffre."
FOUNDING = "La source fondatrice du portail, citant le communiqué du ministère."
PRESS_FIRST = "Presse retenue avant le communiqué de l'entreprise."
STATED = "Déclaré par la presse, non vérifié."


def signing(slug):
    return ("signing", slug)


def memorandum(reference):
    return ("memorandum", reference)


def commitment(key):
    return ("commitment", key)


def operator(slug):
    return ("operator", slug)


def programme(slug):
    return ("programme", slug)


FOUNDING_SIGNING = signing("outsourcing-2022-04-20")

CLAIMS = [
    # 1. 20 April 2022.
    ClaimData(
        FOUNDING_SIGNING,
        "investment_mad",
        "mcinet-2022-04-20",
        "plus de 65 millions de dirhams",
        65_000_000,
        "more_than",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        FOUNDING_SIGNING,
        "investment_mad",
        "medias24-2022-04-20",
        "65 millions de dirhams",
        65_000_000,
        "exactly",
    ),
    ClaimData(
        FOUNDING_SIGNING,
        "jobs",
        "mcinet-2022-04-20",
        "5 050 nouveaux emplois directs et stables d'ici 2026",
        5050,
        "exactly",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        FOUNDING_SIGNING, "jobs", "medias24-2022-04-20", "5 050 emplois directs", 5050, "exactly"
    ),
    ClaimData(
        FOUNDING_SIGNING,
        "place",
        "mcinet-2022-04-20",
        "Casablanca (Casanearshore)",
        recorded="Le ministère et la plupart des sources placent la signature à Casablanca.",
    ),
    ClaimData(FOUNDING_SIGNING, "place", "yabiladi-2022-04", "Casanearshore"),
    ClaimData(
        FOUNDING_SIGNING,
        "place",
        "telquel-2022-05-27",
        "Tanger",
        paraphrase="Place la signature à Tanger ; toutes les autres sources disent Casablanca.",
    ),
    ClaimData(
        memorandum("MDE-2022-NTT-DATA"),
        "horizon_year",
        "mcinet-2022-04-20",
        "2026",
        2026,
        "exactly",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        memorandum("MDE-2022-NTT-DATA"),
        "horizon_year",
        "telquel-2022-04-22-ntt-data",
        "à horizon 2025",
        2025,
        "exactly",
    ),
    ClaimData(
        memorandum("MDE-2022-NTT-DATA"),
        "horizon_year",
        "laquotidienne-2023-ntt-data",
        "d'ici 2027",
        2027,
        "exactly",
    ),
    ClaimData(
        memorandum("MDE-2022-NTT-DATA"),
        "investment_mad",
        "telquel-2022-04-22-ntt-data",
        "15 millions de dirhams",
        15_000_000,
        "exactly",
        paraphrase="L'investissement de NTT Data pour son propre projet.",
    ),
    ClaimData(
        commitment("MDE-2022-NTT-DATA/ITO"),
        "jobs",
        "medias24-2022-04-20",
        "1 000",
        1000,
        "exactly",
        FOUNDING,
    ),
    ClaimData(
        commitment("MDE-2022-NTT-DATA/ITO"),
        "jobs",
        "telquel-2022-04-22-ntt-data",
        "1 000 nouveaux emplois directs",
        1000,
        "exactly",
    ),
    ClaimData(
        commitment("MDE-2022-NTT-DATA/ITO"),
        "jobs",
        "laquotidienne-2023-ntt-data",
        "plus de 1 000 emplois",
        1000,
        "more_than",
    ),
    ClaimData(
        commitment("MDE-2022-PHONEO/BPO"),
        "jobs",
        "medias24-2022-04-20",
        "2 000",
        2000,
        "exactly",
        FOUNDING,
    ),
    ClaimData(
        commitment("MDE-2022-CNEXIA/BPO"),
        "jobs",
        "medias24-2022-04-20",
        "1 750",
        1750,
        "exactly",
        FOUNDING,
    ),
    ClaimData(
        commitment("MDE-2022-CNEXIA/BPO"),
        "jobs",
        "yabiladi-2022-04",
        "1 750 emplois, en plus des 800 qu'elle emploie déjà",
        1750,
        "exactly",
    ),
    ClaimData(
        commitment("MDE-2022-CNEXIA/BPO"),
        "baseline_headcount",
        "yabiladi-2022-04",
        "les 800 qu'elle emploie déjà",
        800,
        "exactly",
        ONLY_SOURCE + " " + STATED,
        paraphrase="Cnexia, filiale de Bell Canada, employait déjà 800 personnes, à Fès.",
    ),
    ClaimData(
        commitment("MDE-2022-EIDS-MAROC/BPO"),
        "jobs",
        "medias24-2022-04-20",
        "300",
        300,
        "exactly",
        FOUNDING,
    ),
    ClaimData(
        operator("eids-maroc"), "name", "medias24-2022-04-20", "Eids Maroc", recorded=FOUNDING
    ),
    ClaimData(operator("eids-maroc"), "name", "le360-2022-04-outsourcing", "IDS Maroc"),
    ClaimData(
        operator("ntt-data-morocco"),
        "headcount",
        "laquotidienne-2023-ntt-data",
        "plus de 500 informaticiens au Maroc",
        500,
        "more_than",
        paraphrase="NTT Data lançait alors une activité BPO près de Cabo Negro (Tétouan).",
    ),
    # 2. HCL Technologies, 28 May 2022.
    ClaimData(
        signing("hcl-2022-05-28"),
        "jobs",
        "infomediaire-2022-05-hcl",
        "des milliers",
        qualifier="not_a_number",
    ),
    ClaimData(
        signing("hcl-2022-05-28"),
        "jobs",
        "cg-2023-07-24-hcl",
        "plus de 1 000 emplois hautement qualifiés",
        1000,
        "more_than",
        "Le chiffre officiel (le Chef du gouvernement, juillet 2023) ; à la signature, "
        "« des milliers » n'était pas un nombre.",
    ),
    ClaimData(
        operator("hcl-technologies"),
        "city",
        "cg-2023-07-24-hcl",
        "Technopolis, Rabat",
        recorded=OFFICIAL_FIRST,
    ),
    ClaimData(operator("hcl-technologies"), "city", "challenge-2023-07-hcl", "Salé"),
    ClaimData(operator("hcl-technologies"), "city", "infomediaire-2023-07-hcl", "Salé"),
    # 3. Majorel and Kolibri, 22 September 2022.
    ClaimData(
        signing("outsourcing-2022-09-22"),
        "jobs",
        "lebrief-2022-09-22",
        "3 000 emplois d'ici 2027",
        3000,
        "exactly",
        "Le total que donnent toutes les sources.",
    ),
    ClaimData(
        signing("outsourcing-2022-09-22"),
        "jobs",
        "alalam-2022-09-23",
        "3000 منصب شغل جديد",
        3000,
        "exactly",
    ),
    ClaimData(
        signing("outsourcing-2022-09-22"),
        "investment_mad",
        "lebrief-2022-09-22",
        "plus de 375 millions de dirhams",
        375_000_000,
        "more_than",
        ONLY_SOURCE,
    ),
    ClaimData(
        memorandum("MDE-2022-MAJOREL"),
        "horizon_year",
        "lebrief-2022-09-22",
        "d'ici 2027",
        2027,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        memorandum("MDE-2022-KOLIBRI"),
        "horizon_year",
        "lebrief-2022-09-22",
        "d'ici 2027",
        2027,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        commitment("MDE-2022-MAJOREL/BPO"),
        "jobs",
        "maghreb-alaan-2022-09",
        "2 500",
        2500,
        "exactly",
        "La seule source qui répartit les 3 000 emplois (un seul média, citant le ministère).",
    ),
    ClaimData(
        commitment("MDE-2022-KOLIBRI/ITO"),
        "jobs",
        "maghreb-alaan-2022-09",
        "500",
        500,
        "exactly",
        "La seule source qui répartit les 3 000 emplois (un seul média, citant le ministère).",
    ),
    ClaimData(
        commitment("MDE-2022-KOLIBRI/ITO"),
        "jobs",
        "challenge-2022-05-kolibri",
        "environ 150 collaborateurs d'ici trois ans",
        150,
        "about",
        paraphrase="Le plan de Kolibri rapporté avant la signature.",
    ),
    # 4. Cegedim, 5 October 2022.
    ClaimData(
        signing("cegedim-2022-10-05"),
        "jobs",
        "telquel-2022-10-06-cegedim",
        "1 000 emplois",
        1000,
        "exactly",
        "Le premier compte rendu ; un autre dit « plus de 1 000 ».",
    ),
    ClaimData(
        signing("cegedim-2022-10-05"),
        "jobs",
        "aujourdhui-2022-10-cegedim",
        "plus de 1 000 emplois",
        1000,
        "more_than",
    ),
    # 5. ALTEN, 19 October 2022.
    ClaimData(
        signing("alten-2022-10-19"),
        "jobs",
        "leconomiste-2022-10-alten",
        "1 000 emplois",
        1000,
        "exactly",
        PRESS_FIRST,
    ),
    ClaimData(
        signing("alten-2022-10-19"),
        "investment_mad",
        "telquel-2022-10-20-alten",
        "plus de 30 millions de dirhams",
        30_000_000,
        "more_than",
        ONLY_SOURCE,
    ),
    ClaimData(
        signing("alten-2022-10-19"), "signed_on", "industries-2022-10-alten", "19 octobre 2022"
    ),
    ClaimData(
        memorandum("MDE-2022-ALTEN"),
        "horizon_year",
        "telquel-2022-10-20-alten",
        "plus de 300 emplois en 2025-2026",
        2026,
        "exactly",
        "La seule source qui donne la période.",
    ),
    ClaimData(
        commitment("MDE-2022-ALTEN/ESO"),
        "jobs",
        "leconomiste-2022-10-alten",
        "1 000 emplois",
        1000,
        "exactly",
        PRESS_FIRST,
    ),
    ClaimData(
        commitment("MDE-2022-ALTEN/ESO"),
        "jobs",
        "telquel-2022-10-20-alten",
        "plus de 700 emplois en 2022-2024 et plus de 300 en 2025-2026",
        1000,
        "more_than",
    ),
    ClaimData(
        commitment("MDE-2022-ALTEN/ESO"),
        "jobs",
        "industries-2022-10-alten",
        "effectifs visés de 1 700, puis 2 000",
        qualifier="not_a_number",
        paraphrase="Les mêmes objectifs exprimés en effectifs atteints, non en emplois créés.",
    ),
    ClaimData(
        operator("alten-maroc"),
        "headcount",
        "marochebdo-2022-alten",
        "plus de 1 200 collaborateurs",
        1200,
        "more_than",
    ),
    ClaimData(
        operator("alten-maroc"),
        "headcount",
        "infomediaire-2023-10-alten",
        "plus de 2 200 collaborateurs",
        2200,
        "more_than",
        paraphrase="Aucune source ne relie cette croissance au mémorandum.",
    ),
    # 6. Capgemini Engineering, 1 November 2022.
    ClaimData(
        signing("capgemini-2022-11-01"),
        "jobs",
        "challenge-2022-11-capgemini",
        "1 500 emplois",
        1500,
        "exactly",
        "Le chiffre que donnent toutes les sources.",
    ),
    ClaimData(
        signing("capgemini-2022-11-01"),
        "jobs",
        "le360-2022-11-capgemini",
        "1 500 emplois supplémentaires, deux mémorandums d'entente",
        1500,
        "exactly",
    ),
    ClaimData(
        signing("capgemini-2022-11-01"),
        "jobs",
        "wearetech-2022-11-02",
        "1 500 emplois",
        1500,
        "exactly",
    ),
    ClaimData(
        memorandum("MDE-2022-CAPGEMINI"),
        "horizon_year",
        "northafricapost-2022-11-capgemini",
        "by 2026",
        2026,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        commitment("MDE-2022-CAPGEMINI/ESO"),
        "jobs",
        "northafricapost-2022-11-capgemini",
        "1,500 jobs by 2026",
        1500,
        "exactly",
        "Le chiffre que donnent toutes les sources.",
    ),
    ClaimData(
        operator("capgemini-engineering-morocco"),
        "headcount",
        "le360-2022-11-capgemini",
        "3 000 collaborateurs",
        3000,
        "exactly",
    ),
    ClaimData(
        operator("capgemini-engineering-morocco"),
        "headcount",
        "northafricapost-2022-11-capgemini",
        "5,300 talents",
        5300,
        "exactly",
    ),
    # 7. Thales, 22 December 2022.
    ClaimData(
        signing("thales-2022-12-22"),
        "jobs",
        "pam-2022-12-22-thales",
        "environ 150 emplois directs",
        150,
        "about",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        signing("thales-2022-12-22"),
        "jobs",
        "pam-2022-12-22-thales",
        "146 emplois",
        146,
        "exactly",
        paraphrase="Le chiffre dans les mots de la ministre, cités par le même communiqué.",
    ),
    ClaimData(
        signing("thales-2022-12-22"),
        "investment_mad",
        "pam-2022-12-22-thales",
        "plus de 350 millions de dirhams",
        350_000_000,
        "more_than",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        signing("thales-2022-12-22"), "signed_on", "pam-2022-12-22-thales", "22 décembre 2022"
    ),
    ClaimData(signing("thales-2022-12-22"), "signed_on", "challenge-2023-08-thales", "début 2023"),
    # 8. Fès Shore, 22 November 2023.
    ClaimData(
        signing("fes-shore-2023-11-22"),
        "jobs",
        "le360-2023-11-fes-shore",
        "au moins 100 emplois en deux ans, pour les deux entreprises",
        100,
        "at_least",
        "Le chiffre d'Ewane, donné pour les deux entreprises ensemble.",
    ),
    ClaimData(signing("fes-shore-2023-11-22"), "place", "libe-2023-11-24", "Fès Shore"),
    # 9. Inetum, 29 April 2024.
    ClaimData(
        signing("inetum-2024-04-29"),
        "jobs",
        "micepp-2024-04-29",
        "1,500 jobs",
        1500,
        "exactly",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        signing("inetum-2024-04-29"),
        "investment_mad",
        "micepp-2024-04-29",
        "exceeding MAD 50 million",
        50_000_000,
        "more_than",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        commitment("MDE-2024-INETUM/ITO"),
        "jobs",
        "micepp-2024-04-29",
        "1,500 jobs",
        1500,
        "exactly",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        commitment("MDE-2024-INETUM/ITO"),
        "jobs",
        "yabiladi-2024-04-inetum",
        "1 500 emplois",
        1500,
        "exactly",
    ),
    ClaimData(
        memorandum("MDE-2024-INETUM"),
        "horizon_year",
        "micepp-2024-04-29",
        "2027",
        2027,
        "exactly",
        OFFICIAL_FIRST,
    ),
    ClaimData(
        commitment("MDE-2024-INETUM/ITO"),
        "baseline_headcount",
        "yabiladi-2024-04-inetum",
        "800 collaborateurs",
        800,
        "exactly",
        ONLY_SOURCE + " " + STATED,
    ),
    # 10. Myopla, 16 May 2024.
    ClaimData(
        signing("myopla-2024-05-16"),
        "jobs",
        "atlasinfo-2024-05-myopla",
        "aucun chiffre d'emplois publié",
        qualifier="not_a_number",
    ),
    ClaimData(
        operator("myopla"),
        "headcount",
        "en-contact-2024-05-myopla",
        "1 200 collaborateurs sur trois sites",
        1200,
        "exactly",
        paraphrase="Trois sites : Tanger, Tétouan et Al Hoceima.",
    ),
    # 11. GITEX Africa, 15 April 2025.
    ClaimData(
        signing("gitex-2025-04-15"),
        "investment_mad",
        "allafrica-2025-04-gitex",
        "environ 180 millions de dirhams",
        180_000_000,
        "about",
        ONLY_SOURCE,
    ),
    ClaimData(
        commitment("MDE-2025-KPMG/KPO"),
        "jobs",
        "allafrica-2025-04-gitex",
        "150 emplois d'ici 2029",
        150,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        commitment("MDE-2025-ARROW-ECS/BPO"),
        "jobs",
        "allafrica-2025-04-gitex",
        "700 emplois d'ici 2029",
        700,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        commitment("MDE-2025-2T-SERVICES/BPO"),
        "jobs",
        "allafrica-2025-04-gitex",
        "200 emplois d'ici 2028",
        200,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        memorandum("MDE-2025-KPMG"),
        "horizon_year",
        "allafrica-2025-04-gitex",
        "2029",
        2029,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        memorandum("MDE-2025-ARROW-ECS"),
        "horizon_year",
        "allafrica-2025-04-gitex",
        "2029",
        2029,
        "exactly",
        ONLY_SOURCE,
    ),
    ClaimData(
        memorandum("MDE-2025-2T-SERVICES"),
        "horizon_year",
        "allafrica-2025-04-gitex",
        "2028",
        2028,
        "exactly",
        ONLY_SOURCE,
    ),
    # The Souss-Massa region's convention with Segula Technologies (undated).
    ClaimData(
        signing("segula-souss-massa-2023-2027"),
        "jobs",
        "leseco-segula",
        "environ 1 000 emplois prévus d'ici le 31 décembre 2027",
        1000,
        "about",
        ONLY_SOURCE,
    ),
    ClaimData(
        signing("segula-souss-massa-2023-2027"),
        "investment_mad",
        "leseco-segula",
        "un programme de 20 millions de dirhams",
        20_000_000,
        "exactly",
        ONLY_SOURCE,
        paraphrase="Le programme de l'entreprise, non l'appui de la région.",
    ),
    # 3. Programme totals claimed by officials.
    ClaimData(
        programme("outsourcing-since-2021-11"),
        "jobs",
        "pam-2022-12-22-thales",
        "plus de 15 800 emplois",
        15_800,
        "more_than",
        "Le total le plus récent d'un ministre.",
        paraphrase="Les mémorandums de l'outsourcing depuis novembre 2021, selon la "
        "ministre à la signature avec Thales ; exprimés comme des emplois « créés », ce "
        "sont des promesses.",
    ),
    ClaimData(
        programme("outsourcing-since-2021-11"),
        "investment_mad",
        "pam-2022-12-22-thales",
        "1,01 milliard de dirhams",
        1_010_000_000,
        "exactly",
        "Le total le plus récent d'un ministre.",
    ),
    ClaimData(
        programme("outsourcing-since-2021-11"),
        "jobs",
        "focus-parliament-2022",
        "plus de 14 000 emplois directs",
        14_000,
        "more_than",
        paraphrase="Les mémorandums récents du ministère, selon une réponse à la Chambre "
        "des représentants après octobre 2022.",
    ),
    ClaimData(
        programme("outsourcing-since-2021-11"),
        "investment_mad",
        "focus-parliament-2022",
        "environ 595 millions de dirhams",
        595_000_000,
        "about",
    ),
]

PROGRAMMES = [
    {
        "slug": "outsourcing-since-2021-11",
        "title": "Mémorandums de l'outsourcing depuis novembre 2021",
        "description": (
            "Les signatures de mémorandums d'entente entre le gouvernement et des opérateurs de "
            "l'outsourcing depuis novembre 2021. Les responsables en ont donné des totaux que "
            "les signatures trouvées dans les sources publiques n'atteignent pas : aucune source "
            "publique trouvée ne nomme les accords qui feraient le reste."
        ),
        "signings": [
            "outsourcing-2022-04-20",
            "hcl-2022-05-28",
            "outsourcing-2022-09-22",
            "cegedim-2022-10-05",
            "alten-2022-10-19",
            "capgemini-2022-11-01",
            "thales-2022-12-22",
            "inetum-2024-04-29",
            "myopla-2024-05-16",
            "gitex-2025-04-15",
        ],
    },
]

# A city the programme names that the reference data lacks.
CITIES = [
    {
        "slug": "al-hoceima",
        "name": "Al Hoceïma",
        "name_ar": "الحسيمة",
        "name_en": "Al Hoceima",
        "region": "tanger-tetouan-al-hoceima",
    },
]
