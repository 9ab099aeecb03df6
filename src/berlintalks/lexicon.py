"""General English word lists the query layer reads questions with.

Nothing here names a claim or a question: these are the words people use to
ask about any negotiation, and the world's other parties, so that a question
about them is recognised as outside the store.
"""

from __future__ import annotations

#: Words that carry no subject matter in a question.
STOPWORDS = frozenset(
    """
    a an the and or but if then so than more that this these those there here of to in on at by for
    with from into onto about over under between among against as up down out off via per after
    before during while toward towards is are was were be been being am do does did doing done
    has have had having will would shall should can could may might must ought it its it's they
    them their theirs he him his she her hers we our ours you your yours i me my mine who whom
    whose which what whats what's when where why how any some all each every no not nor none
    both either neither also just only very too most much many such own same other another again
    ever still yet already now then once tell show give let explain describe please know say
    said says ok okay hey hi anything something everything nothing thing things someone anyone
    everyone really actually exactly currently current latest recent recently new newest s t d
    ll re ve m besides beside else except beyond within whether though although unless whereas
    thus hence therefore anyway summarize summarise recap outline rundown
    """.split()
)

#: Content words so common in questions that, alone, they do not make a question answerable.
GENERIC = frozenset(
    """
    think thinks thought view views feel feels opinion opinions stance stances line lines take
    takes position positions side sides say about regarding concerning on toward towards involve
    involved want wants wanted like likes need needs get gets got go going make makes made mean
    means meant happen happened happening happens situation status state matter matters issue
    issues question point points thing things part play plays role roles do does doing done way
    ways going gonna wanna gotta kind sort lot lots bit big key main major important word words
    latest news update updates info information detail details summary overview return exchange
    instead ready set setup start started starting begin began end ended ending come comes came
    coming put puts bring brings brought keep keeps kept look looks looking seem seems seemed
    call calls called use used using try tries tried able possible likely actually really
    exactly anyway overall generally basically right now today yesterday tomorrow time times
    first last ever always often still real realistic chance chances odds case cases example
    examples reason reasons result results effect effects impact affect affects change changes
    changed difference differ different versus vs getting gotten best good bad better worse
    worst great top biggest large small huge little far so-called
    """.split()
)

#: Question shapes. Each intent lists the claim kinds that answer it, with weights;
#: "*" is the weight of any other kind (anything a party does tells who it is).
INTENT_KINDS: dict[str, dict[str, float]] = {
    "demand": {"demand": 1.0, "goal": 0.7, "position": 0.6, "rejection": 0.5},
    "goal": {"goal": 1.0, "demand": 1.0, "position": 0.7, "offer": 0.4},
    "offer": {"offer": 1.0, "proposal": 0.9, "commitment": 0.8, "concession": 0.7},
    "concession": {"concession": 1.0, "rejection": 0.9, "offer": 0.7, "position": 0.6},
    "rejection": {"rejection": 1.0, "position": 0.6, "demand": 0.5, "concession": 0.5},
    "acceptance": {"rejection": 1.0, "concession": 0.9, "position": 0.7, "commitment": 0.7, "event": 0.5},
    "position": {
        "position": 1.0, "rejection": 0.9, "demand": 0.9, "goal": 0.9, "concession": 0.9,
        "offer": 0.8, "commitment": 0.8, "proposal": 0.8, "assessment": 0.8, "role": 0.6,
    },
    "role": {"role": 1.0, "event": 0.8, "fact": 0.7, "commitment": 0.6, "offer": 0.6, "*": 0.5},
    "definition": {"role": 0.8, "fact": 0.8, "event": 0.6, "*": 0.5},
    "commitment": {"commitment": 1.0, "offer": 0.8, "role": 0.6, "position": 0.5},
    "reason": {"assessment": 1.0, "goal": 0.9, "position": 0.8, "fact": 0.7, "demand": 0.6, "*": 0.5},
    "time": {"event": 1.0, "fact": 0.9, "*": 0.7},
    "date": {"event": 1.0, "fact": 0.9, "*": 0.7},
    "number": {"fact": 1.0, "event": 0.9, "offer": 0.6},
    "risk": {"assessment": 1.0, "position": 0.6},
    "consequence": {"assessment": 1.0, "position": 0.6, "fact": 0.5},
    "strategy": {"assessment": 1.0, "proposal": 0.8, "goal": 0.7, "offer": 0.6},
    "event": {"event": 1.0, "fact": 0.7, "role": 0.6},
    "future": {"assessment": 1.0, "goal": 0.9, "commitment": 0.9, "proposal": 0.9, "event": 0.8, "*": 0.5},
}

#: Intents that ask what a party itself holds or does.
STANCE_INTENTS = frozenset(
    {"demand", "goal", "offer", "concession", "rejection", "acceptance", "position", "commitment"}
)

#: Intents that ask for analysis, whoever makes it.
ANALYSIS_INTENTS = frozenset({"reason", "risk", "consequence", "strategy"})

#: Phrases that reveal an intent, as sequences of words; longer phrases win.
INTENT_CUES: dict[str, tuple[str, ...]] = {
    "demand": (
        "demand", "insist", "require", "condition", "terms", "red line", "ultimatum", "expect", "asking for",
        "want from",
    ),
    "goal": (
        "want", "seek", "goal", "aim", "objective", "hope", "trying to", "ambition", "priority", "looking for",
        "push for", "achieve", "accomplish",
    ),
    "offer": (
        "offer", "propose", "put forward", "on the table", "provide", "give ukraine", "dangle", "promise",
        "suggest", "float", "idea", "plan",
    ),
    "concession": (
        "willing", "willingness", "ready to", "prepared to", "give up", "gave up", "concede", "concession",
        "compromise", "drop", "forego", "forgo", "abandon", "relinquish", "sacrifice", "trade", "trade off",
        "back down", "budge", "flexible", "pause",
    ),
    "rejection": (
        "reject", "refuse", "oppose", "against", "say no", "deny", "veto", "unacceptable", "won't", "wont",
        "will not", "never",
    ),
    "acceptance": (
        "accept", "agree", "approve", "sign", "endorse", "ok with", "fine with", "open to", "back",
        "support the",
    ),
    "position": (
        "position", "stance", "view", "think", "line", "feel", "opinion", "say", "said", "position on",
        "take on", "stand", "attitude", "approach", "reaction", "react", "response", "respond", "feel about",
        "describe", "characterize", "characterise", "label",
    ),
    "role": (
        "role", "part", "involved", "job", "what is the role", "doing in", "represent", "function", "purpose",
        "contribute", "bring to",
    ),
    "commitment": (
        "commit", "pledge", "vow",
    ),
    "reason": (
        "why", "reason", "because", "cause", "what for", "how come",
    ),
    "time": (
        "when", "what year", "which year", "what time", "how long", "since when",
    ),
    "date": (
        "what date", "which date", "what day", "which day", "exact date", "exact day", "date", "what month",
    ),
    "number": (
        "how many", "how much", "number of", "count", "figure", "percentage", "percent", "cost",
    ),
    "risk": (
        "risk", "danger", "threat", "downside", "could go wrong",
    ),
    "consequence": (
        "what happens if", "what would happen", "what if", "consequence", "impact", "effect", "mean for",
        "lead to",
    ),
    "strategy": (
        "how can", "how could", "how should", "what should", "strategy", "options", "leverage",
    ),
    "event": (
        "what happened", "happen", "held", "took place", "take place", "met",
    ),
    "future": (
        "will there be", "what next", "what happens next", "what comes next", "next steps", "upcoming", "going forward",
        "from here", "in future", "in the future", "later on",
    ),
}

#: Groups of words that mean the same in talk of a negotiation; each maps to its first word.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("territory", "land", "region", "area", "soil", "borders"),
    ("cede", "surrender", "concede", "relinquish", "give", "hand", "forego", "forgo", "drop", "abandon", "loss", "lose"),
    ("guarantee", "assurance", "protection", "safeguard"),
    ("demand", "insist", "require"),
    ("want", "seek", "sought", "aim", "goal", "objective"),
    ("reject", "refuse", "oppose", "opposition", "unacceptable"),
    ("offer", "propose", "put", "dangle"),
    ("support", "aid", "help", "assistance", "backing", "endorse"),
    ("war", "conflict", "hostilities", "fighting", "invasion", "aggression"),
    ("ceasefire", "truce", "armistice"),
    ("talks", "negotiation", "discussions", "diplomacy", "meeting"),
    ("join", "membership", "member", "accession", "accede", "bid", "entry"),
    ("weapons", "arms", "weaponry", "military"),
    ("money", "funding", "financial", "finance"),
    ("envoy", "negotiator", "delegation", "mediator"),
    ("neutral", "nonaligned", "non-aligned"),
    ("annex", "seize", "occupy", "occupation", "control"),
    ("rebuild", "reconstruction"),
    ("people", "public", "citizens", "population", "voters"),
    ("agree", "agreement", "deal", "accord", "settlement"),
    ("next", "future", "upcoming", "further"),
    ("approve", "sign", "ratify", "ratification"),
    ("lead", "led", "head"),
    ("permanent", "perpetual", "forever", "indefinite", "lasting", "durable", "enduring"),
    ("exchange", "trade", "swap", "return"),
    ("willing", "willingness", "ready", "prepared", "open"),
    ("fail", "failure", "faltered", "collapse"),
    ("influence", "shape", "affect", "impact"),
    ("past", "previous", "earlier", "prior", "former"),
    ("press", "pressure", "push", "urge"),
    ("grievance", "grudge", "resentment", "animosity"),
    ("climate", "atmosphere", "mood", "tone"),
    ("global", "world", "worldwide", "international"),
    ("civilian", "noncombatants", "residents"),
    ("shift", "reversal", "turnaround", "rethink", "reframe"),
    ("embolden", "encourage"),
    ("verify", "verification", "check", "monitor", "inspect"),
    ("interest", "stake", "care"),
    ("collective", "mutual", "joint"),
    ("article", "clause", "provision"),
    ("defense", "defence", "defend"),
    ("priority", "objective"),
    ("risk", "danger", "downside", "pitfall"),
    ("promise", "pledge", "commit"),
    ("cautious", "caution", "wary", "hesitant", "reluctant", "concerned", "worried"),
    ("expand", "expansion", "enlarge", "widen"),
    ("limit", "cap", "restriction", "ceiling"),
    ("pause", "shelve", "suspend", "freeze"),
    ("strengthen", "stronger", "strong", "enhance", "bolster", "boost", "reinforce"),
    ("significance", "importance", "crucial", "critical", "pivotal", "notable"),
    ("progress", "momentum", "headway", "breakthrough", "gains"),
    ("attack", "strike", "assault"),
)

#: Words for an office-holder: "Ukraine's defence minister" names a person, and unless the
#: store knows that person by an alias, the articles do not name them.
TITLES = frozenset(
    """
    minister ministers president presidents chancellor premier spokesman spokeswoman
    spokesperson ambassador ambassadors secretary senator governor mayor general commander chief
    king queen prince pope patriarch
    """.split()
)

#: Idioms read as the plainer words the articles use, applied to a question before anything else.
PHRASES: dict[str, str] = {
    # chat spelling
    "abt": "about",
    "r": "are",
    "u": "you",
    "ur": "your",
    "wat": "what",
    "wut": "what",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "b4": "before",
    "pls": "",
    "plz": "",
    "thx": "",
    "govt": "government",
    "intl": "international",
    # idioms
    "ordinary people": "civilians",
    "regular people": "civilians",
    "everyday people": "civilians",
    "normal people": "civilians",
    "u turn": "shift",
    "about face": "shift",
    "change of heart": "shift",
    "change of course": "shift",
    "walk away from": "drop",
    "walking away from": "dropping",
    "walked away from": "dropped",
    "give up on": "drop",
    "giving up on": "dropping",
    "give ground": "concessions",
    "giving ground": "concessions",
    "give in": "concede",
    "cave in": "concede",
    "climb down": "concede",
    "push harder": "embolden",
    "world order": "global security",
    "what happens next": "next steps",
    "what comes next": "next steps",
    "next steps": "further talks",
    "next round": "further talks",
    "more rounds": "further talks",
    "another round": "further talks",
    "more talks": "further talks",
    "more meetings": "further talks",
    "more discussions": "further talks",
    "more negotiations": "further talks",
    "how it went": "progress",
    "how did it go": "progress",
    "how it is going": "progress",
    "how it going": "progress",
    "how is it going": "progress",
    "how are things going": "progress",
    "in return for": "in exchange for",
    "behind closed doors": "in the talks",
    "in the room": "in the talks",
    "on the table": "proposed",
    "negotiating table": "negotiations",
    "at the table": "in the talks",
    "fall apart": "fail",
    "fell apart": "failed",
    "falling apart": "failing",
    "on hold": "paused",
    "short term": "immediate",
    "called in": "participated",
    "dialled in": "participated",
    "dialed in": "participated",
    "better deal": "favorable terms",
    "better terms": "favorable terms",
    "in the first place": "",
    "at all": "",
    "instead of": "without",
    "rather than": "without",
    "in place of": "without",
    "sign off on": "approve",
    "signs off on": "approves",
    "sign off": "approve",
    "stop the fighting": "ceasefire",
    "end the fighting": "ceasefire",
    "hold the line": "reject",
    "stand firm": "reject",
}

#: Parties, people and places of the wider world that are also English words, or too short to
#: tell from chat noise. A question that names one the store does not know is about something
#: the articles do not cover. (Other names need no table: a word that is neither English nor a
#: misspelling of the store's is taken for a name.)
WORLD_NAMES = frozenset(
    """
    afghanistan albania algeria ankara argentina armenia austin australia australian austria
    austrian azerbaijan bahrain bangladesh beijing belarus belgium biden bolivia bosnia brazil
    brazilian budapest bulgaria cambodia cameroon canada canadian chile china chinese colombia
    croatia cuba cyprus czech czechia danish delhi denmark dutch ecuador egypt estonia ethiopia
    finland finnish francis geneva german germans germany ghana greece hamas harris hezbollah
    holland hungarian hungary iceland india indian indonesia interpol iran iranian iraq ireland
    isis israel israeli istanbul italian italians italy japan japanese jordan kazakhstan kenya
    kim korea korean kosovo kuwait kyrgyzstan latvia lebanon leo libya lithuania lula luxembourg
    madrid malaysia mali malta mexico minsk moldova mongolia montenegro morocco myanmar nepal
    netherlands nigeria norway norwegian obama pakistan palestine panama peru philippines poland
    poles polish pope portugal putin qatar rome rwanda sanchez saudi serbia singapore slovakia
    slovenia somalia spain spanish sudan sullivan sweden swedish swiss switzerland syria taiwan
    tajikistan taliban tehran thailand tokyo tunisia turkey turkish turkmenistan tusk uganda
    uzbekistan vance vatican venezuela vienna vietnam wagner warsaw yemen zimbabwe un xi g7 g20 imf
    """.split()
) | frozenset(
    {
        "african union", "european commission", "kaja kallas", "new zealand", "north korea",
        "red cross", "saudi arabia", "security council", "south africa", "south korea", "the pope",
        "united nations", "von der leyen", "world bank", "xi jinping",
    }
)
