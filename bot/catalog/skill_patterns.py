"""How a catalog skill name and the user's text are put in the same form for matching.

Used by ``bot.catalog.skill_extractor`` on both sides (the patterns and the text), so the
rules below hold for both.

Matching
--------
* **Case-insensitive** (``attr="LOWER"``) for ordinary patterns: "python", "POWER BI"
  and "Power BI" are the same.
* **Case-sensitive** (``attr="ORTH"``, exactly as the catalog writes it) for *ambiguous*
  patterns, which are single tokens that also read as ordinary English: one or two letters
  ("R", "C", "AD", "PR"), a spaCy English stop word ("Go", "IT"), or a word of
  :data:`COMMON_WORD_NAMES` ("Swift", "Slack", "Example", "Title" - O*NET names tools that
  way). "I code in R and Go" finds both; "I want to go home" finds nothing. Capitals say
  nothing at the start of a sentence, so a Title-case ambiguous pattern ("Go") is not
  matched as a sentence's first word ("Go home now"); all-caps ones ("R", "AD") are.
* **Normalisation**, applied the same way to the patterns and to the text: a hyphen
  between two letters reads as a space ("problem-solving" = "problem solving"); emoji,
  control characters and symbols other than "+" become spaces; the tokenizer also splits
  on ``; : ( ) [ ] { } " ! ? *`` inside words ("python;sql", "<b>Excel</b>"). Input is cut
  at ``skill_extractor.MAX_INPUT_CHARS`` characters (at a word boundary).
* **Plurals**: each pattern also matches with its last word in the other simple number
  ("spreadsheets" <-> "spreadsheet", "dashboard" -> "dashboards", "technologies" <->
  "technology"), except single-word brand-like names (a technology written with capitals,
  or any word with inner capitals such as "PowerShell"): "Windows" must not become
  "window". Irregular forms and verb inflections ("managed teams" vs "managing teams")
  match only when the catalog lists them as synonyms: no NLP this module cannot do
  without a model. A real pattern always wins over another skill's generated variant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set

#: Ordinary English words that are also names of tools or languages (in the sample
#: catalog or in O*NET's technology examples). Written this way in the catalog they only
#: match with the catalog's capitalisation. One- and two-letter patterns and spaCy's
#: English stop words ("go", "it", "us", "one" ...) are ambiguous without being listed.
COMMON_WORD_NAMES = frozenset(
    {
        "access",
        "analyze",
        "blink",
        "box",
        "chef",
        "cents",
        "dig",
        "epic",
        "example",
        "fear",
        "forth",
        "harvest",
        "iris",
        "julia",
        "loom",
        "mac",
        "magic",
        "node",
        "notes",
        "puff",
        "puppet",
        "reduce",
        "route",
        "ruby",
        "sand",
        "slack",
        "snow",
        "spark",
        "swift",
        "tanks",
        "teams",
        "title",
        "word",
        "zoom",
    }
)

#: Characters the tokenizer also splits on inside words ("python;sql", "<b>Excel</b>").
EXTRA_INFIXES = (
    r"[;:()\[\]{}\"!?*]",
    r"-{2,}",
    r"(?<=[;:()\[\]{}\"!?*])'",  # alert('SQL')
    r"'(?=[;:()\[\]{}\"!?*])",
)
_HYPHEN_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def clean_text(text: str) -> str:
    """Same length as ``text``: junk characters (emoji, controls, symbols but "+") -> spaces."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" or category[0] in "LMNP" or char == "+":
            out.append(char)
        else:  # whitespace, emoji and other symbols, control and unassigned characters
            out.append(" ")
    return "".join(out)


def for_matching(cleaned: str) -> str:
    """Same length again: "problem-solving" reads as "problem solving"."""
    return _HYPHEN_BETWEEN_LETTERS.sub(" ", cleaned)


def other_number(word: str) -> str | None:
    """The simple plural of a singular word or the singular of a plural one, or None."""
    if len(word) < 4 or not word.isalpha():
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith(("us", "is")):
        return None
    if word.endswith("s"):
        return word[:-1]
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def is_brand_like(text: str, kind: str) -> bool:
    """A single-word name whose capitals say it is a name, not a common noun."""
    return any(ch.isupper() for ch in text[1:]) or (kind == "technology" and text[:1].isupper())


def is_ambiguous(word: str, stop_words: Set[str]) -> bool:
    """One or two letters, a stop word or a common word: matched only in the catalog's case."""
    lower = word.lower()
    return (len(word) <= 2 and word.isalpha()) or lower in stop_words or lower in COMMON_WORD_NAMES


def is_title_case(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].islower()


# --- experience: what people say they do ----------------------------------------------------
#
# People describe skills as work they do: "I've run a team of 6", "I train the new hires",
# "I handle the budget". Each rule below is a regular expression over the lowered text
# (:func:`lowered`) and the catalog skills such work shows, by their names in the sample
# catalog (bot/catalog/seed/skills.yaml). A name the catalog lacks is looked up among its
# synonyms, then dropped, so the rules also serve an O*NET import as far as names agree.
# ``<run lead>`` in a rule stands for every form of those verbs ("run", "runs", "ran",
# "running", "lead", "leads", "led", "leading"); the extractor applies negation to a rule's
# match as to a name ("I've never run a team" finds nothing).

#: Irregular forms of the verbs the rules use (regular forms are made by :func:`verb_forms`).
_IRREGULAR_VERBS = {
    "run": ("run", "runs", "ran", "running"),
    "lead": ("lead", "leads", "led", "leading"),
    "oversee": ("oversee", "oversees", "oversaw", "overseen", "overseeing"),
    "teach": ("teach", "teaches", "taught", "teaching"),
    "deal": ("deal", "deals", "dealt", "dealing"),
    "sell": ("sell", "sells", "sold", "selling"),
    "give": ("give", "gives", "gave", "given", "giving"),
    "make": ("make", "makes", "made", "making"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "build": ("build", "builds", "built", "building"),
    "do": ("do", "does", "did", "done", "doing"),
    "keep": ("keep", "keeps", "kept", "keeping"),
    "set": ("set", "sets", "setting"),
    "shoot": ("shoot", "shoots", "shot", "shooting"),
    "drive": ("drive", "drives", "drove", "driven", "driving"),
    "take": ("take", "takes", "took", "taken", "taking"),
    "send": ("send", "sends", "sent", "sending"),
    "pay": ("pay", "pays", "paid", "paying"),
    "hold": ("hold", "holds", "held", "holding"),
    "plan": ("plan", "plans", "planned", "planning"),
    "put": ("put", "puts", "putting"),
    "hire": ("hire", "hires", "hired", "hiring"),
    "sort": ("sort", "sorts", "sorted", "sorting"),
    "fix": ("fix", "fixes", "fixed", "fixing"),
    "get": ("get", "gets", "got", "getting"),
    "head": ("head", "heads", "headed", "heading"),
    "edit": ("edit", "edits", "edited", "editing"),
}


def verb_forms(verb: str) -> tuple[str, ...]:
    """The forms of an English verb the rules match: "handle" -> handle, handles, handled, handling."""
    if verb in _IRREGULAR_VERBS:
        return _IRREGULAR_VERBS[verb]
    if verb.endswith("e"):
        return (verb, verb + "s", verb + "d", verb[:-1] + "ing")
    if verb.endswith("y") and verb[-2:-1] not in tuple("aeiou"):
        return (verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing")
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return (verb, verb + "es", verb + "ed", verb + "ing")
    return (verb, verb + "s", verb + "ed", verb + "ing")


_VERBS = re.compile(r"<([a-z ]+)>")


def _expand(rule: str) -> str:
    def forms(match: re.Match[str]) -> str:
        words = [form for verb in match.group(1).split() for form in verb_forms(verb)]
        return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + ")"

    return r"(?<![a-z'])" + _VERBS.sub(forms, rule) + r"(?![a-z])"


_THE = (
    r"(?:(?:the|our|my|a|an|all|of|their|his|her|its|any|every|some|this|that|company'?s?|store'?s?|"
    r"shop'?s?)\s+)*"
)
_ONE_WORD = r"(?:[a-z0-9&'-]+\s+)?"
_TEAM = (
    r"(?:teams?|crews?|staff|shifts?|squads?|departments?|dept|units?|branch(?:es)?|stores?|shops?|"
    r"restaurants?|kitchens?|wards?|floors?)"
)
#: "the department budget", "the store's stock": things of a team, not the team.
_NOT_THINGS_OF_A_TEAM = (
    r"(?!\s+(?:budgets?|stock|inventory|accounts|finances|projects?|rotas?|schedules?|spending|costs|"
    r"reports?|social|website|orders|deliveries|displays|tills?|registers?|payroll))"
)
_PEOPLE_WORDS = (
    r"people|staff|employees|workers|colleagues|reports|direct\s+reports|cashiers|nurses|agents|drivers|"
    r"operators|technicians|engineers|developers|volunteers|assistants|carers|servers|waiters|associates|"
    r"team\s+members|staff\s+members|guys|juniors"
)
_PEOPLE = "(?:" + _PEOPLE_WORDS + ")"
_NEW_PEOPLE = (
    r"(?:new\s+(?:hires|starters|joiners|recruits|staff|employees|people|team\s+members|colleagues|guys))"
)
_LEARNERS = r"(?:hires|starters|joiners|recruits|trainees|apprentices|interns|students|" + _PEOPLE_WORDS + ")"

#: (rule, catalog skill names): see the comment above.
EXPERIENCE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # leading people
    (
        r"(?:<run lead manage supervise oversee head coordinate>|in\s+charge\s+of|responsible\s+for|"
        r"look(?:s|ed|ing)?\s+after)\s+"
        + _THE
        + r"(?:(?:small|big|large|whole|new|sales|night|day|late|early|weekend|kitchen|floor|shop|store|"
        r"retail|"
        r"warehouse|support|service|\d+[- ]?(?:person|people|man|strong)|[a-z]+[- ]person)\s+)*"
        + _TEAM
        + _NOT_THINGS_OF_A_TEAM,
        ("Team Leadership",),
    ),
    (
        r"(?:<manage supervise oversee lead>|in\s+charge\s+of|responsible\s+for)\s+(?:over\s+|about\s+|"
        r"around\s+|up\s+to\s+)?"
        r"(?:\d+|a\s+few|several|many|some|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|"
        r"twenty|"
        r"thirty|forty|fifty|a\s+dozen|a\s+hundred)\s+(?:other\s+)?" + _PEOPLE,
        ("Team Leadership",),
    ),
    (
        r"(?:team|shift|store|department|line|floor|section|ward|duty|crew|night|assistant)\s+"
        r"(?:leader|lead|manager|supervisor)s?",
        ("Team Leadership",),
    ),
    (r"<have>\s+(?:\d+|a\s+few|several|[a-z]+)\s+direct\s+reports", ("Team Leadership",)),
    # teaching and onboarding colleagues
    (r"<train teach show>\s+" + _THE + _NEW_PEOPLE, ("Training Delivery", "Onboarding")),
    (r"<onboard induct>\s+" + _THE + _ONE_WORD + _LEARNERS, ("Onboarding",)),
    (r"<train teach>\s+" + _THE + _ONE_WORD + _LEARNERS, ("Training Delivery",)),
    (
        r"<run deliver give lead do>\s+"
        + _THE
        + _ONE_WORD
        + r"(?:training|trainings|training\s+sessions|inductions)",
        ("Training Delivery",),
    ),
    (
        r"<mentor coach>\s+" + _THE + _ONE_WORD + r"(?:new\s+)?(?:" + _LEARNERS + r"|team)",
        ("Coaching and Mentoring",),
    ),
    # money
    (
        r"(?:<handle manage run do set own prepare control track plan balance draw>|look(?:s|ed|"
        r"ing)?\s+after|"
        r"in\s+charge\s+of|responsible\s+for)\s+" + _THE + _ONE_WORD + r"budgets?",
        ("Budgeting",),
    ),
    (r"<do keep>\s+(?:the\s+|our\s+|my\s+)?books", ("Bookkeeping",)),
    (
        r"<do run process handle sort>\s+" + _THE + _ONE_WORD + r"(?:payroll|wages|pay\s+runs?|salaries)",
        ("Payroll Processing",),
    ),
    (
        r"<send raise do process chase handle issue>\s+"
        + _THE
        + r"(?:customer\s+|supplier\s+|client\s+)?(?:invoices|bills)",
        ("Accounts Payable and Receivable",),
    ),
    (
        r"(?:<handle count balance do run>\s+"
        + _THE
        + r"(?:cash|tills?|takings|floats?|cash\s+drawers?|drawers?|registers?)"
        r"|<cash>\s+up)",
        ("Cash Handling",),
    ),
    # fixing things
    (
        r"(?:<fix repair troubleshoot maintain service>|sort(?:s|ed|ing)?\s+out|set(?:s|ting)?\s+up)\s+"
        + _THE
        + _ONE_WORD
        + r"(?:registers?|tills?|pos|pos\s+systems?|card\s+(?:readers?|machines?)|checkouts?|"
        r"self[- ]checkouts?|scanners?)",
        ("Point of Sale Systems", "IT Troubleshooting"),
    ),
    (
        r"(?:<fix repair troubleshoot>|sort(?:s|ed|ing)?\s+out)\s+"
        + _THE
        + _ONE_WORD
        + r"(?:computers?|laptops?|pcs?|printers?|wi-?fi|network|internet|tablets?|phones|tech|it|"
        r"it\s+(?:problems|issues)|"
        r"software|email|emails|accounts|passwords)",
        ("IT Troubleshooting",),
    ),
    (
        r"<help support>\s+(?:[a-z]+\s+){0,3}?with\s+"
        + _THE
        + r"(?:computers?|laptops?|pcs|it\s+(?:problems|issues)|"
        r"tech(?:\s+(?:problems|issues))?|printers?|passwords)",
        ("IT Troubleshooting",),
    ),
    (
        r"(?:<fix repair troubleshoot>|sort(?:s|ed|ing)?\s+out)\s+"
        + _THE
        + _ONE_WORD
        + r"(?:machines?|machinery|equipment|forklifts?|conveyors?|engines?|vehicles?|pumps?|motors?|"
        r"breakdowns?)",
        ("Equipment Troubleshooting",),
    ),
    (
        r"<maintain service>\s+"
        + _THE
        + _ONE_WORD
        + r"(?:machines?|machinery|equipment|forklifts?|conveyors?|engines?|pumps?)",
        ("Preventive Maintenance",),
    ),
    # the shop floor
    (
        r"(?:<manage do handle order control track run>|look(?:s|ed|ing)?\s+after|in\s+charge\s+of)\s+"
        + _THE
        + r"(?:stock|inventory|stockroom|stock\s+room|stock\s+levels)",
        ("Inventory Management",),
    ),
    (r"<count check>\s+" + _THE + r"(?:stock|inventory)", ("Cycle Counting",)),
    (
        r"<receive unload check>\s+(?:in\s+)?"
        + _THE
        + r"(?:deliveries|delivery|shipments|goods|incoming\s+stock)",
        ("Shipping and Receiving",),
    ),
    (
        r"(?:<do make write plan set run handle organise organize sort manage>)\s+"
        + _THE
        + r"(?:staff\s+|weekly\s+|shift\s+)?(?:rotas?|rosters?|schedules?|shift\s+patterns)",
        ("Shift Scheduling",),
    ),
    (
        r"(?:<open close>|lock(?:s|ed|ing)?\s+up)\s+(?:and\s+(?:close|closes|closed|closing|lock\s+up)\s+)?"
        r"(?:up\s+)?(?:the\s+)?(?:shop|store|branch|restaurant|cafe|site|bar|pub)",
        ("Store Operations",),
    ),
    (
        r"<run manage>\s+(?:the|our|a|my|this)\s+(?:shop|store|branch)s?" + _NOT_THINGS_OF_A_TEAM,
        ("Store Operations",),
    ),
    # customers
    (
        r"(?:<deal help serve talk speak assist handle>|look(?:s|ed|ing)?\s+after|work(?:s|ed|"
        r"ing)?\s+with)\s+"
        r"(?:with\s+|to\s+)?"
        + _THE
        + r"(?:customers?|clients?|guests?|shoppers?|members\s+of\s+the\s+public|"
        r"the\s+public|patrons|callers|visitors)",
        ("Customer Service",),
    ),
    (
        r"(?:<deal handle sort resolve calm manage>)\s+(?:with\s+)?(?:down\s+)?"
        + _THE
        + r"(?:complaints|angry\s+customers|difficult\s+customers|upset\s+customers|rude\s+customers|"
        r"escalations|disputes)",
        ("Conflict Resolution",),
    ),
    (
        r"(?:<answer handle take>|pick(?:s|ed|ing)?\s+up)\s+"
        + _THE
        + r"(?:phones?|calls|phone\s+calls|switchboard)",
        ("Call Handling",),
    ),
    (
        r"(?<![a-z])(?:i|we|i've|we've|i'd|i've\s+been|who)\s+(?:also\s+|mostly\s+|"
        r"mainly\s+)?<sell>(?!\s+out)",
        ("Sales",),
    ),
    (r"<negotiate>", ("Negotiation",)),
    (
        r"(?:<deal liaise manage handle talk>|work(?:s|ed|ing)?\s+with)\s+(?:with\s+|to\s+)?"
        + _THE
        + r"(?:suppliers|vendors|contractors|wholesalers)",
        ("Vendor Management",),
    ),
    (
        r"<book schedule arrange manage>\s+" + _THE + r"(?:patient\s+|client\s+|customer\s+)?"
        r"(?:appointments|meetings|diary|diaries|calendars?|bookings)",
        ("Scheduling",),
    ),
    # office and communication
    (
        r"<do write prepare pull build run create make compile>\s+"
        + _THE
        + r"(?:weekly\s+|monthly\s+|daily\s+|quarterly\s+|sales\s+|management\s+|"
        r"end\s+of\s+day\s+)*(?:reports|reporting|kpis)",
        ("Reporting",),
    ),
    (
        r"<analyse analyze crunch>\s+" + _THE + _ONE_WORD + r"(?:data|numbers|figures|metrics|results)",
        ("Data Analysis",),
    ),
    (
        r"<organise organize plan run host coordinate>\s+"
        + _THE
        + r"(?:company\s+|staff\s+|team\s+|work\s+|charity\s+|community\s+|christmas\s+|big\s+)?"
        r"(?:events?|parties|party|conferences?|fundraisers?|meetups?)",
        ("Event Planning",),
    ),
    (
        r"<give do deliver run>\s+"
        + _THE
        + r"(?:weekly\s+|monthly\s+|regular\s+|team\s+|client\s+|sales\s+)?"
        r"(?:presentations?|talks|pitches|briefings)|<present>\s+(?:to|at)\s+"
        + _THE
        + r"(?:clients|customers|management|the\s+board|meetings|conferences)",
        ("Presentation Skills",),
    ),
    (
        r"<hire recruit>\s+"
        + _THE
        + _ONE_WORD
        + r"(?:staff|people|candidates|employees|team\s+members|workers|applicants|starters)",
        ("Recruiting",),
    ),
    (
        r"<interview>\s+" + _THE + _ONE_WORD + r"(?:staff|people|candidates|applicants|new\s+hires)",
        ("Interviewing",),
    ),
    (
        r"(?:<run lead manage deliver coordinate>)\s+"
        + _THE
        + r"(?:several\s+|many\s+|multiple\s+|big\s+|small\s+|large\s+|\d+\s+|new\s+|it\s+|building\s+|"
        r"office\s+)?projects?",
        ("Project Management",),
    ),
    # marketing and making things
    (
        r"(?:<do run manage handle post look create>)\s+(?:after\s+)?"
        + _THE
        + r"(?:social(?:\s+media)?(?:\s+accounts?)?|socials|instagram|insta|tiktok|facebook(?:\s+page)?|"
        r"twitter|"
        r"linkedin\s+page)|<post>\s+on\s+"
        + _THE
        + r"(?:instagram|insta|tiktok|facebook|socials|social\s+media)",
        ("Social Media Marketing",),
    ),
    (
        r"<write create>\s+" + _THE + r"(?:blog\s+posts?|blogs|articles|content|posts)",
        ("Content Marketing",),
    ),
    (
        r"<make edit film shoot produce>\s+" + _THE + _ONE_WORD + r"videos?",
        ("Video Production",),
    ),
    (
        r"<design make create>\s+"
        + _THE
        + _ONE_WORD
        + r"(?:flyers|posters|logos?|menus|leaflets|brochures|graphics|banners|signs|signage)",
        ("Graphic Design",),
    ),
    (r"<write>\s+" + _ONE_WORD + r"code", ("Programming Fundamentals",)),
    # care, driving, quality
    (
        r"(?:look(?:s|ed|ing)?\s+after|<care>\s+for)\s+(?:the\s+)?(?:patients|residents|elderly|"
        r"old\s+people)",
        ("Patient Care",),
    ),
    (
        r"<give administer do>\s+(?:out\s+)?"
        + _THE
        + r"(?:meds|medication|medications|medicines|med\s+rounds?|drug\s+rounds?)",
        ("Medication Administration",),
    ),
    (
        r"<give administer do>\s+" + _THE + r"(?:flu\s+)?(?:jabs|shots|injections|vaccines|vaccinations)",
        ("Immunization Administration",),
    ),
    (
        r"<drive>\s+"
        + _THE
        + _ONE_WORD
        + r"(?:trucks?|lorry|lorries|hgvs?|semis?|vans?|buses|bus|rigs?|tractor\s+trailers?)",
        ("Commercial Driving",),
    ),
    (
        r"<check inspect test>\s+"
        + _THE
        + _ONE_WORD
        + r"(?:parts|products|goods|quality|batches|welds|components)",
        ("Quality Control",),
    ),
)
COMPILED_EXPERIENCE_RULES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(_expand(rule)), skill_names) for rule, skill_names in EXPERIENCE_RULES
)

#: "budget of 300", "my budget is tight": the person's own money, not the Budgeting skill.
_OWN_BUDGET_BEFORE = re.compile(
    r"(?<![a-z])(?:my|on\s+a|no|training|learning|course|total|max|small|tight)\s+$"
)
_OWN_BUDGET_AFTER = re.compile(
    r"\s*(?:[$£€¥₹]|\d|(?:is|of|would\s+be|will\s+be|around|about|is\s+about|is\s+around|of\s+about|"
    r"of\s+around|"
    r"for\s+(?:courses?|training|learning|this|that|it)|tops|max|limit|left)(?![a-z])|[:=])"
)
OWN_MONEY_WORDS = frozenset({"budget", "budgets"})


def is_own_budget(lowered_text: str, start: int, end: int) -> bool:
    """Does the word "budget" at ``start:end`` speak of the person's own money?"""
    if lowered_text[start:end] not in OWN_MONEY_WORDS:
        return False
    before = lowered_text[max(0, start - 16) : start]
    return bool(_OWN_BUDGET_BEFORE.search(before) or _OWN_BUDGET_AFTER.match(lowered_text, end))


def lowered(text: str) -> str:
    """``text`` in lower case with the same length (so offsets stay valid)."""
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)
