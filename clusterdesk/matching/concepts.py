"""A curated multilingual lexicon of the domain: words of English, French and German that mean
the same thing point to one concept id, so a French need and an English call meet on concepts.

Each concept lists words and phrases per language, the themes it belongs to (used to give
calls and providers themes they do not declare) and an English label shown in the reasons
(marked for translation, translated by `label`).
Phrases are matched on the stems of consecutive words; single words on their stem in the
text's language or on their folded form in any language; long words (German compounds such as
"Digitalisierungsstrategie") also on the German and French forms they contain.

`detect(words, language)` returns the concepts of a tokenised text with their counts.
Editing the lexicon is how an adviser teaches the engine a synonym: add the word, run
`clusterdesk matching evaluate` and look at the held-out figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from clusterdesk.matching.i18n import _, gettext_noop
from clusterdesk.matching.text import LANGUAGES, fold, stem, tokens

DIG = "digitalisation"
SUS = "sustainable_development"
NIM = "new_innovation_models"
BMI = "business_model_innovation"
RVC = "regional_value_chains"


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    themes: tuple[str, ...]
    en: tuple[str, ...]
    fr: tuple[str, ...]
    de: tuple[str, ...]

    def words(self, language: str) -> tuple[str, ...]:
        return {"en": self.en, "fr": self.fr, "de": self.de}[language]


def _c(id: str, label: str, themes: str, en: str, fr: str, de: str) -> Concept:
    def split(value: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in value.split("|") if part.strip())

    return Concept(id, label, split(themes), split(en), split(fr), split(de))


CONCEPTS: tuple[Concept, ...] = (
    # --- digital -------------------------------------------------------------------------
    _c(
        "digitalisation",
        gettext_noop("digitalisation"),
        DIG,
        "digitalisation|digitalization|digitalise|digitalize|digitise|digitize|digitisation|"
        "digitization|digital transformation|digital transition|digital|digitally|"
        "paperless|dematerialisation",
        "digitalisation|digitaliser|numérique|numériques|transformation numérique|"
        "transition numérique|digital|digitale|dématérialisation|informatisation",
        "Digitalisierung|digitalisieren|digital|digitale|digitalen|digitaler|"
        "digitale Transformation|Digitalisierungs|papierlos|Digitaliséierung",
    ),
    _c(
        "industry40",
        gettext_noop("Industry 4.0 / smart manufacturing"),
        DIG,
        "industry 4 0|industry 4|smart factory|smart manufacturing|connected factory|"
        "digital thread|factory of the future",
        "industrie 4 0|usine du futur|usine connectée|usine intelligente|industrie du futur",
        "Industrie 4 0|intelligente Fabrik|Smart Factory|vernetzte Produktion",
    ),
    _c(
        "erp",
        gettext_noop("ERP and business software"),
        DIG,
        "erp|enterprise resource planning|business software|management software|crm|"
        "invoicing software|accounting software",
        "erp|progiciel|progiciel de gestion|logiciel de gestion|crm|logiciel de facturation",
        "ERP|Warenwirtschaft|Warenwirtschaftssystem|Unternehmenssoftware|ERP System|CRM",
    ),
    _c(
        "software",
        gettext_noop("software and applications"),
        DIG,
        "software|application|applications|app|apps|platform|tool|tools|it system|it systems",
        "logiciel|logiciels|application|outil|outils|plateforme|système informatique",
        "Software|Anwendung|Anwendungen|App|Plattform|Werkzeug|Tools|IT System",
    ),
    _c(
        "cloud",
        gettext_noop("cloud computing"),
        DIG,
        "cloud|cloud computing|saas|hosting|servers|server|data centre|data center",
        "cloud|informatique en nuage|nuage|serveur|serveurs|hébergement|centre de données",
        "Cloud|Server|Rechenzentrum|Hosting",
    ),
    _c(
        "cybersecurity",
        gettext_noop("cybersecurity"),
        DIG,
        "cybersecurity|cyber security|cyber|cyberattack|cyber attack|cyberattacks|"
        "information security|it security|ransomware|phishing|hacker|hackers|hacked|"
        "malware|nis2|nis 2|iso 27001|security breach|penetration test|ot security",
        "cybersécurité|cyber sécurité|cyberattaque|cyberattaques|sécurité informatique|"
        "sécurité de l information|rançongiciel|hameçonnage|piratage|piraté|pirate|nis2",
        "Cybersicherheit|Cyber Sicherheit|IT Sicherheit|Informationssicherheit|Cyberangriff|"
        "Cyberangriffe|Hackerangriff|gehackt|Datensicherheit|Ransomware|Phishing|NIS2|"
        "Cybersécherheet|IT Sécherheet",
    ),
    _c(
        "ai",
        gettext_noop("artificial intelligence"),
        DIG + "|" + NIM,
        "artificial intelligence|ai|machine learning|deep learning|neural network|"
        "neural networks|generative ai|genai|chatgpt|llm|llms|large language model|"
        "language models|chatbot|chatbots|computer vision|ai act",
        "intelligence artificielle|ia|apprentissage automatique|apprentissage profond|"
        "ia générative|réseau de neurones|chatbot|vision par ordinateur",
        "künstliche Intelligenz|KI|maschinelles Lernen|Deep Learning|generative KI|"
        "neuronale Netze|Chatbot|Bilderkennung|Kënschtlech Intelligenz",
    ),
    _c(
        "data",
        gettext_noop("data and analytics"),
        DIG,
        "data|data analytics|analytics|big data|business intelligence|dashboard|dashboards|"
        "data management|data governance|kpi|kpis|data driven|data sharing|data spaces",
        "données|analyse de données|big data|tableau de bord|tableaux de bord|"
        "gestion des données|business intelligence|indicateurs",
        "Daten|Datenanalyse|Datenmanagement|Big Data|Dashboard|Dashboards|Kennzahlen|"
        "Business Intelligence|datengetrieben",
    ),
    _c(
        "iot",
        gettext_noop("IoT and sensors"),
        DIG,
        "iot|internet of things|sensor|sensors|connected machines|connected devices|"
        "edge computing|retrofit",
        "iot|internet des objets|objets connectés|capteur|capteurs|machines connectées|supervision",
        "IoT|Internet der Dinge|Sensor|Sensoren|Sensorik|vernetzte Maschinen|Überwachung",
    ),
    _c(
        "automation",
        gettext_noop("automation and robotics"),
        DIG + "|" + NIM,
        "automation|automate|automated|automating|robot|robots|robotics|cobot|cobots|"
        "robotic|autonomous systems",
        "automatisation|automatiser|automatisé|robot|robots|robotique|cobot|cobots|robotisation",
        "Automatisierung|automatisieren|automatisiert|Roboter|Robotik|Cobot|Cobots|"
        "Automatiséierung",
    ),
    _c(
        "predictive_maintenance",
        gettext_noop("predictive maintenance"),
        DIG,
        "predictive maintenance|maintenance|condition monitoring|machine breakdowns|"
        "downtime|breakdowns",
        "maintenance prédictive|maintenance|pannes|temps d arrêt|arrêts machine",
        "vorausschauende Wartung|Predictive Maintenance|Wartung|Instandhaltung|"
        "Maschinenausfälle|Stillstand|Ausfallzeiten",
    ),
    _c(
        "additive_manufacturing",
        gettext_noop("additive manufacturing / 3D printing"),
        NIM + "|" + DIG,
        "additive manufacturing|3d printing|3d printer|3d printed|3d print",
        "fabrication additive|impression 3d|imprimante 3d|imprimé en 3d",
        "additive Fertigung|3D Druck|3D Drucker|3D gedruckt|generative Fertigung",
    ),
    _c(
        "digital_twin",
        gettext_noop("digital twins and simulation"),
        DIG,
        "digital twin|digital twins|simulation|simulations|virtual prototype",
        "jumeau numérique|jumeaux numériques|simulation",
        "digitaler Zwilling|digitale Zwillinge|Simulation",
    ),
    _c(
        "ecommerce",
        gettext_noop("online sales and websites"),
        DIG + "|" + BMI,
        "e commerce|ecommerce|webshop|web shop|online shop|online store|online sales|"
        "website|web site|marketplace|sell online",
        "commerce en ligne|e commerce|boutique en ligne|vente en ligne|site web|"
        "site internet|site marchand|vendre en ligne",
        "Onlineshop|Online Shop|Webshop|Onlinehandel|E Commerce|Website|Webseite|"
        "Internetseite|Homepage|online verkaufen",
    ),
    _c(
        "digital_marketing",
        gettext_noop("digital marketing"),
        DIG + "|" + BMI,
        "digital marketing|online marketing|seo|social media|linkedin|marketing|"
        "lead generation|newsletter",
        "marketing digital|marketing|réseaux sociaux|référencement|seo|linkedin",
        "Online Marketing|Marketing|soziale Medien|Social Media|SEO|LinkedIn",
    ),
    _c(
        "gdpr",
        gettext_noop("data protection (GDPR)"),
        DIG,
        "gdpr|data protection|privacy|personal data",
        "rgpd|protection des données|données personnelles|vie privée",
        "DSGVO|Datenschutz|personenbezogene Daten|Datenschutzgrundverordnung",
    ),
    _c(
        "connectivity",
        gettext_noop("connectivity and networks"),
        DIG,
        "5g|connectivity|telecommunications|telecom|broadband|network infrastructure",
        "5g|connectivité|télécommunications|haut débit",
        "5G|Konnektivität|Telekommunikation|Breitband",
    ),
    _c(
        "hpc",
        gettext_noop("high-performance computing and quantum"),
        DIG + "|" + NIM,
        "hpc|high performance computing|supercomputer|supercomputing|quantum|quantum computing",
        "calcul haute performance|supercalculateur|quantique|informatique quantique",
        "Hochleistungsrechnen|Supercomputer|Quanten|Quantencomputer|Quantentechnologie",
    ),
    _c(
        "semiconductors",
        gettext_noop("semiconductors and electronics"),
        NIM,
        "semiconductor|semiconductors|chips|chip|microelectronics|electronics|photonics",
        "semi conducteurs|semiconducteurs|puces|microélectronique|électronique|photonique",
        "Halbleiter|Chips|Mikroelektronik|Elektronik|Photonik",
    ),
    # --- skills, advice, diagnosis --------------------------------------------------------
    _c(
        "training",
        gettext_noop("training and skills"),
        "",
        "training|trainings|course|courses|upskilling|reskilling|skills|"
        "learn|learning|teach|seminar|bootcamp|masterclass|webinar|e learning|staff training",
        "formation|formations|former|cours|compétences|apprendre|"
        "séminaire|montée en compétences|sensibilisation|webinaire",
        "Schulung|Schulungen|Weiterbildung|Fortbildung|Kurs|Kurse|Kompetenzen|Seminar|"
        "Workshop|lernen|schulen|Qualifizierung|Weiderbildung|Formatioun",
    ),
    _c(
        "diagnosis",
        gettext_noop("diagnosis and assessment"),
        "",
        "diagnosis|diagnostic|assessment|assess|audit|maturity|self assessment|"
        "maturity assessment|health check|check up|gap analysis|analysis of the situation",
        "diagnostic|évaluation|évaluer|audit|maturité|autodiagnostic|état des lieux|bilan",
        "Diagnose|Bewertung|Bestandsaufnahme|Audit|Reifegrad|Reifegradanalyse|"
        "Standortbestimmung|Check|Analyse",
    ),
    _c(
        "consulting",
        gettext_noop("consultants and advice"),
        "",
        "consultant|consultants|consultancy|consulting|advice|adviser|advisor|advisory|"
        "expert|experts|coaching|coach|guidance|mentoring",
        "consultant|consultants|conseil|conseiller|accompagnement|accompagner|expert|"
        "experts|coaching|appui",
        "Berater|Beratung|beraten|Unternehmensberatung|Coaching|Experte|Experten|"
        "Begleitung|Unterstützung",
    ),
    _c(
        "roadmap",
        gettext_noop("strategy and roadmap"),
        BMI,
        "roadmap|strategy|strategic|action plan|priorities|repositioning",
        "feuille de route|stratégie|stratégique|plan d action|priorités|repositionnement",
        "Fahrplan|Strategie|strategisch|Roadmap|Maßnahmenplan|Aktionsplan|Neuausrichtung",
    ),
    # --- money -----------------------------------------------------------------------------
    _c(
        "funding",
        gettext_noop("funding and subsidies"),
        "",
        "funding|fund|funds|funded|grant|grants|subsidy|subsidies|subsidised|aid|"
        "financial support|co financing|cofinancing|co funding|financing|finance|"
        "public support|state aid|money|budget|reimbursement",
        "financement|financements|financer|subvention|subventions|subventionné|aide|aides|"
        "aide financière|cofinancement|aides d état|soutien financier|fonds|prime|primes",
        "Förderung|Fördermittel|fördern|gefördert|Förderprogramm|Zuschuss|Zuschüsse|"
        "Beihilfe|Beihilfen|Finanzierung|finanzieren|Subvention|Förderprogramme|"
        "Finanzhilfe|Bäihëllef|Bäihëllefen|Ënnerstëtzung",
    ),
    _c(
        "investment",
        gettext_noop("investment and loans"),
        "",
        "investment|investments|invest|investing|capex|loan|loans|equipment purchase|"
        "new machine|new machines|machinery",
        "investissement|investissements|investir|prêt|prêts|équipement|nouvelle machine|"
        "nouvelles machines|machines",
        "Investition|Investitionen|investieren|Darlehen|Kredit|Anschaffung|neue Maschine|"
        "neue Maschinen|Maschinen",
    ),
    _c(
        "eu_funding",
        gettext_noop("EU funding programmes"),
        NIM,
        "horizon europe|horizon|eu funding|european funding|eu programme|eu programmes|"
        "eu call|eu calls|eu money|eu funds|eu level|european commission|eic|eic accelerator|"
        "erc|digital europe|"
        "life programme|innovation fund|european defence fund|edf|msca|eu project|"
        "european project|eu grant|eu grants|cluster 4|cluster 5|eurostars|interreg",
        "horizon europe|fonds européens|financement européen|programme européen|"
        "programmes européens|appel européen|appels européens|projet européen|"
        "commission européenne|eic|subvention européenne",
        "Horizont Europa|Horizon Europe|EU Förderung|europäische Förderung|EU Programm|"
        "EU Programme|EU Projekt|europäisches Projekt|EU Ausschreibung|EU Mittel|"
        "Europäische Kommission|EIC|EU Fördermittel",
    ),
    _c(
        "call",
        gettext_noop("calls for proposals"),
        "",
        "calls|call for proposals|open call|eu call|tender|tenders|proposal|proposals|deadline",
        "appel|appels|appel à projets|appels à projets|appel d offres|candidature|"
        "proposition|date limite",
        "Ausschreibung|Ausschreibungen|Aufruf|Projektaufruf|Antrag|Einreichung|Frist",
    ),
    # --- innovation and research -------------------------------------------------------------
    _c(
        "research",
        gettext_noop("research and development"),
        NIM,
        "research|r d|rdi|r d i|research and development|experimental development|"
        "industrial research|rd project|research project|research organisation|"
        "research centre|research center|laboratory|lab|university|universities",
        "recherche|r d|rdi|recherche et développement|développement expérimental|"
        "recherche industrielle|projet de recherche|laboratoire|centre de recherche|"
        "université",
        "Forschung|F E|FuE|Forschung und Entwicklung|Entwicklung|Forschungsprojekt|"
        "Forschungszentrum|Labor|Universität|Hochschule|Forschungseinrichtung",
    ),
    _c(
        "innovation",
        gettext_noop("innovation"),
        NIM,
        "innovation|innovations|innovate|innovative|new product|new products|"
        "product development|prototype|prototyping|pilot|pilot project|demonstrator",
        "innovation|innovations|innover|innovant|innovante|nouveau produit|"
        "nouveaux produits|développement de produit|prototype|prototypage|projet pilote",
        "Innovation|Innovationen|innovativ|innovative|Neuentwicklung|neues Produkt|"
        "neue Produkte|Produktentwicklung|Prototyp|Pilotprojekt|Innovatioun",
    ),
    _c(
        "feasibility",
        gettext_noop("feasibility studies"),
        NIM,
        "feasibility|feasibility study|proof of concept|technical feasibility",
        "faisabilité|étude de faisabilité|preuve de concept",
        "Machbarkeit|Machbarkeitsstudie|Proof of Concept|Vorstudie",
    ),
    _c(
        "ip",
        gettext_noop("intellectual property and patents"),
        NIM,
        "patent|patents|patenting|intellectual property|ip|trademark|trademarks|licensing|"
        "licence|license|prior art|ipr",
        "brevet|brevets|breveter|propriété intellectuelle|marque|marques|licence|"
        "licences|dépôt de brevet",
        "Patent|Patente|Patentanmeldung|geistiges Eigentum|Schutzrecht|Schutzrechte|"
        "Marke|Markenschutz|Lizenz|Lizenzen|patentieren",
    ),
    _c(
        "process_innovation",
        gettext_noop("process and organisational innovation"),
        NIM,
        "process innovation|organisational innovation|organizational innovation|"
        "new process|production process|processes|workflow|workflows|organisation",
        "innovation de procédé|innovation organisationnelle|procédé|procédés|processus|"
        "organisation",
        "Prozessinnovation|Organisationsinnovation|Prozess|Prozesse|Abläufe|Organisation|Verfahren",
    ),
    _c(
        "partners",
        gettext_noop("partners and consortia"),
        "",
        "partner|partners|partnership|consortium|consortia|collaboration|collaborative|"
        "cooperation|co operation|joint project|matchmaking|partner search",
        "partenaire|partenaires|partenariat|consortium|collaboration|collaboratif|"
        "coopération|projet commun|recherche de partenaires",
        "Partner|Partnerschaft|Konsortium|Kooperation|Zusammenarbeit|Verbundprojekt|"
        "Partnersuche|Kooperationspartner",
    ),
    _c(
        "startup",
        gettext_noop("start-ups"),
        BMI + "|" + NIM,
        "start up|startup|startups|start ups|young company|young companies|founder|"
        "founders|spin off|spinoff|accelerator|incubator|scale up|scaleup|new company|"
        "young innovative",
        "start up|startup|jeune entreprise|jeunes entreprises|fondateur|fondateurs|"
        "créateur|création d entreprise|accélérateur|incubateur|jeune pousse",
        "Startup|Start up|Gründer|Gründung|Existenzgründung|Jungunternehmen|junges Unternehmen|"
        "Ausgründung|Inkubator|Accelerator",
    ),
    _c(
        "investors",
        gettext_noop("investors and venture capital"),
        BMI,
        "investor|investors|venture capital|vc|business angel|business angels|fundraising|"
        "fund raising|seed funding|equity financing|series a",
        "investisseur|investisseurs|capital risque|levée de fonds|lever des fonds|"
        "business angels|amorçage",
        "Investor|Investoren|Risikokapital|Wagniskapital|Kapitalgeber|Business Angel|"
        "Finanzierungsrunde|Beteiligungskapital",
    ),
    # --- markets and business models -----------------------------------------------------------
    _c(
        "export",
        gettext_noop("export and internationalisation"),
        BMI,
        "export|exports|exporting|exporter|international|internationalisation|"
        "internationalization|foreign markets|new markets|abroad|trade mission|"
        "trade missions|market entry|trade fair|distributors",
        "export|exportation|exporter|international|internationalisation|marchés étrangers|"
        "nouveaux marchés|étranger|mission commerciale|salon|distributeurs",
        "Export|exportieren|Internationalisierung|international|Auslandsmarkt|"
        "Auslandsmärkte|Ausland|Markteintritt|neue Märkte|Messe|Wirtschaftsmission|"
        "Vertriebspartner",
    ),
    _c(
        "market_intelligence",
        gettext_noop("market intelligence"),
        BMI,
        "market study|market studies|market analysis|market research|competitor|"
        "competitors|trends|market intelligence|"
        "technology watch|market size",
        "étude de marché|analyse de marché|concurrent|concurrents|concurrence|veille|"
        "tendances|veille technologique|benchmark",
        "Marktstudie|Marktanalyse|Marktforschung|Wettbewerber|Konkurrenz|Wettbewerb|"
        "Trends|Marktbeobachtung|Technologiebeobachtung",
    ),
    _c(
        "business_model",
        gettext_noop("business models"),
        BMI,
        "business model|business models|servitization|servitisation|value proposition|"
        "pricing|subscription|pay per use|product as a service|new service|new services|"
        "diversification|diversify",
        "modèle d affaires|modèle économique|business model|proposition de valeur|"
        "diversification|diversifier|nouveaux services|abonnement",
        "Geschäftsmodell|Geschäftsmodelle|Wertversprechen|Diversifizierung|"
        "diversifizieren|neue Dienstleistungen|Abo Modell",
    ),
    _c(
        "lean",
        gettext_noop("lean and operational performance"),
        NIM,
        "lean|productivity|productive|lead time|lead times|kaizen|continuous improvement|"
        "six sigma|operational performance|operational excellence|bottleneck|bottlenecks|"
        "throughput|waste elimination|5s|oee|value stream",
        "lean|productivité|amélioration continue|délais|gaspillage|performance "
        "opérationnelle|goulot|goulots|excellence opérationnelle|flux",
        "Lean|Produktivität|KVP|kontinuierliche Verbesserung|Verschwendung|Durchlaufzeit|"
        "Durchlaufzeiten|Engpass|Engpässe|operative Exzellenz|Wertstrom",
    ),
    _c(
        "quality",
        gettext_noop("quality"),
        NIM,
        "quality|quality control|quality assurance|inspection|defects|defect|scrap|"
        "iso 9001|rejects",
        "qualité|contrôle qualité|assurance qualité|défauts|rebuts|inspection",
        "Qualität|Qualitätssicherung|Qualitätskontrolle|Fehler|Ausschuss|Prüfung",
    ),
    _c(
        "manufacturing",
        gettext_noop("manufacturing and production"),
        "",
        "manufacturing|manufacturer|manufacturers|production|factory|factories|plant|"
        "shop floor|shopfloor|machining|industrial|industry|assembly|workshop floor",
        "production|fabrication|fabricant|usine|usines|atelier|industriel|industrielle|"
        "industrie|usinage|assemblage",
        "Produktion|Fertigung|Hersteller|Fabrik|Werk|Werkstatt|industriell|Industrie|"
        "Montage|Zerspanung|Fertigungsbetrieb|Produktioun",
    ),
    _c(
        "regulation",
        gettext_noop("regulation and certification"),
        "",
        "regulation|regulations|regulatory|compliance|compliant|directive|certification|"
        "ce marking|standard|standards|norm",
        "réglementation|réglementaire|conformité|directive|certification|marquage ce|norme|normes",
        "Regulierung|Verordnung|Richtlinie|Compliance|Zertifizierung|CE Kennzeichnung|"
        "Norm|Normen|Vorschriften",
    ),
    _c(
        "hr",
        gettext_noop("staff and recruitment"),
        "",
        "recruitment|recruit|hiring|hire|talent|talents|skilled workers|staff shortage|"
        "human resources",
        "recrutement|recruter|embauche|talents|pénurie de personnel|main d œuvre|"
        "ressources humaines",
        "Fachkräfte|Fachkräftemangel|Rekrutierung|Personalmangel|Personalsuche",
    ),
    _c(
        "staff",
        gettext_noop("staff and operators"),
        "",
        "staff|employees|operators|workers|workforce|personnel|technicians|team members",
        "salariés|employés|personnel|opérateurs|collaborateurs|techniciens|ouvriers",
        "Mitarbeiter|Mitarbeitende|Belegschaft|Personal|Bediener|Techniker|Arbeiter|Beschäftigte",
    ),
    _c(
        "networking",
        gettext_noop("networking and events"),
        "",
        "networking|network|event|events|meet|b2b meetings|community|ecosystem|working group",
        "réseau|réseautage|événement|événements|mise en relation|rencontre|rencontres|"
        "écosystème|groupe de travail",
        "Netzwerk|Netzwerken|Veranstaltung|Veranstaltungen|Vernetzung|Treffen|"
        "Arbeitsgruppe|Ökosystem",
    ),
    # --- sustainability --------------------------------------------------------------------------
    _c(
        "sustainability",
        gettext_noop("sustainability"),
        SUS,
        "sustainability|sustainable|green|environmental|environment|esg|ecological|"
        "green transition|eco friendly|climate friendly",
        "durabilité|durable|durables|environnement|environnemental|environnementale|vert|"
        "verte|écologique|transition écologique|développement durable",
        "Nachhaltigkeit|nachhaltig|nachhaltige|Umwelt|ökologisch|grün|grüne|"
        "ökologische Transformation|Nohaltegkeet",
    ),
    _c(
        "decarbonisation",
        gettext_noop("decarbonisation and carbon footprint"),
        SUS,
        "carbon footprint|co2|carbon|emissions|decarbonisation|decarbonization|"
        "decarbonise|greenhouse gas|greenhouse gases|ghg|net zero|climate|climate neutral|"
        "scope 3|low carbon",
        "bilan carbone|empreinte carbone|carbone|co2|émissions|décarbonation|"
        "décarboner|décarbonisation|gaz à effet de serre|climat|neutralité carbone|"
        "bas carbone",
        "CO2 Bilanz|CO2|Klimabilanz|Emissionen|Dekarbonisierung|dekarbonisieren|"
        "Treibhausgas|Treibhausgase|klimaneutral|Klimaneutralität|Klima|CO2 Fussabdruck",
    ),
    _c(
        "energy_efficiency",
        gettext_noop("energy efficiency"),
        SUS,
        "energy efficiency|energy efficient|energy audit|energy savings|save energy|"
        "energy consumption|energy costs|energy bill|energy management|iso 50001|"
        "heat recovery|compressed air|insulation",
        "efficacité énergétique|audit énergétique|économies d énergie|économiser l énergie|"
        "consommation d énergie|consommation énergétique|facture énergétique|"
        "coûts énergétiques|récupération de chaleur|isolation",
        "Energieeffizienz|Energieaudit|Energie sparen|Energiesparen|Energieverbrauch|"
        "Energiekosten|Energiemanagement|Wärmerückgewinnung|Druckluft|Dämmung|"
        "Energie spueren",
    ),
    _c(
        "energy",
        gettext_noop("energy"),
        SUS,
        "energy|electricity|heating|energy transition",
        "énergie|électricité|chauffage|transition énergétique|énergétique",
        "Energie|Strom|Heizung|Energiewende|energetisch",
    ),
    _c(
        "renewables",
        gettext_noop("renewable energy"),
        SUS,
        "renewable|renewables|renewable energy|solar|photovoltaic|photovoltaics|pv|"
        "wind|heat pump|heat pumps|geothermal|biogas",
        "renouvelable|renouvelables|énergies renouvelables|solaire|photovoltaïque|"
        "panneaux solaires|éolien|pompe à chaleur|géothermie",
        "erneuerbare|erneuerbare Energien|Solar|Photovoltaik|PV|Windkraft|Wärmepumpe|"
        "Geothermie|Solaranlage",
    ),
    _c(
        "hydrogen",
        gettext_noop("hydrogen"),
        SUS + "|" + NIM,
        "hydrogen|fuel cell|fuel cells|electrolyser|electrolyzer|electrolysis|h2",
        "hydrogène|pile à combustible|piles à combustible|électrolyseur|électrolyse",
        "Wasserstoff|Brennstoffzelle|Brennstoffzellen|Elektrolyseur|Elektrolyse",
    ),
    _c(
        "batteries",
        gettext_noop("batteries and energy storage"),
        SUS + "|" + NIM,
        "battery|batteries|energy storage|battery storage",
        "batterie|batteries|stockage d énergie",
        "Batterie|Batterien|Akku|Energiespeicher|Speicher",
    ),
    _c(
        "circular_economy",
        gettext_noop("circular economy"),
        SUS + "|" + BMI,
        "circular economy|circularity|circular|recycling|recycle|recycled|reuse|re use|"
        "remanufacturing|refurbish|waste|eco design|ecodesign|repair|repairability|"
        "by products|secondary raw materials|take back",
        "économie circulaire|circularité|circulaire|recyclage|recycler|réemploi|"
        "réutilisation|reconditionnement|déchets|écoconception|éco conception|réparation|"
        "valorisation",
        "Kreislaufwirtschaft|Kreislauf|zirkulär|Recycling|recyceln|Wiederverwendung|"
        "Wiederaufbereitung|Abfall|Abfälle|Ökodesign|Reparatur|Sekundärrohstoffe",
    ),
    _c(
        "water",
        gettext_noop("water"),
        SUS,
        "water|wastewater|waste water|water consumption",
        "eau|eaux usées|consommation d eau",
        "Wasser|Abwasser|Wasserverbrauch",
    ),
    _c(
        "lca",
        gettext_noop("life cycle assessment"),
        SUS,
        "life cycle assessment|life cycle analysis|lca|life cycle|environmental footprint|"
        "product footprint|epd",
        "analyse de cycle de vie|analyse du cycle de vie|acv|cycle de vie|"
        "empreinte environnementale",
        "Ökobilanz|Lebenszyklusanalyse|Lebenszyklus|Umweltfussabdruck",
    ),
    _c(
        "esg_reporting",
        gettext_noop("sustainability reporting (CSRD, ESG)"),
        SUS,
        "csrd|esg reporting|sustainability report|sustainability reporting|"
        "non financial reporting|vsme|taxonomy|esg data|due diligence",
        "csrd|rapport de durabilité|reporting extra financier|reporting de durabilité|"
        "rse|déclaration de performance extra financière|taxonomie",
        "CSRD|Nachhaltigkeitsbericht|Nachhaltigkeitsberichterstattung|ESG Bericht|"
        "Taxonomie|Sorgfaltspflichten",
    ),
    _c(
        "materials",
        gettext_noop("materials and composites"),
        NIM,
        "materials|material|composites|composite|lightweight|polymers|plastics|plastic|"
        "metals|metal|steel|alloys|coatings|surface treatment|advanced materials",
        "matériaux|matériau|composites|composite|plastique|plastiques|métal|métaux|acier|"
        "revêtements|traitement de surface|allègement",
        "Werkstoffe|Werkstoff|Materialien|Verbundwerkstoffe|Kunststoff|Kunststoffe|Metall|"
        "Stahl|Beschichtung|Beschichtungen|Oberflächentechnik|Leichtbau",
    ),
    _c(
        "packaging",
        gettext_noop("packaging"),
        SUS,
        "packaging|packages|films|containers|bottles",
        "emballage|emballages|conditionnement|films|bouteilles",
        "Verpackung|Verpackungen|Folien|Flaschen|Behälter",
    ),
    _c(
        "bioeconomy",
        gettext_noop("bio-based materials and bioeconomy"),
        SUS,
        "bio based|biobased|biomass|bioeconomy|bio economy|biomaterials",
        "biosourcé|biosourcés|biomasse|bioéconomie",
        "biobasiert|Biomasse|Bioökonomie|nachwachsende Rohstoffe",
    ),
    # --- value chains, sectors ------------------------------------------------------------------
    _c(
        "supply_chain",
        gettext_noop("supply chains and sourcing"),
        RVC,
        "supply chain|supply chains|supplier|suppliers|sourcing|procurement|"
        "subcontractor|subcontractors|subcontracting|value chain|value chains|logistics|"
        "nearshoring|reshoring|local suppliers|purchasing",
        "chaîne d approvisionnement|chaînes d approvisionnement|fournisseur|fournisseurs|"
        "approvisionnement|achats|sous traitant|sous traitants|sous traitance|"
        "chaîne de valeur|chaînes de valeur|logistique|relocalisation",
        "Lieferkette|Lieferketten|Lieferant|Lieferanten|Zulieferer|Beschaffung|Einkauf|"
        "Wertschöpfungskette|Wertschöpfung|Logistik|Subunternehmer|regionale Beschaffung",
    ),
    _c(
        "regional",
        gettext_noop("regional and local ecosystems"),
        RVC,
        "regional|region|local|greater region|short supply chains|territorial",
        "régional|régionale|région|local|locale|locaux|grande région|circuits courts",
        "regional|Region|lokal|Großregion|kurze Lieferketten|Groussregioun",
    ),
    _c(
        "resilience",
        gettext_noop("crisis and resilience"),
        BMI,
        "resilience|resilient|crisis|recovery|covid|pandemic|turnover drop|downturn|"
        "difficulties|restructuring",
        "résilience|résilient|crise|relance|covid|pandémie|baisse du chiffre d affaires|"
        "difficultés|restructuration",
        "Resilienz|resilient|Krise|Wiederaufbau|Umsatzrückgang|Umsatzeinbruch|Corona|"
        "Pandemie|Schwierigkeiten|Restrukturierung",
    ),
    _c(
        "defence",
        gettext_noop("defence and dual use"),
        NIM,
        "defence|defense|military|dual use|armed forces|security and defence",
        "défense|militaire|militaires|double usage|armée",
        "Verteidigung|militärisch|Rüstung|Dual Use|Bundeswehr|Armee",
    ),
    _c(
        "space",
        gettext_noop("space"),
        NIM,
        "space|satellite|satellites|earth observation|launcher|esa|copernicus|galileo",
        "spatial|spatiale|satellite|satellites|observation de la terre|espace",
        "Raumfahrt|Satellit|Satelliten|Erdbeobachtung|Weltraum",
    ),
    _c(
        "health",
        gettext_noop("health and medical technology"),
        NIM,
        "health|healthcare|medical|medical device|medical devices|hospital|hospitals|"
        "biotech|biotechnology|pharma|pharmaceutical|clinical|mdr|medtech|diagnostics",
        "santé|médical|médicale|dispositif médical|dispositifs médicaux|hôpital|hôpitaux|"
        "biotechnologie|pharmaceutique|clinique",
        "Gesundheit|medizinisch|Medizinprodukt|Medizinprodukte|Medizintechnik|"
        "Krankenhaus|Biotechnologie|Pharma|klinisch|Gesondheet",
    ),
    _c(
        "mobility",
        gettext_noop("mobility and automotive"),
        NIM,
        "mobility|automotive|vehicle|vehicles|electric vehicle|electric vehicles|"
        "electromobility|car|cars|transport|charging|smart mobility",
        "mobilité|automobile|véhicule|véhicules|véhicule électrique|électromobilité|"
        "transport|recharge",
        "Mobilität|Automobil|Automobilindustrie|Fahrzeug|Fahrzeuge|Elektromobilität|"
        "Elektroauto|Verkehr|Ladeinfrastruktur",
    ),
    _c(
        "construction",
        gettext_noop("construction and buildings"),
        SUS,
        "construction|building|buildings|bim|renovation|architecture|architects|"
        "contractor|contractors|craft|crafts|craftsmen|construction site",
        "construction|bâtiment|bâtiments|rénovation|architecture|architectes|chantier|"
        "chantiers|artisan|artisans|artisanat",
        "Bau|Bauwesen|Gebäude|Sanierung|Architektur|Baustelle|Handwerk|Handwerker|"
        "Bauunternehmen|Bauindustrie|Handwierk|Chantier",
    ),
    _c(
        "wood",
        gettext_noop("wood and timber"),
        SUS + "|" + RVC,
        "wood|timber|forestry|sawmill|carpentry|joinery|furniture",
        "bois|forêt|scierie|menuiserie|charpente|meubles",
        "Holz|Holzbau|Forst|Sägewerk|Schreinerei|Tischlerei|Möbel|Schräinerei",
    ),
    _c(
        "food",
        gettext_noop("food and agriculture"),
        SUS,
        "food|agri food|agrifood|agriculture|farming|farm|farmers",
        "alimentaire|agroalimentaire|agriculture|agricole|ferme|agriculteurs",
        "Lebensmittel|Landwirtschaft|landwirtschaftlich|Agrar|Ernährung",
    ),
)

CONCEPTS_BY_ID: dict[str, Concept] = {concept.id: concept for concept in CONCEPTS}
MIN_COMPOUND_PART = 6  # shortest form looked for inside a long word
MIN_COMPOUND_WORD = 9  # shortest word searched for compound parts
SHORT_PARTS = frozenset({"daten", "klima"})  # shorter forms still worth finding in compounds
NOT_PARTS = frozenset({"personal"})  # misleading inside longer words ("Personalisierung")


@dataclass(frozen=True)
class _Lexicon:
    by_stem: dict[tuple[str, str], tuple[str, ...]]  # (language, stem) → concepts
    by_form: dict[str, tuple[str, ...]]  # folded word, any language → concepts
    phrases: dict[tuple[str, str], tuple[tuple[tuple[str, ...], str], ...]]
    compound_parts: tuple[tuple[str, str], ...]  # (folded form, concept), longest first
    forms: tuple[str, ...]  # every folded single word, for typo correction


def _add(table: dict[Any, list[Any]], key: Any, value: Any) -> None:
    values = table.setdefault(key, [])
    if value not in values:
        values.append(value)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    by_stem: dict = {}
    by_form: dict = {}
    phrases: dict = {}
    parts: dict[str, str] = {}
    for concept in CONCEPTS:
        for language in LANGUAGES:
            for entry in concept.words(language):
                words = tokens(entry)
                if not words:
                    continue
                stems = tuple(stem(word, language) for word in words)
                if len(words) == 1:
                    _add(by_stem, (language, stems[0]), concept.id)
                    _add(by_form, fold(words[0]), concept.id)
                    form = fold(words[0])
                    # German compounds: the folded word (umlauts written out, so the part
                    # "foerderung" is not found in "anforderung"), never its stem.
                    if (
                        language == "de"
                        and (len(form) >= MIN_COMPOUND_PART or form in SHORT_PARTS)
                        and form not in NOT_PARTS
                    ):
                        parts.setdefault(form, concept.id)
                else:
                    _add(phrases, (language, stems[0]), (stems, concept.id))
    compound_parts = tuple(sorted(parts.items(), key=lambda item: (-len(item[0]), item[0])))
    return _Lexicon(
        by_stem={key: tuple(value) for key, value in by_stem.items()},
        by_form={key: tuple(value) for key, value in by_form.items()},
        phrases={key: tuple(value) for key, value in phrases.items()},
        compound_parts=compound_parts,
        forms=tuple(sorted(by_form)),
    )


@lru_cache(maxsize=262_144)
def word_concepts(word: str, language: str) -> tuple[str, ...]:
    """The concepts one lower-case word means in a language (its stem, its form, and for
    German the parts of a compound)."""
    table = lexicon()
    found: list[str] = []
    for concept_id in table.by_stem.get((language, stem(word, language)), ()):
        found.append(concept_id)
    for concept_id in table.by_form.get(fold(word), ()):
        if concept_id not in found:
            found.append(concept_id)
    folded = fold(word)
    if not found and language == "de" and len(folded) >= MIN_COMPOUND_WORD:
        for part, concept_id in table.compound_parts:
            if part in folded and part != folded and concept_id not in found:
                found.append(concept_id)
                folded = folded.replace(part, " ")  # a part counts once, then the rest
    return tuple(found)


def detect(
    words: Sequence[str], language: str, languages: Iterable[str] | None = None
) -> dict[str, int]:
    """Concept id → number of mentions in a tokenised text.

    `languages` (default: the text's own) are the languages whose stems are tried: a short
    need whose language is uncertain is read in all three.
    """
    return detect_with_coverage(words, language, languages)[0]


def detect_with_coverage(
    words: Sequence[str], language: str, languages: Iterable[str] | None = None
) -> tuple[dict[str, int], list[bool]]:
    """`detect`, and for each word whether a concept covers it."""
    table = lexicon()
    tried = tuple(languages) if languages else (language,)
    counts: dict[str, int] = {}
    stems_by_language = {code: [stem(word, code) for word in words] for code in tried}
    covered = [False] * len(words)
    # Phrases first (longest wins), so "economie circulaire" is one mention, not two.
    for position in range(len(words)):
        if covered[position]:
            continue
        best: tuple[int, str] | None = None
        for code in tried:
            stems = stems_by_language[code]
            for phrase, concept_id in table.phrases.get((code, stems[position]), ()):
                size = len(phrase)
                if tuple(stems[position : position + size]) == phrase and (
                    best is None or size > best[0]
                ):
                    best = (size, concept_id)
        if best is not None:
            size, concept_id = best
            counts[concept_id] = counts.get(concept_id, 0) + 1
            for covered_position in range(position, min(position + size, len(words))):
                covered[covered_position] = True
    for position, word in enumerate(words):
        if covered[position] or len(word) < 2:
            continue
        seen: list[str] = []
        for code in tried:
            for concept_id in word_concepts(word, code):
                if concept_id not in seen:
                    seen.append(concept_id)
        for concept_id in seen:
            counts[concept_id] = counts.get(concept_id, 0) + 1
        if seen:
            covered[position] = True
    return counts, covered


# Broader concepts a query also means, at a lower weight: a need for an ERP is a need to
# digitalise, and meets the offers that speak of digitalisation without naming ERPs.
PARENTS: dict[str, str] = {
    "industry40": "digitalisation",
    "erp": "digitalisation",
    "software": "digitalisation",
    "cloud": "digitalisation",
    "cybersecurity": "digitalisation",
    "ai": "digitalisation",
    "data": "digitalisation",
    "iot": "digitalisation",
    "automation": "digitalisation",
    "predictive_maintenance": "digitalisation",
    "digital_twin": "digitalisation",
    "ecommerce": "digitalisation",
    "digital_marketing": "digitalisation",
    "gdpr": "digitalisation",
    "decarbonisation": "sustainability",
    "energy_efficiency": "sustainability",
    "renewables": "sustainability",
    "circular_economy": "sustainability",
    "water": "sustainability",
    "lca": "sustainability",
    "esg_reporting": "sustainability",
    "bioeconomy": "sustainability",
    "hydrogen": "energy",
    "batteries": "energy",
    "feasibility": "research",
    "ip": "innovation",
    "process_innovation": "innovation",
    "additive_manufacturing": "innovation",
    "investors": "funding",
    "eu_funding": "funding",
    "lean": "process_innovation",
    "quality": "process_innovation",
    "market_intelligence": "business_model",
    "export": "business_model",
    "supply_chain": "regional",
}


def themes_of(concepts: Iterable[str]) -> tuple[str, ...]:
    """The themes the given concepts belong to, in a stable order."""
    found: list[str] = []
    for concept_id in concepts:
        concept = CONCEPTS_BY_ID.get(concept_id)
        for theme in concept.themes if concept else ():
            if theme not in found:
                found.append(theme)
    return tuple(sorted(found))


def english_label(concept_id: str) -> str:
    """The concept's label as written here (the msgid): for data that is cached."""
    concept = CONCEPTS_BY_ID.get(concept_id)
    return concept.label if concept else concept_id


def label(concept_id: str) -> str:
    """The concept's label in the active language (the concept id when unknown)."""
    concept = CONCEPTS_BY_ID.get(concept_id)
    return _(concept.label) if concept else concept_id
