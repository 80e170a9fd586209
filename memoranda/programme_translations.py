"""English and Arabic translations of the programme's content texts (memoranda.programme_data
and memoranda.founding_data are in French). The loader fills a translation only where the
field is empty, so an official's own translation is never replaced."""

# Signing slug -> field -> {"en": ..., "ar": ...}; fields: title, place, presided_by, notes.
SIGNINGS = {
    "segula-souss-massa-2023-2027": {
        "title": {
            "en": "Souss-Massa region's convention with Segula Technologies",
            "ar": "اتفاقية جهة سوس-ماسة مع شركة Segula Technologies",
        },
        "place": {"en": "Agadir", "ar": "أكادير"},
        "presided_by": {"en": "Souss-Massa regional council", "ar": "مجلس جهة سوس-ماسة"},
        "notes": {
            "en": "The regional council extends, for 2023-2027, its support for Segula "
            "Technologies' engineering centre in Agadir: about 1,000 jobs forecast by 31 "
            "December 2027, for a company programme of 20 million dirhams (ESO: the portal's "
            "classification). No source dates the signing: the memorandum, which needs its "
            "date, is not recorded.",
            "ar": "يمدد مجلس الجهة، للفترة 2023-2027، دعمه لمركز الهندسة التابع لشركة Segula "
            "Technologies في أكادير: حوالي 1000 منصب شغل متوقع بحلول 31 دجنبر 2027، في إطار "
            "برنامج للشركة قدره 20 مليون درهم (ESO: تصنيف البوابة). لا يؤرخ أي مصدر التوقيع: "
            "لذا لا تُسجل المذكرة، التي تحتاج إلى تاريخها.",
        },
    },
    "outsourcing-2022-04-20": {
        "title": {
            "en": "Outsourcing memoranda of understanding of 20 April 2022",
            "ar": "مذكرات التفاهم في مجال ترحيل الخدمات بتاريخ 20 أبريل 2022",
        },
        "place": {
            "en": "Casanearshore park, Casablanca",
            "ar": "قطب كازانيرشور، الدار البيضاء",
        },
        "presided_by": {
            "en": "Ryad Mezzour, Minister of Industry and Trade; Ghita Mezzour, Minister "
            "Delegate for Digital Transition and Administrative Reform",
            "ar": "رياض مزور، وزير الصناعة والتجارة؛ غيثة مزور، الوزيرة المنتدبة المكلفة "
            "بالانتقال الرقمي وإصلاح الإدارة",
        },
        "notes": {
            "en": "Four memoranda of understanding with four international operators, for "
            "sites in Tangier, Fez, Rabat, Casablanca and Agadir. The source splits neither the "
            "jobs by city nor the 65 million dirham envelope by memorandum. The memoranda's "
            "references are assigned by the portal.",
            "ar": "أربع مذكرات تفاهم مع أربعة فاعلين دوليين، لمواقع في طنجة وفاس والرباط "
            "والدار البيضاء وأكادير. لا يوزع المصدر مناصب الشغل حسب المدينة، ولا الغلاف المالي "
            "البالغ 65 مليون درهم حسب المذكرة. مراجع المذكرات من وضع البوابة.",
        },
    },
    "hcl-2022-05-28": {
        "title": {
            "en": "Memorandum of understanding with HCL Technologies",
            "ar": "مذكرة تفاهم مع HCL Technologies",
        },
        "place": {"en": "Noida, India", "ar": "نويدا، الهند"},
        "presided_by": {
            "en": "Ghita Mezzour, Minister Delegate for Digital Transition",
            "ar": "غيثة مزور، الوزيرة المنتدبة المكلفة بالانتقال الرقمي",
        },
        "notes": {
            "en": "HCL Technologies' service centre at Technopolis, Rabat (some sources say "
            "Salé: the park spans both). At the signing, “thousands” of jobs; more than 1,000 "
            "according to the Head of Government in July 2023, at the opening of the centre. "
            "No source publishes this memorandum's horizon: the portal follows jobs only "
            "against a horizon; the memorandum is recorded without a commitment, and the jobs "
            "announced appear at the level of the signing.",
            "ar": "مركز خدمات HCL Technologies في تكنوبوليس، الرباط (تقول بعض المصادر سلا: "
            "يمتد المجمع على المدينتين). عند التوقيع، «آلاف» من مناصب الشغل؛ وأكثر من 1000 "
            "حسب رئيس الحكومة في يوليوز 2023، عند افتتاح المركز. لا ينشر أي مصدر أفق هذه "
            "المذكرة: لا تتابع البوابة مناصب الشغل إلا مقابل أفق؛ سُجلت المذكرة دون التزام، "
            "وتظهر مناصب الشغل المعلنة على مستوى حفل التوقيع.",
        },
    },
    "outsourcing-2022-09-22": {
        "title": {
            "en": "Memoranda of understanding with Majorel and Kolibri",
            "ar": "مذكرتا تفاهم مع Majorel وKolibri",
        },
        "place": {
            "en": "Ministry of Digital Transition, Rabat",
            "ar": "وزارة الانتقال الرقمي، الرباط",
        },
        "presided_by": {
            "en": "Ghita Mezzour, Minister Delegate for Digital Transition; Ryad Mezzour, "
            "Minister of Industry and Trade",
            "ar": "غيثة مزور، الوزيرة المنتدبة المكلفة بالانتقال الرقمي؛ رياض مزور، وزير "
            "الصناعة والتجارة",
        },
        "notes": {
            "en": "Majorel is already present in Casablanca and Marrakesh, Kolibri in "
            "Casablanca. The 2,500 / 500 split comes from only one source; Kolibri's plan "
            "reported in May 2022 (about 150 people in three years) is far from the 500 "
            "attributed to it.",
            "ar": "شركة Majorel حاضرة من قبل في الدار البيضاء ومراكش، وKolibri في الدار "
            "البيضاء. لا يأتي توزيع 2500 / 500 إلا من مصدر واحد؛ وخطة Kolibri المنشورة في ماي "
            "2022 (نحو 150 شخصا في ثلاث سنوات) بعيدة عن الـ500 المنسوبة إليها.",
        },
    },
    "cegedim-2022-10-05": {
        "title": {
            "en": "Agreement with Cegedim Services Maroc",
            "ar": "اتفاقية مع Cegedim Services Maroc",
        },
        "place": {
            "en": "Taghazout, near Agadir (during Devoxx Morocco)",
            "ar": "تغازوت، قرب أكادير (خلال Devoxx Morocco)",
        },
        "presided_by": {
            "en": "Ghita Mezzour, Minister Delegate for Digital Transition, with the "
            "Souss-Massa region",
            "ar": "غيثة مزور، الوزيرة المنتدبة المكلفة بالانتقال الرقمي، مع جهة سوس-ماسة",
        },
        "notes": {
            "en": "Jobs in Agadir, and additional staff in Rabat; ITO and BPO segments. No "
            "source publishes this memorandum's horizon: the portal follows jobs only against "
            "a horizon; the memorandum is recorded without a commitment, and the jobs announced "
            "appear at the level of the signing.",
            "ar": "مناصب شغل في أكادير، ومستخدمون إضافيون في الرباط؛ مجالا ITO وBPO. لا ينشر "
            "أي مصدر أفق هذه المذكرة: لا تتابع البوابة مناصب الشغل إلا مقابل أفق؛ سُجلت "
            "المذكرة دون التزام، وتظهر مناصب الشغل المعلنة على مستوى حفل التوقيع.",
        },
    },
    "alten-2022-10-19": {
        "title": {
            "en": "Memorandum of understanding with ALTEN Maroc",
            "ar": "مذكرة تفاهم مع ALTEN Maroc",
        },
        "place": {
            "en": "Ministry of Digital Transition, Rabat",
            "ar": "وزارة الانتقال الرقمي، الرباط",
        },
        "presided_by": {
            "en": "Ghita Mezzour, Minister Delegate for Digital Transition",
            "ar": "غيثة مزور، الوزيرة المنتدبة المكلفة بالانتقال الرقمي",
        },
        "notes": {
            "en": "More than 700 jobs in 2022-2024 and more than 300 in 2025-2026, in “several "
            "regions” that are not named. One source expresses these targets as headcounts "
            "(1,700, then 2,000); no source links the growth of ALTEN's headcount to the "
            "memorandum.",
            "ar": "أكثر من 700 منصب شغل في 2022-2024 وأكثر من 300 في 2025-2026، في «عدة "
            "جهات» غير مسماة. يعبر مصدر واحد عن هذه الأهداف بعدد المستخدمين (1700، ثم 2000)؛ "
            "ولا يربط أي مصدر نمو عدد مستخدمي ALTEN بالمذكرة.",
        },
    },
    "capgemini-2022-11-01": {
        "title": {
            "en": "Memoranda of understanding with Capgemini Engineering",
            "ar": "مذكرتا تفاهم مع Capgemini Engineering",
        },
        "place": {"en": "Casablanca", "ar": "الدار البيضاء"},
        "presided_by": {
            "en": "Ryad Mezzour, Minister of Industry and Trade, for the ministries of "
            "Industry, Digital Transition and Investment",
            "ar": "رياض مزور، وزير الصناعة والتجارة، باسم وزارات الصناعة والانتقال الرقمي "
            "والاستثمار",
        },
        "notes": {
            "en": "Two memoranda for 1,500 jobs in total; how they split is not published: "
            "the portal records them as one. The sources disagree on Capgemini's headcount at "
            "the signing (3,000 or 5,300).",
            "ar": "مذكرتان لما مجموعه 1500 منصب شغل؛ لم يُنشر توزيعها بينهما: تسجلهما "
            "البوابة كمذكرة واحدة. لا تتفق المصادر على عدد مستخدمي Capgemini عند التوقيع "
            "(3000 أو 5300).",
        },
    },
    "thales-2022-12-22": {
        "title": {
            "en": "Memorandum of understanding with Thales Holding Maroc",
            "ar": "مذكرة تفاهم مع Thales Holding Maroc",
        },
        "place": {
            "en": "Ministry of Digital Transition, Rabat",
            "ar": "وزارة الانتقال الرقمي، الرباط",
        },
        "presided_by": {
            "en": "Ghita Mezzour, Minister Delegate for Digital Transition",
            "ar": "غيثة مزور، الوزيرة المنتدبة المكلفة بالانتقال الرقمي",
        },
        "notes": {
            "en": "A nearshore cybersecurity centre (ITO: the portal's classification); the "
            "centre's city is not given. About 150 direct jobs (146 in the minister's words). "
            "One source dates the signing to “early 2023”. No source publishes this "
            "memorandum's horizon: the portal follows jobs only against a horizon; the "
            "memorandum is recorded without a commitment, and the jobs announced appear at the "
            "level of the signing.",
            "ar": "مركز nearshore للأمن السيبراني (ITO: تصنيف البوابة)؛ لم تُذكر مدينة "
            "المركز. نحو 150 منصب شغل مباشر (146 بكلمات الوزيرة). يؤرخ مصدر واحد حفل التوقيع "
            "بـ«بداية 2023». لا ينشر أي مصدر أفق هذه المذكرة: لا تتابع البوابة مناصب الشغل إلا "
            "مقابل أفق؛ سُجلت المذكرة دون التزام، وتظهر مناصب الشغل المعلنة على مستوى حفل "
            "التوقيع.",
        },
    },
    "fes-shore-2023-11-22": {
        "title": {
            "en": "Installation agreements at Fès Shore",
            "ar": "اتفاقيات الاستقرار في فاس شور",
        },
        "place": {"en": "Fès Shore park, Fez", "ar": "مجمع فاس شور، فاس"},
        "presided_by": {
            "en": "Ewane (CDG group), Fez-Meknes region, wilaya and regional investment centre",
            "ar": "Ewane (مجموعة CDG)، جهة فاس-مكناس، الولاية والمركز الجهوي للاستثمار",
        },
        "notes": {
            "en": "Capgemini Engineering and Cnexia together: at least 100 jobs in two years, "
            "a figure given for both and not split. The region grants a subsidy of 2 million "
            "dirhams for fitting out the offices (a subsidy, not the companies' investment). "
            "Cnexia already had offices at Technopolis (Rabat) and at Fès Shore.",
            "ar": "شركتا Capgemini Engineering وCnexia معا: 100 منصب شغل على الأقل في سنتين، "
            "وهو رقم معطى للشركتين معا وغير موزع. تمنح الجهة دعما بقيمة 2 مليون درهم لتهيئة "
            "المكاتب (دعم، وليس استثمار الشركتين). وكانت لـCnexia مكاتب من قبل في تكنوبوليس "
            "(الرباط) وفي فاس شور.",
        },
    },
    "inetum-2024-04-29": {
        "title": {
            "en": "Memorandum of understanding with Inetum",
            "ar": "مذكرة تفاهم مع Inetum",
        },
        "place": {"en": "Rabat", "ar": "الرباط"},
        "presided_by": {
            "en": "Mohcine Jazouli, Minister of Investment; Ghita Mezzour, Minister Delegate "
            "for Digital Transition",
            "ar": "محسن الجزولي، وزير الاستثمار؛ غيثة مزور، الوزيرة المنتدبة المكلفة "
            "بالانتقال الرقمي",
        },
        "notes": {
            "en": "Tripling a headcount of 800 people, in the Casablanca region and other "
            "cities (ITO: the portal's classification).",
            "ar": "مضاعفة عدد مستخدمين يبلغ 800 شخص ثلاث مرات، في جهة الدار البيضاء ومدن "
            "أخرى (ITO: تصنيف البوابة).",
        },
    },
    "myopla-2024-05-16": {
        "title": {
            "en": "Memorandum of understanding with Myopla",
            "ar": "مذكرة تفاهم مع Myopla",
        },
        "place": {"en": "Rabat", "ar": "الرباط"},
        "presided_by": {
            "en": "Ministry of Digital Transition",
            "ar": "وزارة الانتقال الرقمي",
        },
        "notes": {
            "en": "A customer service centre in the Amazigh language in Al Hoceima (BPO: the "
            "portal's classification). No job figure is published. No source publishes this "
            "memorandum's horizon: the portal follows jobs only against a horizon; the "
            "memorandum is recorded without a commitment, and the jobs announced appear at the "
            "level of the signing.",
            "ar": "مركز لخدمة الزبناء باللغة الأمازيغية في الحسيمة (BPO: تصنيف البوابة). لم "
            "يُنشر أي رقم لمناصب الشغل. لا ينشر أي مصدر أفق هذه المذكرة: لا تتابع البوابة "
            "مناصب الشغل إلا مقابل أفق؛ سُجلت المذكرة دون التزام، وتظهر مناصب الشغل المعلنة "
            "على مستوى حفل التوقيع.",
        },
    },
    "gitex-2025-04-15": {
        "title": {
            "en": "Memoranda of understanding signed at GITEX Africa 2025",
            "ar": "مذكرات تفاهم موقعة خلال GITEX Africa 2025",
        },
        "place": {"en": "GITEX Africa, Marrakesh", "ar": "GITEX Africa، مراكش"},
        "presided_by": {
            "en": "Amal El Fallah Seghrouchni, Minister of Digital Transition; Karim Zidane, "
            "Minister Delegate for Investment",
            "ar": "أمل الفلاح السغروشني، وزيرة الانتقال الرقمي؛ كريم زيدان، الوزير المنتدب "
            "المكلف بالاستثمار",
        },
        "notes": {
            "en": "KPMG and Arrow ECS in the Casablanca-Settat region (city not specified), "
            "2T Services in Oujda. Segments: the portal's classification (KPO; BPO, shared "
            "services; BPO).",
            "ar": "KPMG وArrow ECS في جهة الدار البيضاء-سطات (المدينة غير محددة)، و2T "
            "Services في وجدة. المجالات: تصنيف البوابة (KPO؛ BPO، خدمات مشتركة؛ BPO).",
        },
    },
}
# Operator slug -> {"activities": {"en": ..., "ar": ...}}
OPERATORS = {
    "segula-technologies": {"activities": {"en": "Engineering centre", "ar": "مركز للهندسة"}},
    "ntt-data-morocco": {
        "activities": {
            "en": "IT engineering services",
            "ar": "خدمات الهندسة المعلوماتية",
        }
    },
    "phoneo": {
        "activities": {
            "en": "BPO: front office (inbound and outbound calls, e-mails, SMS) and back office "
            "(data entry and processing)",
            "ar": "BPO: المكتب الأمامي (المكالمات الواردة والصادرة، الرسائل الإلكترونية، "
            "الرسائل القصيرة) والمكتب الخلفي (إدخال البيانات ومعالجتها)",
        }
    },
    "cnexia": {
        "activities": {
            "en": "Customer relationship management",
            "ar": "تدبير العلاقة مع الزبناء",
        }
    },
    "eids-maroc": {
        "activities": {
            "en": "Commercial management and outsourcing services",
            "ar": "التدبير التجاري وخدمات الإسناد الخارجي",
        }
    },
    "hcl-technologies": {
        "activities": {
            "en": "IT services centre (delivery center), Technopolis",
            "ar": "مركز للخدمات المعلوماتية (delivery center)، تكنوبوليس",
        }
    },
    "majorel": {
        "activities": {
            "en": "Customer relationship management",
            "ar": "تدبير العلاقة مع الزبناء",
        }
    },
    "kolibri": {"activities": {"en": "IT services", "ar": "خدمات معلوماتية"}},
    "cegedim-services-maroc": {
        "activities": {
            "en": "IT and outsourcing services",
            "ar": "خدمات معلوماتية وخدمات الإسناد الخارجي",
        }
    },
    "alten-maroc": {
        "activities": {
            "en": "Engineering, and research and development",
            "ar": "الهندسة والبحث والتطوير",
        }
    },
    "capgemini-engineering-morocco": {
        "activities": {"en": "Technology engineering", "ar": "الهندسة التكنولوجية"}
    },
    "thales-holding-maroc": {
        "activities": {
            "en": "Nearshore cybersecurity centre",
            "ar": "مركز nearshore للأمن السيبراني",
        }
    },
    "inetum": {"activities": {"en": "Digital services", "ar": "خدمات رقمية"}},
    "myopla": {
        "activities": {
            "en": "Customer service centre in the Amazigh language",
            "ar": "مركز لخدمة الزبناء باللغة الأمازيغية",
        }
    },
    "kpmg": {"activities": {"en": "Consulting services", "ar": "خدمات الاستشارة"}},
    "arrow-ecs-support-center-morocco": {
        "activities": {"en": "Shared services centre", "ar": "مركز للخدمات المشتركة"}
    },
    "2t-services-maroc": {
        "activities": {"en": "Outsourcing services", "ar": "خدمات الإسناد الخارجي"}
    },
}
# Programme slug -> field (title, description) -> {"en": ..., "ar": ...}
PROGRAMMES = {
    "outsourcing-since-2021-11": {
        "title": {
            "en": "Outsourcing memoranda since November 2021",
            "ar": "مذكرات التفاهم في مجال ترحيل الخدمات منذ نونبر 2021",
        },
        "description": {
            "en": "The signings of memoranda of understanding between the government and "
            "outsourcing operators since November 2021. Officials have given totals for them "
            "that the signings found in public sources do not reach: no public source found "
            "names the agreements that would make up the rest.",
            "ar": "حفلات توقيع مذكرات التفاهم بين الحكومة وفاعلين في ترحيل الخدمات منذ نونبر "
            "2021. قدّم المسؤولون عنها مجاميع لا تبلغها حفلات التوقيع الموجودة في المصادر "
            "العمومية: لا يسمي أي مصدر عمومي وُجد الاتفاقات التي تكمّل الباقي.",
        },
    },
}
# A claim's French paraphrase or recorded reason, exactly as the data gives it (after the
# constants are concatenated) -> {"en": ..., "ar": ...}
TEXTS = {
    "Le programme de l'entreprise, non l'appui de la région.": {
        "en": "The company's programme, not the region's support.",
        "ar": "برنامج الشركة، لا دعم الجهة.",
    },
    "Source officielle, retenue avant la presse et l'entreprise.": {
        "en": "Official source, preferred over the press and the company.",
        "ar": "مصدر رسمي، مقدَّم على الصحافة والشركة.",
    },
    "La seule source qui donne ce chiffre.": {
        "en": "The only source that gives this figure.",
        "ar": "المصدر الوحيد الذي يقدم هذا الرقم.",
    },
    "La seule source qui donne ce chiffre. Déclaré par la presse, non vérifié.": {
        "en": "The only source that gives this figure. Stated by the press, not verified.",
        "ar": "المصدر الوحيد الذي يقدم هذا الرقم. صرحت به الصحافة، ولم يُتحقق منه.",
    },
    "La source fondatrice du portail, citant le communiqué du ministère.": {
        "en": "The portal's founding source, citing the ministry's press release.",
        "ar": "المصدر المؤسس للبوابة، نقلا عن بلاغ الوزارة.",
    },
    "Presse retenue avant le communiqué de l'entreprise.": {
        "en": "Press preferred over the company's press release.",
        "ar": "الصحافة مقدَّمة على بلاغ الشركة.",
    },
    "Le ministère et la plupart des sources placent la signature à Casablanca.": {
        "en": "The ministry and most sources place the signing in Casablanca.",
        "ar": "تضع الوزارة ومعظم المصادر حفل التوقيع في الدار البيضاء.",
    },
    "Place la signature à Tanger ; toutes les autres sources disent Casablanca.": {
        "en": "Places the signing in Tangier; all the other sources say Casablanca.",
        "ar": "يضع حفل التوقيع في طنجة؛ وتقول كل المصادر الأخرى الدار البيضاء.",
    },
    "L'investissement de NTT Data pour son propre projet.": {
        "en": "NTT Data's investment for its own project.",
        "ar": "استثمار NTT Data في مشروعها الخاص.",
    },
    "Cnexia, filiale de Bell Canada, employait déjà 800 personnes, à Fès.": {
        "en": "Cnexia, a subsidiary of Bell Canada, already employed 800 people, in Fez.",
        "ar": "كانت Cnexia، الفرع التابع لـBell Canada، تشغّل من قبل 800 شخص في فاس.",
    },
    "NTT Data lançait alors une activité BPO près de Cabo Negro (Tétouan).": {
        "en": "NTT Data was then launching a BPO activity near Cabo Negro (Tetouan).",
        "ar": "كانت NTT Data آنذاك تطلق نشاطا في مجال BPO قرب كابو نيغرو (تطوان).",
    },
    "Le chiffre officiel (le Chef du gouvernement, juillet 2023) ; à la signature, "
    "« des milliers » n'était pas un nombre.": {
        "en": "The official figure (the Head of Government, July 2023); at the signing, "
        "“thousands” was not a number.",
        "ar": "الرقم الرسمي (رئيس الحكومة، يوليوز 2023)؛ عند التوقيع، لم تكن «الآلاف» رقما.",
    },
    "Le total que donnent toutes les sources.": {
        "en": "The total that all the sources give.",
        "ar": "المجموع الذي تقدمه كل المصادر.",
    },
    "La seule source qui répartit les 3 000 emplois (un seul média, citant le ministère).": {
        "en": "The only source that splits the 3,000 jobs (a single outlet, citing the ministry).",
        "ar": "المصدر الوحيد الذي يوزع مناصب الشغل الـ3000 (وسيلة إعلام واحدة، نقلا عن الوزارة).",
    },
    "Le plan de Kolibri rapporté avant la signature.": {
        "en": "Kolibri's plan as reported before the signing.",
        "ar": "خطة Kolibri كما نُقلت قبل التوقيع.",
    },
    "Le premier compte rendu ; un autre dit « plus de 1 000 ».": {
        "en": "The first report; another says “more than 1,000”.",
        "ar": "أول تقرير؛ ويقول آخر «أكثر من 1000».",
    },
    "La seule source qui donne la période.": {
        "en": "The only source that gives the period.",
        "ar": "المصدر الوحيد الذي يقدم الفترة.",
    },
    "Les mêmes objectifs exprimés en effectifs atteints, non en emplois créés.": {
        "en": "The same targets expressed as headcounts reached, not as jobs created.",
        "ar": "الأهداف نفسها معبَّرا عنها بعدد المستخدمين المبلوغ، لا بمناصب الشغل المحدثة.",
    },
    "Aucune source ne relie cette croissance au mémorandum.": {
        "en": "No source links this growth to the memorandum.",
        "ar": "لا يربط أي مصدر هذا النمو بالمذكرة.",
    },
    "Le chiffre que donnent toutes les sources.": {
        "en": "The figure that all the sources give.",
        "ar": "الرقم الذي تقدمه كل المصادر.",
    },
    "Le chiffre dans les mots de la ministre, cités par le même communiqué.": {
        "en": "The figure in the minister's words, quoted by the same press release.",
        "ar": "الرقم بكلمات الوزيرة، كما نقلها البلاغ نفسه.",
    },
    "Le chiffre d'Ewane, donné pour les deux entreprises ensemble.": {
        "en": "Ewane's figure, given for the two companies together.",
        "ar": "رقم Ewane، المعطى للشركتين معا.",
    },
    "Trois sites : Tanger, Tétouan et Al Hoceima.": {
        "en": "Three sites: Tangier, Tetouan and Al Hoceima.",
        "ar": "ثلاثة مواقع: طنجة وتطوان والحسيمة.",
    },
    "Le total le plus récent d'un ministre.": {
        "en": "A minister's most recent total.",
        "ar": "أحدث مجموع قدمه وزير.",
    },
    "Les mémorandums de l'outsourcing depuis novembre 2021, selon la ministre à la signature "
    "avec Thales ; exprimés comme des emplois « créés », ce sont des promesses.": {
        "en": "The outsourcing memoranda since November 2021, according to the minister at "
        "the signing with Thales; expressed as jobs “created”, they are promises.",
        "ar": "مذكرات التفاهم في مجال ترحيل الخدمات منذ نونبر 2021، حسب الوزيرة خلال حفل "
        "التوقيع مع Thales؛ وهي وعود، وإن عُبّر عنها كمناصب شغل «محدثة».",
    },
    "Les mémorandums récents du ministère, selon une réponse à la Chambre des représentants "
    "après octobre 2022.": {
        "en": "The ministry's recent memoranda, according to an answer to the House of "
        "Representatives after October 2022.",
        "ar": "مذكرات التفاهم الأخيرة للوزارة، حسب جواب أمام مجلس النواب بعد أكتوبر 2022.",
    },
}
