"""How people name their own job and the one they want, without the textbook cues.

A table of messages written for these tests (never taken from eval/ or the holdout) from many
kinds of workers: trades, care and the NHS, retail, hospitality, logistics, farming, the
military, offices, IT, creative work and the public sector, in UK, US, Indian and Australian
wording, lowercase, with typos and no punctuation. Each row says which current role, target
role, corrected role and goal the message states; ``ANY`` leaves a fact unchecked, ``None``
says the fact must be absent (jobs of other people, generic nouns, experience that is a skill).
A role value is compared without case; a tuple lists the spellings that are equally right
(an activity may name the field or the worker, the resolver maps either).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pytest

from bot.profiles.facts import CORRECTED_ROLE, CURRENT_ROLE, GOAL, TARGET_ROLE, find_facts, use_known_titles


class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()
Expected = str | tuple[str, ...] | None | _Any


class Case(NamedTuple):
    text: str
    current: Expected = None
    target: Expected = None
    goal: Expected = ANY
    corrected: Expected = None


C = Case
CASES: list[Case] = [
    # trades
    C("truck driver CDL-A 20 yrs. wanna do dispatch", "truck driver", ("dispatch", "dispatcher")),
    C("HGV driver, class 1, want to get into transport planning", "HGV driver", "transport planning"),
    C("3rd year apprentice electrician", ("apprentice electrician", "electrician")),
    C(
        "sparky here, thinking about going into solar installs",
        "sparky",
        ("solar installs", "solar installer"),
    ),
    C("plumber 15 yrs wanna go into gas engineering", "plumber", "gas engineering"),
    C("i'm a chippy looking to get into site management", "chippy", "site management"),
    C("bricklayer with a bad back, what else can i do", "bricklayer"),
    C("welder fabricator, want to become a welding inspector", "welder fabricator", "welding inspector"),
    C("my husband is a plumber and i want to become a bookkeeper", None, "bookkeeper"),
    C("I work as a scaffolder but want to move into health and safety", "scaffolder", "health and safety"),
    C("hvac tech in texas, aiming for hvac estimator", "hvac tech", "hvac estimator"),
    C("roofer, 42, knees are shot", "roofer"),
    C("been a painter and decorator for 20 years", "painter and decorator"),
    C("Want my A&P and a job at a regional airline", None, ("A&P", "A&P mechanic", "aircraft mechanic")),
    C("carpenter thinking of applying to be a building inspector", "carpenter", "building inspector"),
    C(
        "i do tiling mostly, want to do kitchen fitting",
        ("tiling", "tiler"),
        ("kitchen fitting", "kitchen fitter"),
    ),
    C("mechanic at a dealership, looking at becoming a service advisor", "mechanic", "service advisor"),
    C("landscaper wanting to go into arboriculture", "landscaper", "arboriculture"),
    C("gardener for the council wanting to be a tree surgeon", "gardener", "tree surgeon"),
    C("joiner 30 yrs want to teach at the college", "joiner", ANY),
    C("i'm a self employed plasterer", ("plasterer", "self employed plasterer")),
    C("gas engineer looking for a desk job", "gas engineer"),
    C("im a electrician want to go into estimating", "electrician", "estimating"),
    # care and the NHS
    C("HCA in the NHS band 3", "HCA"),
    C("sorry I'm an HCA not a nurse", "HCA", None, ANY, ANY),
    C("RN on a med surg floor, burnt out", "RN"),
    C("LPN wanting to bridge to RN", "LPN", "RN"),
    C("CNA looking to become an LPN", "CNA", "LPN"),
    C("for a care worker who wants to progress, what courses?", "care worker", None, "advance"),
    C(
        "from being a healthcare assistant to a nursing associate",
        "healthcare assistant",
        "nursing associate",
    ),
    C(
        "i'm a support worker in supported living, want to move into social work",
        "support worker",
        "social work",
    ),
    C("Band 5 staff nurse wanting band 6", "staff nurse", ANY),
    C("domiciliary carer, 4 years, what next", "domiciliary carer"),
    C("phlebotomist wanting to retrain as a paramedic", "phlebotomist", "paramedic"),
    C("im a dental nurse and want to be a dental hygienist", "dental nurse", "dental hygienist"),
    C("ward clerk at the hospital, would love to get into HR", "ward clerk", "HR"),
    C("Paramedic, 12 years on the road, want to move into education", "Paramedic", "education"),
    C("a nurse like me, can i go into tech?", "nurse", "tech"),
    C("my wife is a nurse and she says I should retrain", None, None),
    C("senior care assistant looking for a deputy manager role", "senior care assistant", "deputy manager"),
    C("OT in mental health, fancy doing research", "OT", ANY),
    C("physio assistant wants to be a physio", "physio assistant", "physio"),
    C("ICU nurse thinking about becoming an NP", "ICU nurse", "NP"),
    C("medical receptionist at a GP surgery", "medical receptionist"),
    C("i work nights as a care assistant", "care assistant"),
    C("healthcare assistant in a care home", "healthcare assistant"),
    C("i work as a carer nights want days job", "carer"),
    C("nursing assistant on a stroke ward, want to do my nursing degree", "nursing assistant", ANY),
    C("I'm a midwife and I want to go into lecturing", "midwife", "lecturing"),
    C("pharmacy technician wanting to become a pharmacist", "pharmacy technician", "pharmacist"),
    # retail
    C("a receptionist like me, what jobs could i get?", "receptionist"),
    C("shelf stacker at tesco lol", "shelf stacker"),
    C("retail assistant, want to get into buying", "retail assistant", "buying"),
    C("assistant store manager looking to become store manager", "assistant store manager", "store manager"),
    C("cashier at walmart 3 yrs wanna go into IT", "cashier", "IT"),
    C("key holder at a clothes shop, team leader role coming up and i want it", "key holder", "team leader"),
    C("team leader role coming up and i want it", None, "team leader"),
    C("visual merchandiser looking to move into interior design", "visual merchandiser", "interior design"),
    C("sales assistant in a phone shop", "sales assistant"),
    C("dept manager at home depot, aiming for store manager", "dept manager", "store manager"),
    C("customer service advisor in a call centre, want out", "customer service advisor"),
    C("call centre agent wanting to get into UX", "call centre agent", "UX"),
    C("retail worker at Woolies wanna get into nursing", "retail worker", "nursing"),
    C("I'm a manager at McDonald's", "manager"),
    C("store supervisor, want to move to area manager", "store supervisor", "area manager"),
    # hospitality
    C("I wait tables", ("waiter", "server", "waitress")),
    C("i wait tables at a diner, wanna get into bartending", ("waiter", "server", "waitress"), "bartending"),
    C("line cook 6 yrs want to be sous chef", "line cook", "sous chef"),
    C("kitchen porter, 19, what can i do", "kitchen porter"),
    C("head chef looking to get out of kitchens", "head chef"),
    C("hotel housekeeper wanting front desk", "hotel housekeeper", "front desk"),
    C("bar manager here", "bar manager"),
    C("barista but want to go into marketing", "barista", "marketing"),
    C("i manage a pub", "pub manager"),
    C("front of house supervisor in a restaurant", "front of house supervisor"),
    C("server at olive garden, looking into becoming a dental assistant", "server", "dental assistant"),
    C("im a chef wanna be a teacher", "chef", "teacher"),
    C("chef in a pub in Melbourne, thinking of doing a cert IV in training", "chef", ANY),
    C(
        "events coordinator at a hotel wanting to go into wedding planning",
        "events coordinator",
        "wedding planning",
    ),
    # logistics and transport
    C("out of work, was a warehouse supervisor till march", "warehouse supervisor"),
    C("forklift driver wanting to move to logistics coordinator", "forklift driver", "logistics coordinator"),
    C("picker packer at amazon", "picker packer"),
    C("courier driver self employed", "courier driver"),
    C("delivery driver for dpd, want to do something with computers", "delivery driver", ANY),
    C("warehouse operative looking at a team leader job", "warehouse operative", "team leader"),
    C("postman 10 years, thinking of going into teaching", "postman", "teaching"),
    C("bus driver wanna become a driving instructor", "bus driver", "driving instructor"),
    C("shipping clerk hoping for a logistics analyst role", "shipping clerk", "logistics analyst"),
    C("train conductor aiming for driver", "train conductor", ("driver", "train driver")),
    C("warehose worker want to be a hgv driver", "warehose worker", "hgv driver"),
    C("UPS package handler wanna get my CDL", ("package handler", "UPS package handler"), "truck driver"),
    C("getting my HGV licence next month", None, "HGV driver"),
    C("I have a CDL and drive for a living", ANY, None),
    C("FIFO dump truck operator in WA", ("dump truck operator", "FIFO dump truck operator")),
    C("taxi driver for 15 years, what else is there", "taxi driver"),
    # farming
    C("a 50 year old dairy farmer", "dairy farmer"),
    C("I run a small vineyard", ("vineyard manager", "vineyard owner")),
    C("farm hand on a sheep station in NSW", "farm hand"),
    C("i work on a dairy farm, milking mostly", ("farm worker", "dairy farm worker")),
    C("tractor driver at harvest, want year round work", "tractor driver"),
    C("agronomist looking to move into agtech sales", "agronomist", "agtech sales"),
    C("I'm a farmer, 58, is it too late to retrain as a teacher?", "farmer", "teacher"),
    # a message that is only a title is left to the question it answers (it may be the target)
    C("poultry farm manager", None),
    C("I do landscaping", ("landscaping", "landscaper")),
    C("I'm a jackaroo", "jackaroo"),
    C("i run a dairy farm with my brother", ("farm manager", "dairy farm manager", "farmer")),
    # military and uniformed services
    C("army veteran, was an infantry soldier", "infantry soldier"),
    C(
        "ex RAF aircraft technician looking for civvy work",
        ("aircraft technician", "RAF aircraft technician"),
    ),
    C("leaving the navy after 12 years as a marine engineer", "marine engineer"),
    C("USMC vet, MP for 4 years, want to get into law enforcement", "MP", "law enforcement"),
    C(
        "Would a security guard get taken seriously applying to the police?",
        "security guard",
        ("police", "police officer"),
    ),
    C("combat medic transitioning out, want to be a paramedic", "combat medic", "paramedic"),
    C(
        "I'm a sergeant in the army and want to move into project management",
        "sergeant",
        "project management",
    ),
    C("reservist, day job is a plasterer", "plasterer"),
    C("veteran looking to become an electrician", None, "electrician"),
    C("police officer 20 yrs, retiring soon", "police officer"),
    C("firefighter looking at fire safety inspector", "firefighter", "fire safety inspector"),
    C("prison officer wanting out", "prison officer"),
    C("EMT looking to become a firefighter", "EMT", "firefighter"),
    # offices
    C("as a junior accountant, should i do ACCA?", "junior accountant"),
    C("I do data entry", ("data entry", "data entry clerk")),
    C("admin assistant wanting to be a PA", "admin assistant", "PA"),
    C(
        "office manager at a law firm, want to go into paralegal work",
        "office manager",
        ("paralegal work", "paralegal"),
    ),
    C("payroll clerk looking to move into HR", "payroll clerk", "HR"),
    C("AP clerk want to become a financial analyst", "AP clerk", "financial analyst"),
    C("legal secretary 15 years", "legal secretary"),
    C("executive assistant to the CEO", "executive assistant"),
    C("receptionist at a dental practice, wanna do dental nursing", "receptionist", "dental nursing"),
    C("bookkeeper aiming for management accountant", "bookkeeper", "management accountant"),
    C("HR advisor looking at HRBP roles", "HR advisor", "HRBP"),
    C("I'm an office junior", "office junior"),
    C("project coordinator wants to step up to project manager", "project coordinator", "project manager"),
    C("claims handler at an insurance firm", "claims handler"),
    C("I'm a bank teller wanting to become a mortgage advisor", "bank teller", "mortgage advisor"),
    C("I'm a CA, want to move into investment banking", "CA", "investment banking"),
    C("My job: care assistant", "care assistant"),
    C("job title: Operations Manager", "Operations Manager"),
    C("paralegal wanting to go to law school", "paralegal", None),
    # IT
    C("helpdesk analyst, 2 yrs, want to get into cyber", "helpdesk analyst", "cyber"),
    C("junior dev wanting to go senior", "junior dev", ANY, ANY),
    C("wait no not web developer, i meant web designer", None, None, ANY, "web designer"),
    C("sysadmin moving to devops", "sysadmin", "devops"),
    C("QA tester trying to become a developer", "QA tester", "developer"),
    C(
        "I'm a software engineer at a bank, want to be an engineering manager",
        "software engineer",
        "engineering manager",
    ),
    C("IT support tech looking at cloud engineer roles", "IT support tech", "cloud engineer"),
    C("data analyst aiming for data scientist", "data analyst", "data scientist"),
    C("like a marketer who can do data, is that a thing?", None, None),
    C("network engineer CCNA, wanna do security", "network engineer", "security"),
    C("front end dev 5 yrs, want to move into product", "front end dev", "product"),
    C("SWE at a startup", "SWE"),
    C("BA in a bank, want to be a PM", "BA", "PM"),
    # creative
    C("graphic designer, freelance, want to get into UX", "graphic designer", "UX"),
    C("photographer doing weddings wanting more steady work", "photographer"),
    C("copywriter thinking about content strategy", "copywriter", "content strategy"),
    C("video editor want to do motion graphics", "video editor", "motion graphics"),
    C("I do nails from home", ("nails", "nail technician", "nail tech")),
    C("tattoo artist looking for something more stable", "tattoo artist"),
    C("journalist wanting to move into PR", "journalist", "PR"),
    C("hairdresser 10 yrs want to open my own salon", "hairdresser", ANY),
    # public sector and education
    C("Year 4 primary teacher", ("primary teacher", "Year 4 primary teacher")),
    C("TA in a primary school want to become a teacher", "TA", "teacher"),
    C("council planning officer", None),  # only a title: the question decides
    C("civil servant, EO grade, want to get to HEO", "civil servant", ANY),
    C("librarian who wants to move into data", "librarian", "data"),
    C("social worker thinking of becoming a therapist", "social worker", "therapist"),
    C("job centre work coach", None),  # only a title: the question decides
    C("school caretaker", None),  # only a title: the question decides
    C("early childhood educator, want to get my teaching degree", "early childhood educator", ANY),
    C(
        "substitute teacher trying to get into instructional design",
        "substitute teacher",
        "instructional design",
    ),
    C("disability support worker on the NDIS, want to become an OT", "disability support worker", "OT"),
    # Indian English
    C(
        "I am working as software tester in Infosys, want to shift to data science",
        "software tester",
        "data science",
    ),
    C("i am doing job as accountant in a private firm", "accountant"),
    C(
        "presently working as sales executive, want to switch to digital marketing",
        "sales executive",
        "digital marketing",
    ),
    C("myself Ravi, working as a mechanical engineer in Pune", "mechanical engineer"),
    C("I am fresher, want to get job as java developer", None, "java developer"),
    C("am a staff nurse in govt hospital, want to go abroad", "staff nurse", None),
    C("working as a clerk in bank since 8 years", "clerk"),
    C("tradie, sparky, looking at becoming an electrical inspector", "sparky", "electrical inspector"),
    # how people point at themselves without "I'm a"
    C("20 years a nurse and i'm done", "nurse"),
    C("former chef, currently unemployed", "chef"),
    C("stay at home mum, used to be a cashier", "cashier"),
    C("laid off from my job as a machine operator", "machine operator"),
    C("currently unemployed, last job was bar staff", "bar staff"),
    C("I used to be a welder but now I'm a delivery driver", "delivery driver"),
    C("i have experience as a cashier", "cashier"),
    C("I'm a CNA at a nursing home", "CNA"),
    C("RN, 10 years, want to go into informatics", "RN", "informatics"),
    C("correction: I'm a pharmacy technician", "pharmacy technician"),
    C("im a recepshonist at a hotel", "recepshonist"),
    C("i am a elecrician", "elecrician"),
    C("iam a nurse want to go in to admin", "nurse", "admin"),
    # targets said by a verb, not "become"
    C("want to get into nursing", None, "nursing"),
    C("how do i go into accountancy", None, "accountancy"),
    C("applying to be cabin crew", None, "cabin crew"),
    C("I want to do plumbing", None, "plumbing"),
    C("thinking of going into the police", None, "police"),
    C("i'd like to train as an electrician", None, "electrician"),
    C("dream is to be a vet nurse", None, "vet nurse"),
    C("interested in becoming a paramedic", None, "paramedic"),
    C("want to get a job as a dog groomer", None, "dog groomer"),
    C("studying to be a social worker", None, "social worker"),
    C("I'm training to be a counsellor", None, "counsellor"),
    C("applying for trainee train driver jobs", None, "trainee train driver"),
    C("looking to move to a data engineer role", None, "data engineer"),
    C("aiming for a band 6 nurse post", None, "band 6 nurse"),
    # other people's jobs, skills and generic nouns are not the person's role
    C("my husband is a plumber", None, None),
    C("my dad was a miner and i dont want that", None, None),
    C("my manager said i should do a course", None, None),
    C("our nurse was really nice", None, None),
    C("is a teacher well paid in the uk?", None, None),
    C("what does a data analyst do?", None, None),
    C("my friend became a nurse at 40, could i?", None, None),
    C("the customer service was awful", None, None),
    C("I'm a people person", None, None),
    C("I'm a bit of a perfectionist", None, None),
    C("I'm a single dad", None, None),
    C("i'm a quick learner and good with people", None, None),
    C("my boss is a nightmare", None, None),
    C("I worked with a lot of engineers", None, None),
    C("I've run a team of 6", None, None),
    C("I've managed a budget of 2 million", None, None),
    C("my sister works as a paralegal and loves it", None, None),
    C("do you need a degree to do nursing?", None, ANY),
    C("ok thanks", None, None),
    C("I do a lot of overtime", None, None),
    C("I run a lot in my spare time", None, None),
    # goal answers to "do you want to grow in your role or switch?"
    C("different one 100%", None, None, "switch"),
    C("probs move", None, None, "switch"),
    C("stay. I just want the promotion", None, None, "advance"),
    C("grow where i am", None, None, "advance"),
    C("bit of both?", None, None, "unsure"),
    C("depends... if there's better money somewhere else", None, None, "unsure"),
    C("switch", None, None, "switch"),
    C("grow", None, None, "advance"),
    C("not sure tbh", None, None, "unsure"),
    C("new career for sure", None, None, "switch"),
    C("move up in my company", None, None, "advance"),
    C("get out of retail completely", None, None, "switch"),
    C("stay in my field but go higher", None, None, "advance"),
    C("no idea honestly", None, None, "unsure"),
    C("something completely different", None, None, "switch"),
    C("climb the ladder where i am", None, None, "advance"),
    C("idk maybe both", None, None, "unsure"),
    C("want a fresh start in a new industry", None, None, "switch"),
    # corrections
    C("no, support worker not social worker", None, None, ANY, "support worker"),
    C("i said electrician, not engineer", None, None, ANY, "electrician"),
    C("oops typo, i meant paralegal", None, None, ANY, "paralegal"),
    C("not a teacher, a teaching assistant", None, None, ANY, "teaching assistant"),
    # second and third batches, written after the first fixes to check they generalise
    C("scaffolder 10 yrs, wanna get into project management", "scaffolder", "project management"),
    C("I'm a lorry driver looking to get into logistics", "lorry driver", "logistics"),
    C("band 4 nursing associate, want to top up to RN", "nursing associate", ANY),
    C("im a HCA wanting to become a nurse", "HCA", "nurse"),
    C("LVN in texas thinking about going into case management", "LVN", "case management"),
    C("cleaner at a school, what jobs can i do", "cleaner"),
    C("night shift security officer at a hospital", "security officer"),
    C("I'm a teaching assistant and want to become a SENCO", "teaching assistant", "SENCO"),
    C("waitress, 23, want to do something in marketing", "waitress", ANY),
    C("retired army officer looking for a second career", "army officer"),
    C("sous chef wanting to open a food truck", "sous chef", ANY),
    C("fork lift driver want to do hgv", "fork lift driver", "hgv"),
    C("I'm a barber, could i become a tattoo artist?", "barber", "tattoo artist"),
    C("electrician apprentice 2nd year", ("electrician apprentice",)),
    C("used to be a nurse, now a stay at home mum", "nurse"),
    C("my partner is a chef and i'm a receptionist", "receptionist"),
    C("school cook, would love to get into nutrition", "school cook", "nutrition"),
    C(
        "I am working as a data entry operator, want to become data analyst",
        "data entry operator",
        "data analyst",
    ),
    C("currently a delivery driver, thinking of going into plumbing", "delivery driver", "plumbing"),
    C("cow milker on a farm in NZ", "cow milker"),
    C("self employed gardener want to do arboriculture", "gardener", "arboriculture"),
    C("would a retail manager be able to move into HR?", "retail manager", "HR"),
    C("i do bookkeeping for small businesses", "bookkeeping"),
    C("I run a small bakery", ("bakery manager",)),
    C("housekeeper at a hotel wanting to get into reception", "housekeeper", "reception"),
    C("CSR at a bank, want to do compliance", "CSR", "compliance"),
    C("no not nurse, nursing assistant", None, None, ANY, "nursing assistant"),
    C("I'm a PA to a director", "PA"),
    C("train driver for 25 years, want something less stressful", "train driver"),
    C("been a postie for 8 years", "postie"),
    C("ex soldier now working as a security guard", "security guard"),
    C("my brother is an electrician, i work in a shop", ANY),
    C("ward sister wanting to step up to matron", "ward sister", "matron"),
    C("I'm a mechanic and want to move to an office job", "mechanic", ANY),
    C("a 45 year old bus driver", "bus driver"),
    C("teacher here, thinking of leaving for instructional design", "teacher", ANY),
    C("move", None, None, "switch"),
    C("prob stay where i am", None, None, "advance"),
    C("not sure honestly, both sound good", None, None, "unsure"),
    C("yeah new career", None, None, "switch"),
    C("i'm a machine op in a factory, want to get into maintenance", "machine op", "maintenance"),
    C("dental receptionist wanting to train as a dental nurse", "dental receptionist", "dental nurse"),
    C("senior carer nights, 6 yrs", "senior carer"),
    C("childminder from home, thinking about teaching", "childminder", ANY),
    C("I'm a steel fixer", "steel fixer"),
    C("butcher at morrisons 12 years", "butcher"),
    C("would a cashier be able to get a bank job?", "cashier", ANY),
    C("customer service rep wants to become a UX researcher", "customer service rep", "UX researcher"),
    C("Lab tech, wanting to go into QA", "Lab tech", "QA"),
    C("my mum is a carer and i want to do the same", None, ANY),
    C("I was a chef until covid, now unemployed", "chef"),
    C("im a pharmacist, want to move into industry", "pharmacist", ANY),
    C("groundworker wanna be a site manager", "groundworker", "site manager"),
    C("I'm 29 and a checkout operator", ("checkout operator",)),
    C("office admin, want to do bookkeeping", "office admin", "bookkeeping"),
    C("security guard looking at becoming a locksmith", "security guard", "locksmith"),
    C("am a driver in Dubai, want to come to UK as nurse", "driver", "nurse"),
    C("hairdresser in a salon 8 yrs", "hairdresser"),
    C("I manage a small team in a call centre", ANY),
    C("cabin crew for 10 years, now want a ground job", "cabin crew"),
    C("ive been a carer for 5 years and want to be a nurse", "carer", "nurse"),
    C("RGN wanting to move into health visiting", "RGN", "health visiting"),
    C("SAHM for 6 years, used to be a paralegal", "paralegal"),
    C("bar staff, 20, wanna be a paramedic", "bar staff", "paramedic"),
    C("probs switch tbh", None, None, "switch"),
    C("staying put, want to move up", None, None, "advance"),
    C("haven't decided", None, None, ANY),
    C("my boss is a software engineer", None, None),
    C("is a paralegal a good job?", None, None),
    C("I'm a cleaner but I want to do admin work", "cleaner", ("admin work", "admin")),
    # a fourth batch, run once unseen (29 of 30 right) before its one fix
    C("glazier for 18 years, wrists are going, what now", "glazier"),
    C("I'm a sub-postmaster thinking about retraining as a bookkeeper", "sub-postmaster", "bookkeeper"),
    C("night porter at a hotel want to get into IT", "night porter", "IT"),
    C("health care assistant looking to do my nursing apprenticeship", "health care assistant", ANY),
    C(
        "I'm a crane operator, how do i become a health and safety officer",
        "crane operator",
        "health and safety officer",
    ),
    C("pizza delivery driver wanna be a software developer", "pizza delivery driver", "software developer"),
    C("ex-nurse, now doing admin, want to go back", ("nurse",), ANY),
    C("I'm a fishmonger", "fishmonger"),
    C("i work as a kitchen assistant in a school", "kitchen assistant"),
    C("care home manager wants to move into inspection", "care home manager", "inspection"),
    C("as an HGV driver can i retrain as an electrician?", "HGV driver", "electrician"),
    C("Mechanical fitter on the railways, looking at becoming a planner", "Mechanical fitter", "planner"),
    C("been a stay at home dad, before that a chef", ANY),
    C("my uncle is an electrician and says i should do it", None, None),
    C("im a PCA at a hospital, wanna be an RN", "PCA", "RN"),
    C("cattle farmer, 60, bad knees", "cattle farmer"),
    C("i'm a delivery rider for deliveroo", "delivery rider"),
    C("call handler for 999, want to become a paramedic", "call handler", "paramedic"),
    C(
        "customer advisor at a bank wanting to be a financial adviser",
        "customer advisor",
        "financial adviser",
    ),
    C("I do hair and want to open a salon", ("hair",), ANY),
    C("I'm an operations supervisor at a distribution centre", "operations supervisor"),
    C(
        "housekeeping supervisor want to go into hotel management",
        "housekeeping supervisor",
        "hotel management",
    ),
    C("I work as a receptionist and want to do HR", "receptionist", "HR"),
    C("would a bartender be able to get into events?", "bartender", "events"),
    C("store assistant, 17, want an apprenticeship in plumbing", "store assistant", ANY),
    C("new career please", None, None, "switch"),
    C("definitely stay and grow", None, None, "advance"),
    C("hmm not sure, maybe switch", None, None, "unsure"),
    C("my dad is a farmer and I help out on weekends", None, None),
    C("what does a paralegal earn?", None, None),
    # a fifth batch, run once unseen (24 of 30 right) before its fixes
    C("no sorry, i'm a carer not a care coordinator", "carer", None, ANY, ANY),
    C("actually i'm more of a bookkeeper than an accountant", "bookkeeper", None, ANY, ANY),
    C("my girlfriend is a hairdresser, i'm a labourer", "labourer"),
    C("my mate got into rail and loves it", None, None),
    C("is being a nurse worth it for a man", None, None),
    C("what do electricians earn in australia", None, None),
    C("i want to get into welding", None, "welding"),
    C("how do people go into forensics", None, ANY),
    C("looking to move to a paramedic role", None, "paramedic"),
    C("want to step up to ward manager", None, "ward manager"),
    C("thinking about doing a plumbing course", None, ANY),
    C("applying to the fire service", None, "fire service"),
    C("I'm a yoga teacher", "yoga teacher"),
    C("council bin man 15 years", ("bin man", "council bin man")),
    C("dinner lady at a primary school", "dinner lady"),
    C("I'm a lollipop man", "lollipop man"),
    C("im a CNA at a nursing home wanting to go to nursing school", "CNA", ANY),
    C("sous chef, aiming for head chef", "sous chef", "head chef"),
    C("junior solicitor at a small firm", "junior solicitor"),
    C("I'm a manager in retail and want out", "manager", None, "switch"),
    C("tired of being a cashier", "cashier"),
    C("sick of working as a cleaner", "cleaner"),
    C("grow in my job", None, None, "advance"),
    C("a bit of both really", None, None, "unsure"),
    C("probably switch careers", None, None, "switch"),
    C("i'm an au pair", "au pair"),
    C("milkman wanting to become a postman", "milkman", "postman"),
    C("I work as a TA and want to be a SENCO", "TA", "SENCO"),
    C("I worked as a nanny for 10 years", "nanny"),
    C("dog walker, self employed, want something stable", "dog walker"),
    # a sixth batch, run once unseen (20 of 20 right), no fixes
    C("im a sparky looking to get into the wind industry", "sparky", ANY),
    C("carpenter by trade, want to teach it", "carpenter", ANY),
    C("agency nurse, want a permanent band 6 job", "agency nurse", ANY),
    C("i'm a baker at greggs, 5am starts are killing me", "baker"),
    C("supermarket night manager, want to get into logistics", "supermarket night manager", "logistics"),
    C("I'm an IT technician and want to be a network engineer", "IT technician", "network engineer"),
    C("lifeguard, 18, want to be a PE teacher", "lifeguard", "PE teacher"),
    C(
        "pharmacy dispenser wanting to train as a pharmacy technician",
        "pharmacy dispenser",
        "pharmacy technician",
    ),
    C("i'm a support worker, would i get taken seriously applying for police?", "support worker", ANY),
    C("was a teacher for 20 years, now tutoring", "teacher"),
    C("my husband works in IT and I'm a teaching assistant", "teaching assistant"),
    C("a 60 year old cleaner, is it too late", "cleaner"),
    C("HGV class 2 driver", ANY),
    C("I want to be a vet", None, "vet"),
    C("no, I meant physio not physician", None, None, ANY, "physio"),
    C("warehouse team leader wanting to go into HR", "warehouse team leader", "HR"),
    C("farm manager thinking of moving into agronomy", "farm manager", "agronomy"),
    C("retired firefighter, want part time work", "firefighter"),
    C("I'm a refuse collector and i want to get my HGV", "refuse collector", "HGV driver"),
    C("either honestly", None, None, "unsure"),
]

# Rows the extractor does not get right yet (kept honest: strict, so a fix must remove them).
KNOWN_GAPS: set[str] = set()


def _matches(found: str | None, expected: Expected) -> bool:
    if isinstance(expected, _Any):
        return True
    if expected is None or found is None:
        return expected is found
    options = (expected,) if isinstance(expected, str) else expected
    return found.casefold() in {option.casefold() for option in options}


def _params() -> list[object]:
    marks = pytest.mark.xfail(strict=True, reason="known gap")
    return [
        pytest.param(case, id=case.text[:50], marks=marks if case.text in KNOWN_GAPS else ())
        for case in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_role_mentions(case: Case) -> None:
    found = {fact.name: fact.value for fact in find_facts(case.text)}
    checks = {
        CURRENT_ROLE: case.current,
        TARGET_ROLE: case.target,
        GOAL: case.goal,
        CORRECTED_ROLE: case.corrected,
    }
    wrong = {
        name: found.get(name) for name, expected in checks.items() if not _matches(found.get(name), expected)
    }
    assert not wrong, (wrong, found)


def test_the_table_is_wide() -> None:
    assert len(CASES) >= 200
    assert len({case.text for case in CASES}) == len(CASES)


@pytest.fixture
def catalog_titles() -> Iterator[None]:
    """A few of the catalog's titles and aliases, as the catalog would give them."""
    use_known_titles(["Scrum Master", "CPhT", "Pharmacy Technician", "Sourcer"])
    yield
    use_known_titles([])


def test_without_the_catalog_an_unknown_title_needs_a_cue() -> None:
    assert CURRENT_ROLE not in {fact.name for fact in find_facts("scrum master, want to move into product")}


@pytest.mark.usefixtures("catalog_titles")
@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("scrum master, want to move into product", "scrum master"),
        ("CPhT at a hospital, 4 years", "CPhT"),
        ("cpht at a hospital, 4 years", None),  # a title in capitals is matched in capitals
        ("I'm a cashier", "cashier"),  # the lexicon still works beside the catalog
    ],
)
def test_the_catalogs_titles_count_as_job_titles(text: str, current: str | None) -> None:
    found = {fact.name: fact.value for fact in find_facts(text)}
    assert found.get(CURRENT_ROLE) == current
