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
    thus hence therefore anyway
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
        "demand", "demands", "demanding", "demanded", "insist", "insists", "insisting", "require",
        "requires", "requirement", "requirements", "condition", "conditions", "terms", "red line",
        "red lines", "ultimatum", "expect", "expects", "asking for", "ask for", "asks for", "want from",
    ),
    "goal": (
        "want", "wants", "seek", "seeks", "seeking", "goal", "goals", "aim", "aims", "objective",
        "objectives", "hope", "hopes", "hoping", "trying to", "ambition", "ambitions",
        "priority", "priorities", "looking for", "push for", "pushing for", "achieve", "accomplish",
    ),
    "offer": (
        "offer", "offers", "offering", "offered", "propose", "proposes", "proposed", "proposal",
        "proposals", "put forward", "on the table", "provide", "provides", "providing", "give ukraine",
        "dangle", "dangles", "dangling", "promise", "promises", "suggest", "suggests", "float",
        "floated", "idea", "ideas", "plan", "plans",
    ),
    "concession": (
        "willing", "willingness", "ready to", "prepared to", "give up", "giving up", "gave up",
        "concede", "concedes", "conceding", "concession", "concessions", "compromise", "compromises",
        "drop", "drops", "dropping", "forego", "forgo", "abandon", "abandons", "abandoning",
        "relinquish", "sacrifice", "trade", "trade off", "back down", "budge", "flexible", "pause",
    ),
    "rejection": (
        "reject", "rejects", "rejected", "rejecting", "refuse", "refuses", "refused", "refusing",
        "oppose", "opposes", "opposed", "against", "say no", "says no", "deny", "denies", "veto",
        "unacceptable", "won't", "wont", "will not", "never",
    ),
    "acceptance": (
        "accept", "accepts", "accepted", "accepting", "agree", "agrees", "agreed", "agreeing",
        "approve", "approves", "approved", "sign", "signed", "endorse", "endorses", "ok with",
        "fine with", "open to", "back", "backs", "support the",
    ),
    "position": (
        "position", "stance", "view", "views", "think", "thinks", "line", "feel", "feels", "opinion",
        "say", "says", "said", "position on", "take on", "stand", "stands", "attitude", "approach",
        "reaction", "react", "reacted", "response", "respond", "responded", "feeling", "feel about",
        "describe", "described", "characterize", "characterized", "characterise", "characterised", "label",
        "labelled", "labeled",
    ),
    "role": (
        "role", "roles", "part", "involved", "involvement", "job",
        "what is the role", "doing in", "represent", "represents", "function",
        "purpose", "contribute", "contributes", "contribution", "bring to", "bringing to",
    ),
    "commitment": ("commit", "commits", "committed", "commitment", "pledge", "pledges", "pledged", "vow", "vows"),
    "reason": ("why", "reason", "reasons", "because", "cause", "causes", "what for", "how come"),
    "time": ("when", "what year", "which year", "what time", "how long", "since when"),
    "date": ("what date", "which date", "what day", "which day", "exact date", "exact day", "date", "dates", "what month"),
    "number": ("how many", "how much", "number of", "count", "figure", "figures", "percentage", "percent", "cost"),
    "risk": ("risk", "risks", "danger", "dangers", "threat", "downside", "downsides", "could go wrong"),
    "consequence": (
        "what happens if", "what would happen", "what if", "consequence", "consequences", "impact",
        "effect", "effects", "mean for", "lead to",
    ),
    "strategy": ("how can", "how could", "how should", "what should", "strategy", "strategies", "options", "leverage"),
    "event": ("what happened", "happen", "happened", "held", "took place", "take place", "met"),
}

#: Groups of words that mean the same in talk of a negotiation; each maps to its first word.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("territory", "land", "lands", "territories", "territorial", "region", "regions", "area", "areas", "soil", "borders", "border"),
    ("cede", "ceding", "ceded", "surrender", "surrendering", "concede", "conceding", "relinquish", "give", "giving", "hand", "handing", "forego", "forgo", "drop", "dropping", "abandon", "abandoning", "loss", "lose"),
    ("guarantee", "guarantees", "guaranteed", "assurance", "assurances", "assure", "protection", "protect", "safeguard", "safeguards"),
    ("demand", "demands", "demanding", "demanded", "insist", "insists", "insisting", "insistence", "require", "requires"),
    ("want", "wants", "seek", "seeks", "seeking", "sought", "aim", "aims", "goal", "goals", "objective", "objectives"),
    ("reject", "rejects", "rejected", "rejecting", "rejection", "refuse", "refuses", "refusal", "oppose", "opposes", "opposition", "unacceptable"),
    ("offer", "offers", "offered", "propose", "proposes", "proposed", "proposal", "proposals", "put", "dangle", "dangles"),
    ("support", "supports", "supporting", "aid", "help", "helps", "helping", "assistance", "backing", "back",
     "endorse", "endorses", "endorsed"),
    ("war", "conflict", "hostilities", "fighting", "invasion", "aggression"),
    ("ceasefire", "truce", "armistice"),
    ("talks", "negotiation", "negotiations", "negotiate", "negotiating", "discussions", "discussion", "diplomacy", "meeting", "meetings"),
    ("join", "joining", "joined", "membership", "member", "accession", "accede", "bid", "entry"),
    ("weapons", "arms", "weaponry", "military"),
    ("money", "funding", "funds", "financial", "finance"),
    ("envoy", "envoys", "negotiator", "negotiators", "delegation", "mediator", "mediators"),
    ("neutral", "neutrality", "nonaligned", "non-aligned"),
    ("annex", "annexation", "annexed", "seize", "seized", "occupy", "occupied", "occupation", "control"),
    ("rebuild", "rebuilding", "reconstruction", "reconstruct"),
    ("people", "public", "citizens", "population", "voters"),
    ("agree", "agreed", "agreement", "deal", "accord", "settlement"),
    ("next", "future", "upcoming", "further"),
    ("approve", "approval", "approved", "sign", "signed", "ratify", "ratification"),
    ("lead", "leads", "led", "leading", "head", "heads", "headed"),
    ("permanent", "perpetual", "forever", "indefinite", "indefinitely", "lasting", "durable", "enduring"),
    ("exchange", "trade", "trading", "traded", "swap", "swapping", "return"),
    ("willing", "willingness", "ready", "prepared", "open"),
    ("fail", "failed", "failure", "failures", "faltered", "collapse", "collapsed"),
    ("influence", "influences", "shape", "shapes", "shaping", "affect", "affects", "impact", "impacts"),
    ("past", "previous", "earlier", "prior", "former"),
    ("press", "presses", "pressing", "pressure", "pressures", "push", "pushes", "pushing", "urge", "urges", "urging"),
    ("grievance", "grievances", "grudge", "grudges", "resentment", "resentments", "animosity"),
    ("climate", "atmosphere", "mood", "tone"),
    ("global", "world", "worldwide", "international"),
    ("civilian", "civilians", "noncombatants", "residents"),
    ("shift", "shifts", "reversal", "turnaround", "rethink", "reframe"),
    ("embolden", "emboldens", "emboldened", "encourage", "encourages"),
    ("verify", "verification", "verifiable", "verifying", "check", "checks", "checking", "monitor", "monitoring", "inspect", "inspection"),
    ("interest", "interests", "stake", "stakes", "care", "cares"),
    ("collective", "mutual", "joint"),
    ("article", "clause", "provision", "provisions"),
    ("defense", "defence", "defend", "defending"),
    ("priority", "priorities", "objective", "objectives"),
    ("risk", "risks", "danger", "dangers", "downside", "downsides", "pitfall", "pitfalls"),
    ("promise", "promises", "promised", "pledge", "pledges", "pledged", "commit", "committed", "commitment"),
    ("cautious", "caution", "cautiously", "wary", "hesitant", "reluctant", "concerned", "concern", "concerns", "worried"),
    ("expand", "expanding", "expansion", "enlarge", "enlarging", "enlargement", "widen", "widening"),
    ("limit", "limits", "limitation", "limitations", "cap", "caps", "restriction", "restrictions", "ceiling"),
    ("pause", "pausing", "paused", "shelve", "shelving", "shelved", "suspend", "suspending", "suspended", "freeze"),
    ("strengthen", "strengthens", "stronger", "strong", "enhance", "enhances", "bolster", "boost", "reinforce"),
    ("significance", "significant", "importance", "crucial", "critical", "pivotal", "notable"),
    ("progress", "momentum", "headway", "breakthrough", "gains"),
    ("attack", "attacks", "strike", "strikes", "assault"),
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

#: Parties, people and places of the wider world. A question that names one the
#: store does not know is about something the articles do not cover.
WORLD_NAMES = frozenset(
    """
    afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile
    china colombia croatia cuba cyprus czechia czech denmark ecuador egypt estonia ethiopia
    finland germany ghana greece hungary iceland india indonesia iran iraq ireland israel italy
    japan jordan kazakhstan kenya korea kosovo kuwait kyrgyzstan latvia lebanon libya lithuania
    luxembourg malaysia mali malta mexico moldova mongolia montenegro morocco myanmar nepal
    netherlands holland nigeria norway pakistan palestine panama peru philippines poland
    portugal qatar romania rwanda serbia singapore slovakia slovenia somalia spain sudan sweden
    switzerland syria taiwan tajikistan thailand tunisia turkey turkiye turkmenistan uganda
    uzbekistan venezuela vietnam yemen zimbabwe chinese indian turkish german germans italian
    italians spanish polish poles hungarian japanese iranian israeli canadian australian
    brazilian belarusian swiss swedish finnish norwegian danish dutch austrian korean saudi
    beijing delhi ankara istanbul tokyo tehran minsk warsaw budapest rome madrid vienna geneva
    putin xi jinping modi erdogan orban merz scholz merkel meloni tusk duda sanchez rutte
    stoltenberg guterres pope francis leo vatican netanyahu lukashenko kim lula ramaphosa biden
    obama harris vance rubio blinken sullivan austin hegseth peskov shoigu medvedev zakharova
    ushakov dmitriev zaluzhny syrskyi kuleba sybiha yermak umerov budanov klitschko poroshenko
    yanukovych navalny prigozhin wagner hamas hezbollah taliban isis un osce brics g7 g20 opec
    imf asean interpol
    """.split()
) | frozenset(
    {
        "united nations", "saudi arabia", "south africa", "north korea", "south korea", "new zealand",
        "von der leyen", "kaja kallas", "african union", "red cross", "world bank", "security council",
        "xi jinping", "the pope", "european commission",
    }
)
