"""Synthetic filled screening templates at any scale, for benchmarks and load tests.

``generate(folder, municipalities=98, tasks=300, seed=0)`` writes one filled template per
municipality (with :func:`screening.template.writer.write_template`), a screening config naming exactly
those municipalities (same format as ``config/screening.toml``) and ``families.csv``, the true
task family of every written row, so a benchmark can measure match quality too.

The tasks come from a catalogue of some 200 task families (payroll, IT operations, joint
procurement of one category, assistive-device depot, winter service, …). A municipality screens
the popular families nearly always and the rare ones sometimes; each row is written the way a
person would: one of the family's usual titles, now and then with a «Fælles …» prefix, a typo, the
words swapped or æøå typed as ae/oe/aa; Danish labels, alias spellings and «x» for yes; numbers
as numbers or as «1.250.000 kr.», «1,5 mio.» and «10 %». The other rows (a quarter, or more when
a municipality has more rows than the catalogue has families to give) are the municipality's own
tasks, named after invented local places («Kolbjergmølle»); each is its own true family. About
one row in 200 carries an error the validator rejects, and some files a note row. Same
arguments and seed, same files.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from screening.text import fold
from screening.template.writer import write_template
from screening.template.spec import FIRST_TASK_ROW, goal_column_code
from screening.vocabulary import (
    COOPERATION_FORMS,
    GOALS,
    NO_LABEL,
    SERVICE_AREAS,
    TASK_TYPES,
    YES_LABEL,
    by_code,
)

GENERATOR_VERSION = "2"  # raise when the output changes, so cached data is regenerated
ROUND_ID = "2026"
SINGLETON_SHARE = 0.25  # share of a municipality's rows that are its own local tasks
MAX_FAMILY_SHARE = 0.9  # a municipality screens at most this share of the catalogue
ERROR_RATE = 0.005

# The four Sønderjylland municipalities first, so a 4-municipality sample is the real group.
MUNICIPALITY_NAMES: tuple[str, ...] = tuple(
    "Aabenraa Haderslev Sønderborg Tønder Albertslund Allerød Assens Ballerup Billund Bornholm "
    "Brøndby Brønderslev Dragør Egedal Esbjerg Fanø Favrskov Faxe Fredensborg Fredericia "
    "Frederiksberg Frederikshavn Frederikssund Furesø Faaborg-Midtfyn Gentofte Gladsaxe Glostrup "
    "Greve Gribskov Guldborgsund Halsnæs Hedensted Helsingør Herlev Herning Hillerød Hjørring "
    "Holbæk Holstebro Horsens Hvidovre Høje-Taastrup Hørsholm Ikast-Brande Ishøj Jammerbugt "
    "Kalundborg Kerteminde Kolding København Køge Langeland Lejre Lemvig Lolland Lyngby-Taarbæk "
    "Læsø Mariagerfjord Middelfart Morsø Norddjurs Nordfyns Nyborg Næstved Odder Odense "
    "Odsherred Randers Rebild Ringkøbing-Skjern Ringsted Roskilde Rudersdal Rødovre Samsø "
    "Silkeborg Skanderborg Skive Slagelse Solrød Sorø Stevns Struer Svendborg Syddjurs Thisted "
    "Tårnby Vallensbæk Varde Vejen Vejle Vesthimmerland Viborg Vordingborg Ærø Aalborg "
    "Aarhus".split()
)
# Rough 2024 populations of the real group (DOMAIN.md), relative to a 60,000 municipality.
KNOWN_SIZE = {"Sønderborg": 74 / 60, "Aabenraa": 59 / 60, "Haderslev": 56 / 60, "Tønder": 37 / 60}

_TYPES = {"P": "processes", "S": "systems", "O": "organisation", "L": "locations"}
_FORMS = {"N": "network", "P": "partnership", "S": "shared_service", "U": "joint_procurement"}
_GOALS = {
    "R": "rational_operation",
    "E": "economic_efficiency",
    "S": "specialist_competence",
    "V": "reduced_vulnerability",
    "Q": "higher_quality",
    "A": "better_access",
}


@dataclass(frozen=True)
class TaskFamily:
    """One task as many municipalities know it, under several names."""

    code: str
    service_area: str
    task_type: str
    cooperation_form: str
    authority_exercise: bool
    goals: tuple[str, ...]
    cost_mio: float  # typical annual cost base of a 60,000-inhabitant municipality, DKK million
    popularity: int  # 1-9: how often a municipality would screen it
    titles: tuple[str, ...]  # the usual names, most common first
    description: str


# Three lines per family: «code service-area TFA goals cost popularity», where T is the task type
# (P processes, S systems, O organisation, L locations), F the cooperation form (N network,
# P partnership, S shared service, U joint procurement) and A 1 for authority exercise; goals
# are letters (R rational operation, E economic efficiency, S specialist competence, V reduced
# vulnerability, Q higher quality, A better access); cost is the annual cost base in DKK million
# of a 60,000-inhabitant municipality; popularity 1-9. Then the usual titles, most common first,
# separated by «;», and the description.
_CATALOGUE = """
it_operations it_digital SS0 ERV 12 9
    Drift af IT-infrastruktur; IT-drift; Drift af servere og netværk; Fælles IT-driftscenter
    Servere, netværk, backup og overvågning af kommunens IT-infrastruktur.
it_support it_digital SS0 QV 6 8
    IT-support; Brugersupport; IT-hotline; Servicedesk for IT
    Første- og andenlinjesupport til medarbejdernes pc'er, telefoner og fagsystemer.
esdh it_digital SP0 EQ 3 7
    ESDH-system; Elektronisk sags- og dokumenthåndtering; Journalisering og ESDH
    Drift og udvikling af ESDH-systemet, hvor sager og dokumenter journaliseres.
it_security it_digital SP0 SV 2.5 8
    Informationssikkerhed; IT-sikkerhed; Cybersikkerhed; Sikkerhedsovervågning (SOC)
    Overvågning af trusler, håndtering af sikkerhedshændelser og awareness-træning.
dpo legal_secretariat OS0 SV 0.8 9
    Databeskyttelsesrådgiver (DPO); Fælles DPO-funktion; Databeskyttelse og GDPR; GDPR-rådgivning
    Den lovpligtige databeskyttelsesrådgiver, der rådgiver om behandling af personoplysninger.
selfservice it_digital SP0 AE 1.5 6
    Digitale selvbetjeningsløsninger; Digital selvbetjening; Selvbetjening på hjemmesiden
    Udvikling og drift af løsninger, så borgerne kan søge og melde ændringer digitalt.
website it_digital SN0 QA 1 5
    Kommunens hjemmeside; Drift af hjemmeside og intranet; Webredaktion
    Redaktion, drift og tilgængelighed af hjemmeside og intranet.
rpa it_digital SP0 ER 1.2 6
    Softwarerobotter (RPA); Robotteknologi; Automatisering af sagsgange med robotter; RPA-center
    Softwarerobotter, der overtager ensformige sagsskridt i administrationen.
licenses it_digital SU0 E 4 6
    Licensstyring; Indkøb af softwarelicenser; Microsoft-licenser
    Overblik over og indkøb af licenser til kontorpakke, styresystemer og fagsystemer.
printing it_digital SU0 RE 2 6
    Print og kopi; Printere og multifunktionsmaskiner; Printløsning
    Leje, service og forbrugsstoffer til kommunens printere og kopimaskiner.
telephony it_digital SU0 E 2.5 6
    Telefoni og mobilabonnementer; Mobiltelefoni; Telefoniløsning
    Fastnet, mobilabonnementer og omstillingsanlæg.
bi it_digital SP0 QS 1.5 4
    Ledelsesinformation og datavarehus; Business intelligence (BI); Datavarehus og BI
    Datavarehus og rapporter, der giver ledere tal om økonomi, aktivitet og fravær.
gis technical_environment SP0 SV 1.2 6
    GIS og geodata; Geografiske informationssystemer; Kortlægning og GIS
    Kortdata, GIS-analyser og drift af kortløsninger til sagsbehandlingen.
mailroom legal_secretariat PS0 RE 1 5
    Postmodtagelse og scanning; Scanning af indgående post; Digital postmodtagelse
    Modtagelse, scanning og fordeling af papirpost og digital post.
welfare_tech elderly_health SP0 QR 2 5
    Velfærdsteknologi; Implementering af velfærdsteknologi; Velfærdsteknologisk enhed
    Afprøvning og udbredelse af skærmbesøg, loftlifte og andre velfærdsteknologier.
it_projects it_digital ON0 S 1 3
    IT-projektkontor; Projektledelse af IT-projekter; Porteføljestyring af IT-projekter
    Projektledere og porteføljestyring for kommunens IT-projekter.
payroll payroll_hr OS0 EV 4 9
    Lønadministration; Lønbehandling; Løn- og personaleadministration; Lønkontor
    Udbetaling af løn, registrering af ferie og fravær samt lønindberetning.
recruitment payroll_hr PP0 EQ 1.5 5
    Rekruttering; Fælles jobportal; Jobannoncering og rekruttering
    Jobannoncer, ansøgningssystem og rekrutteringsforløb for alle stillinger.
hr_advice payroll_hr OP0 SV 2 6
    HR-rådgivning; Personalejuridisk rådgivning; HR-konsulentfunktion
    Rådgivning af ledere om ansættelse, afskedigelse, overenskomster og personalesager.
work_environment payroll_hr OP0 QS 1.5 7
    Arbejdsmiljø; Arbejdsmiljørådgivning; Arbejdsmiljøkonsulenter
    Arbejdspladsvurderinger, ulykkesforebyggelse og rådgivning om psykisk arbejdsmiljø.
leadership payroll_hr PN0 QS 1.2 6
    Lederudvikling; Lederuddannelse; Fælles lederudviklingsforløb
    Uddannelse og netværk for nye og erfarne ledere.
absence payroll_hr PN0 EQ 0.8 5
    Sygefraværsopfølgning; Opfølgning på sygefravær; Fraværsopfølgning
    Samtaler og handleplaner ved medarbejderes sygefravær.
apprentices payroll_hr OS0 VR 1 6
    Elevadministration; Administration af elever og lærlinge; Social- og sundhedselever
    Ansættelse, uddannelsesplaner og løn for elever og lærlinge.
substitutes payroll_hr OP0 VA 3 4
    Vikarkorps; Fælles vikarpulje; Vikardækning
    Et korps af faste vikarer, der dækker fravær i skoler, dagtilbud og pleje.
personnel_files payroll_hr SS0 R 0.8 4
    Digitale personalesager; Personalesager og personaledata
    Opbevaring og adgangsstyring af personalesager.
courses payroll_hr PN0 QE 1.5 6
    Kompetenceudvikling og kurser; Kursusadministration; Fælles kursuskatalog
    Planlægning og tilmelding til kurser for medarbejdere.
mileage payroll_hr PP0 E 0.3 5
    Kørselsgodtgørelse; Fælles sagsgang for kørselsgodtgørelse; Afregning af kørsel
    Afregning af medarbejdernes kørsel i egen bil.
accounts_payable finance OS0 ER 3 9
    Kreditorbogholderi; Betaling af regninger; Fakturahåndtering
    Modtagelse, kontering og betaling af elektroniske fakturaer fra leverandører.
collection finance OS1 ES 2.5 8
    Opkrævning og inddrivelse; Debitorbogholderi; Restanceinddrivelse
    Opkrævning af kommunale tilgodehavender, rykkere og afdragsordninger.
accounting finance OP0 EV 2 7
    Regnskab og bogføring; Regnskabsfunktion; Årsregnskab
    Bogføring, afstemninger og årsregnskab.
budget finance PN0 Q 1.5 5
    Budgetlægning; Budgetproces; Budget og analyse
    Budgetproces, budgetopfølgning og økonomiske analyser til politikerne.
finance_system finance SU0 E 2 6
    Økonomisystem; Fælles økonomisystem; Udbud af økonomisystem
    Drift, opgraderinger og udbud af økonomisystemet.
treasury finance OP0 SE 0.6 4
    Finansiel styring; Likviditets- og gældspleje; Kapitalforvaltning
    Styring af likviditet, lån og kapitalforvaltning.
insurance finance OU0 ES 6 8
    Forsikringer; Forsikringsadministration; Skadesbehandling og forsikring
    Kommunens forsikringer, anmeldelse af skader og risikostyring.
refunds finance PP0 E 0.6 5
    Hjemtagelse af refusioner; Refusionsopgaver; Refusionskontrol
    Hjemtagelse af statsrefusion på sociale udgifter og kontrol af den.
benchmarking finance ON0 QS 1 4
    Økonomisk analyse og benchmarking; Analyseenhed; Benchmarking af nøgletal
    Analyser og sammenligning af nøgletal med andre kommuner.
property_tax finance PP1 E 0.5 4
    Ejendomsskat; Opkrævning af ejendomsskat; Grundskyld
    Opkrævning af grundskyld og dækningsafgift.
procurement_unit procurement OU0 ES 3 9
    Indkøb og udbud; Udbudsenhed; Fælles indkøbsfunktion; Udbudssamarbejde
    Gennemførelse af udbud og indkøbsaftaler for hele kommunen.
contract_management procurement PP0 EQ 1 6
    Kontraktstyring; Kontraktopfølgning; Leverandørstyring
    Opfølgning på, at leverandører og indkøbere overholder aftalerne.
e_procurement procurement SU0 ER 0.8 5
    E-handel; Elektronisk indkøbssystem; E-handelssystem
    Elektronisk indkøbssystem med kataloger fra aftaleleverandørerne.
legal_advice legal_secretariat OS0 SV 2 9
    Juridisk rådgivning; Fælles juridisk enhed; Juridisk bistand; Kommunejurister
    Jurister, der rådgiver fagområderne om forvaltningsret, udbud og kontrakter.
council_secretariat legal_secretariat PN0 Q 2 5
    Byrådssekretariat; Betjening af byråd og udvalg; Dagsordener og referater
    Dagsordener, referater og betjening af byråd og udvalg.
access_to_records legal_secretariat PP1 SQ 0.5 5
    Aktindsigt; Behandling af aktindsigtsanmodninger; Aktindsigtsenhed
    Behandling af anmodninger om aktindsigt fra borgere og presse.
archive legal_secretariat LS0 RE 1.5 7
    Arkiv; Stadsarkiv; Fælles arkiv; Digitalt arkiv og arkivering
    Bevaring og kassation af arkivalier og aflevering af digitale arkivalier.
elections legal_secretariat PP0 RE 0.8 6
    Afvikling af valg; Valgsekretariat; Valgopgaver
    Planlægning af folketings-, kommunal- og europaparlamentsvalg.
whistleblower legal_secretariat OS0 VS 0.3 7
    Whistleblowerordning; Fælles whistleblowerordning; Whistleblower-enhed
    Modtagelse og behandling af indberetninger efter whistleblowerloven.
communication legal_secretariat ON0 Q 2 5
    Kommunikation; Presse og kommunikation; Kommunikationsafdeling
    Pressebetjening, kampagner og intern kommunikation.
mail_courier legal_secretariat OS0 R 0.8 5
    Intern post og budservice; Budtjeneste; Intern postomdeling
    Daglig kørsel med post og pakker mellem kommunens adresser.
population_register citizen_service PP1 ER 1.2 8
    Folkeregister; CPR-opgaver; Folkeregistrering; Adresseændringer og folkeregister
    Registrering af flytninger og andre ændringer i CPR.
passports citizen_service PP1 AE 1.5 7
    Pas og kørekort; Udstedelse af pas og kørekort; Borgerservice: pas og kørekort
    Ansøgninger om pas, kørekort og sundhedskort.
citizen_centre citizen_service OP0 A 4 6
    Borgerservicecenter; Borgerservice; Fælles borgerservice
    Personlig betjening af borgere i borgerservice.
phone_service citizen_service OS0 AE 2 6
    Telefonisk borgerbetjening; Hovedtelefon og omstilling; Call center
    Kommunens hovednummer, omstilling og telefonisk vejledning.
pension_supplements citizen_service PP1 ES 1 6
    Helbredstillæg; Personlige tillæg til pensionister; Personligt tillæg og helbredstillæg
    Behandling af ansøgninger om helbredstillæg og personlige tillæg.
digital_help citizen_service PN0 A 0.5 5
    Digital borgerhjælp; Hjælp til MitID og Digital Post; Digitaliseringsvejledning
    Hjælp til borgere, der har svært ved MitID, Digital Post og selvbetjening.
debt_advice citizen_service OP0 AS 0.6 4
    Gældsrådgivning; Økonomisk rådgivning af borgere; Gældsrådgivning for borgere
    Rådgivning af borgere med gæld og økonomiske problemer.
building_permits technical_environment PN1 QS 3 8
    Byggesagsbehandling; Byggesager; Byggetilladelser; Behandling af byggeansøgninger
    Behandling af ansøgninger om byggetilladelse og tilsyn med byggeri.
environmental_inspection technical_environment PP1 SV 2.5 7
    Miljøtilsyn; Tilsyn med virksomheder; Miljøtilsyn med landbrug og virksomheder
    Lovpligtigt miljøtilsyn med virksomheder og landbrug.
waste technical_environment OS0 RE 30 7
    Affaldshåndtering; Renovation; Indsamling af affald; Dagrenovation
    Indsamling af husholdningsaffald og drift af affaldsordninger.
recycling technical_environment LS0 RA 8 6
    Genbrugspladser; Drift af genbrugspladser; Genbrugsstationer
    Drift og bemanding af genbrugspladser.
watercourses technical_environment PP1 SQ 1.5 5
    Vandløbsvedligeholdelse; Vedligeholdelse af vandløb; Vandløbsmyndighed
    Grødeskæring, oprensning og myndighed på offentlige vandløb.
nature technical_environment PP0 SQ 1.2 5
    Naturforvaltning; Naturpleje; Naturbeskyttelse og naturpleje
    Naturpleje, naturbeskyttelse og tilsyn med beskyttede naturtyper.
pest_control technical_environment OU0 RE 0.8 8
    Rottebekæmpelse; Skadedyrsbekæmpelse; Rottebekæmpelse og skadedyr
    Lovpligtig rottebekæmpelse og anmeldelser af rotter.
climate technical_environment PN0 QS 1 6
    Klimatilpasning; Klimaplan; Klimatilpasning og kystbeskyttelse
    Klimaplan, klimatilpasning og kystbeskyttelse.
planning technical_environment PN1 Q 2 5
    Lokalplanlægning; Fysisk planlægning; Kommuneplan og lokalplaner
    Kommuneplan, lokalplaner og planlægning af nye områder.
soil technical_environment PP1 S 0.6 4
    Jordforurening; Anmeldelse af jordflytning; Jordflytning og jordforurening
    Anmeldelser af jordflytning og sager om forurenet jord.
groundwater technical_environment PP1 S 0.8 4
    Grundvandsbeskyttelse; Drikkevand og grundvand; Tilsyn med vandværker
    Beskyttelse af grundvand og tilsyn med vandværker.
livestock technical_environment PP1 SV 1 5
    Husdyrgodkendelser; Miljøgodkendelse af husdyrbrug; Husdyrbrug
    Godkendelser og tilladelser efter husdyrbrugloven.
public_transport technical_environment PP0 EA 10 5
    Kollektiv trafik; Planlægning af busdrift; Bestilling af kollektiv trafik
    Planlægning og bestilling af lokale busruter.
special_transport technical_environment OS1 RE 6 7
    Visiteret kørsel; Kørsel til læge og træning; Flextrafik og visiteret kørsel; Kørselskontor
    Visitation til og planlægning af kørsel til læge, træning og dagtilbud.
school_transport schools OU0 RE 5 7
    Skolebuskørsel; Elevtransport; Skolekørsel
    Kørsel af elever til og fra skole og specialtilbud.
winter_service roads_parks LP0 RE 6 9
    Vintertjeneste; Snerydning; Glatførebekæmpelse; Saltning og snerydning
    Rydning og saltning af veje, cykelstier og fortove om vinteren.
road_maintenance roads_parks OP0 RE 12 8
    Vejvedligeholdelse; Drift af veje; Asfalt og vejvedligeholdelse; Vedligehold af kommuneveje
    Asfalt, huller, rabatter og afvanding på kommunevejene.
street_lighting roads_parks LU0 ER 4 8
    Vejbelysning; Gadebelysning; Drift af gadelys; Udskiftning til LED-gadelys
    Drift, energi og udskiftning af gadelys.
parks roads_parks OP0 R 8 7
    Grønne områder; Drift af parker; Parkvedligeholdelse; Pleje af grønne områder
    Græsslåning, beplantning og renhold i parker og grønne områder.
machine_pool roads_parks LS0 RE 5 7
    Materielgård; Fælles maskinpark; Maskinstation; Deling af entreprenørmaskiner
    Specialmaskiner, der kun bruges få uger om året, deles og vedligeholdes ét sted.
road_authority roads_parks PP1 S 1 6
    Vejmyndighed; Gravetilladelser; Råden over vejareal
    Gravetilladelser, råden over vejareal og vejsyn.
traffic_safety roads_parks PN0 Q 0.8 5
    Trafiksikkerhed; Trafiksikkerhedsplan; Trafikplanlægning
    Trafiksikkerhedsplan, skolevejsanalyser og trafiktællinger.
bridges roads_parks LP0 SR 2 5
    Broer og bygværker; Eftersyn af broer; Bygværksforvaltning
    Eftersyn og vedligehold af broer, tunneller og bygværker.
parking roads_parks PP1 E 1 4
    Parkeringskontrol; Parkeringsvagter; Håndhævelse af parkering
    Kontrol af parkering og udstedelse af afgifter.
cemeteries roads_parks LP0 R 4 6
    Kirkegårde; Drift af kirkegårde; Kirkegårdsforvaltning
    Drift af kommunale kirkegårde og begravelsespladser.
bathing_water roads_parks PP0 R 0.4 3
    Badevandskontrol; Strande og badevand; Badevandsprofiler
    Prøvetagning af badevand og drift af badestrande.
street_cleaning roads_parks OU0 RE 3 6
    Gadefejning; Renholdelse af gader og torve; Fejning og renhold
    Fejning af gader, tømning af skraldespande og renhold af torve.
facility_management buildings_facilities OP0 ER 20 8
    Bygningsvedligeholdelse; Ejendomsdrift; Vedligeholdelse af kommunale bygninger; Ejendomsservice
    Planlagt og akut vedligehold af skoler, institutioner og rådhuse.
cleaning buildings_facilities OU0 E 25 8
    Rengøring; Rengøring af kommunale bygninger; Intern rengøring
    Daglig rengøring af kommunale bygninger.
construction_supervision buildings_facilities OS0 SV 2 6
    Byggetilsyn; Tilsyn med byggeprojekter; Bygherrerådgivning; Byggeledelse
    Tilsyn og bygherrerådgivning på kommunens egne byggeprojekter.
property_admin buildings_facilities OP0 E 1.5 5
    Ejendomsadministration; Udlejning af kommunale ejendomme; Lejemål og ejendomsadministration
    Lejekontrakter, køb og salg af kommunale ejendomme.
caretakers buildings_facilities OP0 R 10 5
    Serviceteknikere; Pedelordning; Teknisk service på skoler
    Pedeller og serviceteknikere på skoler og institutioner.
fleet buildings_facilities LS0 RE 6 7
    Kommunens bilpark; Flådestyring; Fælles bilpark; Leasing af biler og flådestyring
    Leasing, drift og booking af kommunens biler.
energy_management buildings_facilities PP0 ER 1 6
    Energistyring; Energioptimering; Energiledelse i kommunale bygninger
    Fjernaflæsning af forbrug og energibesparende tiltag i bygningerne.
canteen buildings_facilities LS0 RE 3 5
    Kantinedrift; Personalekantine; Mødeforplejning og kantine
    Kantine og mødeforplejning for medarbejderne.
room_booking culture_leisure SP0 AR 0.5 5
    Lokalebooking; Booking af lokaler og haller; Udlejning af idrætsfaciliteter
    Booking af mødelokaler, haller og skolernes lokaler for foreninger.
aids_depot elderly_health LS0 RE 8 8
    Hjælpemiddeldepot; Hjælpemiddelcentral; Fælles hjælpemiddeldepot; Depot for hjælpemidler
    Lager, udbringning, rengøring og reparation af kørestole, senge og rollatorer.
aids_allocation elderly_health PN1 QS 2 6
    Bevilling af hjælpemidler; Visitation til hjælpemidler; Hjælpemiddelsagsbehandling
    Sagsbehandling af ansøgninger om hjælpemidler og boligændringer.
night_care elderly_health OP0 RV 10 5
    Hjemmepleje om natten; Nattevagt i hjemmeplejen; Natpleje
    Hjemmepleje og tilsyn om natten i de tyndt befolkede områder.
care_assessment elderly_health PN1 Q 3 6
    Visitation til hjemmepleje; Visitation i ældreplejen; Visitationsenhed
    Vurdering af borgernes behov og afgørelser om hjemmehjælp og plejebolig.
meals elderly_health LS0 RE 12 8
    Madservice; Madproduktion; Fælles køkken; Madordning for ældre; Centralkøkken
    Produktion og udbringning af mad til hjemmeboende ældre og plejecentre.
rehabilitation elderly_health OP0 SQ 5 5
    Genoptræning; Specialiseret genoptræning; Genoptræningscenter
    Genoptræning efter sygehusophold og vedligeholdende træning.
dementia elderly_health ON0 SQ 1.5 5
    Demenskoordination; Demensrådgivning; Demenskonsulenter
    Rådgivning af borgere med demens og deres pårørende.
acute_care elderly_health OP0 SQ 6 6
    Akutfunktion; Akutteam; Kommunal akutfunktion
    Sygeplejersker, der tager sig af akut syge borgere i eget hjem.
prevention elderly_health PN0 Q 2 5
    Forebyggelse og sundhedsfremme; Rygestop og forebyggelse; Sundhedscenter
    Rygestop, kostvejledning og forløb for borgere med kronisk sygdom.
child_dental elderly_health OS0 ES 10 7
    Børnetandpleje; Kommunal tandpleje; Tandpleje for børn og unge
    Forebyggende tandpleje og behandling af børn og unge.
orthodontics elderly_health OS0 SV 6 7
    Tandregulering; Ortodonti; Fælles tandreguleringsklinik; Specialtandpleje og tandregulering
    Tandregulering af børn og unge på en specialklinik.
special_dental elderly_health OS0 S 2 5
    Specialtandpleje; Omsorgstandpleje; Tandpleje for handicappede og ældre
    Tandpleje for borgere, der ikke kan bruge almindelig tandlæge.
provider_approval elderly_health PP1 E 0.5 4
    Godkendelse af private leverandører; Frit valg-administration; Tilsyn med private leverandører
    Godkendelse af og tilsyn med private leverandører af hjemmehjælp.
health_visitors children_youth OP0 Q 5 5
    Sundhedspleje; Sundhedsplejerskeordning; Kommunal sundhedspleje
    Sundhedsplejerskernes besøg hos spædbørn og i skolerne.
addiction social_disability OP1 SQ 6 6
    Misbrugsbehandling; Alkoholbehandling; Rusmiddelbehandling
    Ambulant behandling af alkohol- og stofmisbrug.
palliation elderly_health OP0 SQ 1 3
    Palliativ indsats; Palliativt team; Palliation
    Lindrende pleje af alvorligt syge og døende i eget hjem.
disability_advice social_disability ON0 S 2 5
    Specialrådgivning på handicapområdet; Specialiseret socialrådgivning; Handicaprådgivning
    Specialister, der rådgiver sagsbehandlere om sjældne handicap.
housing_support social_disability OP1 Q 8 5
    Bostøtte; Socialpædagogisk støtte i eget hjem; Støtte i eget hjem
    Socialpædagogisk støtte til borgere med handicap eller sindslidelse i eget hjem.
bpa social_disability PS1 SE 2 6
    Borgerstyret personlig assistance (BPA); BPA-administration; Administration af BPA
    Bevilling og administration af borgerstyret personlig assistance.
shelters social_disability LP0 SA 3 3
    Krisecenter; Kvindekrisecenter; Forsorgshjem og krisecenter
    Midlertidigt ophold og rådgivning for voldsramte og hjemløse.
escort social_disability PP1 A 1 4
    Ledsageordning; Ledsagelse efter serviceloven; Ledsageordningen
    Ledsagelse af borgere med funktionsnedsættelse til aktiviteter.
day_activities social_disability LP0 AQ 3 4
    Aktivitets- og samværstilbud; Væresteder; Samværstilbud
    Væresteder og aktivitetstilbud for borgere med sindslidelse.
sheltered_work social_disability LP0 AQ 4 4
    Beskyttet beskæftigelse; Beskyttede værksteder; Beskyttet værksted
    Beskyttet beskæftigelse for borgere, der ikke kan arbejde på almindelige vilkår.
brain_injury social_disability OP0 S 2 4
    Hjerneskadekoordination; Hjerneskaderehabilitering; Rehabilitering efter hjerneskade
    Koordinering af forløb for borgere med erhvervet hjerneskade.
ppr children_youth OP1 SV 6 7
    Pædagogisk psykologisk rådgivning (PPR); PPR; Psykologbistand til skoler
    Psykologer og tale-hørekonsulenter, der rådgiver skoler og dagtilbud.
foster_families children_youth OS0 SV 1.5 7
    Familiepleje; Rekruttering og uddannelse af plejefamilier; Plejefamilier
    Rekruttering, godkendelse og efteruddannelse af plejefamilier.
notifications children_youth PP1 SV 2 6
    Modtagelse af underretninger; Underretninger; Underretningsenhed
    Vurdering af underretninger om børn inden for 24 timer.
social_duty children_youth OS1 VA 1.5 6
    Socialvagt; Social døgnvagt; Akut socialvagt
    Akut hjælp til udsatte børn og voksne uden for åbningstid.
childcare_places children_youth PP0 EA 1 6
    Pladsanvisning; Pladsanvisning i dagtilbud; Dagtilbudsadministration
    Optagelse, venteliste og betaling for pladser i dagtilbud.
family_treatment children_youth OP0 SQ 5 5
    Familiebehandling; Familiebehandlingsenhed; Ambulant familiebehandling
    Ambulant behandling af familier med børn i mistrivsel.
guest_childminding children_youth LP0 R 2 4
    Gæstedagpleje; Dagplejens gæstehuse; Gæstepleje i dagplejen
    Pasning af dagplejebørn, når deres egen dagplejer er syg.
speech_therapy children_youth OS0 S 1.5 5
    Tale-hørekonsulenter; Tale- og hørelærere; Audiologopædi
    Undervisning og rådgivning om tale, hørelse og sprog.
special_schools schools LP0 SQ 15 6
    Specialundervisning; Specialskole; Fælles specialskole; Specialklasser
    Undervisning af børn med særlige behov i specialskoler og -klasser.
reception_classes schools OP0 SQ 4 5
    Modtageklasser; Undervisning af tosprogede elever; Dansk som andetsprog
    Undervisning af nyankomne elever i dansk.
youth_school schools OP0 A 4 4
    Ungdomsskole; Ungdomsskolen; Fælles ungdomsskole
    Fritidsundervisning og klubtilbud for unge.
music_school culture_leisure OP0 QA 4 5
    Musikskole; Kulturskole; Musik- og kulturskole
    Undervisning i musik, billedkunst og teater for børn og unge.
school_admin schools SU0 E 1 5
    Skoleadministrativt system; Skoleadministration; Elevadministration i skolerne
    Elevregistrering, skemalægning og skoleadministrative systemer.
learning_centre schools ON0 Q 1.5 4
    Pædagogisk læringscenter; Skolebibliotek og læringscenter; PLC
    Læremidler, skolebiblioteker og vejledning af lærere.
career_guidance schools OS0 SQ 3 6
    Uddannelsesvejledning; Ungdommens Uddannelsesvejledning (UU); UU-vejledning
    Vejledning af unge om valg af uddannelse.
business_service employment OP0 EQ 3 6
    Virksomhedsservice; Jobcenterets virksomhedsservice; Virksomhedskontakt
    Kontakt til virksomheder om rekruttering og praktikpladser.
sickness_benefits employment PN1 Q 3 6
    Sygedagpengeopfølgning; Sygedagpenge; Opfølgning på sygedagpenge
    Opfølgning på borgere på sygedagpenge.
integration employment OP1 QA 3 5
    Integration af flygtninge; Integrationsindsats; Modtagelse af flygtninge
    Modtagelse, bolig og integrationsprogram for flygtninge.
language_centre employment LU0 EQ 4 6
    Danskuddannelse for voksne udlændinge; Sprogcenter; Danskundervisning for udlændinge
    Danskuddannelse for voksne udlændinge.
benefit_control employment OS1 ES 1.5 7
    Kontrol af sociale ydelser; Kontrolgruppe; Socialt bedrageri
    Kontrol af uberettiget modtagelse af sociale ydelser.
rehab_team employment PN1 Q 1 5
    Rehabiliteringsteam; Fleksjob og førtidspension; Rehabiliteringsteamet
    Tværfaglig behandling af sager om fleksjob og førtidspension.
business_development employment OP0 Q 2 5
    Erhvervsservice; Erhvervsfremme; Lokal erhvervsservice
    Vejledning af iværksættere og lokale virksomheder.
youth_effort employment ON0 Q 3 4
    Den kommunale ungeindsats (KUI); Ungeindsats; Unge uden uddannelse
    Indsats for unge under 25 år uden uddannelse eller job.
libraries culture_leisure LP0 AR 8 6
    Biblioteker; Biblioteksdrift; Fælles biblioteksvæsen
    Folkebiblioteker, udlån og arrangementer.
museums culture_leisure LP0 Q 3 4
    Museer; Museumsdrift; Fælles museum
    Drift af kommunale museer og arkæologiske undersøgelser.
association_grants culture_leisure PP1 E 0.8 5
    Tilskud til foreninger; Folkeoplysning og foreningstilskud; Foreningsadministration
    Tilskud og lokaler til foreninger efter folkeoplysningsloven.
swimming_pools culture_leisure LP0 R 5 4
    Svømmehaller; Drift af svømmehaller; Svømmehal
    Drift af kommunale svømmehaller.
tourism culture_leisure OP0 AQ 2 6
    Turisme; Destinationssamarbejde; Turistkontor
    Markedsføring og turistinformation i et destinationsselskab.
emergency_services emergency OS0 REV 15 9
    Beredskab; Fælles beredskab; Redningsberedskab; Brandvæsen
    Brandslukning, redning og beredskab døgnet rundt.
fire_inspection emergency PS1 S 1 5
    Brandsyn; Brandteknisk byggesagsbehandling; Brandsyn og forebyggelse
    Lovpligtige brandsyn og brandteknisk byggesagsbehandling.
crisis_management emergency PN0 V 0.4 5
    Krisestyring; Beredskabsplanlægning; Kriseberedskab
    Beredskabsplan og krisestyringsorganisation.
chimney_sweeping emergency PU0 E 0.2 3
    Skorstensfejning; Skorstensfejerdistrikter; Udbud af skorstensfejning
    Udbud af skorstensfejning i kommunens distrikter.
"""

# Joint procurement, one family per category: (category, what it covers, popularity).
_PROCUREMENT = """
kontorartikler|papir, kuverter og toner|8
rengøringsartikler|sæbe, papirhåndklæder og rengøringsmidler|8
fødevarer|fødevarer til køkkener og institutioner|7
IT-hardware|pc'er, skærme og dockingstationer|8
tolkeydelser|tolkning til sundheds- og socialområdet|7
vikarydelser|vikarer fra bureauer til pleje og skoler|6
inkontinensprodukter|bleer og inkontinenshjælpemidler til borgere|7
sygeplejeartikler|forbindinger, handsker og sprøjter|7
kørestole og plejesenge|kørestole, plejesenge og gangredskaber|6
møbler|kontormøbler og møbler til institutioner|6
legetøj og pædagogiske materialer|legetøj og materialer til dagtilbud|5
undervisningsmidler|bøger og digitale læremidler til skolerne|6
arbejdstøj|arbejdstøj og sikkerhedsudstyr|6
elektricitet|el til kommunens bygninger og gadelys|8
brændstof|diesel og benzin til kommunens køretøjer|6
vejsalt|salt og grus til vintertjenesten|6
asfalt|asfaltarbejder på kommunevejene|6
ingeniørrådgivning|rådgivende ingeniører til bygge- og anlægsprojekter|5
advokatydelser|eksterne advokater i retssager|5
revision|den lovpligtige revision af kommunens regnskab|6
bankforretninger|bank, betalingskort og kassekredit|5
flytteydelser|flytning af kontorer og institutioner|4
tjenesterejser|rejsebureau, fly og hotel|5
tryksager|tryk af pjecer, valgmateriale og breve|5
byggematerialer|byggematerialer til kommunens håndværkere|5
håndværkerydelser|tømrer, murer, elektriker og VVS|7
vinduespolering|vinduespolering på kommunale bygninger|5
vagtydelser|vagt, alarmcentral og låsesystemer|5
nødkaldeanlæg|nødkald til borgere i eget hjem|6
biblioteksmaterialer|bøger, e-bøger og film til bibliotekerne|5
taxikørsel|taxi til borgere og medarbejdere|5
vaskeriydelser|vask af linned og arbejdstøj|6
legepladsudstyr|legepladser og faldunderlag|4
ladestandere til elbiler|ladestandere ved kommunale bygninger|4
hjertestartere|hjertestartere og service på dem|3
kaffe og frugt|kaffe, te og frugtordninger|4
medicinsk udstyr|blodtryksmålere, iltudstyr og andet medicinsk udstyr|4
affaldsbeholdere|affaldsbeholdere og sække til husstandene|5
"""

# Shared IT systems, one family per system: (system, service area, popularity).
_SYSTEMS = """
omsorgssystem|elderly_health|7
lønsystem|payroll_hr|7
bibliotekssystem|culture_leisure|5
jobcentersystem|employment|6
byggesagssystem|technical_environment|5
sagssystem for børn og unge|children_youth|6
pladsanvisningssystem|children_youth|4
tandplejesystem|elderly_health|5
ejendomsdatasystem|buildings_facilities|4
budgetsystem|finance|5
rekrutteringssystem|payroll_hr|5
kvalitetsstyringssystem|elderly_health|3
vagtplanlægningssystem|payroll_hr|5
hjælpemiddelsystem|elderly_health|5
vejmyndighedssystem|roads_parks|4
booking- og kalendersystem|it_digital|4
"""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def catalogue() -> tuple[TaskFamily, ...]:
    """Every task family the generator draws from."""
    families = []
    lines = [line.strip() for line in _CATALOGUE.strip().splitlines()]
    for head, titles, text in zip(lines[::3], lines[1::3], lines[2::3], strict=True):
        code, area, (kind, form, authority), goals, cost, popularity = head.split()
        families.append(
            TaskFamily(
                code,
                area,
                _TYPES[kind],
                _FORMS[form],
                authority == "1",
                tuple(_GOALS[g] for g in goals),
                float(cost),
                int(popularity),
                tuple(t.strip() for t in titles.split(";")),
                text,
            )
        )
    for line in _PROCUREMENT.strip().splitlines():
        category, covers, popularity = line.split("|")
        titles = (
            f"Fælles udbud af {category}",
            f"Udbud af {category}",
            f"Indkøbsaftale for {category}",
            f"{_capital(category)} – fælles indkøb",
        )
        text = f"Rammeaftale om {covers}; i dag har hver kommune sin egen aftale."
        families.append(
            TaskFamily(
                f"udbud_{fold(category).replace(' ', '_')}",
                "procurement",
                "organisation",
                "joint_procurement",
                False,
                ("economic_efficiency", "rational_operation"),
                2.0,
                int(popularity),
                titles,
                text,
            )
        )
    for line in _SYSTEMS.strip().splitlines():
        system, area, popularity = line.split("|")
        titles = (f"Fælles {system}", f"Drift af {system}", _capital(system), f"Udbud af {system}")
        text = (
            f"Licenser, drift og support af {system}et, som i dag købes og drives af hver kommune."
        )
        families.append(
            TaskFamily(
                f"system_{fold(system).replace(' ', '_')}",
                area,
                "systems",
                "shared_service",
                False,
                ("economic_efficiency", "reduced_vulnerability"),
                1.5,
                int(popularity),
                titles,
                text,
            )
        )
    return tuple(families)


@dataclass(frozen=True)
class SyntheticRound:
    """Where a generated round lives; ``config_path`` is a screening config for exactly it."""

    folder: Path
    templates_dir: Path
    config_path: Path
    truth_path: Path
    municipalities: int
    tasks: int
    seed: int

    @classmethod
    def at(cls, folder: Path, municipalities: int, tasks: int, seed: int) -> SyntheticRound:
        folder = Path(folder)
        return cls(
            folder,
            folder / "templates",
            folder / "screening.toml",
            folder / "families.csv",
            municipalities,
            tasks,
            seed,
        )


def municipality_code(name: str) -> str:
    return fold(name).replace(" ", "-")


def generate(
    folder: Path, municipalities: int = 98, tasks: int = 300, seed: int = 0
) -> SyntheticRound:
    """Write ``municipalities`` filled templates of ``tasks`` rows each, the screening config
    and the true families into ``folder`` (``templates/``, ``screening.toml``, ``families.csv``).

    Municipality ``i`` gets the same rows whatever ``municipalities`` is, so a smaller round is
    the first part of a larger one.
    """
    if not 1 <= municipalities <= len(MUNICIPALITY_NAMES):
        raise ValueError(f"municipalities must be 1-{len(MUNICIPALITY_NAMES)}")
    target = SyntheticRound.at(folder, municipalities, tasks, seed)
    target.templates_dir.mkdir(parents=True, exist_ok=True)
    names = MUNICIPALITY_NAMES[:municipalities]
    families = catalogue()
    truth_rows: list[tuple[str, int, str]] = []
    for index, name in enumerate(names):
        rows = _municipality_rows(index, name, tasks, seed, families, names)
        path = target.templates_dir / f"{municipality_code(name)}.xlsx"
        write_template(path, name, ROUND_ID, [row for _, row in rows])
        truth_rows += [
            (name, FIRST_TASK_ROW + offset, family)
            for offset, (family, _) in enumerate(rows)
            if family
        ]
    with open(target.truth_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "source_row", "family"])
        writer.writerows(truth_rows)
    write_screening_config(target.config_path, names)
    return target


def write_resubmission(target: SyntheticRound, index: int, path: Path) -> Path:
    """Municipality number ``index`` of ``target`` sends a revised template: its rows redrawn."""
    names = MUNICIPALITY_NAMES[: target.municipalities]
    revised_seed = target.seed + 1
    rows = _municipality_rows(index, names[index], target.tasks, revised_seed, catalogue(), names)
    return write_template(path, names[index], ROUND_ID, [row for _, row in rows])


def write_screening_config(path: Path, names: Iterable[str], round_id: str = ROUND_ID) -> Path:
    """A screening config naming ``names`` as the participants (``config/screening.toml``'s
    format)."""
    lines = [
        "# Generated by benchmarks.synthetic: a synthetic screening round.",
        "",
        "[round]",
        f'id = "{round_id}"',
        f'label = "Screeningsrunde {round_id} (syntetiske data)"',
    ]
    for name in names:
        lines += ["", "[[municipalities]]", f'code = "{municipality_code(name)}"']
        lines.append(f"name = {json.dumps(name, ensure_ascii=False)}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


def _municipality_rows(
    index: int,
    name: str,
    n_tasks: int,
    seed: int,
    families: tuple[TaskFamily, ...],
    names: tuple[str, ...],
) -> list[tuple[str | None, dict]]:
    """(true family or None for a note row, the row as typed) for one municipality."""
    rng = random.Random(f"{seed}:{index}:{name}")
    size = KNOWN_SIZE.get(name, rng.lognormvariate(0.0, 0.6))
    n_family = min(round(n_tasks * (1 - SINGLETON_SHARE)), int(len(families) * MAX_FAMILY_SHARE))
    weights = np.array([f.popularity**2 for f in families], dtype=float)
    picks = np.random.default_rng([seed, index]).choice(
        len(families), size=n_family, replace=False, p=weights / weights.sum()
    )
    rows: list[tuple[str | None, dict]] = [
        (families[i].code, _family_row(families[i], rng, size, name, names)) for i in picks
    ]
    places = set()
    while len(rows) < n_tasks:
        place = _place(rng)
        if place not in places:
            places.add(place)
            family = f"lokal:{municipality_code(name)}:{fold(place)}"
            rows.append((family, _local_row(place, rng, size)))
    rng.shuffle(rows)
    for _, row in rows:
        if rng.random() < ERROR_RATE:
            _spoil(row, rng)
    if rng.random() < 0.1:  # a note typed between the tasks
        rows.insert(rng.randrange(len(rows) + 1), (None, {"title": "NB: Tallene er foreløbige."}))
    return rows


def _family_row(family: TaskFamily, rng: random.Random, size: float, name: str, names) -> dict:
    title_weights = [1.0 / (k + 1) for k in range(len(family.titles))]
    title = _vary_title(rng.choices(family.titles, title_weights)[0], rng)
    fte = family.cost_mio * size * 1.6 * rng.uniform(0.7, 1.3)
    description = family.description
    if rng.random() < 0.6:
        description += f" Opgaven løses i dag af {_dk_number(round(fte * 2) / 2)} årsværk."
    if rng.random() < 0.3:
        description += " " + rng.choice(_EXTRA_SENTENCES)
    area = family.service_area if rng.random() < 0.88 else rng.choice(SERVICE_AREAS).code
    task_type = family.task_type if rng.random() < 0.9 else rng.choice(TASK_TYPES).code
    form = family.cooperation_form if rng.random() < 0.75 else rng.choice(COOPERATION_FORMS).code
    goals = {g for g in family.goals if rng.random() < 0.8}
    goals |= {g.code for g in GOALS if rng.random() < 0.08}
    authority = family.authority_exercise != (rng.random() < 0.03)
    row = _typed_row(title, description, area, task_type, form, goals or {family.goals[0]}, rng)
    row["authority_exercise"] = YES_LABEL if authority else NO_LABEL
    _economics(row, family.cost_mio * size, family.cooperation_form, rng)
    _people(row, rng, name, names)
    return row


def _local_row(place: str, rng: random.Random, size: float) -> dict:
    where, subject = place.split(" ", 1)
    title = f"{where}{subject.lower()}"
    description = f"{rng.choice(_LOCAL_WHAT)} {subject.lower()} i {where}."
    if rng.random() < 0.5:
        description += f" {rng.choice(_LOCAL_NOTES)}."
    goals = {rng.choice(GOALS).code}
    area, kind = rng.choice(SERVICE_AREAS).code, rng.choice(TASK_TYPES).code
    form = rng.choice(COOPERATION_FORMS).code
    row = _typed_row(title, description, area, kind, form, goals, rng)
    row["authority_exercise"] = NO_LABEL
    _economics(row, rng.uniform(0.2, 3.0) * size, form, rng)
    return row


def _typed_row(title, description, area, task_type, form, goals, rng) -> dict:
    row = {
        "title": title,
        "description": description,
        "service_area": _spell(by_code(SERVICE_AREAS)[area], rng),
        "task_type": _spell(by_code(TASK_TYPES)[task_type], rng),
        "cooperation_form": _spell(by_code(COOPERATION_FORMS)[form], rng),
    }
    for goal in GOALS:
        if goal.code in goals:
            row[goal_column_code(goal.code)] = rng.choices(["Ja", "x", "ja", "X"], [85, 8, 5, 2])[0]
        elif rng.random() < 0.1:
            row[goal_column_code(goal.code)] = NO_LABEL
    return row


_TYPED_AS = {
    "systems": ("IT", "it-systemer"),
    "organisation": ("Organisation",),
    "processes": ("Proces",),
    "joint_procurement": ("Fællesudbud", "udbud"),
    "shared_service": ("SSC",),
}


def _spell(term, rng: random.Random) -> str:
    """The label as chosen from the dropdown, or what someone typed instead."""
    roll = rng.random()
    if roll < 0.9:
        return term.label
    if roll < 0.95 and term.code in _TYPED_AS:
        return rng.choice(_TYPED_AS[term.code])
    return term.short.lower() if roll < 0.98 else term.short


def _economics(row: dict, cost_mio: float, form: str, rng: random.Random) -> None:
    cost = round(cost_mio * 1e6 * rng.lognormvariate(0.0, 0.35), -4)
    if rng.random() < 0.9:
        row["cost_base_dkk"] = _as_typed_amount(cost, rng)
    if rng.random() < 0.85:
        fte = round(cost / rng.uniform(500_000, 650_000) * 2) / 2
        row["fte"] = fte if rng.random() < 0.9 else _dk_number(fte)
    if rng.random() < 0.8:
        if "cost_base_dkk" in row and rng.random() < 0.05:
            row["potential_dkk"] = f"{rng.randint(3, 20)} %"
        else:
            row["potential_dkk"] = _as_typed_amount(round(cost * rng.uniform(0.03, 0.2), -4), rng)
    base = {"network": 1, "partnership": 2, "shared_service": 4, "joint_procurement": 2}[form]
    if rng.random() < 0.9:
        row["complexity"] = min(5, max(1, base + rng.choice((-1, 0, 0, 1))))
    if rng.random() < 0.85:
        years = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))
        row["time_horizon_years"] = years if rng.random() < 0.95 else f"{years} år"


def _as_typed_amount(amount: float, rng: random.Random) -> float | str:
    roll = rng.random()
    if roll < 0.85:
        return amount
    if roll < 0.93 or amount < 1_000_000:
        return f"{int(amount):,} kr.".replace(",", ".")
    return f"{_dk_number(round(amount / 1e6, 1))} mio. kr."


def _dk_number(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def _people(row: dict, rng: random.Random, name: str, names: tuple[str, ...]) -> None:
    roll = rng.random()
    # The partners are drawn from a generator of their own, seeded by one draw: how many
    # municipalities there are to choose from then leaves the rest of the rows unchanged.
    partner_rng = random.Random(rng.random())
    if roll < 0.4 and len(names) > 1:
        others = [n for n in names if n != name]
        picked = partner_rng.sample(others, min(len(others), partner_rng.randint(1, 3)))
        row["partners"] = ", ".join(picked)
    elif roll < 0.5:
        row["partners"] = "Alle"
    if rng.random() < 0.8:
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        mail = f"{fold(first)[:2]}{fold(last)[:2]}@{municipality_code(name)}.dk"
        row["contact"] = f"{first} {last}, {mail}"
    if rng.random() < 0.25:
        row["barriers"] = rng.choice(_BARRIERS)
    if rng.random() < 0.1:
        row["remarks"] = rng.choice(_EXTRA_SENTENCES)


def _vary_title(title: str, rng: random.Random) -> str:
    """What people make of a title: prefixes, swapped words, typos, æøå as ae/oe/aa."""
    if rng.random() < 0.12 and not title.startswith("Fælles"):
        title = f"Fælles {title[:1].lower()}{title[1:]}"
    if rng.random() < 0.04 and " og " in title:
        left, right = title.split(" og ", 1)
        title = _capital(f"{right} og {left[:1].lower()}{left[1:]}")
    if rng.random() < 0.06:
        title = _typo(title, rng)
    if rng.random() < 0.04:
        title = title.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    if rng.random() < 0.04:
        title = title.lower()
    if rng.random() < 0.04:
        title = title + rng.choice((" mv.", " – drift", " (samarbejde)", "  "))
    return title


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _spoil(row: dict, rng: random.Random) -> None:
    """An error the validator rejects, as people make them."""
    kind = rng.randrange(3)
    if kind == 0:
        row["complexity"] = 7
    elif kind == 1:
        row["service_area"] = "Andet"
    else:
        row.pop("description", None)


# Invented local places («Kolbjerg», «Tingelstrup»), some 12,000 of them.
_PLACE_START = (
    "Ves Øs Kol Bjern Sø Hol Ting Lund Frede Hjor Ran Sten Hvid Mølle Ask Bøg Eg Hasle Rosen "
    "Skov Mark Klit Fjord Bakke Eng Mose Hede Lyng Strand Kær Ore Sol Stor Lille Gammel Ny "
    "Nør Sønder Vester Øster Hjort Ulv Rav Trane Ege Kirke Borg Kongs Dron Grev Abild"
).split()
_PLACE_MIDDLE = ("", "e", "s", "el", "en", "ing", "ke", "ter", "bjerg", "stru", "ved", "mo")
_PLACE_END = (
    "rup rød by lev sted høj holm lund bjerg ager torp have dal vig løse bæk skov mark næs "
    "strup ved"
).split()
# What a local task is about, named after its place: «Kolbjerg Mølle», «Tingelstrup Havn».
_LOCAL_SUBJECTS = (
    "Mølle Slot Havn Festival Marked Museum Sø Skov Strand Kirke Station Bro Plantage Fyr "
    "Voldsted Kro Herregård Hede Klint Vandrerhjem Kaserne Teglværk Mejeri Banegård Værft "
    "Gadekær Dige Sluse Skanse Kunsthal"
).split()
_LOCAL_WHAT = (
    "Drift og vedligehold af",
    "Formidling og åbningstider ved",
    "Tilskud til foreningen bag",
    "Istandsættelse af",
    "Arrangementer ved",
    "Bevaring af",
)
_LOCAL_NOTES = (
    "Vi overvejer en ny driftsaftale",
    "Frivillige står for en stor del af arbejdet",
    "Bygningen trænger til renovering",
    "Lokalrådet ønsker længere åbningstid",
    "Aftalen med ejeren skal genforhandles",
    "Tilskuddet evalueres næste år",
    "Besøgstallet er faldet siden 2020",
    "Skal måske overdrages til en forening",
)
_EXTRA_SENTENCES = (
    "Kontrakten udløber i 2027.",
    "Vi oplever stigende efterspørgsel.",
    "Der er svært at rekruttere medarbejdere med de rette kompetencer.",
    "Systemet skal udskiftes inden for tre år.",
    "Opgaven er delvist udliciteret i dag.",
    "Vi har gode erfaringer med et mindre samarbejde med nabokommunen.",
)
_BARRIERS = (
    "Forskellige IT-systemer i kommunerne.",
    "Bindende kontrakt til 2027.",
    "Geografisk afstand mellem kommunerne.",
    "Personalet skal virksomhedsoverdrages.",
    "Lovgivningen tillader ikke overdragelse af myndighedsudøvelse.",
    "Politisk ønske om lokal forankring.",
)
_FIRST_NAMES = (
    "Anne Mette Karen Hanne Lene Søren Jens Lars Mikkel Peter Maria Sofie Ole Birgit".split()
)
_LAST_NAMES = (
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Sørensen Møller Kristensen".split()
)


def _place(rng: random.Random) -> str:
    """An invented place and what is there, e.g. «Kolbjerg Mølle»."""
    where = rng.choice(_PLACE_START) + rng.choice(_PLACE_MIDDLE) + rng.choice(_PLACE_END)
    return f"{where[:1].upper()}{where[1:].lower()} {rng.choice(_LOCAL_SUBJECTS)}"
