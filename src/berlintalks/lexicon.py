"""The words of question shapes: what makes a question ask for a demand, an offer, a reason or
a number, and which claim kinds answer each.

Nothing here names a claim or a question of the store: these are the words people use to ask
about any negotiation. What words mean comes from maintained packages (see ``english`` and
``neighbours``); the words readers use for this store's topics and parties are its aliases.
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
    "place": {"event": 1.0, "fact": 0.9, "*": 0.7},
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
        "suggest", "float", "idea", "plan", "in return",
    ),
    "concession": (
        "willing", "willingness", "ready to", "prepared to", "give up", "gave up", "concede", "concession",
        "compromise", "drop", "forego", "forgo", "abandon", "relinquish", "sacrifice", "trade", "trade off",
        "back down", "budge", "flexible", "pause", "give in", "cave", "climb down", "give ground", "walk away from",
        "give up on", "shelve", "on hold",
    ),
    "rejection": (
        "reject", "refuse", "oppose", "against", "say no", "deny", "veto", "unacceptable", "won't", "wont",
        "will not", "never", "hold the line", "stand firm", "dig in",
    ),
    "acceptance": (
        "accept", "agree", "approve", "sign", "endorse", "ok with", "fine with", "open to", "back",
        "support the", "sign off", "on board",
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
        "how many", "how much", "number of", "percentage", "percent", "cost",
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
        "will there be", "what next", "happens next", "happen next", "comes next", "next steps", "upcoming",
        "going forward", "from here", "in future", "in the future", "later on",
    ),
}

#: Words for an office-holder: "Ukraine's defence minister" names a person, and unless the
#: store knows that person by an alias, the articles do not name them.
TITLES = frozenset(
    """
    minister ministers president presidents chancellor premier spokesman spokeswoman
    spokesperson ambassador ambassadors secretary senator governor mayor general commander chief
    king queen prince pope patriarch
    """.split()
)
