"""Find the profile facts a whole message states, wherever and however many there are.

People open with everything at once ("im a cashier at a supermarket and i want to become a
data analyst, 5 hrs a week, $200 max"), answer one question with two facts, or correct
themselves ("actually make that project manager"). :func:`find_facts` returns one
:class:`Fact` per fact with its character span; it does not decide what a role *is* (that
needs the catalog: ``bot.catalog.role_resolver``), only which words name a role and whether
they say where the person is now or where they want to go, which is told by how it is
said: "I'm a ...", "I work as ...", "from X to Y" (current) against "become ...",
"move into ...", "retrain as ..." (target).

Money, hours and formats come from the one answer parser (``bot.profiles.answers``); role
spans never overlap them, so "I'm a freelance designer with 300 to spend" keeps both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.profiles import answers
from bot.vocabulary import ADVANCE, SWITCH, UNSURE

CURRENT_ROLE = "current_role"
TARGET_ROLE = "target_role"
#: A role named by a correction ("actually make that nurse"): current or target is told by
#: what the conversation was about, which only the dialogue knows.
CORRECTED_ROLE = "corrected_role"
GOAL = "goal"
HOURS = "hours_per_week"
BUDGET = "budget"
FORMAT = "preferred_format"
SKILLS = "skills"
ROLE_FACTS = (CURRENT_ROLE, TARGET_ROLE, CORRECTED_ROLE)
#: The entity type and role each fact is given in the NLU's output (the domain's slot
#: mappings read them back; every other fact is named like its slot).
ENTITY_OF_FACT: dict[str, tuple[str, str | None]] = {
    CURRENT_ROLE: ("job_title", "current"),
    TARGET_ROLE: ("job_title", "target"),
    CORRECTED_ROLE: ("job_title", "corrected"),
    GOAL: ("goal", None),
    HOURS: ("hours_per_week", None),
    BUDGET: ("budget", None),
    FORMAT: ("preferred_format", None),
    SKILLS: ("skills", None),
}
_FACT_OF_ENTITY = {entity: fact for fact, entity in ENTITY_OF_FACT.items()}


def fact_of_entity(entity_type: object, role: object = None) -> str | None:
    """The fact (a profile slot name, or :data:`CORRECTED_ROLE`) an entity stands for."""
    return _FACT_OF_ENTITY.get((str(entity_type), None if role is None else str(role)))


MAX_ROLE_WORDS = 6


@dataclass(frozen=True)
class Fact:
    """One fact of a message: ``name`` is a profile slot (or :data:`CORRECTED_ROLE`),
    ``value`` the words that state it (parsed again by the slot's validator)."""

    name: str
    value: str
    start: int
    end: int


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- where a role phrase ends -------------------------------------------------------------

#: Words that end a role phrase: conjunctions, prepositions, pronouns and verbs that start
#: the next part of the sentence ("a cashier *at* walmart *and* i *want* ...").
_STOP_WORDS = _words(
    """
    and but or so because cause cuz bc since for at with in on by from to into onto than then
    until till after before when while whilst though although however like maybe perhaps who
    that which where whose whom i im i'm i’m me my mine we our you your he she they it its want
    wanna wants wanted would could should can cant can't will wont won't shall might must need
    needs looking thinking hoping trying planning plan considering wondering interested am is
    are was were be been being have has had having do does did doing get getting currently now
    still right rn atm these days nowadays lately recently already also too either neither nor
    if as about around over under between through during without within per a an the any some
    lol lmao haha tbh honestly pls please thanks thank via mostly just only really very quite
    pretty kinda sorta basically literally who's what what's how why here there this those of
    eventually someday soon later asap tomorrow today tonight ever again moving looking wanting
    hoping thinking trying working switching transitioning going getting planning considering
    wondering pivoting studying learning taking doing making seeking applying retraining aiming
    feeling struggling leaving quitting retiring burned burnt one i'd i’d i'll i’ll i've i’ve you're
    we're they're it's that's not no nor nights days weekends
    """
)
#: Role heads that may continue with "of ..." ("head of marketing", "director of operations").
_OF_HEADS = _words(
    """
    head director vp chief manager officer professor teacher lecturer doctor supervisor
    coordinator leader lead president dean front
    """
)
#: Phrases that follow "I'm a ..." or "become a ..." and are not jobs.
_NOT_ROLES = _words(
    """
    bit little lot lots fan mom mum dad mother father parent wife husband mess beginner newbie
    noob novice learner person people guy girl woman man human bot robot while year years month
    months week weeks day days time fit idea option options way thing things change step move
    part full kind sort type career job role position field new different same self single one
    only huge total complete sector industry area direction path world route fresher uni
    university college school course courses degree
    """
)
#: First words of phrases that are not jobs ("a bit lost", "a mom of two", "a fast learner").
_NOT_ROLE_STARTS = _words(
    "bit little lot lots fan mom mum dad mother father parent wife husband mess beginner newbie noob "
    "novice fast slow quick big huge total complete self single one only part kind sort type something "
    "anything everything nothing"
)
#: Words said around a role that are not part of it.
_ROLE_WORDS_AFTER = _words("role roles job jobs position positions post posts career one lol haha now")
#: ("work" goes only after a job title: "paralegal work" is a paralegal, "social work" a field.)
_ROLE_WORDS_BEFORE = _words("full proper new actual fully ex ex- former retired self-employed")
_WORK_PATTERNS = frozenset(["full time", "part time", "self employed", "night shift", "day shift"])
#: Fields and titles with "and" inside ("health and safety", "painter and decorator").
_AND_PHRASES = frozenset(
    [
        "health and safety",
        "painter and decorator",
        "hair and beauty",
        "food and beverage",
        "research and development",
        "learning and development",
        "training and development",
        "sales and marketing",
        "heating and plumbing",
        "repair and maintenance",
        "facilities and maintenance",
        "wine and spirits",
    ]
)
#: "planning" is a verb ("planning to ...") unless a field comes before it ("transport planning").
_VERB_AFTER_PLANNING = _words("to on for i")
#: The last words of most job titles (a cue-less phrase must end in one to count as a role).
_ROLE_HEADS = _words(
    """
    accountant actor adjuster administrator admin advisor adviser agent aide analyst announcer
    apprentice architect artist assistant associate attendant auditor baker banker barber barista
    bartender bookkeeper buyer carer caregiver carpenter cashier chef chemist clerk cleaner coach
    consultant cook coordinator counselor counsellor courier dentist designer detective developer
    dev dietitian director dispatcher doctor driver economist editor educator electrician engineer
    estimator examiner executive farmer firefighter generalist geologist guard hairdresser
    hairstylist hand handler handyman housekeeper hygienist illustrator inspector installer instructor
    interpreter investigator janitor journalist labourer laborer lawyer lead leader lecturer
    librarian lifeguard machinist maker manager marketer mechanic medic merchandiser midwife
    musician nanny navigator nurse officer operative operator optician organizer organiser packer painter
    paralegal paramedic partner pharmacist photographer physician physicist physiotherapist picker
    pilot planner plumber porter practitioner producer professor programmer psychologist
    publicist receptionist recruiter rep representative researcher roofer salesperson scientist
    secretary server sergeant soldier sommelier specialist stocker strategist student supervisor
    surgeon surveyor tailor teacher tech technician technologist teller therapist trainer
    translator tutor underwriter veterinarian waiter waitress welder worker writer physio sparky
    chippy sysadmin servant crew staff postie steward stewardess jackaroo jillaroo labourer tradesperson
    """
)
#: Job abbreviations said in capitals ("HCA in the NHS", "RN, 10 years", "BA in a bank"): kept
#: as written (the resolver expands them); in lower case most are other words ("rn", "pa", "ta").
_ROLE_ACRONYMS = _words(
    """
    RN NP OT PT TA PA EA MP BA PM CA AE MA GP HCA LPN LVN CNA EMT SWE HRBP CPA SRE SDET BDR CSR DBA
    PCA PCT CMA QA SLP RT CRNA APRN PSW ODP SENCO HLTA RGN RMN
    """
)
#: Stop words in capitals that are part of a role ("IT support", "RN").
_KEPT_CAPITALS = _ROLE_ACRONYMS | {"IT"}
#: The few of them that are no other word in lower case ("im a cna", "hca here").
_LOWER_ACRONYMS = _words("hca lpn lvn cna emt swe hrbp cpa sdet crna aprn psw")
#: Jobs of two words, the second "man" or "lady" ("bin man", "dinner lady"; "a busy man" is none).
_PERSON_WORDS = _words("man lady woman person")
_PERSON_COMPOUNDS = _words(
    """
    bin dustbin lollipop dinner delivery handy repair post milk sales fire tea cleaning insurance
    signal line maintenance camera door ice lunch lolly
    """
)
#: Endings of agent nouns (see :func:`has_role_head`).
_AGENT_ENDINGS = ("ist", "ian", "eer", "man", "woman", "person", "smith", "wright", "er", "or")
#: Words with those endings that do not name someone's job.
_NOT_AGENT_NOUNS = _words(
    """
    other another never ever after under better bigger harder faster easier longer higher lower older
    younger later sooner further rather whether together however over cover corner center centre
    summer winter offer letter number order matter power answer either paper water computer career
    manner border chapter register filter printer monster finger dinner butter weather leather silver
    river powder ladder thunder tower shower flower trigger lever fever danger anger hunger prayer layer
    laser sober proper upper super cancer soccer cluster poster sticker rubber pepper tiger wonder
    master remember november october september december human german roman woman person asian
    christian median guardian utopian shift list gist twist exist assist insist resist consist persist
    checklist playlist wishlist whatever wherever whenever forever clever however lesser inner outer
    former latter cheaper smaller larger deeper stronger lighter quicker slower safer newer fewer
    greener cleaner happier busier easier earlier physical theater theatre meter litre liter refer
    prefer offer differ suffer enter render burger tender tenders carrier provider providers sticker
    indian canadian italian brazilian australian russian egyptian hungarian vegetarian
    color colour major minor error mirror labor labour favor favour honor honour humor humour motor
    sensor factor sector vendor interior exterior junior senior prior superior monitor indoor
    outdoor behavior behaviour neighbor neighbour horror terror tractor vector anchor decor
    calculator elevator refrigerator generator radiator indicator armor armour vapor flavor flavour
    corridor processor simulator escalator reactor detector tumor tumour harbor harbour parlor
    """
)
#: First words that make "be a better nurse" a wish to grow, not a new role.
_GROWTH_WORDS = frozenset(
    ["better", "good", "great", "stronger", "more", "effective", "successful", "top", "senior"]
)
_TOKEN = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9+#&'’/-]*\.?)")
#: A grade inside a title ("a band 6 nurse", "year 4 teacher"): a number after one of these.
_GRADE_NUMBER = re.compile(r"[ \t]*(\d{1,2})\b(?!\s*(?:years?|yrs?|months?|hours?|hrs?|%|k\b))")
_GRADE_WORDS = _words("band year level grade class tier")


def _role_phrase(text: str, start: int) -> tuple[int, int] | None:
    """The span of the role words that begin at ``start`` (up to :data:`MAX_ROLE_WORDS`,
    ending before a stop word or punctuation), or None when there are none."""
    spans: list[tuple[int, int]] = []
    position = start
    while len(spans) < MAX_ROLE_WORDS:
        match = _TOKEN.match(text, position)
        previous = text[spans[-1][0] : spans[-1][1]].lower() if spans else ""
        if match is None and previous in _GRADE_WORDS:
            match = _GRADE_NUMBER.match(text, position)
        if match is None:
            break
        raw = match.group(1)
        word = raw.rstrip(".").lower()
        if word in _STOP_WORDS and not _kept_stop_word(text, raw, previous, match.end()):
            break
        spans.append((match.start(1), match.start(1) + len(raw.rstrip("."))))
        position = match.end()
        if raw.endswith("."):
            break
    while spans and text[spans[-1][0] : spans[-1][1]].lower() == "of":
        spans.pop()
    if not spans:
        return None
    while spans and text[spans[-1][0] : spans[-1][1]].lower() in _ROLE_WORDS_AFTER:
        spans.pop()  # "a data analyst role" -> "data analyst"
    if (
        len(spans) > 1
        and text[spans[-1][0] : spans[-1][1]].lower() == "work"
        and has_role_head(text[spans[0][0] : spans[-2][1]])
    ):
        spans.pop()  # "paralegal work" -> "paralegal", but "social work" stays
    while len(spans) > 2 and " ".join(text[s:e].lower() for s, e in spans[:2]) in _WORK_PATTERNS:
        del spans[:2]  # "a full time nurse" -> "nurse"
    while len(spans) > 1 and text[spans[0][0] : spans[0][1]].lower() in _ROLE_WORDS_BEFORE:
        spans.pop(0)  # "a full project manager" -> "project manager"
    if not spans:
        return None
    words = text[spans[0][0] : spans[-1][1]].lower().split()
    if (words[-1] in _NOT_ROLES and not _is_person_compound(words)) or words[0] in _NOT_ROLE_STARTS:
        return None
    return spans[0][0], spans[-1][1]


def _is_person_compound(words: list[str]) -> bool:
    """ "bin man", "dinner lady", "lollipop man": a job named by what a man or lady does."""
    return len(words) > 1 and words[-1] in _PERSON_WORDS and words[-2] in _PERSON_COMPOUNDS


def _kept_stop_word(text: str, raw: str, previous: str, end: int) -> bool:
    """Whether a stop word is part of the role after all: "IT support", "RN", "head of ...",
    "health and safety", "transport planning" (but "planning to")."""
    word = raw.rstrip(".").lower()
    if raw.rstrip(".") in _KEPT_CAPITALS:
        return True
    if word == "of":
        return previous in _OF_HEADS
    if word == "and":
        following = _TOKEN.match(text, end)
        return following is not None and f"{previous} and {following.group(1).lower()}" in _AND_PHRASES
    if word == "planning" and previous and previous not in _STOP_WORDS:
        following = _TOKEN.match(text, end)
        return not following or following.group(1).lower() not in _VERB_AFTER_PLANNING
    return False


#: Titles the catalog knows (lower case), and those said in capitals ("PM", "CPhT"); empty
#: until :func:`use_known_titles` is given them, so facts need no database.
_known_titles: frozenset[str] = frozenset()
_known_acronyms: frozenset[str] = frozenset()


def use_known_titles(titles: Iterable[str]) -> None:
    """Let the catalog's role titles and aliases count as job titles without a cue ("poultry
    farm manager" needs none; "Staff Nurse" is known either way). Called once by whoever has
    the catalog (``RoleResolver`` titles and aliases); an empty list turns it off again."""
    global _known_titles, _known_acronyms
    cleaned_titles = {" ".join(title.split()) for title in titles if title and title.strip()}
    _known_titles = frozenset(title.lower() for title in cleaned_titles if not _is_acronym(title))
    _known_acronyms = frozenset(title for title in cleaned_titles if _is_acronym(title))


def _is_acronym(title: str) -> bool:
    return " " not in title and len(title) <= 5 and sum(char.isupper() for char in title) >= 2


def _is_known_title(words: list[str]) -> bool:
    """Whether the words end in a title the catalog knows (up to its four last words)."""
    if not _known_titles:
        return False
    lowered = [word.lower() for word in words[-4:]]
    return any(" ".join(lowered[index:]) in _known_titles for index in range(len(lowered)))


def has_role_head(words: str) -> bool:
    """Whether the last word is one jobs are named by ("... nurse", "... manager", "... drivers",
    "welder/fabricator"), which lets a role be taken without a cue ("cashier at walmart, want
    to ..."). Beyond the lexicon, the endings of agent nouns count: "-ist" (florist), "-ian"
    (technician), "-eer" (auctioneer), "-man" (postman), and "-er" unless the word is a
    common non-job word ("computer", "other")."""
    raw = words.replace("-", " ").split()
    if not raw:
        return False
    last = raw[-1].strip(".,")
    if last in _ROLE_ACRONYMS or last in _known_acronyms or last.lower() in _LOWER_ACRONYMS:
        return True
    if _is_known_title(raw):
        return True
    if _is_person_compound([word.lower() for word in raw[-2:]]):
        return True
    return any(_is_role_head(head) for head in raw[-1].lower().split("/") if head)


def _is_role_head(head: str) -> bool:
    singular = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if head in _ROLE_HEADS or singular in _ROLE_HEADS:
        return True
    if len(singular) < 5 or not singular.isalpha() or singular in _NOT_AGENT_NOUNS:
        return False
    return singular.endswith(_AGENT_ENDINGS)


# --- how a role is said -----------------------------------------------------------------

_ARTICLE = r"(?:(?:an?|the)\s+)"
_I_AM = r"(?:i\s*['’]?\s*a?m|im)"
_NOW = (
    r"(?:(?:currently|now|still|just|actually|basically|technically|officially|presently)\s+)?"
    r"(?:(?:more|kind|sort)\s+of\s+)?"  # "I'm more of a bookkeeper than an accountant"
)
#: Cues after which the words name the person's role now ("I'm a ...", "I work as ...").
_CURRENT_CUES = (
    rf"\b{_I_AM}\s+{_NOW}(?:working|employed|hired|stuck|trained)\s+as\s+{_ARTICLE}?",
    rf"\b{_I_AM}\s+{_NOW}{_ARTICLE}",
    r"\bi(?:\s+currently|\s+still|\s+now)?\s*(?:\s(?:work|worked|have\s+worked)|['’]ve\s+worked"
    r"|have\s+been\s+working|['’]ve\s+been\s+working|been\s+working|am\s+working|['’]m\s+working"
    rf"|earn\s+a\s+living|make\s+a\s+living)(?:\s+[\w-]+){{0,3}}?\s+as\s+{_ARTICLE}?",
    r"\bmy\s+(?:current\s+|present\s+|day\s+|actual\s+|official\s+)?(?:job|role|position|title"
    rf"|job\s+title|occupation|profession)\s*(?:is|=|:)\s+(?:currently\s+)?{_ARTICLE}?",
    # "job title: Operations Manager", "reservist, day job is a plasterer"
    r"^\W*(?:current\s+)?(?:job|role|position|job\s+title|title|occupation|profession)\s*[:=]\s*",
    rf"\bday\s+job\s*(?:is|=|:)\s*{_ARTICLE}?",
    # "last job was bar staff", "my previous role was as a ..."
    r"\b(?:last|previous|old|former)\s+(?:job|role|position)\s*(?:was|is|=|:)\s*(?:as\s+)?"
    rf"{_ARTICLE}?",
    rf"\b(?:i\s*['’]?ve|i\s+have|i\s+had)\s+been\s+{_ARTICLE}",
    rf"\bmy\s+(?:current\s+|present\s+|day\s+)?(?:job|role|position|work)\s+as\s+{_ARTICLE}?",
    rf"\b{_I_AM}\s+[a-z]+\s*,\s*{_ARTICLE}",
    rf"\b(?:currently|presently)\s+(?:working\s+as\s+)?{_ARTICLE}",
    rf"^\W*(?:(?:hi|hey|hello|so|well|ok|okay)\W+)?as\s+{_ARTICLE}",
    rf"\bi\s+was\s+{_ARTICLE}",
    # "ex soldier now working as a security guard", "working as a clerk in bank"
    rf"(?:\b(?:now|currently|presently)\s+|^\W*|[,.;!?]\s*)(?:working|employed)\s+as\s+{_ARTICLE}?",
    # "tired of being a cashier"
    rf"\b(?:tired|sick|fed\s+up|bored|done)\s+(?:of|with)\s+being\s+{_ARTICLE}",
)
#: Current cues whose words must be a job title: "out of work, was a warehouse supervisor"
#: (but "thanks, was a great help"), "been a painter ...", "used to be a cashier", "20 years a nurse".
_CURRENT_TITLE_CUES = (
    rf"(?:^|[,.;!?]\s*)\W*(?:was|been|am)\s+{_NOW}{_ARTICLE}",
    rf"\bused\s+to\s+(?:be|work\s+as)\s+{_ARTICLE}?",
    rf"\b\d+\s*(?:years?|yrs?)\s+{_ARTICLE}(?=[a-z])",
    rf"\b{_I_AM}\s+\d{{1,2}}\s*(?:,\s*|and\s+)+{_ARTICLE}",  # "I'm 29 and a checkout operator"
)
#: Cues of a current role that only count before a job title ("a nurse like me").
_SELF_DESCRIBED = (
    # "a receptionist like me", "for someone like me": a job title the person says is theirs
    re.compile(r"\b(?:an?\s+)?(?P<role>[a-z][\w &/-]{1,40}?)\s+like\s+(?:me|myself)\b", re.I),
    # "for a care worker who wants to progress, what courses?"
    re.compile(
        r"\bfor\s+(?:an?\s+)?(?P<role>[a-z][\w &/-]{1,40}?)\s+(?:who|that)\s+"
        r"(?:wants?|is\s+(?:looking|hoping|trying)|hopes?|needs?|plans?)\b",
        re.I,
    ),
    # "Would a security guard get taken seriously applying to the police?"
    re.compile(
        r"^\W*(?:would|could|can|will)\s+(?:an?\s+)(?P<role>[a-z][\w &/-]{1,40}?)\s+"
        r"(?:get|be|ever|still|stand|have|make|realistically|really|actually|need|even)\b",
        re.I,
    ),
)
_WANT = (
    r"(?:want|wants|wanna|wanted|would\s+like|['’]d\s+like|d\s+like|love|hope|hoping|plan|planning"
    r"|aim|aiming|trying|try|dream|dreaming|wish|need|gonna|how|could|can|should|help\s+me"
    r"|ready|decided|thinking\s+(?:of|about)|considering|keen|eager|wanting)"
)
#: Cues after which the words name the role the person wants ("become ...", "move into ...").
_TARGET_CUES = (
    rf"\b(?:become|becoming|became)\s+{_ARTICLE}?",
    rf"\b{_WANT}(?:\s+\w+){{0,2}}?\s+(?:to\s+)?be\s+{_ARTICLE}",
    r"\b(?:move|moving|switch|switching|transition|transitioning|pivot|pivoting|change|changing"
    r"|shift|shifting|jump|jumping|bridge|bridging|progress|progressing)"
    r"(?:\s+(?:careers?|fields?|jobs?|paths?|over|gears))?\s+(?:in)?to\s+(?:being\s+)?"
    rf"(?:(?:a|an|the)\s+)?(?:(?:role|job|position|career|work)\s+(?:as|in)\s+)?{_ARTICLE}?",
    r"\b(?:get|getting|go|going|break|breaking|head|heading|step|stepping)\s+in\s?to\s+"
    rf"(?:(?:a|an|the)\s+)?(?:(?:role|job|position|career|work)\s+(?:as|in)\s+)?{_ARTICLE}?",
    r"\b(?:re-?train|re-?training|re-?skill|re-?skilling|train|training|qualify|qualifying|requalify"
    rf"|requalifying|study|studying)\s+(?:to\s+be(?:come)?\s+|as\s+|into\s+){_ARTICLE}?",
    rf"\b{_WANT}(?:\s+\w+){{0,4}}?\s+(?:to\s+)?(?:work|working|start|starting)\s+as\s+{_ARTICLE}?",
    r"\b(?:looking\s+for|find|finding|apply(?:ing)?\s+(?:for|to)|land|landing|get|getting)\s+(?:an?\s+)?"
    rf"(?:new\s+)?(?:jobs?|roles?|positions?|work|openings?)\s+as\s+{_ARTICLE}?",
    r"\b(?:aspiring|wannabe|would-be)\s+",
    rf"\b(?:aim|aiming|go|going|shoot|shooting|apply|applying)\s+for\s+{_ARTICLE}?(?:(?:role|job|position)\s+as\s+{_ARTICLE}?)?",
    r"\bmy\s+(?:target|goal|dream|next|new)\s*(?:role|job|position|career)?\s*(?:is|=|:|would\s+be)\s+"
    rf"(?:to\s+be(?:come)?\s+)?{_ARTICLE}?",
    rf"\b(?:target|goal)\s*(?:role|job)?\s*[:=]\s*{_ARTICLE}?",
    # "applying to the police", "applying to be cabin crew"
    rf"\bappl(?:y|ying|ied)\s+to\s+(?:be(?:come)?\s+|join\s+)?{_ARTICLE}?",
)
#: Target cues whose words must be a job title (or a field) to count: "want to be sous chef"
#: (but "want to be paid more"), "wanting front desk" (but "wanting more hours").
_TARGET_TITLE_CUES = (
    rf"\b{_WANT}(?:\s+\w+){{0,2}}?\s+(?:to\s+)?be\s+(?!an?\s|the\s)",
    r"\b(?:want|wants|wanting|wanna|after|aiming\s+for|going\s+for)\s+(?:an?\s+|the\s+)?(?=[a-z])",
)
#: "wanna do dispatch", "want to do kitchen fitting": a line of work the person wants to do.
_WANT_TO_DO = re.compile(
    r"\b(?:want|wants|wanted|wanna|wanting|would\s+like|['’]d\s+like|d\s+like|love|hope|hoping|plan|planning"
    r"|aim|aiming|dream|keen|eager|rather|prefer)(?:\s+\w+)?\s+(?:to\s+)?do\s+(?!an?\s|the\s|my\s|some|more\s|it\b|that\b|this\b)",
    re.IGNORECASE,
)
#: What one "does" that is no line of work ("do nights", "do overtime", "do well").
_NOT_DONE_AS_WORK = _words(
    """
    nights days weekends shifts overtime hours well ok okay good great better best stuff things anything
    everything nothing something whatever same again both either this that these those them one
    running swimming cycling gaming knitting reading hiking climbing boxing dancing singing fishing
    walking jogging shopping yoga pilates gym sport sports
    """
)
#: Nouns of work people say they "do" ("I do nails", "I do data entry", "i do payroll").
_DONE_AS_WORK = _words(
    """
    nails hair makeup lashes brows entry admin payroll accounts books bookkeeping deliveries dispatch
    reception service work repairs maintenance installs installations tax taxes audits data
    """
)
#: What people say they do for work ("I do data entry", "i do nails from home").
_I_DO = re.compile(
    r"\bi\s+(?:currently\s+|mainly\s+|mostly\s+|just\s+|now\s+)?do\s+(?!an?\s|the\s|my\s|some|it\b|that\b)",
    re.IGNORECASE,
)
#: Licences that are wanted for the one job they lead to ("Want my A&P", "wanna get my CDL").
_LICENCE_JOBS = {
    "a&p": "aircraft mechanic",
    "cdl": "truck driver",
    "hgv": "HGV driver",
    "lgv": "HGV driver",
    "sia": "security officer",
}
_LICENCE = re.compile(
    r"\b(?:want|wants|wanting|wanna|get|getting|earn|earning|working\s+(?:on|towards?)|studying\s+for)\s+"
    r"(?:my|a|an|the)\s+(?:class\s+[a-c1-2]\s+)?(?P<licence>a&p|cdl|hgv|lgv|sia)(?:-?[a-c]\b)?"
    r"(?:\s+(?:licen[cs]e|licence|cert(?:ificate)?|ticket|badge))?",
    re.IGNORECASE,
)
#: A job said to be open to the person: "team leader role coming up and i want it".
_OPENING = re.compile(
    r"\b((?:[a-z][\w&-]*\s+){0,3}?[a-z][\w&-]*)\s+(?:role|job|position|post|vacancy)\s+(?:is\s+)?"
    r"(?:coming\s+up|opening(?:\s+up)?|open|going|available|advertised|came\s+up)\b",
    re.IGNORECASE,
)
#: Someone else's job ("my husband is a plumber", "my sister works as a paralegal").
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:\w+\s+)?(?:husband|wife|partner|boyfriend|girlfriend|dad|father|"
    r"mum|mom|mother|parents?|son|daughter|brother|sister|friend|mate|boss|manager|colleague|coworker|"
    r"co-worker|cousin|uncle|aunt|neighbou?r|kids?|child|children|nan|grandad|grandma|grandpa|flatmate)s?\b"
    r"|\b(?:he|she|they|he's|she's|they're)\b",
    re.IGNORECASE,
)
#: "from cashier to data analyst": the current role, then the target.
_FROM = re.compile(rf"\bfrom\s+(?:being\s+)?{_ARTICLE}?", re.IGNORECASE)
_TO = re.compile(rf"\s*(?:,\s*)?(?:to|into|->|→|=>)\s*(?:being\s+)?{_ARTICLE}?", re.IGNORECASE)
#: Cues of a correction whose role is current or target by what was being discussed.
_CORRECTION_CUES = (
    rf"\b(?:make|change|switch|set|update)\s+(?:that|it|this)\s+(?:to\s+|into\s+)?{_ARTICLE}?",
    rf"\b(?:i\s+meant|meant\s+to\s+say)\s+{_ARTICLE}?",
    rf"^\W*(?:(?:no|nope|sorry|oops|wait)\W+)?(?:actually|rather|instead)\W+{_ARTICLE}",
)
#: Corrections whose words must be a job title: "no, support worker not social worker",
#: "i said electrician, not engineer", "not a teacher, a teaching assistant".
_CORRECTION_TITLE_CUES = (
    r"^\W*(?:(?:no|nope|sorry|oops|wait|correction)\b\W*)+(?:i\s+said\s+|it['’]?s\s+|i\s+meant\s+)?"
    rf"{_ARTICLE}?(?=[^,.;]{{1,50}}?,?\s+not\s)",
    rf"\bi\s+said\s+{_ARTICLE}?",
    rf"^\W*(?:(?:no|nope|sorry|oops|wait)\W+)*not\s+{_ARTICLE}?[^,.;]{{1,40}}?\s*[,;]\s*(?:but\s+|i\s+meant\s+|it['’]?s\s+)?{_ARTICLE}?",
)
#: A move up within the same line of work ("grow into a team lead role"): a target role
#: and the goal to grow rather than switch.
_PROMOTION = re.compile(
    r"\b(?:(?:grow|growing)(?:\s+up)?|(?:move|moving|step|stepping|work\s+my\s+way|climb|climbing|get|getting)"
    r"\s+up|(?:get|getting|be|being)?\s*promoted|promotion)"
    rf"\s+(?:in)?to\s+(?:be(?:come)?\s+|being\s+)?{_ARTICLE}?",
    re.IGNORECASE,
)
#: "thinking about property management", "interested in health-tech product management".
_INTEREST = re.compile(
    r"\b(?:thinking\s+(?:about|of)|interested\s+in|curious\s+about|looking\s+(?:at|into)|eyeing|considering|"
    r"pursuing|pursue|exploring|explore|(?:do|doing|try|trying|go\s+into|going\s+into)(?=\s+[a-z]+\s+[a-z]+)|"
    r"(?:work|working|a\s+job|a\s+role|a\s+position|a\s+career|career|jobs?|roles?)\s+in|"
    r"next\s+step\s+(?:for\s+me\s+)?(?:would\s+be|is|could\s+be))\s+"
    rf"(?:(?:a\s+)?(?:career|job|role|move)s?\s+(?:in|as)\s+)?{_ARTICLE}?",
    re.IGNORECASE,
)
_SAID_OF_NOW = re.compile(
    r"\b(?:i|we)\s*(?:['’]ve|['’]m|have|had|am|currently|still|now|been|already|\s)*\s*$|\bmy\s+(?:current\s+)?$",
    re.IGNORECASE,
)
_FIELD_HEADS = _words(
    "management design development analysis analytics marketing nursing engineering accounting "
    "testing programming coding research administration security cybersecurity sales finance "
    "teaching training support operations logistics inspection planning consulting writing hr it "
    "healthcare tech technology science strategy graphics"
)
_CURRENT = [re.compile(cue, re.IGNORECASE) for cue in _CURRENT_CUES]
_CURRENT_TITLE = [re.compile(cue, re.IGNORECASE) for cue in _CURRENT_TITLE_CUES]
_TARGET = [re.compile(cue, re.IGNORECASE) for cue in _TARGET_CUES]
_TARGET_TITLE = [re.compile(cue, re.IGNORECASE) for cue in _TARGET_TITLE_CUES]
_CORRECTION = [re.compile(cue, re.IGNORECASE) for cue in _CORRECTION_CUES]
_CORRECTION_TITLE = [re.compile(cue, re.IGNORECASE) for cue in _CORRECTION_TITLE_CUES]
#: A whole message "teacher -> instructional designer" or "cashier to data analyst".
_ARROW = re.compile(
    r"^\W*([a-z][\w &/-]{1,50}?)\s*(?:->|→|=>|-->|\bto\b|\binto\b)\s*(?:an?\s+)?([a-z][\w &/-]{1,50}?)\W*$",
    re.I,
)
_I_AM_BARE = re.compile(rf"\b{_I_AM}\s+{_NOW}(?!an?\s|the\s)", re.IGNORECASE)
#: What people say they do, and the job it names ({place}: the words matched as "place").
_DOING = [
    (re.compile(p, re.IGNORECASE), title)
    for p, title in (
        (r"\bi\s+(?:currently\s+)?teach\b", "teacher"),
        (r"\bi\s+(?:currently\s+)?wait\s+(?:on\s+)?tables\b", "waiter"),
        (
            r"\bi\s+(?:currently\s+)?(?:drive|deliver)\s+(?:a\s+|for\s+)?(?P<place>truck|bus|taxi|forklift|van)?",
            "{place} driver",
        ),
        (r"\bi\s+(?:currently\s+)?clean\s+(?P<place>offices|houses|homes|hotels)?", "cleaner"),
        (
            r"\bi\s+(?:currently\s+)?(?:run|manage|own)\s+(?:a|an|the|our|my)\s+(?:small\s+|local\s+|little\s+)?"
            r"(?:[a-z]+\s+)?(?P<place>store|shop|restaurant|cafe|café|bar|salon|team|department|warehouse|office|branch|"
            r"pub|vineyard|farm|hotel|site|kitchen|gym|clinic|nursery|garage|care\s+home|bakery)\b",
            "{place} manager",
        ),
        (
            r"\bi\s+(?:currently\s+)?work\s+(?:in|at|on)\s+(?:a|an|the)\s+(?:dairy\s+|sheep\s+|cattle\s+|"
            r"fruit\s+|pig\s+|chicken\s+|poultry\s+|local\s+|big\s+|small\s+)?(?P<place>warehouse|farm|factory|kitchen|"
            r"call\s+cent(?:er|re)|hospital|restaurant|bakery|hotel|daycare|school|lab|laboratory|pharmacy|bank|"
            r"construction\s+site|supermarket|grocery\s+store|store|shop)\b",
            "{place} worker",
        ),
        (
            r"\bi\s+(?:currently\s+)?work\s+(?P<place>help\s*desk|retail|construction|reception|security|customer\s+service)\b",
            "{place}",
        ),
    )
]
#: Openings before a leading job title ("Hey! ", "looking for advice: ").
_PREAMBLE = re.compile(
    r"^\W*(?:(?:hi|hey|hello|ok|okay|so|well|um)\b\W*)*(?:[^.:!?]{0,40}:\s*)?", re.IGNORECASE
)
#: Words that go on to a wish ("..., want to", "..., looking to", "-> ").
_WISH = re.compile(
    r"\b(?:want|wanna|wanting|would\s+like|['’]d\s+like|looking|hoping|thinking|interested|trying|planning|"
    r"considering|aiming|keen|tired\s+of|need|should|not\s+sure|unsure|stay|leave|switch|change|advice|"
    r"what\s+(?:else|next|now|can|could|should|do|are)|retiring|burnt|burned|done)\b|->|→|\?",
    re.IGNORECASE,
)
_ARROW_INSIDE = re.compile(r"\s*(?:->|→|=>|-->)\s*(?:an?\s+)?")
#: Words before a leading job title that say it is the person's ("a 50 year old dairy farmer",
#: "3rd year apprentice electrician", "Year 4 primary teacher", "Band 5 staff nurse", "former chef").
_SELF_PREFIX = re.compile(
    r"(?:an?\s+)?(?:\d{1,2}\s*-?\s*(?:year|yr)s?\s*-?\s*old\s+|\d(?:st|nd|rd|th)\s+year\s+|(?:year|band|grade)\s+\d{1,2}\s+"
    r"|(?:ex|former|retired)\b[-\s]*)",
    re.IGNORECASE,
)
#: Words after a leading job title that describe the person's job now: a place ("at tesco",
#: "in the NHS", "on a med surg floor"), a time or age ("15 years", ", 42"), "self employed".
_SAID_OF_A_JOB = re.compile(
    r"\s*(?:(?:at|in|on|for|with|to)\s+[\w&'’-]|,?\s*\d|,?\s*(?:self[-\s]employed|freelance|full[-\s]time|"
    r"part[-\s]time|nights|days|weekends|lol|here)\b)",
    re.IGNORECASE,
)


def _phrase_start(text: str, end: int) -> int:
    """Where the words before ``end`` begin: after the last punctuation or sentence start."""
    boundary = max(text.rfind(mark, 0, end) for mark in ".,;:!?\n")
    start = boundary + 1 if boundary >= 0 else 0
    return start + len(text[start:end]) - len(text[start:end].lstrip())


#: "nurse here", "barista here lol" at the start of a message.
_HERE = re.compile(r"^\W*(?:(?:hi|hey|hello)\W+)?(?:an?\s+)?([a-z][a-z ]{1,40}?)\s+here\b", re.IGNORECASE)
_SLASH = re.compile(r"\s*/\s*")
#: Where a job title may start without a cue: after "as (a)", or at a later clause's start.
_TITLE_AFTER_ARTICLE = re.compile(r"\bas\s+(?:an?\s+)?|(?<=[a-z])[,;(]\s*(?!\s|not\b|no\b)", re.IGNORECASE)
_HEDGE = re.compile(r"(?:maybe|perhaps|probably|possibly|ideally|like|something\s+like)\s+(?:an?\s+)?", re.I)
#: Words of a wish before a job title in the same sentence ("is it possible to be a ...").
_WISHED_BEFORE = re.compile(
    r"\b(?:want|wanna|wanted|wish|hope|hoping|dream|plan|planning|aim|aiming|aspire|aspiring|goal|target|"
    r"like\s+to|love\s+to|considering|thinking|possible|realistic|realistically|could|would|should|might|"
    r"chance|shot|future|next|become|becoming|into|towards?|retrain|reskill|switch|pivot|transition|"
    r"interested|curious|apply|applying|career\s+as)\b",
    re.IGNORECASE,
)
#: "a data management role", "an office manager position" (group 1: the role's words).
_CALLED_A_ROLE = re.compile(
    r"(?<!my )(?<!current )(?<!present )\b(?:an?|the)\s+((?:[a-z][\w&-]*\s+){0,3}?[a-z][\w&-]*)\s+"
    r"(?:role|job|position|career)\b",
    re.IGNORECASE,
)
_FIELD_AFTER_CUE = re.compile(r"(?:the\s+)?(?:field|world|area|industry|sector)\s+of\s+", re.IGNORECASE)


def _trimmed_to_head(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """``span`` without the words after its last job-title word ("truck driver CDL-A" ->
    "truck driver", "HCA in" stays None): a cue-less role must end in a role head."""
    if span is None:
        return None
    words = list(re.finditer(r"\S+", text[span[0] : span[1]]))
    while words and not has_role_head(text[span[0] : span[0] + words[-1].end()]):
        words.pop()  # (the words so far, so a known title of several words counts)
    if not words:
        return None
    return span[0], span[0] + words[-1].end()


def _about_someone_else(text: str, start: int) -> bool:
    """Whether the clause before ``start`` is about another person ("my husband is a ...",
    "my friend became a ..."): their job is not the person's role."""
    clause_start = max(
        max(text.rfind(mark, 0, start) for mark in ".,;!?") + 1,
        max(text.lower().rfind(word, 0, start) for word in (" and ", " but ")),
    )
    return bool(_SOMEONE_ELSE.search(text, clause_start, start))


def _is_title_or_field(words: str) -> bool:
    """A job title, a field ("content strategy") or a desk that is a job ("front desk")."""
    lowered = words.lower()
    return has_role_head(words) or lowered.split()[-1] in _FIELD_HEADS or lowered.endswith(_DESK_JOBS)


_DESK_JOBS = ("front desk", "help desk", "service desk", "reception")


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


class _RoleFinder:
    """Collects at most one role fact of each kind; the first cue that finds one wins."""

    def __init__(self, text: str, taken: list[tuple[int, int]]):
        self.text = text
        self.taken = taken
        self.found: dict[str, Fact] = {}
        #: Where the target was named as a step up ("grow into", "move up to"): the goal is to grow.
        self.promotion: tuple[int, int] | None = None

    def add(
        self,
        name: str,
        cue_end: int,
        *,
        growth_is_role: bool = True,
        needs_title: bool = False,
        until: int | None = None,
    ) -> Fact | None:
        """Take the role words at ``cue_end`` (ending by ``until`` when given) as ``name``."""
        if name in self.found:
            return None
        field = _FIELD_AFTER_CUE.match(self.text, cue_end)
        span = _role_phrase(self.text[:until], field.end() if field else cue_end)
        slash = _SLASH.match(self.text, span[1]) if span else None
        if span and slash and not has_role_head(self.text[span[0] : span[1]]):
            after = _role_phrase(self.text, slash.end())  # "lean / continuous improvement engineer"
            if after and has_role_head(self.text[after[0] : after[1]]):
                span = after
        if span is None or _overlaps(span, self.taken):
            return None
        words = self.text[span[0] : span[1]]
        if not growth_is_role and words.split()[0].lower() in _GROWTH_WORDS:
            return None
        if needs_title and not _is_title_or_field(words):
            return None
        if name != CORRECTED_ROLE and _about_someone_else(self.text, span[0]):
            return None
        fact = Fact(name, words, span[0], span[1])
        self.found[name] = fact
        self.taken.append(span)
        return fact

    def find(self) -> list[Fact]:
        for match in _FROM.finditer(self.text):
            start_of_current = match.end()
            span = _role_phrase(self.text, start_of_current)
            if span is None:
                continue
            to = _TO.match(self.text, span[1])
            if to and self.add(CURRENT_ROLE, start_of_current):
                self.add(TARGET_ROLE, to.end())
        for cue in _CORRECTION:
            for match in cue.finditer(self.text):
                self.add(CORRECTED_ROLE, match.end())
        for cue in _CORRECTION_TITLE:
            for match in cue.finditer(self.text):
                self.add(CORRECTED_ROLE, match.end(), needs_title=True)
        for match in _PROMOTION.finditer(self.text):
            fact = self.add(TARGET_ROLE, match.end(), growth_is_role=False)
            if fact is not None:
                self.promotion = (match.start(), match.end())
        for match in _OPENING.finditer(self.text):  # "team leader role coming up and i want it"
            span = _role_phrase(self.text[: match.end(1)], match.start(1))
            if span and has_role_head(self.text[span[0] : span[1]]):
                self.add(TARGET_ROLE, match.start(1), until=match.end(1))
        for cue in _TARGET:
            for match in cue.finditer(self.text):
                self.add(TARGET_ROLE, match.end(), growth_is_role=False)
        for cue in _TARGET_TITLE:
            for match in cue.finditer(self.text):
                self.add(TARGET_ROLE, match.end(), growth_is_role=False, needs_title=True)
        licence = _LICENCE.search(self.text)
        if licence and TARGET_ROLE not in self.found and not _overlaps(licence.span(), self.taken):
            title = _LICENCE_JOBS[licence.group("licence").lower()]
            self.found[TARGET_ROLE] = Fact(TARGET_ROLE, title, *licence.span())
            self.taken.append(licence.span())
        for match in _WANT_TO_DO.finditer(self.text):  # "wanna do dispatch"
            if self._done_as_work(match.end()):
                self.add(TARGET_ROLE, match.end(), growth_is_role=False)
        for match in _INTEREST.finditer(self.text):
            if _SAID_OF_NOW.search(self.text[max(0, match.start() - 25) : match.start()]):
                continue  # "I work in HR", "I have a job in retail": where they are, not a wish
            span = _role_phrase(self.text, match.end())
            words = self.text[span[0] : span[1]] if span else ""
            if words and (has_role_head(words) or words.lower().split()[-1] in _FIELD_HEADS):
                self.add(TARGET_ROLE, match.end(), growth_is_role=False)
        for cue in _CURRENT:
            for match in cue.finditer(self.text):
                self.add(CURRENT_ROLE, match.end())
        for cue in _CURRENT_TITLE:
            for match in cue.finditer(self.text):
                self.add(CURRENT_ROLE, match.end(), needs_title=True)
        self._self_described()
        for match in _ARROW_INSIDE.finditer(self.text):  # "graphic designer -> ux designer. i know ..."
            before = _role_phrase(self.text, _phrase_start(self.text, match.start()))
            if before and before[1] == match.start() and has_role_head(self.text[before[0] : before[1]]):
                self.add(CURRENT_ROLE, before[0])
                self.add(TARGET_ROLE, match.end())
        arrow = _ARROW.match(self.text)
        if (
            arrow
            and all(_role_phrase(self.text, arrow.start(g)) == arrow.span(g) for g in (1, 2))
            # "cashier to data analyst", but not "switch back to factory settings"
            and (has_role_head(arrow.group(1)) or re.search(r"->|→|=>", self.text))
        ):
            self.add(CURRENT_ROLE, arrow.start(1))
            self.add(TARGET_ROLE, arrow.start(2))
        here = _HERE.match(self.text)
        if here:
            span = _role_phrase(self.text, here.start(1))
            if span and span[1] == here.end(1):
                self.add(CURRENT_ROLE, here.start(1))
        for match in _I_AM_BARE.finditer(self.text):  # "I am receptionist in hotel"
            span = _role_phrase(self.text, match.end())
            if span and has_role_head(self.text[span[0] : span[1]]):
                self.add(CURRENT_ROLE, match.end())
        self._by_what_they_do()
        self._leading_role()
        self._role_named_as_a_role()
        self._any_job_title()
        return list(self.found.values())

    def _done_as_work(self, start: int, *, said_of_now: bool = False) -> bool:
        """Whether the words "done" at ``start`` are a line of work ("do dispatch", "do
        kitchen fitting"), not shifts, hobbies or "do well". What someone says they do now
        must also sound like work, since "I do agree" is emphasis ("I do data entry",
        "I do landscaping", "I do nails")."""
        span = _role_phrase(self.text, start)
        if span is None:
            return False
        words = self.text[span[0] : span[1]].lower().split()
        if any(word in _NOT_DONE_AS_WORK for word in words):
            return False
        last = words[-1]
        return not said_of_now or last.endswith("ing") or last in _FIELD_HEADS or last in _DONE_AS_WORK

    def _self_described(self) -> None:
        """ "a receptionist like me", "for a care worker who wants to progress", "would a
        security guard get taken seriously ...": a job title said of the person asking."""
        for pattern in _SELF_DESCRIBED:
            for match in pattern.finditer(self.text):
                span = _role_phrase(self.text, match.start("role"))
                if span and span[1] == match.end("role") and has_role_head(self.text[span[0] : span[1]]):
                    self.add(CURRENT_ROLE, span[0])

    def _any_job_title(self) -> None:
        """The fallback for phrasings no cue knows ("12 years as a welder", "burned out,
        social worker, ..."): a job title after "as (a)" or at the start of a later clause is
        the role the person wants when a wish comes before it in its sentence, else the one
        they have. (A message that is only a title is left to the question it answers.)"""
        for match in _TITLE_AFTER_ARTICLE.finditer(self.text):
            hedge = _HEDGE.match(self.text, match.end())  # ", maybe site manager?"
            span = _role_phrase(self.text, hedge.end() if hedge else match.end())
            if span is None or _overlaps(span, self.taken) or not has_role_head(self.text[span[0] : span[1]]):
                continue
            sentence_start = max(self.text.rfind(mark, 0, span[0]) for mark in ".!?;") + 1
            wished = _WISHED_BEFORE.search(self.text[sentence_start : span[0]])
            name = TARGET_ROLE if wished else CURRENT_ROLE
            if name not in self.found:
                self.add(name, span[0], growth_is_role=name == CURRENT_ROLE)

    def _role_named_as_a_role(self) -> None:
        """ "Is a data management role a realistic next step?", "a team lead position":
        words called a role, job or position that are not the person's own ("my role") are
        where they want to go."""
        if TARGET_ROLE in self.found:
            return
        for match in _CALLED_A_ROLE.finditer(self.text):
            span = _role_phrase(self.text, match.start(1))
            if span is None or span[1] != match.end(1) or _overlaps(span, self.taken):
                continue
            words = self.text[span[0] : span[1]]
            if has_role_head(words) or words.lower().split()[-1] in _FIELD_HEADS:
                self.add(TARGET_ROLE, span[0], growth_is_role=False)
                return

    def _by_what_they_do(self) -> None:
        """ "I teach high school maths" (teacher), "I drive for uber" (driver), "i work on a
        farm" (farm worker), "i run a small clothing store" (store manager)."""
        if CURRENT_ROLE in self.found:
            return
        for done in _I_DO.finditer(self.text):  # "I do data entry", "i do nails from home"
            if self._done_as_work(done.end(), said_of_now=True) and self.add(CURRENT_ROLE, done.end()):
                return
        for pattern, title in _DOING:
            match = pattern.search(self.text)
            if match and not _overlaps(match.span(), self.taken):
                place = (match.groupdict().get("place") or "").strip()
                words = title.format(place=place).strip()
                self.found[CURRENT_ROLE] = Fact(CURRENT_ROLE, words, match.start(), match.end())
                self.taken.append(match.span())
                return

    def _leading_role(self) -> None:
        """A message (or a sentence of it) that starts with a job title and goes on to other
        facts: "cashier at a supermarket, want to become a data analyst", "plumber, 20 yrs,
        want to move into ...", "I need advice. High school teacher, 10 yrs, ..."."""
        if CURRENT_ROLE in self.found:
            return
        preamble = _PREAMBLE.match(self.text)
        starts = [preamble.end() if preamble else 0]
        starts += [match.end() for match in re.finditer(r"[.!?]\s+|\(\s*", self.text)]
        for position in starts:
            prefix = _SELF_PREFIX.match(self.text, position)
            if prefix:
                position = prefix.end()
            span = _trimmed_to_head(self.text, _role_phrase(self.text, position))
            if span is None or _overlaps(span, self.taken):
                continue
            # "someone like me (call centre agent, 3 yrs)": an aside that says who they are
            aside = self.text[:position].rstrip().endswith("(")
            said_of_now = prefix or _SAID_OF_A_JOB.match(self.text, span[1])
            if self.found or aside or said_of_now or _WISH.search(self.text[span[1] :]):
                fact = Fact(CURRENT_ROLE, self.text[span[0] : span[1]], *span)
                self.found[CURRENT_ROLE] = fact
                self.taken.append(span)
                return


# --- goal ----------------------------------------------------------------------------------

_GOAL_PATTERNS = (
    (
        UNSURE,
        r"\b(?:not\s+sure|unsure|no\s+idea|don['’]?t\s+know|dunno|undecided|torn|on\s+the\s+fence)\b"
        r"[^.?!]{0,40}\b(?:what|which|whether|if|where|direction|path|career|stay|move|switch|upskill"
        r"|reskill|next)\b|\b(?:explore|exploring)\s+(?:my\s+)?options\b|\bkeep\s+(?:my\s+)?options\s+open\b",
    ),
    (
        SWITCH,
        r"\b(?:change|changing|switch|switching)\s+(?:careers?|fields?|jobs?|industr(?:y|ies)|paths?|professions?)"
        r"|\bcareer\s+(?:change|switch|pivot|move)\b|\b(?:new|different|another)\s+(?:career|field|role|job|"
        r"industry|line\s+of\s+work|profession)\b"
        r"|\b(?:want|wanna|need|looking|like|plan|planning|hoping|trying|going|keen)\s+to\s+reskill\b"
        r"|\bwant(?:s|ed|ing)?\s+out\b(?!\s+of\s+(?:bed|the\s+house))|\b(?:something|completely|totally)\s+(?:else|different)\b|\bget\s+out\s+of\s+(?:retail|here|this)"
        r"|\bleave\s+(?:my\s+)?(?:job|role|field|industry|retail|nursing|teaching)\b"
        r"|\b(?:something|anything)\s+(?:less|else|outside|away\s+from|with\s+(?:computers|tech|data|people))\b"
        r"|\b(?:do|doing|try|learn)\s+something\b[^.?!]{0,30}\binstead\b|\bget\s+out\s+(?:and|of)\b"
        r"|\b(?:retrain|re-train)\s+(?:as|into|for)\b|\bwhat\s+(?:should|could|can)\s+i\s+retrain\b",
    ),
    (
        ADVANCE,
        r"\b(?:get|getting|be|being)\s+promoted\b|\bpromotion\b|\bmove\s+up\b|\bmoving\s+up\b|\blevel\s+up\b"
        r"|\b(?:grow|growing|advance|advancing|progress|progressing|stay|staying)\s+(?:in|within|at)\s+"
        r"(?:my|the\s+same|this)\s+(?:current\s+)?(?:role|job|field|company|position|career|team)"
        r"|\b(?:better|stronger)\s+at\s+(?:my|what\s+i\s+do)\b|\bsenior\s+role\b"
        r"|\bgrow\s+where\s+i\s+am\b|\bstay\s+in\s+(?:my\s+)?(?:field|job|role|hr|it|nursing|teaching|"
        r"retail|the\s+same\s+\w+)\b|\bget\s+better\s+at\b|\bspeciali[sz]e\s+(?:in|further)\b"
        r"|\b(?:want|wanna|need|needs|looking|like|plan|planning|hoping|trying|going|keen)\s+to\s+upskill\b"
        r"|\b(?:want|wants|wanting|wanna|hoping|looking|trying|keen)\s+to\s+(?:progress|advance)\b"
        r"|\bnext\s+level\b|\bclimb\s+the\s+ladder\b",
    ),
)
_GOALS = [(goal, re.compile(pattern, re.IGNORECASE)) for goal, pattern in _GOAL_PATTERNS]
#: Short answers to "grow in your role or switch?" ("probs move", "bit of both?", "grow"):
#: a word of either side is the answer only in a message of a few words.
_SHORT_ANSWER_WORDS = 6
_SHORT_GOALS = [
    (goal, re.compile(pattern, re.IGNORECASE))
    for goal, pattern in (
        (UNSURE, r"\b(?:both|either|depends|dunno|idk|unsure|no\s+idea|no\s+clue|not\s+sure)\b"),
        (
            SWITCH,
            r"\b(?:switch|switching|move(?!\s+up)|moving(?!\s+up)|change|leave|different|pivot|reskill"
            r"|new\s+(?:one|thing|start)|fresh\s+start)\b",
        ),
        (ADVANCE, r"\b(?:grow|growing|stay|staying|promotion|promoted|progress|advance|upskill|climb)\b"),
    )
]
#: Words a short answer may have besides its goal word ("probs move", "different one 100%"),
#: so "stay safe", "change the topic" or "grow up" are not answers.
_SHORT_ANSWER_FILLER = _words(
    """
    i i'd id i'll ill i'm im would like to want wanna just probably probs prob maybe def defo deffo
    definitely for sure honestly tbh think guess a bit of the one 100% totally really rather prefer um
    hmm ok okay so yeah yes yep lol idk both either career careers field role job something completely
    no idea not it be go am where in my clue and or then
    """
)
_SHORT_ANSWER_GOAL_WORDS = _words(
    """
    switch switching move moving change leave different pivot reskill new start fresh grow growing stay
    staying promotion promoted progress advance upskill climb both either depends dunno idk unsure
    """
)

_SHORT_ANSWER_WORDS_ALLOWED = _SHORT_ANSWER_FILLER | _SHORT_ANSWER_GOAL_WORDS


def _is_short_answer(text: str) -> bool:
    """A few words that answer "grow in your role or switch?" and nothing else."""
    words = re.findall(r"[a-z0-9%'’]+", text.lower())
    if not words or len(words) > _SHORT_ANSWER_WORDS:
        return False
    return all(word in _SHORT_ANSWER_WORDS_ALLOWED for word in words)


#: "depends... if there's better money somewhere else": weighing, at any length.
_DEPENDS = re.compile(r"^\W*(?:it\s+|i\s+guess\s+it\s+|well\s+)?depends\b", re.IGNORECASE)
#: "upskill or reskill?" names both paths: a question, not a goal.
_BOTH_PATHS = re.compile(
    r"\bupskill\w*\s+(?:or|vs\.?|versus)\s+reskill|\breskill\w*\s+(?:or|vs\.?|versus)\s+upskill", re.I
)


#: "should I change careers or stay?" weighs a goal rather than stating it.
_WEIGHING = re.compile(r"\bshould\s+i\b|\bor\s+(?:stay|not)\b|\bwhether\b", re.IGNORECASE)


#: Two directions weighed against each other: the person is not sure yet.
_ALTERNATIVES = re.compile(
    r"\bor\s+(?:just\s+|should\s+i\s+(?:be\s+)?|to\s+|try\s+(?:to\s+)?|maybe\s+)?(?:move|moving|switch|switching|change|"
    r"changing|get\s+out|getting\s+out|leave|leaving|stay|staying|go\s+into|retrain|retraining|reskill|reskilling|pivot|specialize|"
    r"specialise|stack|try)\b|\bwhether\s+to\b|\btorn\s+between\b|\bnot\s+sure\s+(?:tbh|yet|honestly)\b",
    re.IGNORECASE,
)


#: "become front office manager in the same hotel", "stay at the agency but become ...":
#: a target at the same place is a step up there.
_SAME_PLACE = re.compile(
    r"\b(?:in|at|within)\s+(?:the\s+same|my\s+(?:own\s+)?(?:current\s+)?|our)\s*(?:company|hotel|agency|"
    r"firm|employer|organi[sz]ation|org|team|department|dept|hospital|school|store|shop|restaurant|"
    r"business|workplace|office|branch|place|ministry|bank|practice|plant|factory|warehouse)\b"
    r"|\bstay\s+(?:at|with|in)\s+(?:the|my|this|our)\s+\w+|\binternal(?:ly)?\s+(?:move|promotion|role)",
    re.IGNORECASE,
)


def _goal(text: str, roles: list[Fact], promotion: tuple[int, int] | None) -> Fact | None:
    both = _BOTH_PATHS.search(text)
    if both:  # "should I upskill or reskill?": not sure yet, unless a target says where to
        about_them = bool(re.search(r"\b(?:i|i'm|im|i’m|me|my)\b", text, re.IGNORECASE))
        if any(fact.name == TARGET_ROLE for fact in roles) or not about_them:
            return None  # "upskill or reskill, what's the difference?" is a general question
        return Fact(GOAL, UNSURE, both.start(), both.end())
    weighed = _ALTERNATIVES.search(text)
    if weighed:
        return Fact(GOAL, UNSURE, weighed.start(), weighed.end())
    if promotion is not None:
        return Fact(GOAL, ADVANCE, *promotion)
    targets = [fact for fact in roles if fact.name == TARGET_ROLE]
    same_place = _SAME_PLACE.search(text)
    if targets and same_place:
        return Fact(GOAL, ADVANCE, same_place.start(), same_place.end())
    if targets:
        # a target role means a move: the target's validator sets the goal, a step up in the
        # same line (is_step_up) or a switch (an entity here would overlap the target's words)
        return None
    for goal, pattern in _GOALS:
        match = pattern.search(text)
        if match:
            weighing = _WEIGHING.search(text)
            return Fact(GOAL, UNSURE if weighing else goal, match.start(), match.end())
    depends = _DEPENDS.search(text)
    if depends:
        return Fact(GOAL, UNSURE, depends.start(), depends.end())
    if roles or not _is_short_answer(text):
        return None
    for goal, pattern in _SHORT_GOALS:
        match = pattern.search(text)
        if match:
            return Fact(GOAL, goal, match.start(), match.end())
    return None


# --- skills --------------------------------------------------------------------------------

_SKILL_CUE = re.compile(
    r"(?:^|[,.;]\s*|\band\s+)(?:know|good\s+(?:at|with)|pretty\s+good\s+(?:at|with)|fluent\s+in)\b"
    r"|\bi\s+(?:have|['’]ve\s+got|got)\s+(?!(?:\d|no\b|a\s+budget|about|around|time|money|kids|children|a\s+family))"
    r"(?=[a-z]+(?:\s+[a-z]+){0,3}\s*(?:,|\band\b))"
    r"|\bi\s+can\s+(?!spend|do\s+\d|only|give|study|afford|put|commit|learn|find|make\s+time|pay|manage\s+\d|fit)"
    r"(?=[a-z])"
    r"|\b(?:i\s+know|i\s+can\s+(?:use|code|program|write|speak)|i['’]?m\s+(?:good|great|decent|ok|okay|strong)"
    r"\s+(?:at|with)|(?:my\s+)?skills?\s*(?:are|include|:|=|-)|skilled\s+(?:at|in|with)"
    r"|experience\s+(?:in|with|of|doing)|experienced\s+(?:in|with)|familiar\s+with|proficient\s+(?:in|with)"
    r"|fluent\s+in|certified\s+in|background\s+in|i\s+(?:have|['’]ve\s+got|got)\s+(?:some\s+)?(?:skills|experience)"
    r"|i\s*['’]?ve\s+(?:run|managed|led|done|used|handled|built|trained|taught|supervised|worked\s+with|been\s+doing)"
    r"|i\s+(?:run|manage|lead|handle|do\s+all|do\s+(?:the|our|my)|train|teach|supervise|use|fix|build|organi[sz]e"
    r"|schedule|coordinate|write|design|analy[sz]e|maintain|repair|oversee|look\s+after|take\s+care\s+of))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[.;!?\n]|\s+but\s+|\s+(?:and\s+)?i\s+(?:want|wanna|would|'d|need|can\s+spend|have\s+\d)"
    r"|,\s*(?:and\s+)?(?:i\s+)?(?:want|wanna|prefer|looking|hoping|would|need|can\s+do|budget|\d)",
    re.I,
)


def _skills(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """The clauses that say what the person knows or does; the catalog's skill extractor
    reads skills (and experience such as "I train the new hires") out of them."""
    facts = []
    for match in _SKILL_CUE.finditer(text):
        start = match.start()
        if _overlaps((start, match.end()), taken):
            continue
        end_match = _CLAUSE_END.search(text, match.end())
        end = end_match.start() if end_match else len(text)
        end = min([end, *(span_start for span_start, _ in taken if span_start >= match.end())])
        clause = text[start:end].rstrip(" ,")
        rest = clause[len(match.group(0)) :].lower().split()
        if rest and all(word in _STOP_WORDS for word in rest):
            continue  # "I can do [night classes]": the cue's words and nothing said after them
        if len(clause) > len(match.group(0)) + 1:
            facts.append(Fact(SKILLS, clause, start, start + len(clause)))
            taken.append((start, start + len(clause)))
    return facts


#: Words that make a clause a sentence rather than an item of a list of skills.
_NOT_LIST_ITEM = _words(
    """
    i im i'm i’m me my mine you your we our they he she it it's its want wanna wants need needs like can
    cant can't could would will wont won't is are am was were be been have has had do does did not no
    dont don't should help please pls hi hey hello thanks what how why when where which who if but so
    because cause bc then than there here this that these those looking hoping trying going get got
    """
)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|\+|&|/|\band\b)\s*", re.IGNORECASE)


def _listed_skills(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Skills listed without a cue: "Junior web dev. React, JS, bit of Node.", "bookkeeper,
    QuickBooks Xero and payroll", "(mostly print, indesign illustrator photoshop)", "admin
    assistant, excel + SAP basics, want to become ...". A list is two or more short items
    (commas, "+", "&", "and") in a sentence, aside or stretch between other facts of its own,
    none of them a clause with a verb or pronoun; the catalog's skill extractor later keeps
    only what it knows, so a list of something else is dropped without a word."""
    facts = []
    for segment in re.finditer(r"[^.;!?\n()]+", text):
        for start, end in _gaps(segment.span(), taken):
            run = _list_run(text, start, end)
            if run is not None:
                facts.append(Fact(SKILLS, text[run[0] : run[1]], *run))
                taken.append(run)
    return facts


def _gaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of ``span`` that no other fact covers."""
    gaps, start = [], span[0]
    for taken_start, taken_end in sorted(taken):
        if taken_end <= start or taken_start >= span[1]:
            continue
        if taken_start > start:
            gaps.append((start, taken_start))
        start = max(start, taken_end)
    if start < span[1]:
        gaps.append((start, span[1]))
    return gaps


_CHUNK = re.compile(r"[^,]+")


def _list_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest run of comma-separated chunks in ``text[start:end]`` that together make a
    list of two or more short items, none with a word of a sentence."""
    best: tuple[int, int] | None = None
    best_items = 0
    run: tuple[int, int] | None = None
    run_items = 0
    for chunk in [*_CHUNK.finditer(text, start, end), None]:
        piece = chunk.group(0) if chunk else ""
        items = [item for item in _LIST_SEPARATOR.split(piece) if item.strip()]
        fits = bool(items) and all(
            len(item.split()) <= 4 and not any(word.lower() in _NOT_LIST_ITEM for word in item.split())
            for item in items
        )
        if chunk is not None and fits:
            chunk_start = chunk.start() + len(piece) - len(piece.lstrip(" "))
            chunk_end = chunk.end() - (len(piece) - len(piece.rstrip(" ")))
            run = (run[0] if run else chunk_start, chunk_end)
            run_items += len(items)
            continue
        if run is not None and run_items >= 2 and run_items > best_items:
            best, best_items = run, run_items
        run, run_items = None, 0
    return best


# --- all together --------------------------------------------------------------------------


def _format_span(message: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """One span for the formats a message names ("online or in person"): the slot holds
    them all, so they are one fact; a format far from the first belongs to another clause."""
    spans = [
        span
        for span in answers.find_format_spans(message)
        if not _overlaps(span, taken)
        # "become a live sound engineer ... prefer in-person": the title's word is no format
        and not _starts_a_job_title(message, span)
        # "I have classroom management, ..." is a skill, not live classes
        and not _inside_skills(message, taken, span)
    ]
    if not spans:
        return None
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start - end > 25 or _overlaps((end, next_start), taken):
            break
        end = next_end
    return start, end


def find_facts(text: str | None) -> list[Fact]:
    """Every profile fact ``text`` states, in order of appearance.

    Never raises; text longer than the answer limit is cut (``answers.clean``) first, and
    spans refer to that cleaned text (see :func:`cleaned`)."""
    message = cleaned(text)
    if not message:
        return []
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    money = answers.find_money(message, allow_bare=False)
    if money is not None:
        facts.append(Fact(BUDGET, message[money.span[0] : money.span[1]], *money.span))
        taken.append(money.span)
    hours = answers.find_hours(message, allow_bare=False)
    if hours is not None and not _overlaps(hours.span, taken):
        facts.append(Fact(HOURS, message[hours.span[0] : hours.span[1]], *hours.span))
        taken.append(hours.span)
    formats = _format_span(message, taken)
    if formats is not None:
        facts.append(Fact(FORMAT, message[formats[0] : formats[1]], *formats))
        taken.append(formats)
    finder = _RoleFinder(message, taken)
    roles = finder.find()
    for role in [role for role in roles if _is_list_item(message, role)]:
        roles.remove(role)  # "patient assessment, med admin, care plans": skills, not a job
        taken.remove((role.start, role.end))
    facts.extend(roles)
    goal = _goal(message, roles, finder.promotion)
    if goal is not None:
        facts.append(goal)
    skills = _skills(message, taken)
    if not skills and any(fact.name in (CURRENT_ROLE, TARGET_ROLE) for fact in roles):
        skills = _listed_skills(message, taken)  # only beside a role: a profile being described
    if len(skills) > 1:  # "Excel, some SQL ... and I train the new hires": one slot, all of it
        # (the span stays the first clause's, so no span covers the other facts between them)
        skills = [Fact(SKILLS, "; ".join(fact.value for fact in skills), skills[0].start, skills[0].end)]
    facts.extend(skills)
    return sorted(facts, key=lambda fact: (fact.start, fact.name))


def _is_list_item(message: str, role: Fact) -> bool:
    """Whether ``role`` is an item, not the first, of a comma list of three or more short
    items ("cooking, managing the line, training new staff"; "picking, packing, forklift,
    scanners"): people list what they can do that way, not who they are. The first item may
    still be the job ("HR generalist, Workday, Excel")."""
    if role.name == CORRECTED_ROLE:
        return False
    sentence_start = max([0, *(message.rfind(mark, 0, role.start) + 1 for mark in ".;!?\n")])
    ends = [message.find(mark, role.end) for mark in ".;!?\n"]
    sentence_end = min([end for end in ends if end >= 0] or [len(message)])
    chunks = [chunk.strip() for chunk in message[sentence_start:sentence_end].split(",")]
    if len(chunks) < 3 or any(len(chunk.split()) > 5 or not chunk for chunk in chunks):
        return False
    before = message[sentence_start : role.start]
    if "," not in before:
        return False  # the first item
    own_chunk = message[message.rfind(",", 0, role.start) + 1 : role.start].strip(" ")
    words_before = [word for word in own_chunk.lower().split() if word not in ("and", "&", "+", "a", "an")]
    return not words_before  # the item is the role's words alone ("and scanners")


def _starts_a_job_title(message: str, span: tuple[int, int]) -> bool:
    """Whether the format words begin a longer job title ("live sound engineer")."""
    title = _role_phrase(message, span[0])
    if title is not None and title[1] > span[1] and has_role_head(message[title[0] : title[1]]):
        return True
    # "a driving instructor", "a maths tutor": the format word ends a title
    if not has_role_head(message[span[0] : span[1]]):
        return False
    before = re.search(r"\b(?:an?|the)\s+([A-Za-z][\w-]*)\s+$", message[: span[0]])
    if before is not None and before.group(1).lower() not in _STOP_WORDS:
        return True
    # "electrician apprentice 2nd year": a title that starts its clause
    lead = _role_phrase(message, _phrase_start(message, span[0]))
    return (
        lead is not None
        and lead[0] < span[0]
        and lead[1] == span[1]
        and not _FORMAT_WISH.search(message[lead[0] : span[0]])
    )


#: Words before a format that make it a wish about learning, even in a list of skills.
_FORMAT_WISH = re.compile(
    r"\b(?:prefer|preferably|like|want|rather|learn|learning|study|via|through|format)\b[^,.;]*$", re.I
)


#: Words of a way of learning: a format said with them is never a skill ("evening classes").
_LEARNING_NOUN = re.compile(
    r"\b(?:class(?:es)?|courses?|lessons?|workshops?|training|programmes?|programs?|bootcamps?|tafe)\b",
    re.IGNORECASE,
)


def _inside_skills(message: str, taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` lies in a clause that says what the person knows or does."""
    clauses = _skills(message, list(taken))
    around = [clause for clause in clauses if clause.start <= span[0] and span[1] <= clause.end]
    inside = bool(around)
    # "I can do night classes", "I'm ok with online or evening classes": a wish about learning
    phrase = re.split(r"[,.;!?]", message[span[0] : span[0] + 30])[0]
    done = re.search(
        r"\b(?:did|done|took|taken|completed|finished|passed)\s+(?:an?\s+|the\s+|my\s+)?$",
        message[max(0, span[0] - 20) : span[0]],
        re.IGNORECASE,
    )  # "did an online course in SQL"
    about_learning = bool(around) and bool(_LEARNING_NOUN.search(phrase)) and done is None
    return inside and not about_learning and not _FORMAT_WISH.search(message[max(0, span[0] - 30) : span[0]])


#: Intents a statement of facts is routed to (see :func:`route`).
INFORM = "inform"
START_ADVICE = "start_advice"
#: Words that ask the advisor to judge the person's own case.
_OWN_CASE = re.compile(
    r"\bshould\s+i\b|\bdo\s+i\s+(?:need|have\s+to)\b|\bcan\s+i\s+(?:become|move|switch|go|make|do|still)\b"
    r"|\bcould\s+i\b|\bwould\s+i\b|\bis\s+it\s+(?:worth|realistic|possible|too\s+late|smart|wise|a\s+good\s+idea"
    r"|doable|feasible|better)\b|\bupskill\w*\s*(?:or|vs\.?|versus|/)\s*reskill|\breskill\w*\s*(?:or|vs\.?|versus|/)"
    r"\s*upskill|\bis\s+(?:that|this|it|mine)\s+(?:an?\s+)?(?:upskill|reskill)|\bwhich\s+(?:one|path|option|way|is)\b"
    r"|\bwhat\s+(?:should|do|would|can)\s+i\b|\bwhere\s+(?:do|should|would)\s+i\s+(?:start|begin)\b"
    r"|\bhow\s+(?:do|can|should|would|could)\s+i\b|\bfor\s+me\b|\bmy\s+(?:chances|options)\b"
    r"|\bam\s+i\s+(?:too|qualified|ready|able)\b|\bwhat\s+are\s+my\b|\bwhat\s+would\s+it\s+take\b"
    r"|\bhow\s+(?:hard|long|realistic|easy)\s+(?:is|would|will)\s+(?:it|that)\b"
    r"|\bcan\s+i\s+(?:realistically|actually|really|even)\b|\bmakes?\s+sense\s+for\s+(?:me|someone\s+like\s+me)\b"
    r"|\b(?:fits?|suits?)\s+me\b|\bmy\s+background\b|\bsomeone\s+like\s+me\b|\bwould\s+(?:actually\s+)?suit\b"
    r"|\bworth\s+it\s+for\s+me\b|\bright\s+for\s+me\b|\bin\s+my\s+(?:case|situation|position)\b",
    re.IGNORECASE,
)


#: A question ("...?", or starting like one) ...
_QUESTION = re.compile(
    r"\?|^\s*(?:is|are|can|could|would|should|will|do|does|did|how|what|which|when|where|why|who)\b",
    re.IGNORECASE,
)
#: ... in which the person speaks of themselves.
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i’m|me|my|i've|ive|i’ve|i'd|i’d|myself)\b", re.IGNORECASE)


def is_personal_question(text: str) -> bool:
    """A question in the first person ("is £3k enough for me to retrain as a web developer?",
    "can I go from the till to bookkeeper in a year?"): with a role named, it is about the
    person's own move, whatever words it asks with. The person must be in the question
    itself: "I'm a nurse, what is reskilling?" asks what a word means."""
    clauses = re.split(r"(?<=[.,;!?])\s+|\s+-\s+", text)
    return any(
        (clause.rstrip().endswith("?") or _QUESTION.match(clause)) and _FIRST_PERSON.search(clause)
        for clause in clauses
    )


def asks_about_own_case(text: str) -> bool:
    """Whether the message asks the advisor to judge the person's own move ("should I ...")."""
    return bool(_OWN_CASE.search(text))


def route(text: str | None, facts: list[Fact]) -> str | None:
    """The intent a message with these facts is an answer for: :data:`START_ADVICE` when it
    names a role and asks about the person's own case (or is a question in the first
    person), :data:`INFORM` when it names a role,
    an amount of time or money or a format, or two facts, else None (leave the classifier's
    intent)."""
    names = {fact.name for fact in facts}
    roles = names & {CURRENT_ROLE, TARGET_ROLE}
    message = cleaned(text)
    if roles and (asks_about_own_case(message) or is_personal_question(message)):
        return START_ADVICE
    if names & {BUDGET, HOURS} and is_personal_question(message) and asks_about_own_case(message):
        return START_ADVICE  # "is 2 hours a week pointless for me?": the advisor weighs it
    if roles or len(names - {GOAL}) >= 2 or names & {BUDGET, HOURS, FORMAT}:
        return INFORM  # (the classifier's intent stays unless it is a guess: see the extractor)
    return None


#: Words that say nothing by themselves around a stated fact ("free stuff only please",
#: "company covers it", "about 5 I guess"): a message of facts and these is only an answer.
_FILLER = _words(
    """
    a an the i im i'm i’m me my mine it its it's that this is are be was just only stuff please pls plz
    thanks thx ok okay um uh well honestly tbh lol haha yeah yep yes so like maybe probably guess
    think about around roughly tops max maximum most really definitely personally then too also
    for per of at and or with is would prefer preferably ideally rather nothing none zero all
    """
)


def states_only_facts(text: str | None, facts: Iterable[Fact]) -> bool:
    """Whether the message is nothing but profile facts (and filler words): then it is an
    answer, whatever a classifier that has seen few such phrasings thinks ("my employer
    pays" is not declining a topic, "nothing, I'm broke" is a budget, not distress). A
    question is never only facts ("will my boss pay for my course?")."""
    message = cleaned(text)
    # a skills clause is only words until the catalog finds skills in it ("i know that is true")
    spans = [(fact.start, fact.end) for fact in facts if fact.name != SKILLS]
    if not message or not spans or "?" in message:
        return False
    words = [
        (match.start(), match.end(), match.group(0).lower())
        for match in re.finditer(r"[A-Za-z0-9£$€'’-]+", message)
    ]
    covered = [word for word in words if _overlaps((word[0], word[1]), spans)]
    left = [word for word in words if not _overlaps((word[0], word[1]), spans) and word[2] not in _FILLER]
    return len(covered) >= len(left) * 2 and len(left) <= 1


def cleaned(text: str | None) -> str:
    """The text :func:`find_facts` reads (whitespace collapsed, length capped)."""
    return answers.clean(text)


def role_words(text: str | None) -> str | None:
    """The job title an answer starts with ("cashier at walmart, ..." -> "cashier at
    walmart" stops before the next clause), or None when it starts with no role words."""
    message = cleaned(text)
    preamble = _PREAMBLE.match(message)
    start = preamble.end() if preamble else 0
    for cue in _CURRENT:
        match = cue.match(message, start)
        if match:
            start = match.end()
            break
    end = re.search(r"[,.;!?]|\s-\s|\s+(?:and|but|i|im|want|wanna)\b", message[start:])
    clause = message[start : start + end.start()] if end else message[start:]
    return clause.strip() or None


def facts_by_name(facts: Iterable[Fact]) -> dict[str, Fact]:
    """The first fact of each name."""
    result: dict[str, Fact] = {}
    for fact in facts:
        result.setdefault(fact.name, fact)
    return result
