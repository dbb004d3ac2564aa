/**
 * British → American spellings, applied word by word by the English normaliser.
 *
 * Data, carried over: the mapping of openai/whisper `whisper/normalizers/english.json`
 * (MIT licence, Copyright (c) 2022 OpenAI), itself built from the UK/US spelling list at
 * https://www.tysto.com/uk-us-spelling-list.html. Kept entry for entry, its few reversed or odd
 * entries included (e.g. `archeological`, `glamor`, `pummelled`), so that scores stay comparable
 * with Whisper-normalised results; its one entry that holds spaces (`flyer / flier`) can never
 * match a single word and is left out.
 *
 * Two encodings keep the table short:
 * - `PAIRS`: `british>american` words.
 * - `S_TO_Z`: `stem:suffix,suffix…`; each word is stem + suffix, and its American form is the
 *   same with the suffix's leading `s` written `z` (`organi:sation,se` → organisation→organization,
 *   organise→organize).
 */

const S_TO_Z = `
accessori:se,sed,ses,sing acclimati:sation,se,sed,ses,sing aggrandi:sement agoni:se,sed,ses,sing,singly
amorti:sable,sation,sations,se,sed,ses,sing analy:se,sed,ses,sing anglici:se,sed,ses,sing annuali:sed
antagoni:se,sed,ses,sing apologi:se,sed,ses,sing appeti:ser,sers,sing,singly authori:se,sed,ses,sing
bapti:se,sed,ses,sing bastardi:se,sed,ses,sing bowdleri:se,sed,ses,sing breathaly:se,sed,ser,sers,ses,sing
brutali:se,sed,ses,sing canali:se,sed,ses,sing cannibali:se,sed,ses,sing canoni:se,sed,ses,sing
capitali:se,sed,ses,sing carameli:se,sed,ses,sing carboni:se,sed,ses,sing cataly:se,sed,ses,sing
categori:se,sed,ses,sing cauteri:se,sed,ses,sing centrali:se,sed,ses,sing characteri:se,sed,ses,sing
circulari:se,sed,ses,sing civili:se,sed,ses,sing collectivi:se,sed,ses,sing
coloni:sation,se,sed,ser,sers,ses,sing commerciali:se,sed,ses,sing compartmentali:se,sed,ses,sing
computeri:se,sed,ses,sing conceptuali:se,sed,ses,sing contextuali:se,sed,ses,sing
co:sier,sies,siest,sily,siness,sy criminali:se,sed,ses,sing critici:se,sed,ses,sing
crystalli:sation,se,sed,ses,sing customi:se,sed,ses,sing decentrali:sation,se,sed,ses,sing
decriminali:sation,se,sed,ses,sing dehumani:sation,se,sed,ses,sing demilitari:sation,se,sed,ses,sing
demobili:sation,se,sed,ses,sing democrati:sation,se,sed,ses,sing demoni:se,sed,ses,sing
demorali:sation,se,sed,ses,sing denationali:sation,se,sed,ses,sing deodori:se,sed,ses,sing
depersonali:se,sed,ses,sing deputi:se,sed,ses,sing desensiti:sation,se,sed,ses,sing
destabili:sation,se,sed,ses,sing digiti:se,sed,ses,sing disorgani:sation,sed
dramati:sation,sations,se,sed,ses,sing economi:se,sed,ses,sing editoriali:se,sed,ses,sing
empathi:se,sed,ses,sing emphasi:se,sed,ses,sing energi:se,sed,ses,sing epitomi:se,sed,ses,sing
equali:sation,se,sed,ser,sers,ses,sing eulogi:se,sed,ses,sing evangeli:se,sed,ses,sing
exorci:se,sed,ses,sing extempori:sation,se,sed,ses,sing externali:sation,sations,se,sed,ses,sing
factori:se,sed,ses,sing familiari:sation,se,sed,ses,sing fantasi:se,sed,ses,sing femini:se,sed,ses,sing
fertili:sation,se,sed,ser,sers,ses,sing fictionali:sation,sations,se,sed,ses,sing
finali:sation,se,sed,ses,sing formali:sation,se,sed,ses,sing fossili:sation,se,sed,ses,sing
fraterni:sation,se,sed,ses,sing galvani:se,sed,ses,sing generali:sation,sations,se,sed,ses,sing
ghettoi:se,sed,ses,sing glamori:se,sed,ses,sing globali:sation,se,sed,ses,sing
harmoni:sation,se,sed,ses,sing homogeni:se,sed,ses,sing hospitali:sation,se,sed,ses,sing
humani:se,sed,ses,sing hybridi:se,sed,ses,sing hypnoti:se,sed,ses,sing hypothesi:se,sed,ses,sing
ideali:sation,se,sed,ses,sing idoli:se,sed,ses,sing immobili:sation,se,sed,ser,sers,ses,sing
immortali:se,sed,ses,sing immuni:sation,se,sed,ses,sing individuali:se,sed,ses,sing
industriali:se,sed,ses,sing initiali:se,sed,ses,sing institutionali:sation,se,sed,ses,sing
intellectuali:se,sed,ses,sing internali:sation,se,sed,ses,sing internationali:sation,se,sed,ses,sing
ioni:sation,se,sed,ser,sers,ses,sing italici:se,sed,ses,sing itemi:se,sed,ses,sing
jeopardi:se,sed,ses,sing legali:sation,se,sed,ses,sing legitimi:se,sed,ses,sing
liberali:sation,se,sed,ses,sing lioni:sation,se,sed,ses,sing liquidi:se,sed,ser,sers,ses,sing
locali:se,sed,ses,sing magneti:se,sed,ses,sing marginali:sation,se,sed,ses,sing
materiali:sation,se,sed,ses,sing maximi:sation,se,sed,ses,sing mechani:sation,se,sed,ses,sing
memoriali:se,sed,ses,sing memori:se,sed,ses,sing mesmeri:se,sed,ses,sing metaboli:se,sed,ses,sing
militari:se,sed,ses,sing miniaturi:sation,se,sed,ses,sing minimi:se,sed,ses,sing
mobili:sation,se,sed,ses,sing moderni:se,sed,ses,sing moisturi:se,sed,ser,sers,ses,sing
monopoli:sation,se,sed,ses,sing morali:se,sed,ses,sing motori:sed
nationali:sation,sations,se,sed,ses,sing naturali:sation,se,sed,ses,sing neutrali:sation,se,sed,ses,sing
normali:sation,se,sed,ses,sing optimi:se,sed,ses,sing organi:sation,sational,sations,se,sed,ser,sers,ses,sing
ostraci:se,sed,ses,sing overemphasi:se,sed,ses,sing oxidi:sation,se,sed,ses,sing paraly:se,sed,ses,sing
particulari:se,sed,ses,sing passivi:sation,se,sed,ses,sing pasteuri:sation,se,sed,ses,sing
patroni:se,sed,ses,sing,singly pedestriani:sation,se,sed,ses,sing penali:se,sed,ses,sing
personali:se,sed,ses,sing philosophi:se,sed,ses,sing plagiari:se,sed,ses,sing
polari:sation,se,sed,ses,sing politici:sation,se,sed,ses,sing populari:sation,se,sed,ses,sing
pressuri:sation,se,sed,ses,sing prioriti:sation,se,sed,ses,sing privati:sation,sations,se,sed,ses,sing
professionali:sation,se,sed,ses,sing propagandi:se,sed,ses,sing proselyti:se,sed,ser,sers,ses,sing
psychoanaly:se,sed,ses,sing publici:se,sed,ses,sing pulveri:sation,se,sed,ses,sing
radicali:se,sed,ses,sing randomi:se,sed,ses,sing rationali:sation,sations,se,sed,ses,sing
reali:sable,sation,sations,se,sed,ses,sing recogni:sable,sably,sance,se,sed,ses,sing
regulari:sation,se,sed,ses,sing reorgani:sation,sations,se,sed,ses,sing revitali:se,sed,ses,sing
revolutioni:se,sed,ses,sing rhapsodi:se,sed,ses,sing rituali:sed romantici:se,sed,ses,sing
saniti:se,sed,ses,sing satiri:se,sed,ses,sing scandali:se,sed,ses,sing scrutini:se,sed,ses,sing
seculari:sation,se,sed,ses,sing sensationali:se,sed,ses,sing sensiti:se,sed,ses,sing
sentimentali:se,sed,ses,sing seriali:sation,sations,se,sed,ses,sing sermoni:se,sed,ses,sing
signali:se,sed,ses,sing sociali:sation,se,sed,ses,sing sodomi:se,sed,ses,sing solemni:se,sed,ses,sing
speciali:sation,sations,se,sed,ses,sing stabili:sation,se,sed,ser,sers,ses,sing
standardi:sation,se,sed,ses,sing sterili:sation,sations,se,sed,ser,sers,ses,sing
stigmati:sation,se,sed,ses,sing subsidi:sation,se,sed,ser,sers,ses,sing summari:se,sed,ses,sing
symboli:se,sed,ses,sing sympathi:se,sed,ser,sers,ses,sing synchroni:sation,se,sed,ses,sing
synthesi:se,sed,ser,sers,ses,sing systemati:sation,se,sed,ses,sing tantali:se,sed,ses,sing,singly
tempori:se,sed,ses,sing tenderi:se,sed,ses,sing terrori:se,sed,ses,sing theori:se,sed,ses,sing
transistori:sed traumati:se,sed,ses,sing triviali:se,sed,ses,sing tyranni:se,sed,ses,sing
unauthori:sed uncivili:sed underutili:sed unioni:sation,se,sed,ses,sing unorgani:sed
unrecogni:sable,sed urbani:sation,se,sed,ses,sing utili:sable,sation,se,sed,ses,sing
vandali:se,sed,ses,sing vapori:sation,se,sed,ses,sing verbali:se,sed,ses,sing
victimi:sation,se,sed,ses,sing visuali:sation,sations,se,sed,ses,sing
vocali:sation,sations,se,sed,ses,sing vulcani:sed vulgari:sation,se,sed,ses,sing
westerni:sation,se,sed,ses,sing womani:se,sed,ser,sers,ses,sing
`;

const PAIRS = `
accoutrements>accouterments aeon>eon aeons>eons aerogramme>aerogram aerogrammes>aerograms
aeroplane>airplane aeroplanes>airplanes aesthete>esthete aesthetes>esthetes aesthetic>esthetic
aesthetically>esthetically aesthetics>esthetics aetiology>etiology ageing>aging almanack>almanac
almanacks>almanacs aluminium>aluminum amphitheatre>amphitheater amphitheatres>amphitheaters
anaemia>anemia anaemic>anemic anaesthesia>anesthesia anaesthetic>anesthetic anaesthetics>anesthetics
anaesthetise>anesthetize anaesthetised>anesthetized anaesthetises>anesthetizes
anaesthetising>anesthetizing anaesthetist>anesthetist anaesthetists>anesthetists
anaesthetize>anesthetize anaesthetized>anesthetized anaesthetizes>anesthetizes
anaesthetizing>anesthetizing analogue>analog analogues>analogs appal>appall appals>appalls
arbour>arbor arbours>arbors archeological>archaeological archaeologically>archeologically
archaeologist>archeologist archaeologists>archeologists archaeology>archeology ardour>ardor
armour>armor armoured>armored armourer>armorer armourers>armorers armouries>armories armoury>armory
artefact>artifact artefacts>artifacts axe>ax backpedalled>backpedaled backpedalling>backpedaling
bannister>banister bannisters>banisters battleax>battleaxe baulk>balk baulked>balked baulking>balking
baulks>balks bedevilled>bedeviled bedevilling>bedeviling behaviour>behavior behavioural>behavioral
behaviourism>behaviorism behaviourist>behaviorist behaviourists>behaviorists behaviours>behaviors
behove>behoove behoved>behooved behoves>behooves bejewelled>bejeweled belabour>belabor
belaboured>belabored belabouring>belaboring belabours>belabors bevelled>beveled bevvies>bevies
bevvy>bevy biassed>biased biassing>biasing bingeing>binging bougainvillaea>bougainvillea
bougainvillaeas>bougainvilleas busses>buses bussing>busing caesarean>cesarean caesareans>cesareans
calibre>caliber calibres>calibers calliper>caliper callipers>calipers callisthenics>calisthenics
cancelation>cancellation cancelations>cancellations cancelled>canceled cancelling>canceling
candour>candor carolled>caroled carolling>caroling catalogue>catalog catalogued>cataloged
catalogues>catalogs cataloguing>cataloging cavilled>caviled cavilling>caviling centigramme>centigram
centigrammes>centigrams centilitre>centiliter centilitres>centiliters centimetre>centimeter
centimetres>centimeters centre>center centred>centered centrefold>centerfold centrefolds>centerfolds
centrepiece>centerpiece centrepieces>centerpieces centres>centers channelled>channeled
channelling>channeling cheque>check chequebook>checkbook chequebooks>checkbooks chequered>checkered
cheques>checks chilli>chili chimaera>chimera chimaeras>chimeras chiselled>chiseled chiselling>chiseling
clamour>clamor clamoured>clamored clamouring>clamoring clamours>clamors clangour>clangor
clarinettist>clarinetist clarinettists>clarinetists colour>color colourant>colorant
colourants>colorants coloured>colored coloureds>coloreds colourful>colorful colourfully>colorfully
colouring>coloring colourize>colorize colourized>colorized colourizes>colorizes colourizing>colorizing
colourless>colorless colours>colors connexion>connection connexions>connections councillor>councilor
councillors>councilors counselled>counseled counselling>counseling counsellor>counselor
counsellors>counselors crenelated>crenellated crueller>crueler cruellest>cruelest cudgelled>cudgeled
cudgelling>cudgeling cypher>cipher cyphers>ciphers defence>defense defenceless>defenseless
defences>defenses demeanour>demeanor dialled>dialed dialling>dialing dialogue>dialog dialogues>dialogs
diarrhoea>diarrhea disc>disk discolour>discolor discoloured>discolored discolouring>discoloring
discolours>discolors discs>disks disembowelled>disemboweled disembowelling>disemboweling
disfavour>disfavor dishevelled>disheveled dishonour>dishonor dishonourable>dishonorable
dishonourably>dishonorably dishonoured>dishonored dishonouring>dishonoring dishonours>dishonors
distil>distill distils>distills draught>draft draughtboard>draftboard draughtboards>draftboards
draughtier>draftier draughtiest>draftiest draughts>drafts draughtsman>draftsman
draughtsmanship>draftsmanship draughtsmen>draftsmen draughtswoman>draftswoman
draughtswomen>draftswomen draughty>drafty drivelled>driveled drivelling>driveling duelled>dueled
duelling>dueling edoema>edema enamelled>enameled enamelling>enameling enamoured>enamored
encyclopaedia>encyclopedia encyclopaedias>encyclopedias encyclopaedic>encyclopedic endeavour>endeavor
endeavoured>endeavored endeavouring>endeavoring endeavours>endeavors enrol>enroll enrols>enrolls
enthral>enthrall enthrals>enthralls epaulette>epaulet epaulettes>epaulets epicentre>epicenter
epicentres>epicenters epilogue>epilog epilogues>epilogs faecal>fecal faeces>feces favour>favor
favourable>favorable favourably>favorably favoured>favored favouring>favoring favourite>favorite
favourites>favorites favouritism>favoritism favours>favors fervour>fervor fibre>fiber
fibreglass>fiberglass fibres>fibers fillet>filet filleted>fileted filleting>fileting fillets>filets
flautist>flutist flautists>flutists flavour>flavor flavoured>flavored flavouring>flavoring
flavourings>flavorings flavourless>flavorless flavours>flavors flavoursome>flavorsome foetal>fetal
foetid>fetid foetus>fetus foetuses>fetuses fulfil>fulfill fulfilment>fulfillment fulfils>fulfills
funnelled>funneled funnelling>funneling gambolled>gamboled gambolling>gamboling gaol>jail
gaolbird>jailbird gaolbirds>jailbirds gaolbreak>jailbreak gaolbreaks>jailbreaks gaoled>jailed
gaoler>jailer gaolers>jailers gaoling>jailing gaols>jails gasses>gases gage>gauge gaged>gauged
gages>gauges gaging>gauging gipsies>gypsies glamor>glamour glueing>gluing goitre>goiter goitres>goiters
gonorrhoea>gonorrhea gramme>gram grammes>grams gravelled>graveled grey>gray greyed>grayed
greying>graying greyish>grayish greyness>grayness greys>grays grovelled>groveled grovelling>groveling
groyne>groin groynes>groins gruelling>grueling gruellingly>gruelingly gryphon>griffin gryphons>griffins
gynaecological>gynecological gynaecologist>gynecologist gynaecologists>gynecologists
gynaecology>gynecology haematological>hematological haematologist>hematologist
haematologists>hematologists haematology>hematology haemoglobin>hemoglobin haemophilia>hemophilia
haemophiliac>hemophiliac haemophiliacs>hemophiliacs haemorrhage>hemorrhage haemorrhaged>hemorrhaged
haemorrhages>hemorrhages haemorrhaging>hemorrhaging haemorrhoids>hemorrhoids harbour>harbor
harboured>harbored harbouring>harboring harbours>harbors homoeopath>homeopath
homoeopathic>homeopathic homoeopaths>homeopaths homoeopathy>homeopathy honour>honor
honourable>honorable honourably>honorably honoured>honored honouring>honoring honours>honors
humour>humor humoured>humored humouring>humoring humourless>humorless humours>humors
impanelled>impaneled impanelling>impaneling imperilled>imperiled imperilling>imperiling
inflexion>inflection inflexions>inflections initialled>initialed initialling>initialing instal>install
instalment>installment instalments>installments instals>installs instil>instill instils>instills
jewelled>jeweled jeweller>jeweler jewellers>jewelers jewellery>jewelry judgement>judgment
kilogramme>kilogram kilogrammes>kilograms kilometre>kilometer kilometres>kilometers labelled>labeled
labelling>labeling labour>labor laboured>labored labourer>laborer labourers>laborers labouring>laboring
labours>labors lacklustre>lackluster leukaemia>leukemia levelled>leveled leveller>leveler
levellers>levelers levelling>leveling libelled>libeled libelling>libeling libellous>libelous
licence>license licenced>licensed licences>licenses licencing>licensing likeable>likable litre>liter
litres>liters louvre>louver louvred>louvered louvres>louvers lustre>luster
manoeuvrability>maneuverability manoeuvrable>maneuverable manoeuvre>maneuver manoeuvred>maneuvered
manoeuvres>maneuvers manoeuvring>maneuvering manoeuvrings>maneuverings marshalled>marshaled
marshalling>marshaling marvelled>marveled marvelling>marveling marvellous>marvelous
marvellously>marvelously meagre>meager mediaeval>medieval metre>meter metres>meters
micrometre>micrometer micrometres>micrometers milligramme>milligram milligrammes>milligrams
millilitre>milliliter millilitres>milliliters millimetre>millimeter millimetres>millimeters
minibusses>minibuses misbehaviour>misbehavior misdemeanour>misdemeanor misdemeanours>misdemeanors
misspelt>misspelled mitre>miter mitres>miters modelled>modeled modeller>modeler modellers>modelers
modelling>modeling monologue>monolog monologues>monologs mould>mold moulded>molded moulder>molder
mouldered>moldered mouldering>moldering moulders>molders mouldier>moldier mouldiest>moldiest
moulding>molding mouldings>moldings moulds>molds mouldy>moldy moult>molt moulted>molted moulting>molting
moults>molts moustache>mustache moustached>mustached moustaches>mustaches moustachioed>mustachioed
multicoloured>multicolored neighbour>neighbor neighbourhood>neighborhood neighbourhoods>neighborhoods
neighbouring>neighboring neighbourliness>neighborliness neighbourly>neighborly neighbours>neighbors
odour>odor odourless>odorless odours>odors oesophagus>esophagus oesophaguses>esophaguses
oestrogen>estrogen offence>offense offences>offenses omelette>omelet omelettes>omelets
orthopaedic>orthopedic orthopaedics>orthopedics outmanoeuvre>outmaneuver outmanoeuvred>outmaneuvered
outmanoeuvres>outmaneuvers outmanoeuvring>outmaneuvering paederast>pederast paederasts>pederasts
paediatric>pediatric paediatrician>pediatrician paediatricians>pediatricians paediatrics>pediatrics
paedophile>pedophile paedophiles>pedophiles paedophilia>pedophilia palaeolithic>paleolithic
palaeontologist>paleontologist palaeontologists>paleontologists palaeontology>paleontology
panelled>paneled panelling>paneling panellist>panelist panellists>panelists parcelled>parceled
parcelling>parceling parlour>parlor parlours>parlors pedalled>pedaled pedalling>pedaling
pencilled>penciled pencilling>penciling pharmacopoeia>pharmacopeia pharmacopoeias>pharmacopeias
philtre>filter philtres>filters phoney>phony plough>plow ploughed>plowed ploughing>plowing
ploughman>plowman ploughmen>plowmen ploughs>plows ploughshare>plowshare ploughshares>plowshares
pouffe>pouf pouffes>poufs practise>practice practised>practiced practises>practices
practising>practicing praesidium>presidium praesidiums>presidiums pretence>pretense pretences>pretenses
primaeval>primeval programme>program programmes>programs prologue>prolog prologues>prologs
pummelled>pummel pummelling>pummeled pyjama>pajama pyjamas>pajamas pzazz>pizzazz quarrelled>quarreled
quarrelling>quarreling rancour>rancor ravelled>raveled ravelling>raveling reconnoitre>reconnoiter
reconnoitred>reconnoitered reconnoitres>reconnoiters reconnoitring>reconnoitering refuelled>refueled
refuelling>refueling remodelled>remodeled remodelling>remodeling remould>remold remoulded>remolded
remoulding>remolding remoulds>remolds revelled>reveled reveller>reveler revellers>revelers
revelling>reveling rigour>rigor rigours>rigors rivalled>rivaled rivalling>rivaling rumour>rumor
rumoured>rumored rumours>rumors sabre>saber sabres>sabers saltpetre>saltpeter saviour>savior
saviours>saviors savour>savor savoured>savored savouries>savories savouring>savoring savours>savors
savoury>savory sceptic>skeptic sceptical>skeptical sceptically>skeptically scepticism>skepticism
sceptics>skeptics sceptre>scepter sceptres>scepters sepulchre>sepulcher sepulchres>sepulchers
sheikh>sheik shovelled>shoveled shovelling>shoveling shrivelled>shriveled shrivelling>shriveling
signalled>signaled signalling>signaling smoulder>smolder smouldered>smoldered smouldering>smoldering
smoulders>smolders snivelled>sniveled snivelling>sniveling snorkelled>snorkeled snorkelling>snorkeling
snowplough>snowplow snowploughs>snowplow sombre>somber spectre>specter spectres>specters
spiralled>spiraled spiralling>spiraling splendour>splendor splendours>splendors squirrelled>squirreled
squirrelling>squirreling stencilled>stenciled stencilling>stenciling storey>story storeys>stories
succour>succor succoured>succored succouring>succoring succours>succors sulphate>sulfate
sulphates>sulfates sulphide>sulfide sulphides>sulfides sulphur>sulfur sulphurous>sulfurous
swivelled>swiveled swivelling>swiveling syphon>siphon syphoned>siphoned syphoning>siphoning
syphons>siphons tasselled>tasseled technicolour>technicolor theatre>theater theatregoer>theatergoer
theatregoers>theatergoers theatres>theaters tonne>ton tonnes>tons towelled>toweled towelling>toweling
toxaemia>toxemia tranquillise>tranquilize tranquillised>tranquilized tranquilliser>tranquilizer
tranquillisers>tranquilizers tranquillises>tranquilizes tranquillising>tranquilizing
tranquillity>tranquility tranquillize>tranquilize tranquillized>tranquilized tranquillizer>tranquilizer
tranquillizers>tranquilizers tranquillizes>tranquilizes tranquillizing>tranquilizing
tranquilly>tranquility travelled>traveled traveller>traveler travellers>travelers travelling>traveling
travelog>travelogue travelogs>travelogues trialled>trialed trialling>trialing tricolour>tricolor
tricolours>tricolors tumour>tumor tumours>tumors tunnelled>tunneled tunnelling>tunneling tyre>tire
tyres>tires unequalled>unequaled unfavourable>unfavorable unfavourably>unfavorably
unravelled>unraveled unravelling>unraveling unrivalled>unrivaled unsavoury>unsavory
untrammelled>untrammeled valour>valor vapour>vapor vapours>vapors videodisc>videodisk
videodiscs>videodisks vigour>vigor waggon>wagon waggons>wagons watercolour>watercolor
watercolours>watercolors weaselled>weaseled weaselling>weaseling woollen>woolen woollens>woolens
woollies>woolies woolly>wooly worshipped>worshiped worshipping>worshiping worshipper>worshiper
yodelled>yodeled yodelling>yodeling yoghourt>yogurt yoghourts>yogurts yoghurt>yogurt yoghurts>yogurts
mhm>hmm mmm>hmm
`;

function buildSpellings(): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const entry of S_TO_Z.split(/\s+/).filter((e) => e !== '')) {
    const [stem = '', suffixes = ''] = entry.split(':');
    for (const suffix of suffixes.split(',')) map.set(stem + suffix, `${stem}z${suffix.slice(1)}`);
  }
  for (const entry of PAIRS.split(/\s+/).filter((e) => e !== '')) {
    const [british = '', american = ''] = entry.split('>');
    map.set(british, american);
  }
  return map;
}

/** British spelling → American spelling. */
export const BRITISH_TO_AMERICAN: ReadonlyMap<string, string> = buildSpellings();
