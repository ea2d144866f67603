"""Words the extractor knows: numbers, weekdays, months, parts of day, zones, events."""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Iterable
from typing import Any


def wordset(text: str) -> frozenset[str]:
    """A set of space-separated words."""
    return frozenset(text.split())


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, as a trie ("mon(?:day)?"), longest first.

    Python's regex engine tries a flat alternation branch by branch at every position; a
    trie rejects a position after one character, which makes the big word lists cheap.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_FIRST_WORD = re.compile(r"[a-z]+")


def gate_words(text: str) -> frozenset[str]:
    """The first word of each "|"-separated phrase: a text with none of them matches none."""
    return frozenset(m.group(0) for p in text.split("|") if (m := _FIRST_WORD.search(p)))


def rare_words(text: str) -> frozenset[str]:
    """The longest word of each "|"-separated phrase: every word of a phrase that matches
    as a whole ("is off", "won't happen") is a word of the text, so a text with none of
    these matches none, and the longest word is the least common gate ("off", "happen")."""
    found = set()
    for p in text.split("|"):
        runs = _WORDS.findall(p)
        if runs:
            found.add(max(runs, key=len))
    return frozenset(found)


_WORDS = re.compile(r"[a-z]+")


class PhraseGate:
    """The words of each "|"-separated phrase, filed under its longest: a text that holds
    every word of none of them matches none, a tighter gate than ``rare_words`` ("what
    about" needs "what" too, not "about" alone)."""

    __slots__ = ("_needs", "_phrased", "_single", "rare")

    def __init__(self, text: str) -> None:
        needs: dict[str, set[frozenset[str]]] = {}
        for p in text.split("|"):
            runs = _WORDS.findall(p)
            if runs:
                needs.setdefault(max(runs, key=len), set()).add(frozenset(runs))
        self._needs = {w: tuple(sets) for w, sets in needs.items()}
        self.rare = frozenset(needs)  # what ``rare_words`` gives for ``text``
        # The words that are a phrase on their own ("was"): one of them admits a text at once.
        self._single = frozenset(w for w, sets in needs.items() if frozenset([w]) in sets)
        self._phrased = self.rare - self._single

    def admits(self, words: frozenset[str]) -> bool:
        """Whether ``words`` hold every word of one of the phrases."""
        if not words.isdisjoint(self._single):
            return True
        for w in words & self._phrased:
            for need in self._needs[w]:
                if need <= words:
                    return True
        return False


def phrases(text: str, not_after: str = "") -> str:
    """Regex source for any of the "|"-separated phrases, as whole words, trie-compiled;
    ``not_after``: lookbehinds tried only where a phrase's first letter stands."""
    words = [w.strip() for w in text.split("|") if w.strip()]
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    return rf"\b(?=[{first}]){not_after}(?:{alternation(words)})\b"


NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 3,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
    "half an": 0.5, "half a": 0.5,
}  # fmt: skip

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
for _tens, _base in (("twenty", 20), ("thirty", 30)):
    for _unit, _value in list(ORDINAL_WORDS.items())[: 9 if _base == 20 else 1]:
        ORDINAL_WORDS[f"{_tens}-{_unit}"] = ORDINAL_WORDS[f"{_tens} {_unit}"] = _base + _value

# Minutes said after an hour word ("two thirty", "six fifty five", "nine o five") -> minutes.
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
SPOKEN_MINUTES: dict[str, int] = {w: 10 + i for i, w in enumerate(_TEENS)}
for _i, _unit in enumerate(_UNITS, start=1):
    SPOKEN_MINUTES[f"o {_unit}"] = SPOKEN_MINUTES[f"oh {_unit}"] = _i
    SPOKEN_MINUTES[f"o'{_unit}"] = _i
for _tens, _base in (("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50)):
    SPOKEN_MINUTES[_tens] = _base
    for _i, _unit in enumerate(_UNITS, start=1):
        SPOKEN_MINUTES[f"{_tens} {_unit}"] = SPOKEN_MINUTES[f"{_tens}-{_unit}"] = _base + _i
        # and as an amount: "in forty five minutes"
        NUMBER_WORDS[f"{_tens} {_unit}"] = NUMBER_WORDS[f"{_tens}-{_unit}"] = _base + _i


def _weekday_forms(*days: str) -> dict[str, int]:
    """Each spelling of a weekday -> 0 (Monday) .. 6 (Sunday), from one line of forms a day."""
    return {form: index for index, forms in enumerate(days) for form in forms.split()}


# Weekday spellings, common abbreviations and typos (one-slip typos of English names: below);
# Polish after "w" as said ("w sobotę", "w środę"), Portuguese "segunda" as "quarta".
WEEKDAYS: dict[str, int] = _weekday_forms(
    "monday mon mondays mondya montag lunes lundi lunedi maandag jumatatu somvar "
    "senin poniedzialek pazartesi mandag segunda",
    "tuesday tue tues tu tuesdays dienstag martes mardi martedi "
    "dinsdag jumanne mangalvar selasa terca wtorek sali tisdag tirsdag",
    "wednesday wed weds wednesdays wensday wendsday mittwoch "
    "miercoles mercredi mercoledi miyerkules woensdag jumatano budhvar rabu quarta sroda srode "
    "carsamba onsdag",
    "thursday thu thur thurs thursdays donnerstag "
    "jueves jeudi giovedi quinta huwebes donderdag alhamisi guruvar kamis czwartek persembe "
    "torsdag",
    "friday fri fridays freitag viernes vendredi venerdi sexta biyernes "
    "vrijdag ijumaa shukravar jumat piatek cuma fredag",
    "saturday sat saturdays saterday samstag sabado samedi sabato zaterdag "
    "jumamosi shanivar sabtu sobota sobote cumartesi lordag",
    "sunday sun sundays sundya sonntag domingo dimanche domenica zondag jumapili "
    "ravivar niedziela niedziele pazar sondag",
)
# Weekdays in more languages (as folded, romanised): Welsh ("dydd Iau"), Haitian Creole,
# Tok Pisin, Romanian, Greek, Czech, Catalan, Korean, Japanese, Ukrainian and Russian,
# Nepali and Bengali, Zulu, Afrikaans, Vietnamese ("thứ bảy" is "thu bay") and pinyin in
# two words; Czech, Russian and Ukrainian also after "v"/"u" as said ("v sobotu",
# "u p'iatnytsiu"). Not the days that are people's names too (Tok Pisin "Tunde", "Sande";
# Haitian "madi").
WEEKDAYS.update(
    (form.replace("_", " "), day)
    for form, day in _weekday_forms(
        "lendi mande luni deftera pondeli dilluns wolyoil woryoil getsuyoubi getsuyobi "
        "ponedilok ponedelnik sombar umsombuluko ngomsombuluko thu_hai zhou_yi xingqi_yi "
        "dydd_llun",
        "trinde marti triti utery dimarts hwayoil kayoubi kayobi vivtorok vtornik mangalbar "
        "mongolbar lwesibili ngolwesibili thu_ba zhou_er xingqi_er dydd_mawrth",
        "mekredi miercuri tetarti streda stredu sredu seredu dimecres suyoil suiyoubi suiyobi "
        "sereda sreda budhabar budhbar lwesithathu ngolwesithathu thu_tu zhou_san xingqi_san "
        "dydd_mercher",
        "jedi fonde joi pempti ctvrtek dijous mogyoil mokyoil mokuyoubi mokuyobi chetver "
        "chetverg bihibar brihospotibar lwesine ngolwesine thu_nam zhou_si xingqi_si dydd_iau",
        "vandredi fraide vineri paraskevi patek patku divendres geumyoil kinyoubi kinyobi "
        "piatnytsia pyatnytsya pyatnitsa pyatnitsu piatnytsiu sukrabar shukrobar lwesihlanu "
        "ngolwesihlanu vrydag thu_sau zhou_wu xingqi_wu dydd_gwener",
        "samdi sarere sambata savvato dissabte toyoil doyoubi doyobi subota subbota subbotu "
        "sanibar shonibar umgqibelo ngomgqibelo thu_bay zhou_liu xingqi_liu saterdag dydd_sadwrn",
        "dimanch duminica kyriaki nedele nedeli diumenge iryoil ilyoil nichiyoubi nichiyobi "
        "nedilia nedilya nediliu voskresenye aaitabar robibar chu_nhat zhou_ri zhou_tian "
        "xingqi_tian xingqi_ri dydd_sul",
    ).items()
)
# Weekdays as habits, in the plural or as adverbs ("dienstags", "às terças", "les mardis"):
# German, Dutch, French, Portuguese and Spanish.
HABIT_WEEKDAYS: dict[str, int] = _weekday_forms(
    "montags maandags lundis segundas",
    "dienstags dinsdags mardis tercas",
    "mittwochs woensdags mercredis quartas",
    "donnerstags donderdags jeudis quintas",
    "freitags vrijdags vendredis sextas",
    "samstags zaterdags samedis sabados",
    "sonntags zondags dimanches domingos",
)
WEEKDAYS.update((form, day) for form, day in HABIT_WEEKDAYS.items() if form not in WEEKDAYS)
# Czech "v sobotu", Slovak weekdays ("v pondelok", "v piatok", "v nedeľu"), folded.
WEEKDAYS.update(_weekday_forms("pondelok", "utorok", "", "stvrtok", "piatok", "sobotu", "nedelu"))
# Hungarian, folded ("péntek", "csütörtök"), and "on" the day ("csütörtökön", "pénteken").
WEEKDAYS.update(
    _weekday_forms(
        "hetfo hetfon",
        "kedd kedden",
        "szerda szerdan",
        "csutortok csutortokon",
        "pentek penteken",
        "szombat szombaton",
        "vasarnap",
    )
)
# Finnish ("torstaina": on Thursday), Serbo-Croatian ("u četvrtak"), Malay, Hausa (folded).
WEEKDAYS.update(
    _weekday_forms(
        "maanantai maanantaina ponedeljak ponedjeljak isnin litinin",
        "tiistai tiistaina utorak talata",
        "keskiviikko keskiviikkona srijeda srijedu laraba",
        "torstai torstaina cetvrtak khamis alhamis",
        "perjantai perjantaina petak jumaat",
        "lauantai lauantaina asabar",
        "sunnuntai sunnuntaina nedelja nedelju nedjelja nedjelju ahad lahadi",
    )
)
# Weekdays of more languages, as folded: Galician, Slovene ("v petek", "v sredo"), Estonian
# ("reedel": on Friday), Lithuanian, Latvian ("pirmdien": on Monday), Icelandic ("á
# föstudaginn"), Albanian ("të hënën"), Bulgarian, Basque ("ostiralean"), Irish,
# Somali, Uzbek, Kazakh, Azerbaijani, Persian, Sinhala, Tamil, Arabizi.
WEEKDAYS.update(
    (form.replace("_", " "), day)
    for form, day in _weekday_forms(
        "luns ponedeljek esmaspaev esmaspaeval pirmadienis pirmadieni pirmdiena pirmdien "
        "manudag manudagur manudaginn henen astelehena astelehenean luain isniin "
        "dushanba duysenbi duisenbi bazar_ertesi doshanbe sanduda thingalkizhamai etnein itnein",
        "torek teisipaev teisipaeval antradienis antradieni otrdiena otrdien tridjudag "
        "tridjudagur tridjudaginn thridjudag thridjudaginn asteartea asteartean "
        "mairt talaado seshanba seysenbi seisenbi cersenbe_axsami seshanbe angaharuwada "
        "sevvaikizhamai",
        "mercores sredo kolmapaev kolmapaeval treciadienis treciadieni tresdiena tresdien "
        "midvikudag midvikudagur midvikudaginn merkuren asteazkena asteazkenean "
        "ceadaoin arbaco chorshanba sarsenbi cersenbe chaharshanbe badada budhankizhamai arba3",
        "xoves cetrtek neljapaev neljapaeval ketvirtadienis ketvirtadieni ceturtdiena "
        "ceturtdien fimmtudag fimmtudagur fimmtudaginn enjten chetvartak osteguna "
        "ostegunean deardaoin khamiis payshanba beysenbi beisenbi cume_axsami panjshanbe "
        "brahaspathinda viyazhakizhamai",
        "venres petek reede reedel penktadienis penktadieni piektdiena piektdien fostudag "
        "fostudagur fostudaginn premten ostirala ostiralean aoine jimco cume jome "
        "sikurada vellikizhamai gom3a jom3a jum3a",
        "soboto laupaev laupaeval sestadienis sestadieni sestdiena sestdien laugardag "
        "laugardagur laugardaginn shtunen larunbata larunbatean satharn sathairn sabti "
        "shanba senbi senbe senasurada sanikizhamai",
        "nedeljo puhapaev puhapaeval sekmadienis sekmadieni svetdiena svetdien sunnudag "
        "sunnudagur sunnudaginn nedelya igandea igandean domhnach domhnaigh axad yakshanba "
        "jeksenbi yekshanbe irida nyayitrukizhamai",
    ).items()
)


def _slips(word: str) -> set[str]:
    """A word typed with one inner letter left out or two neighbours after the first swapped
    ("satrday", "thrusday", "fridya"); the first letter stays."""
    inner = range(1, len(word) - 1)
    dropped = {word[:i] + word[i + 1 :] for i in inner}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in inner}
    return (dropped | swapped) - {word}


_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_SLIPS: dict[str, int] = {
    slip: day for day, name in enumerate(_ENGLISH_DAYS) for slip in _slips(name)
}
WEEKDAYS.update((slip, day) for slip, day in DAY_SLIPS.items() if slip not in WEEKDAYS)
#: The words a weekday begins with (a two-word day by its first: "thu bay", "zhou san").
WEEKDAY_FIRST_WORDS = frozenset(form.split()[0] for form in WEEKDAYS)
# Words before a weekday that make it every such day ("todos los martes", "jeden Dienstag").
EVERY_WEEKDAY_WORDS = (
    "every|each|todos los|todas las|todos os|todas as|tous les|toutes les|todo|toda|cada|"
    "jeden|jede|jeder|ogni|elke|iedere|chaque|w kazdy|w kazda|kazdy|kazda|los|har|"
    # Slovenian, Serbo-Croatian, Czech, Hungarian, Finnish, Nordic, Romanian (as folded)
    "vsak|vsako|vsaki|svaki|svake|svaku|svakog|kazdou|kazde|minden|joka|hver|varje|fiecare"
)

# "Before" after an amount of time, in the languages read (as folded): "10 Min. vor
# Terminbeginn", "do 24 h przed wizytą", "con 24 h de antelación" is said with "antes".
BEFORE_WORDS = (
    "before|vor|vorher|fruher|antes|avant|przed|wczesniej|prima|voor|eerder|in advance|"
    "de antecedencia|de anticipacion|de antelacion|d'avance|in anticipo|van tevoren"
)  # how early to come: "chegar com 15 min de antecedência"

# Short weekday names read only where a line of a list opens with one ("seg 19h – inglês",
# "wt – fryzjer 17:30"): Portuguese, Spanish, Italian, French, Polish, German, Dutch.
LIST_WEEKDAYS: dict[str, int] = _weekday_forms(
    "seg lun lu pon mo",
    "ter mar wt di",
    "qua mie mer mi sr wo",
    "qui jue gio je czw do",
    "sex vie ven ve pt fr vr",
    "sab sa sob za",
    "dom ndz so zo",
)

# A slot's weekday printed apart from its date, short or long: "Do, 06.05.2027, 11:20 Uhr",
# "ke 7.4. klo 13.15" (Finnish), "tis 9/3 kl. 14" (Swedish): no words of a clause's own.
SLOT_WEEKDAY_WORDS = (
    frozenset(WEEKDAYS)
    | frozenset(LIST_WEEKDAYS)
    | wordset("ma ti ke pe la su man mån tis ons tor tors fre lor lør son søn tirs")
)

MONTHS: dict[str, int] = {}
# English, then (folded) Spanish, Portuguese, French, German, Italian, Dutch, Indonesian,
# Tagalog, Turkish and Polish (its dates' genitive); not the forms that are English words or
# names ("mars", "mai", "mei", "marco", "maja", "mart").
for _index, _forms in enumerate(
    (
        "january jan enero janeiro janvier januar gennaio januari ocak stycznia",
        "february feb febuary febrero fevereiro fevrier februar febbraio februari pebrero subat "
        "lutego",
        "march mar marzo marz maerz maart maret marso marca",
        "april apr abril avril aprile nisan kwietnia",
        "may mayo maio maggio mayis",
        "june jun junio junho juin juni giugno hunyo haziran czerwca",
        "july jul julio julho juillet juli luglio hulyo temmuz lipca",
        "august aug agosto aout augustus agustus agustos sierpnia",
        "september sep sept septiembre setiembre setembro septembre settembre setyembre eylul "
        "wrzesnia",
        "october oct octubre outubro octobre oktober ottobre oktubre ekim pazdziernika",
        "november nov noviembre novembro novembre nobyembre kasim listopada",
        "december dec diciembre dezembro decembre dezember dicembre desember disyembre aralik "
        "grudnia",
    ),
    start=1,
):
    for _form in _forms.split():
        MONTHS[_form] = _index
# Hungarian, folded ("március", "szeptember"), where it differs from the forms above.
_HUNGARIAN_MONTHS = "januar februar marcius aprilis majus junius julius augusztus szeptember"
for _index, _form in enumerate(_HUNGARIAN_MONTHS.split(" "), start=1):
    MONTHS.setdefault(_form, _index)

# Month names that are also English words or names, read only after a day of the month, when
# a year follows or a weekday or article comes first: "samedi 15 mai 2027", "op 3 mei".
MONTHS_AFTER_A_DAY: dict[str, int] = {
    "mai": 5, "mei": 5, "maja": 5, "mars": 3, "marco": 3, "mart": 3,
}  # fmt: skip
# Short month names a pasted slot prints after its day, mostly with a dot: Spanish, Italian,
# Portuguese, French, Dutch and Nordic ("Martes 7 dic. 08:00", "mer 3 set. ore 9:30",
# "sáb. 9 ene. 10:30", "fredag den 10. marts kl. 14.30"): read as months only there.
MONTH_ABBREVIATIONS_AFTER_A_DAY: dict[str, int] = {
    "ene": 1, "gen": 1, "janv": 1, "fev": 2, "fevr": 2, "mrt": 3, "marts": 3, "abr": 4,
    "avr": 4, "mag": 5, "maj": 5, "giu": 6, "juil": 7, "lug": 7, "ago": 8, "augusti": 8,
    "set": 9, "sett": 9, "ott": 10, "out": 10, "okt": 10, "dic": 12, "dez": 12,
}  # fmt: skip
# Of those, the ones that are also English words ("3 set of", "5 ago"): only with their dot
# and a clock time, a year or a weekday beside them.
ENGLISH_LIKE_MONTH_ABBREVIATIONS = wordset("gen mag ago set out")

# Parts of day -> (hour, minute); DESIGN.md's defaults.
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": (8, 0), "afternoon": (14, 0), "evening": (18, 0), "tonight": (20, 0),
    "night": (20, 0), "noon": (12, 0), "midday": (12, 0), "lunchtime": (12, 0),
    "lunch time": (12, 0), "end of day": (17, 0), "end of the day": (17, 0), "eod": (17, 0),
}  # fmt: skip

# Swahili hours count from 7 (dawn or dusk): "saa moja" is 7, "saa nne asubuhi" 10:00,
# "saa kumi jioni" 16:00; the part of day after them says morning or afternoon/evening.
SWAHILI_HOURS: dict[str, int] = {
    "moja": 7, "mbili": 8, "tatu": 9, "nne": 10, "tano": 11, "sita": 12, "saba": 1,
    "nane": 2, "tisa": 3, "kumi": 4, "kumi na moja": 5, "kumi na mbili": 6,
}  # fmt: skip
SWAHILI_PARTS: dict[str, str] = {"asubuhi": "am", "mchana": "pm", "jioni": "pm", "usiku": "pm"}
# Hindi hours said in words before "baje" ("saade nau baje" 9:30, "sawa das baje" 10:15,
# "paune aath baje" 7:45, "dedh baje" 1:30, "dhai baje" 2:30); the part of day beside them
# ("subah", "shaam") says which half of the day, as with digits.
HINDI_HOURS: dict[str, int] = {
    "ek": 1, "do": 2, "teen": 3, "char": 4, "chaar": 4, "paanch": 5, "panch": 5, "chhe": 6,
    "chhah": 6, "che": 6, "saat": 7, "aath": 8, "nau": 9, "das": 10, "dus": 10, "gyarah": 11,
    "gyaarah": 11, "barah": 12, "baarah": 12,
}  # fmt: skip
HINDI_FRACTIONS: dict[str, int] = {"saade": 30, "sade": 30, "sawa": 15, "sava": 15, "paune": -15}
HINDI_HALF_HOURS: dict[str, tuple[int, int]] = {
    "dedh": (1, 30), "derh": (1, 30), "dhai": (2, 30), "dhaai": (2, 30), "adhai": (2, 30),
}  # fmt: skip
HINDI_CLOCK_WORDS = wordset("baje bje")
# Hindi "X ke liye" (for X) before an event: "loan ke liye appointment" -> "appointment for loan".
HINDI_FOR = ("ke", "liye")
# Polish hours as said after "wpół do" (half to): "wpół do piątej" is 4:30.
POLISH_HOURS: dict[str, int] = {
    "pierwszej": 1, "drugiej": 2, "trzeciej": 3, "czwartej": 4, "piątej": 5, "piatej": 5,
    "szóstej": 6, "szostej": 6, "siódmej": 7, "siodmej": 7, "ósmej": 8, "osmej": 8,
    "dziewiątej": 9, "dziewiatej": 9, "dziesiątej": 10, "dziesiatej": 10, "jedenastej": 11,
    "dwunastej": 12,
}  # fmt: skip
POLISH_HALF_WORDS = wordset("wp wpol")  # "wpół" is the word "wp" to an ASCII word index
# Arabizi (Arabic chat in Latin letters, digits for letters: "3" is ain, "7" ha): "el sa3a 9"
# is "at 9 o'clock"; the part of day after it says which 9 ("el sa3a 9 el sob7" 09:00,
# "el sa3a 6 el maghrib" 18:00); "w nos" adds half an hour, "w rob3" a quarter.
ARABIZI_HOUR_WORDS = ("sa3a", "sa3ah", "se3a")
ARABIZI_PARTS: dict[str, str] = {
    "sob7": "am", "sobh": "am", "sub7": "am", "subh": "am", "sba7": "am", "fagr": "am",
    "fajr": "am", "dohr": "pm", "duhr": "pm", "zohr": "pm", "dhuhr": "pm", "3asr": "pm",
    "asr": "pm", "maghrib": "pm", "maghreb": "pm", "masa": "pm", "leil": "pm", "lail": "pm",
    "layl": "pm",
}  # fmt: skip
ARABIZI_MINUTES: dict[str, int] = {"nos": 30, "nus": 30, "nuss": 30, "noss": 30, "rob3": 15}
# Clock words after an hour in other languages (as folded): Tok Pisin "2 klok", Vietnamese
# "3 giờ" ("gio"), pinyin "3 dian"; run on to the number: Korean "9si", Japanese "3-ji",
# Bengali "10tay"; Haitian Creole "3è30" ("3e30"). Half an hour after them: Korean "ban",
# Japanese "han", Vietnamese "rưỡi", pinyin "ban"; minutes: "phút", "fen", "bun", "pun".
FOREIGN_CLOCK_WORDS = wordset("klok gio dian manikku maniku mani bajay bajey")  # + Tamil, Urdu
# Hour words before the number ("karfe 3 na yamma", "kell 13", "saacadda 2da"): Hausa,
# Estonian, Latvian, Icelandic, Somali, Uzbek, Kazakh, Zulu "at" ("ngo 10", "ngo-2"),
# Romanian and Albanian "the hour" ("la ora 9", "në orën 11"); Finnish "kello", Norwegian
# and Danish "klokka"/"klokken", Latvian "plkst." (short for "pulksten"), and their short
# forms "klo" and "kl.".
FOREIGN_HOUR_BEFORE = wordset(
    "karfe kell kella pulksten klukkan saacadda saacada soat sagat ngo ora oren "
    "kello klokka klokken plkst "
    "klo kl"  # Finnish "klo 15", Swedish, Danish and Norwegian "kl. 9"
)
FOREIGN_GLUED_CLOCK_WORDS = wordset("si ji tay")
FOREIGN_HALF_WORDS = wordset("ban han ruoi")
FOREIGN_MINUTE_WORDS = wordset("phut fen bun pun fun")
# --- Offsets from now in other languages (foreign_offsets.py), as folded ------------------
# "en 14 horas", "daqui a 2 horas", "in 3 Stunden", "dans 2 heures", "tra 2 ore", "over 2
# uur", "om 3 timmar", Arabizi "ba3d 11 sa3a", Polish and Czech "za 2 godziny", Indonesian
# "dalam 2 jam", Tagalog "sa loob ng 2 oras", Latvian "pēc 2 stundām", Lithuanian "po 2
# valandų", Icelandic "eftir 2 klukkutíma", Romanian "peste 2 ore": the word before the amount.
FOREIGN_OFFSET_BEFORE = (
    "en|em|dentro de|daqui a|in|dans|tra|fra|over|om|ba3d|b3d|za|dalam|sa loob ng|"
    "pagkalipas ng|pec|po|eftir|peste"
)
# ... or after the unit: Hungarian "3 óra múlva", Finnish "2 tunnin päästä" / "kuluttua",
# Estonian "2 tunni pärast", Turkish "3 saat sonra", Indonesian "2 jam lagi".
FOREIGN_OFFSET_AFTER = "mulva|paasta|kuluttua|parast|sonra|lagi"
FOREIGN_HOUR_UNITS = wordset(
    "hora horas heure heures stunde stunden std ora ore uur timme timmar timmer time timer "
    "tunnin tunni saat godzin godziny godzine hodin hodiny hodinu oras jam stundam stundas "
    "stundu valandu valandos sa3a sa3at sa3aat klukkutima klukkutimum klukkustund"
)
FOREIGN_MINUTE_UNITS = wordset(
    "minuto minutos minute minuten minutes minuti minuut minuter minutter minut minuutin "
    "minutit dakika perc percen menit minutu minuciu minutem da2i2a da2aye2"
)
# Amounts in words: one to three, and the halves ("en media hora", "in einer halben Stunde",
# "dans une demi-heure", "fél óra múlva", "puolen tunnin päästä", "yarım saat sonra").
FOREIGN_OFFSET_AMOUNTS: dict[str, int] = {
    **dict.fromkeys(wordset("una uma um une eine einer einem ett en ei egy bir een yksi"), 1),
    # not Danish and Norwegian "to": "log in to time tracking"
    **dict.fromkeys(wordset("dos duas dois deux due zwei twee ketto kaksi iki dva dalawa"), 2),
    **dict.fromkeys(wordset("tres trois tre drei tri drie harom kolme uc tatlo"), 3),
}
FOREIGN_HALF_AMOUNTS = wordset("media meia halbe halben demi fel puolen yarim poole")
# The words a text needs for such an offset: a unit (Arabizi "sa3a" is the words "sa" and
# "a" to the word index; "da2i2a" is "da", "i", "a").
FOREIGN_OFFSET_UNIT_WORDS = frozenset(
    w for w in FOREIGN_HOUR_UNITS | FOREIGN_MINUTE_UNITS if w.isalpha()
) | frozenset(["sa", "da"])
# Hours in words before the Korean "-si" (native numbers) and the Japanese "-ji".
KOREAN_HOURS: dict[str, int] = {
    "han": 1, "du": 2, "se": 3, "ne": 4, "daseot": 5, "daseos": 5, "yeoseot": 6, "yeoseos": 6,
    "ilgop": 7, "ilgob": 7, "yeodeol": 8, "ahop": 9, "ahob": 9, "yeol": 10, "yeolhan": 11,
    "yeoldu": 12,
}  # fmt: skip
JAPANESE_HOURS: dict[str, int] = {
    "ichi": 1, "ni": 2, "san": 3, "yo": 4, "go": 5, "roku": 6, "shichi": 7, "hichi": 7,
    "hachi": 8, "ku": 9, "juu": 10, "ju": 10, "juuichi": 11, "juichi": 11, "juuni": 12,
    "juni": 12,
}  # fmt: skip
# Turkish hours in words after "saat", as folded: at the hour ("saat sekizde" 8, "saat üçte"
# 3), or before "buçuk(ta)" (half past: "saat üç buçukta" 3:30); the part of day before
# "saat" says which half of the day ("akşam saat sekizde" 20:00).
TURKISH_AT_HOURS: dict[str, int] = {
    "birde": 1, "ikide": 2, "ucte": 3, "dortte": 4, "beste": 5, "altida": 6, "yedide": 7,
    "sekizde": 8, "dokuzda": 9, "onda": 10, "on birde": 11, "on ikide": 12,
}  # fmt: skip
TURKISH_HOURS: dict[str, int] = {
    "bir": 1, "iki": 2, "uc": 3, "dort": 4, "bes": 5, "alti": 6, "yedi": 7, "sekiz": 8,
    "dokuz": 9, "on": 10, "on bir": 11, "on iki": 12,
}  # fmt: skip
TURKISH_PARTS: dict[str, str] = {
    "sabah": "am", "ogleden sonra": "pm", "aksam": "pm", "gece": "pm",
}  # fmt: skip
# Parts of day in other languages, read only beside a clock number: before or after it
# ("shaam 5 baje", "jam 7 malam", "7 uhr abends") ...
FOREIGN_PARTS: dict[str, str] = {
    "subah": "morning", "savere": "morning", "dopahar": "afternoon", "shaam": "evening",
    "sham": "evening", "raat": "night", "pagi": "morning", "siang": "afternoon",
    "petang": "afternoon", "malam": "night", "morgens": "morning", "nachmittags": "afternoon",
    "abends": "evening", "ochtends": "morning", "middags": "afternoon", "avonds": "evening",
    "abend": "evening", "nachmittag": "afternoon", "vormittag": "morning", "avond": "evening",
    "ochtend": "morning", "middag": "afternoon", "soir": "evening", "matin": "morning",
    # Tok Pisin, Haitian Creole, Zulu, Korean, Japanese, Vietnamese (folded), Nepali,
    # Bengali, Ukrainian and Russian, Romanian, Greek (romanised)
    "moning": "morning", "apinun": "afternoon", "nait": "night", "maten": "morning",
    "apremidi": "afternoon", "aswe": "evening", "ekuseni": "morning", "ntambama": "afternoon",
    "kusihlwa": "evening", "ebusuku": "night", "achim": "morning", "ojeon": "morning",
    "ohu": "afternoon", "jeonyeok": "evening", "gozen": "morning", "gogo": "afternoon",
    "asa": "morning", "yoru": "night", "sang": "morning", "chieu": "afternoon",
    "toi": "evening", "bihana": "morning", "diuso": "afternoon", "beluka": "evening",
    "sokal": "morning", "shokal": "morning", "bikel": "afternoon", "sondhya": "evening",
    "ranku": "morning",
    "vechora": "evening", "vechera": "evening", "utra": "morning", "dimineata": "morning",
    "seara": "evening", "proi": "morning", "apogevma": "afternoon", "vradi": "evening",
    # Czech and Slovak ("v půl osmé večer", "ve tři odpoledne", "o 7 ráno"; as folded)
    "rano": "morning", "dopoledne": "morning", "odpoledne": "afternoon", "vecer": "evening",
    "popoludni": "afternoon", "doobeda": "morning", "vecerom": "evening",
    # Tamil, Hausa ("karfe 3 na yamma"), Somali, Sinhala, Estonian (romanised, as folded)
    "kaalai": "morning", "kalai": "morning", "madhiyam": "afternoon", "maalai": "evening",
    "saayangalam": "evening", "saayangaalam": "evening", "sayangalam": "evening",
    "iravu": "night", "yamma": "afternoon",
    "subaxnimo": "morning", "galabnimo": "afternoon", "habeenimo": "night", "udeta": "morning",
    "hommikul": "morning", "ohtul": "evening",
}  # fmt: skip
# ... or after it and "of" only ("6 de la tarde", "9 di mattina"): alone, "mañana" is tomorrow
# and "tarde" late.
OF_PARTS: dict[str, str] = {
    "manana": "morning", "mañana": "morning", "manha": "morning", "manhã": "morning",
    "mattina": "morning", "matin": "morning", "tarde": "afternoon", "pomeriggio": "afternoon",
    "noche": "night", "noite": "night", "sera": "evening", "soir": "evening",
    # Tagalog, after "ng" ("6:30 ng gabi", "alas-tres ng hapon")
    "umaga": "morning", "hapon": "afternoon", "gabi": "evening",
    # Catalan, after "de la"/"del" ("a les 5 de la tarda", "a les 8 del matí")
    "tarda": "afternoon", "mati": "morning", "vespre": "evening", "nit": "night",
}  # fmt: skip

# Spanish, Portuguese, Italian and French hour words, read after a clock's article
# ("a las cinco", "às oito", "alle otto") or before a fraction or part of day.
ROMANCE_HOURS = {
    "una": 1, "uma": 1, "une": 1, "dos": 2, "duas": 2, "due": 2, "deux": 2, "tres": 3, "três": 3,
    "tre": 3, "trois": 3, "cuatro": 4, "quatro": 4, "quattro": 4, "quatre": 4, "cinco": 5,
    "cinque": 5, "cinq": 5, "seis": 6, "sei": 6, "siete": 7, "sete": 7, "sette": 7, "sept": 7,
    "ocho": 8, "oito": 8, "otto": 8, "huit": 8, "nueve": 9, "nove": 9, "neuf": 9, "diez": 10,
    "dez": 10, "dieci": 10, "dix": 10, "once": 11, "onze": 11, "undici": 11, "doce": 12,
    "doze": 12, "dodici": 12, "douze": 12,
    # Tagalog, after "alas" ("alas-tres ng hapon", "alas siyete ng gabi")
    "kuwatro": 4, "kwatro": 4, "singko": 5, "sais": 6, "siyete": 7, "syete": 7, "otso": 8,
    "nuwebe": 9, "diyes": 10, "onse": 11, "dose": 12,
}  # fmt: skip
# The minutes a fraction after the hour adds ("y media", "e un quarto", "et quart").
ROMANCE_MINUTES = {
    "media": 30, "meia": 30, "mezza": 30, "mezzo": 30, "demie": 30, "cuarto": 15, "quarto": 15,
    "un quarto": 15, "um quarto": 15, "quart": 15, "le quart": 15, "quinze": 15, "quince": 15,
    "diez": 10, "dez": 10, "dieci": 10, "veinte": 20, "vinte": 20, "venti": 20,
}  # fmt: skip
# Catalan quarters count to the next hour: "un quart de cinc" 4:15, "dos quarts de sis"
# 5:30, "tres quarts de set" 6:45; its hour words after "de"/"d'".
CATALAN_QUARTERS: dict[str, int] = {"un": 15, "dos": 30, "tres": 45}
CATALAN_HOURS: dict[str, int] = {
    "una": 1, "dues": 2, "tres": 3, "quatre": 4, "cinc": 5, "sis": 6, "set": 7, "vuit": 8,
    "nou": 9, "deu": 10, "onze": 11, "dotze": 12,
}  # fmt: skip
#: A text with none of these words holds no clock told the Romance way.
ROMANCE_CLOCK_WORDS = (
    frozenset(ROMANCE_HOURS)
    | frozenset(w.split()[-1] for w in ROMANCE_MINUTES)
    | frozenset(OF_PARTS)
    | frozenset(CATALAN_HOURS)  # "a les deu del matí"
    | {"ore"}
)

# Zone abbreviations people type after a time -> UTC offset in minutes.
ZONE_OFFSETS: dict[str, int] = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "ist": 330, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420, "jst": 540, "aest": 600, "aedt": 660,
    "hkt": 480, "sgt": 480, "pht": 480, "wib": 420, "kst": 540, "awst": 480, "acst": 570,
    "nzst": 720, "nzdt": 780, "sast": 120, "msk": 180, "pkt": 300, "gst": 240, "brt": -180,
    "akst": -540, "akdt": -480, "hst": -600, "wet": 0, "wat": 60, "ict": 420,
}  # fmt: skip

# Zone names people type after a time that follow their region's DST -> IANA zone.
ZONE_NAMES: dict[str, str] = {
    "et": "America/New_York", "eastern time": "America/New_York",
    "ct": "America/Chicago", "central time": "America/Chicago",
    "mt": "America/Denver", "mountain time": "America/Denver",
    "pt": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "uk time": "Europe/London", "london time": "Europe/London",
    "ny time": "America/New_York", "new york time": "America/New_York",
}  # fmt: skip

# A country's adjective before "time" ("5pm German time", "11:00 Polish time") -> IANA zone;
# read only there, never as a place ("Filipino time" is an idiom for lateness: left out).
DEMONYM_ZONES: dict[str, str] = {
    "german": "Europe/Berlin", "polish": "Europe/Warsaw", "french": "Europe/Paris",
    "spanish": "Europe/Madrid", "italian": "Europe/Rome", "dutch": "Europe/Amsterdam",
    "swiss": "Europe/Zurich", "austrian": "Europe/Vienna", "belgian": "Europe/Brussels",
    "portuguese": "Europe/Lisbon", "irish": "Europe/Dublin", "british": "Europe/London",
    "greek": "Europe/Athens", "turkish": "Europe/Istanbul", "swedish": "Europe/Stockholm",
    "norwegian": "Europe/Oslo", "danish": "Europe/Copenhagen", "finnish": "Europe/Helsinki",
    "czech": "Europe/Prague", "hungarian": "Europe/Budapest", "romanian": "Europe/Bucharest",
    "ukrainian": "Europe/Kyiv", "lithuanian": "Europe/Vilnius", "latvian": "Europe/Riga",
    "estonian": "Europe/Tallinn", "croatian": "Europe/Zagreb", "serbian": "Europe/Belgrade",
    "bulgarian": "Europe/Sofia", "slovak": "Europe/Bratislava", "slovenian": "Europe/Ljubljana",
    "indian": "Asia/Kolkata", "japanese": "Asia/Tokyo", "korean": "Asia/Seoul",
    "chinese": "Asia/Shanghai", "thai": "Asia/Bangkok", "vietnamese": "Asia/Ho_Chi_Minh",
    "pakistani": "Asia/Karachi", "israeli": "Asia/Jerusalem", "egyptian": "Africa/Cairo",
    "nigerian": "Africa/Lagos", "kenyan": "Africa/Nairobi", "mexican": "America/Mexico_City",
    "brazilian": "America/Sao_Paulo", "colombian": "America/Bogota", "peruvian": "America/Lima",
    "chilean": "America/Santiago", "argentinian": "America/Argentina/Buenos_Aires",
    "argentine": "America/Argentina/Buenos_Aires",
}  # fmt: skip

# Words that turn a long message to another topic ("stage 6 on sunday. anyway, dentist at
# 3"): a day told before them lends nothing to a clock time after them.
TOPIC_SHIFTS = "anyway|anyways|anyhow|btw|by the way|in other news|on another note|other news"
TOPIC_SHIFT_WORDS = wordset("anyway anyways anyhow btw way news note")

# Zone abbreviations that are also words of another language, with words that mark a
# message in that language: "mercredi à 14h30, et jeudi soir" (French "and"), "le rdv de
# 10h est annulé" (French "is"), "um 9:30 ist leider abgesagt" (German "is").
_FRENCH_MARKERS = wordset(
    "je chez avec nous vous mais pour une demain vers lundi mardi mercredi jeudi vendredi "
    "samedi dimanche soir matin heures rendez annule supprime"
)
_GERMAN_MARKERS = wordset(
    "um uhr ich und nicht morgen heute termin wir leider montag dienstag mittwoch donnerstag "
    "freitag samstag sonntag abgesagt"
)
ZONES_ALSO_WORDS: dict[str, frozenset[str]] = {
    "et": _FRENCH_MARKERS, "est": _FRENCH_MARKERS, "ist": _GERMAN_MARKERS,
}  # fmt: skip

# A region word alone after a time ("10am eastern") -> IANA zone.
REGION_WORDS: dict[str, str] = {
    "eastern": "America/New_York", "central": "America/Chicago",
    "mountain": "America/Denver", "pacific": "America/Los_Angeles",
}  # fmt: skip


def _places(names: str, zone: str) -> dict[str, str]:
    """ "nyc|new york city|boston" -> each name mapped to ``zone``."""
    return {name.strip(): zone for name in names.split("|")}


# Places people name for a zone ("8pm manila time", "client in nyc ... their time") that are
# not the last part of an IANA name, and IANA last parts that are too often something else.
CITY_ALIASES: dict[str, str] = {
    **_places("nyc|ny|new york city|manhattan|brooklyn|boston|dc|washington|miami|atlanta|"
              "philly|philadelphia|east coast|florida", "America/New_York"),
    **_places("la|sf|san francisco|bay area|silicon valley|seattle|las vegas|vegas|san diego|"
              "west coast|california", "America/Los_Angeles"),
    **_places("dallas|houston|austin|texas", "America/Chicago"),
    "colorado": "America/Denver", "calgary": "America/Edmonton", "ottawa": "America/Toronto",
    "mexico": "America/Mexico_City", "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo", "argentina": "America/Argentina/Buenos_Aires",
    **_places("uk|england|britain|scotland|manchester|edinburgh|birmingham", "Europe/London"),
    "ireland": "Europe/Dublin", "france": "Europe/Paris", "spain": "Europe/Madrid",
    "barcelona": "Europe/Madrid", "italy": "Europe/Rome", "milan": "Europe/Rome",
    **_places("germany|munich|frankfurt|hamburg|cologne", "Europe/Berlin"),
    "netherlands": "Europe/Amsterdam", "holland": "Europe/Amsterdam",
    "geneva": "Europe/Zurich", "switzerland": "Europe/Zurich", "greece": "Europe/Athens",
    "sweden": "Europe/Stockholm", "norway": "Europe/Oslo", "denmark": "Europe/Copenhagen",
    "finland": "Europe/Helsinki", "turkiye": "Europe/Istanbul",
    **_places("india|mumbai|bombay|delhi|new delhi|bangalore|bengaluru|chennai|hyderabad|pune",
              "Asia/Kolkata"),
    **_places("china|beijing|shenzhen|guangzhou", "Asia/Shanghai"),
    "hk": "Asia/Hong_Kong", "korea": "Asia/Seoul", "philippines": "Asia/Manila",
    "sg": "Asia/Singapore",
    "vietnam": "Asia/Ho_Chi_Minh", "hanoi": "Asia/Bangkok", "thailand": "Asia/Bangkok",
    "malaysia": "Asia/Kuala_Lumpur", "kl": "Asia/Kuala_Lumpur", "taiwan": "Asia/Taipei",
    "pakistan": "Asia/Karachi", "lahore": "Asia/Karachi", "islamabad": "Asia/Karachi",
    "bangladesh": "Asia/Dhaka", "nepal": "Asia/Kathmandu", "sri lanka": "Asia/Colombo",
    "uae": "Asia/Dubai", "abu dhabi": "Asia/Dubai", "doha": "Asia/Qatar",
    "saudi": "Asia/Riyadh", "saudi arabia": "Asia/Riyadh",
    "nigeria": "Africa/Lagos", "abuja": "Africa/Lagos", "kenya": "Africa/Nairobi",
    "south africa": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
    "new zealand": "Pacific/Auckland", "wellington": "Pacific/Auckland",
}  # fmt: skip
CITY_EXCLUDED = wordset(
    "east west north south central eastern pacific mountain atlantic general center "
    "continental factory localtime universal zulu christmas easter wake troll casey davis "
    "palmer stanley mawson vostok johnston currie norfolk oral reunion resolute turkey virgin "
    "jersey act met est mst hst cet eet wet gmt utc uct prc roc rok knox"
)
# Places that are also people's names: right after a clock time ("call 3pm sofia") they are
# the person, not the place's zone (with "time" after them they are the zone).
CITY_PERSON_NAMES = wordset(
    "sofia regina victoria dawson adelaide darwin denver phoenix paris lima chita aden dili "
    "asmara juba"
)
_ZONE_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
               "Indian", "Pacific")  # fmt: skip


def _legacy_last(key: str) -> tuple[bool, str]:
    return key.split("/")[0] not in _ZONE_AREAS, key


@functools.cache
def city_zones() -> dict[str, str]:
    """Place name ("sao paulo", "manila", "nyc") -> IANA zone; built on first use (~50 ms)."""
    zones: dict[str, str] = {}
    # Area zones first, so "Asia/Singapore" wins over the legacy "Singapore".
    for key in sorted(zoneinfo.available_timezones(), key=_legacy_last):
        name = key.rsplit("/", 1)[-1].lower().replace("_", " ")
        if name.split()[0] in CITY_EXCLUDED or not name.replace(" ", "").isalpha():
            continue
        zones.setdefault(name, key)
    zones.update(CITY_ALIASES)
    return zones


# Holidays on a fixed date -> (month, day).
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas eve": (12, 24), "xmas eve": (12, 24), "christmas": (12, 25), "xmas": (12, 25),
    "christmas day": (12, 25), "xmas day": (12, 25), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new years eve": (12, 31), "new year eve": (12, 31),
    "nye": (12, 31), "new year's day": (1, 1), "new years day": (1, 1),
    "valentine's day": (2, 14), "valentines day": (2, 14), "valentine's": (2, 14),
    "halloween": (10, 31), "st patrick's day": (3, 17), "st. patrick's day": (3, 17),
    "st patricks day": (3, 17),
}  # fmt: skip

# Zones whose country writes numeric dates month first (12/03 = December 3).
MONTH_FIRST_ZONES = frozenset(
    # fmt: off
    [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "America/Detroit",
        "America/Boise",
        "America/Juneau",
        "America/Sitka",
        "America/Nome",
        "America/Adak",
        "America/Menominee",
        "America/Metlakatla",
        "America/Yakutat",
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Winnipeg",
        "America/Halifax",
        "America/St_Johns",
        "America/Regina",
        "America/Indiana/Indianapolis",
        "America/Kentucky/Louisville",
        "Pacific/Honolulu",
        "US/Eastern",
        "US/Central",
        "US/Mountain",
        "US/Pacific",
        "US/Alaska",
        "US/Hawaii",
        "US/Arizona",
        "Canada/Eastern",
        "Canada/Central",
        "Canada/Mountain",
        "Canada/Pacific",
        "Asia/Manila",
        # the rest of the United States' and Canada's zones, and their old aliases
        "America/Indiana/Knox",
        "America/Indiana/Marengo",
        "America/Indiana/Petersburg",
        "America/Indiana/Tell_City",
        "America/Indiana/Vevay",
        "America/Indiana/Vincennes",
        "America/Indiana/Winamac",
        "America/Indianapolis",
        "America/Fort_Wayne",
        "America/Knox_IN",
        "America/Kentucky/Monticello",
        "America/Louisville",
        "America/North_Dakota/Beulah",
        "America/North_Dakota/Center",
        "America/North_Dakota/New_Salem",
        "America/Shiprock",
        "US/East-Indiana",
        "US/Indiana-Starke",
        "US/Michigan",
        "US/Aleutian",
        "America/Montreal",
        "America/Moncton",
        "America/Glace_Bay",
        "America/Goose_Bay",
        "America/Whitehorse",
        "America/Dawson",
        "America/Iqaluit",
        "America/Rankin_Inlet",
        "America/Resolute",
        "America/Yellowknife",
        "America/Cambridge_Bay",
        "America/Inuvik",
        "America/Swift_Current",
        "America/Atikokan",
        "America/Creston",
        "America/Dawson_Creek",
        "America/Fort_Nelson",
        "America/Thunder_Bay",
        "America/Nipigon",
        "America/Rainy_River",
        "Canada/Atlantic",
        "Canada/Newfoundland",
        "Canada/Saskatchewan",
        "Canada/Yukon",
        "Pacific/Guam",
        "Pacific/Saipan",
    ]
    # fmt: on
)
# US states whose zones are split by county: every zone under these areas writes month first
# ("America/Indiana/Vevay", "America/Kentucky/Monticello", "America/North_Dakota/Center").
MONTH_FIRST_ZONE_AREAS = ("America/Indiana/", "America/Kentucky/", "America/North_Dakota/")

# Event heads: words that name something a person attends.
EVENT_HEADS = frozenset(
    # fmt: off
    [
        "meeting",
        "meetings",
        "meetup",
        "call",
        "calls",
        "sync",
        "standup",
        "stand-up",
        "standups",
        "1:1",
        "1-on-1",
        "1on1",
        "one-on-one",
        "one-to-one",  # British: "one-to-one with my team leader" (not "one to one thirty")
        "interview",
        "interviews",
        "appointment",
        "appt",
        "appointments",
        "session",
        "lesson",
        "lessons",
        "class",
        "classes",
        "lecture",
        "seminar",
        "tutorial",
        "exam",
        "test",
        "quiz",
        "presentation",
        "demo",
        "review",
        "lunch",
        "dinner",
        "breakfast",
        "brunch",
        "coffee",
        "drinks",
        "tea",
        "date",
        "flight",
        "train",
        "therapy",
        "haircut",
        "conference",
        "workshop",
        "webinar",
        "kickoff",
        "kick-off",
        "retro",
        "retrospective",
        "huddle",
        "catchup",
        "catch-up",
        "catch up",
        "crit",
        "critique",
        "catching up",
        "screen",
        "screening",
        "scan",
        "checkup",
        "check-up",
        "check-in",
        "consultation",
        "consult",
        "viva",
        "rehearsal",
        "ensayo",  # a rehearsal, Spanish and Portuguese ("el ensayo de la obra")
        "ensaio",
        "practice",
        "training",
        "club",
        "viewing",
        "judging",
        "cleaning",
        "surgery",
        "massage",
        "party",
        "game",
        "match",
        "zoom",
        "facetime",
        "hangout",
        "meet",
        "visit",
        "gig",
        "concert",
        "show",
        "recital",
        "ceremony",
        "wedding",
        "marriage",  # Indian and Nigerian English: a wedding ("my cousin marriage is on 20th")
        "funeral",
        "hackathon",
        "onboarding",
        "orientation",
        "briefing",
        "debrief",
        "standup-meeting",
        "planning",
        "x-ray",
        "mri",
        "chat",
        "mtg",
        "mtgs",
        "ultrasound",
        "vaccination",
        "vaccinations",
        "immunisation",
        "immunisations",
        "immunization",
        "immunizations",
        "imms",
        "jab",
        "treatment",
        "physio",
        "chemo",
        "infusion",
        "dialysis",
        "biopsy",
        "colonoscopy",
        "endoscopy",
        "mammogram",
        "appt.",
        "pitch",
        "shower",
        "check",
        "mot",
        "keynote",
        "audition",
        "graduation",
        "induction",
        "appraisal",
        "assessment",
        "tasting",
        "photoshoot",
        "fitting",
        "defense",
        "defence",
        "panel",
        "hearing",
        "play",
        "shot",
        "jab",
        "tryout",
        "tryouts",
        "parents evening",
        "all hands",
        "all-hands",
        "town hall",
        "bake sale",
        "jury duty",
        "jury service",
        "townhall",
        "parents' evening",
        "parent evening",
        "parent-teacher",
        "open evening",
        "open day",
        "open morning",  # a school's: "reception open morning thurs 9.15"
        "open afternoon",
        "parent teacher",  # Irish and British: "I've the parent teacher at half 4"
        "school run",  # done at a stated time: "I'm doing the school run at 8:15 tomorrow"
        "nursery run",
        "ptm",  # Indian English: a parent-teacher meeting
        "prize giving",
        "prize-giving",
        "prizegiving",
        "speech day",
        "speech night",
        "escape room",
        "escape rooms",
        "masterclass",
        "bootcamp",
        "meetup",
        "all-hands",
        "town hall",
        "offsite",
        "reunion",
        "stretnutie",  # Slovak: a meeting
        "entrevista",
        "entretien",
        "colloquio",
        "intvw",
        "intv",
        "discussion",
        "ptm",
        "termin",
        "cita",
        "turno",  # Rioplatense: a booked slot ("turno con la dermatóloga")
        "consulta",
        "besprechung",
        "elternabend",
        "wywiadowka",  # Polish: a parents' evening ("wywiadówka u Zosi")
        "foreldremote",  # Norwegian, Swedish, Danish parents' meeting, as folded
        "foraldramote",
        "mote",  # Swedish "möte", Norwegian "møte" (a meeting), as folded
        "motet",
        "modet",  # Danish "mødet" (the meeting), as folded; not "møde", which folds to "mode"
        "intervju",  # Norwegian and Swedish: an interview ("jobbintervju")
        "jobbintervju",
        "anstallningsintervju",
        "reunio",  # Catalan "reunió"
        "klase",  # Tagalog and Cebuano: a class ("naa koy klase")
        "forældremode",
        "rendezvous",
        "rdv",
        "reuniao",
        "afspraak",
        "gesprek",
        "vergadering",
        "sollicitatiegesprek",
        "temuduga",
        "temujanji",  # Malay: an appointment ("temujanji anda di klinik")
        "consultatie",  # Dutch: a consultation ("consultatie voor Luna")
        "inspecao",  # Portuguese: an inspection ("a sua inspeção periódica")
        "fahrstunde",  # German: a driving lesson ("Ihre Fahrstunden")
        "fahrstunden",
        "wawancara",
        "rapat",
        "mesyuarat",
        "mkutano",
        "usaili",
        # Swahili: a session or committee meeting ("kikao cha wazazi"), an appointment
        # ("nina miadi na daktari")
        "kikao",
        "miadi",
        # Arabizi: an appointment ("maw3ed", "maw3edi": my appointment), a meeting
        "maw3ed",
        "maw3id",
        "mau3ed",
        "maw3edi",
        "ijtima3",
        "igtima3",
        "egtema3",
        "ejtima3",
        # Polish, Turkish (with "my"/"our": "randevum", "toplantimiz"), Tagalog
        "spotkanie",
        "zebranie",
        "wizyta",
        "wizyte",  # as said after "mam" ("mam wizytę u okulisty")
        "randevu",
        "randevum",
        "randevumuz",
        "toplanti",
        "toplantim",
        "toplantimiz",
        "pulong",
        "rendez-vous",
        "christening",
        "binyag",  # Tagalog: a christening
        "baptism",
        "riunione",
        "appuntamento",
        # sessions, tests and workshop visits in Italian, French, German, Polish
        "seduta",
        "fisioterapia",
        "werkstatttermin",
        "zajecia",
        "korepetycje",
        # meetings and appointments in Tok Pisin, Haitian Creole, Greek, Romanian, Czech,
        # Ukrainian and Russian, Zulu, Korean, Japanese, Vietnamese ("cuộc họp", "lịch hẹn")
        # (romanised, as folded)
        "miting",
        "randevou",
        "reyinyon",
        "rantevou",
        "programare",
        "schuzka",
        "schuzku",
        "zustrich",
        "vstrecha",
        "umhlangano",
        "yeyak",
        "hoeui",
        "uchiawase",
        "kaigi",
        "mensetsu",
        "yoyaku",
        "cuoc hop",
        "hop nhom",
        "lich hen",
        "cat toc",  # Vietnamese "cắt tóc": a haircut
        # meetings and appointments in Welsh, Irish, Basque, Galician, Slovene,
        # Serbo-Croatian, Bulgarian, Romanian, Hungarian, Lithuanian, Latvian, Estonian,
        # Finnish, Icelandic, Norwegian, Albanian, Maltese, Hausa, Yoruba, Somali, Turkish,
        # Azerbaijani, Uzbek, Kazakh, Malay, Persian, Hebrew (romanised, as folded)
        "cyfarfod",
        "apwyntiad",
        "cruinniu",
        "coinne",
        "bilera",
        "hitzordu",
        "hitzordua",
        "xuntanza",
        "sestanek",
        "sestanka",
        "sastanak",
        "sastanku",
        "sreshta",
        "sreshtata",
        "sedinta",
        "sedinte",
        "intalnire",
        "megbeszeles",
        "talalkozo",
        "susitikimas",
        "susirinkimas",
        "tiksanas",
        "sapulce",
        "koosolek",
        "kohtumine",
        "kokous",
        "tapaaminen",
        "fundur",
        "fundinn",
        "takim",
        "takimin",
        "mbledhje",
        "laqgha",
        "appuntament",
        "taro",
        "ipade",
        "ballan",
        "kulan",
        "gorusme",
        "gorusmesi",
        "iclas",
        "uchrashuv",
        "kezdesu",
        "temujanji",
        "jalase",
        "jalaseh",
        "pgisha",
        "inspection",
        "auction",
        "mention",
        "round",
        "channelling",  # Sri Lankan English: a doctor's appointment ("channelling confirmed")
        "channeling",
        # gatherings held at someone's home: "bbq at kemi's sat", "picnic on sunday"
        "bbq",
        "barbecue",
        "cookout",
        "picnic",
        "potluck",
    ]
    # fmt: on
)

# Events a person attends for themself: someone else's ("his flight", "sarah's interview")
# is not the user's to attend.
PERSONAL_EVENTS = wordset(
    "flight train interview exam test quiz date appointment appt therapy haircut checkup "
    "check-up surgery lesson class session scan x-ray mri physio treatment consultation "
    "viva audition defense defence hearing tryout tryouts op operation procedure paper "
    "colloquio entrevista examen esame prufung klausur follow-up followup dialysis chemo "
    "infusion bloods ultrasound biopsy 1:1 1-on-1 1on1 one-on-one appraisal "
    # exams sat alone: "sofia's SATs start monday at 9", "jake's mocks are tmrw"
    "exams tests mock mocks sats gcse gcses finals midterm midterms resit resits retake "
    "practical prac pracs vivas"
)

# People and places that stand for an appointment -> the calendar title, in the user's word
# where it is not an abbreviation ("GP appointment", "dentista appointment").
PROVIDERS: dict[str, str] = {
    "dentist": "dentist appointment", "dentists": "dentist appointment",
    "doctor": "doctor appointment", "doctors": "doctor appointment",
    "doc": "doctor appointment", "gp": "GP appointment",
    "physio": "physio appointment", "physiotherapist": "physio appointment",
    "vet": "vet appointment", "gyno": "gynecologist appointment",
    "gynecologist": "gynecologist appointment", "gynaecologist": "gynecologist appointment",
    "dermatologist": "dermatologist appointment", "derm": "dermatologist appointment",
    "counsellor": "counselling session", "counselor": "counselling session",
    "therapist": "therapy", "shrink": "therapy", "psychiatrist": "psychiatrist appointment",
    "optician": "optician appointment", "optometrist": "optometrist appointment",
    "hairdresser": "haircut", "barber": "haircut", "salon": "salon appointment",
    "orthodontist": "orthodontist appointment", "chiropractor": "chiropractor appointment",
    "hospital": "hospital appointment", "clinic": "clinic appointment",
    "dental": "dental appointment", "pediatrician": "pediatrician appointment",
    "paediatrician": "paediatrician appointment",  # British spelling, not a slip
    "tutor": "tutoring session", "tutor's": "tutoring session",
    "cardiologist": "cardiologist appointment", "cardiologo": "cardiologist appointment",
    "neurologist": "neurologist appointment", "urologist": "urologist appointment",
    "allergist": "allergist appointment", "podiatrist": "podiatrist appointment",
    "oncologist": "oncologist appointment", "audiologist": "audiologist appointment",
    "rheumatologist": "rheumatologist appointment",
    "endocrinologist": "endocrinologist appointment",
    "gastroenterologist": "gastroenterologist appointment",
    "haematologist": "haematologist appointment", "hematologist": "hematologist appointment",
    "nephrologist": "nephrologist appointment",
    "ophthalmologist": "ophthalmologist appointment",
    "psychologist": "psychologist appointment", "osteopath": "osteopath appointment",
    "dietitian": "dietitian appointment", "dietician": "dietitian appointment",
    "nutritionist": "nutritionist appointment", "hygienist": "hygienist appointment",
    "acupuncturist": "acupuncture appointment", "specialist": "specialist appointment",
    "zahnarzt": "zahnarzt appointment", "arzt": "Arzt appointment",
    "medico": "medico appointment",
    "dentista": "dentista appointment", "dokter": "dokter appointment",
    "friseur": "Friseur appointment",  # a hairdresser, as "beim Friseur"
    "fogaszat": "fogaszat appointment", "fogorvos": "fogorvos appointment",  # Hungarian
    "orvos": "orvos appointment",  # dentistry, dentist, doctor
    "fodrasz": "fodrász appointment",  # a hairdresser, Hungarian
    # and with the Hungarian "to" and "at" endings: "megyek a fogorvoshoz", "az orvosnál"
    "fogorvoshoz": "fogorvos appointment", "fogorvosnal": "fogorvos appointment",
    "orvoshoz": "orvos appointment", "orvosnal": "orvos appointment",
    "fodraszhoz": "fodrász appointment", "fodrasznal": "fodrász appointment",
    "fogaszatra": "fogaszat appointment", "fogaszaton": "fogaszat appointment",
    # dentists, doctors and hairdressers in Danish and Norwegian, Swedish, Finnish,
    # Serbo-Croatian (and "kod zubara"), Polish and Czech, as folded
    "tandlæge": "tandlæge appointment", "tandlege": "tandlege appointment",
    "tandlakare": "tandläkare appointment", "læge": "læge appointment",
    "lakare": "läkare appointment", "frisor": "frisør appointment",
    "frisoren": "frisøren appointment", "tandlægen": "tandlægen appointment",
    "tandlegen": "tandlegen appointment", "lægen": "lægen appointment",
    "tandlakaren": "tandläkaren appointment",  # "the" dentist, doctor, hairdresser
    # dentists and doctors in Welsh, Irish, Slovene, Bulgarian, Lithuanian, Latvian,
    # Estonian, Icelandic, Maltese, Swahili, Hausa, Zulu, Somali, Turkish, Uzbek, Malay,
    # Persian (as folded), named in the user's word ("v petek grem k zobozdravniku")
    "deintydd": "deintydd appointment", "meddyg": "meddyg appointment",
    "fiacloir": "fiacloir appointment", "dochtuir": "dochtuir appointment",
    "dochtura": "dochtura appointment", "zobozdravnik": "zobozdravnik appointment",
    "zobozdravniku": "zobozdravniku appointment", "zdravnik": "zdravnik appointment",
    "zdravniku": "zdravniku appointment", "zubolekar": "zubolekar appointment",
    "lekar": "lekar appointment", "lekarya": "lekarya appointment",
    "lekaru": "lekaru appointment", "stomatolog": "stomatolog appointment",
    "stomatologa": "stomatologa appointment", "odontologas": "odontologas appointment",
    "gydytojas": "gydytojas appointment", "gydytoja": "gydytoja appointment",
    "zobarsts": "zobarsts appointment", "zobarstu": "zobarstu appointment",
    "arsts": "arsts appointment", "arstu": "arstu appointment",
    "hambaarst": "hambaarst appointment", "hambaarsti": "hambaarsti appointment",
    "arst": "arst appointment", "arsti": "arsti appointment",
    "tannlaeknir": "tannlaeknir appointment", "tannlæknir": "tannlæknir appointment",
    "tannlaekni": "tannlaekni appointment", "tannlækni": "tannlækni appointment",
    "laeknir": "laeknir appointment", "læknir": "læknir appointment",
    "laekni": "laekni appointment", "lækni": "lækni appointment", "tabib": "tabib appointment",
    "daktari": "daktari appointment", "likita": "likita appointment",
    "dokotela": "dokotela appointment", "udokotela": "udokotela appointment",
    "dhakhtar": "dhakhtar appointment", "shifokor": "shifokor appointment",
    "shifokorga": "shifokorga appointment", "shifokorda": "shifokorda appointment",
    "duktur": "duktur appointment", "doktur": "doktur appointment",
    "pizeshk": "pizeshk appointment", "dandanpezeshk": "dandanpezeshk appointment",
    "hammaslaakari": "hammaslääkäri appointment", "laakari": "lääkäri appointment",
    "hammaslaakarin": "hammaslääkäri appointment", "laakarin": "lääkäri appointment",
    "tannlege": "tannlege appointment", "tannlegen": "tannlegen appointment",  # Norwegian
    "tandlaege": "tandlæge appointment", "tandlaegen": "tandlægen appointment",  # Danish
    "fastlege": "fastlege appointment", "fastlegen": "fastlegen appointment",
    "kampaaja": "kampaaja appointment", "zubar": "zubar appointment",
    "zubara": "zubar appointment", "zubaru": "zubar appointment", "frizer": "frizer appointment",
    "frizera": "frizer appointment", "dentysta": "dentysta appointment",
    "dentysty": "dentysta appointment", "fryzjer": "fryzjer appointment",
    "fryzjera": "fryzjer appointment", "kadernik": "kadeřník appointment",
    "lawyer": "lawyer appointment", "solicitor": "solicitor appointment",
    "attorney": "attorney appointment", "notary": "notary appointment",
    "accountant": "accountant appointment",
}  # fmt: skip

# What a Swahili doctor is "of" (teeth, eyes, children, heart, skin, women, bones):
# "miadi na daktari wa meno" is the dentist.
SWAHILI_SPECIALTIES = wordset("meno macho watoto moyo ngozi wanawake mifupa")
# The time words that, after a provider, are its booked slot: Estonian "hambaarsti aeg",
# Finnish "lääkärin aika".
PROVIDER_SLOT_WORDS = wordset("aeg aika")

# Spellings normalised in names.
NAME_FIXES: dict[str, str] = {
    "appt": "appointment", "appt.": "appointment", "appts": "appointment",
    "appoitnment": "appointment", "appointmnet": "appointment", "apointment": "appointment",
    "appoinment": "appointment", "intervew": "interview", "inteview": "interview",
    "interveiw": "interview", "meting": "meeting", "meeeting": "meeting", "metting": "meeting",
    "mtg": "meeting", "mtgs": "meetings",
    "w/": "with", "w": "with", "stand-up": "standup", "1on1": "1-on-1",
    "one-on-one": "1-on-1", "kick-off": "kickoff", "shrink": "therapy",
    "intvw": "interview",
    "intv": "interview", "termin": "termin appointment", "cita": "cita appointment",
    "consulta": "consulta appointment", "besprechung": "besprechung meeting",
    "rendezvous": "appointment", "rdv": "rdv appointment", "bday": "birthday",
    "b-day": "birthday", "bloods": "blood test",
    "conf": "conference", "grp": "group",
}  # fmt: skip

# Words that open a pasted line as its label, not as who says it ("Reminder:", "Rappel:"),
# besides the lead-ins, weekdays and event words (meetings.py).
LINE_LABEL_WORDS = wordset(
    "reminder note notes update updates plan plans todo agenda edit ps correction question "
    "subject from to date time when where location venue address ref booking confirmed "
    "confirmation today tomorrow tonight weekend "
    # "reminder" and "note" in French, Spanish, Portuguese, German, Dutch, Italian, Polish
    "rappel recordatorio lembrete erinnerung herinnering promemoria przypomnienie aviso "
    "nota hinweis fwd fw re forwarded"
)

# --- Open-vocabulary events (open_events.py) -------------------------------------------

# A ride the user counts down to ("the dive boat leaves in 9 hours", "charter leaves the wharf
# in 10 hrs"): its noun and verb; told at a clock time it is a timetable ("the ferry leaves at 7").
DEPARTING_RIDES = wordset("boat charter ferry bus coach shuttle minibus train catamaran launch")
DEPARTURE_VERBS = wordset("leaves departs sails")
# Words before a ride that make it a service, not the user's: "the last bus leaves in 10 mins".
SERVICE_RIDE_WORDS = wordset("last next first another every school his her their")

# Words that open a message without being part of what it is about ("ok so", "fyi", "pls").
# Words that settle a plan said back to the others: "ok half 3 at the cafe then".
AGREEMENT_WORDS = wordset("ok okay k kk cool sure yes yeah yep yup perfect great deal done sorted")
LEAD_INS = wordset(
    "ok okay k kk so um uh er hmm hey hi hello yo lol lmao omg ugh fyi btw reminder reminders "
    "note self pls plz please also and then but plus just anyway anyways heads up update "
    "alright right well oh ah yes yeah yep yup sir maam ma'am boss dai po guys dear "
    "remember remind don't dont forget quick quickly finally officially confirmed "
    "good morning gm evening afternoon night na abeg inshallah wow yay woohoo kindly eek "
    "yikes argh ahh sigh eh oi oye ey hoy ignore disregard whatever whichever "
    "tengo tenho tenemos temos ref kal aaj parso bukas ngayon yung daw "
    "raw heb ik een habe ich besok esok lusa "
    "sis bro bruh bhai didi babe hun mate dude fam bestie chale "  # who is spoken to
    "kanka kanki hermano wey guey parce"  # Turkish, Spanish, Colombian "bro"
)
# Words that link an event phrase to its time ("X is at T", "X starts T", "X: T", "X -> T").
TIME_LINKS = wordset(
    "at @ on from for by is 's are will be starts start starting begins begin kicks kicking off "
    "go scheduled confirmed fixed booked set planned - -> : ( ) sharp around about approx "
    "till until to it's its in the this next coming arriving visiting over round here locked "
    "sorted moved pushed bumped rescheduled shifted postponed changed got now still "
    "am um om le el kl klo godz saat"  # German, Dutch, French, Spanish, Nordic, Polish, Turkish
    # a window's "between" and "and" in Czech, Slovak, Polish, Serbo-Croatian, Romanian,
    # Lithuanian, Latvian, Estonian, Hungarian (as folded): "zítra mezi 12:00 a 16:00",
    # "între 10:00 și 14:00", "12:00 és 16:00 között"
    " mezi medzi miedzy izmedu izmedju intre si tarp starp vahel kozott"
)
# Prepositions that open a place after an event ("bbq at the smiths", "game night @ mikes").
PLACE_PREPOSITIONS = wordset(
    "at @ in on near by sa bij bei presso chez"
)  # + Tagalog, Dutch, German, Italian, French "at"
# Whom a salon's "cut" is for, on its price list: "gents cut", "kids cut + wash".
HAIRCUT_CLIENTS = wordset(
    "gents gent's mens men's ladies ladies' womens women's kids kid's boys girls"
)
# Words that lead to where an outing goes: "hike up lion's head", "walk along the canal";
# only after an outing on foot, wheels or water (not "fill up the car", "dress up party").
ROUTE_PREPOSITIONS = wordset("up down along across")
ROUTE_OUTINGS = wordset(
    "hike hikes walk walks ramble stroll trek climb scramble run ride cycle paddle kayak "
    "canoeing kayaking cruise sail boat trip"
)
# A home named as a place: "at mine", "round at ours", "at the flat".
HOMES = wordset("place house home flat mine ours yours theirs")
# Parts of day that end an event's name after a noun: "quiz night", "parents evening".
NAMED_PARTS = wordset("night evening")
# Words that join two parts of one event name ("tutoring w/ mr okafor", "brows & lashes").
NAME_JOINERS = wordset("with w/ w for of & + and de del di du chez amb")  # Catalan "amb": with
DETERMINERS = wordset("a an the my our this that your his her their some both")
# English function words no other language read here shares: beside the other languages'
# ones, they tell which language a message is in.
ENGLISH_MARKERS = wordset(
    "the and to at i i'm im you is are with for my of we will have this that it it's our "
    "your me be was can just but so from on"
)
# Weekdays shortened in German and Polish forms ("Termin: Mo, 25.10.", "wt. 14.05"): never a
# name ("mo" too: in a form it is Monday far more often than a person).
WEEKDAY_SHORTS = wordset("mo di mi fr pn wt czw")  # not "pt" (a trainer), "so", "do"
# Function words of the other languages read here (folded): never an event's name or part of
# it ("cena alle 21" is dinner, "a partir das 18h" names nothing, "umalis ako ng 6:30").
# Not the ones that are also English words or names ("dan", "mo", "ma", "ed", "les", "ama").
FOREIGN_FUNCTION_WORDS = wordset(
    "seulement solamente soltanto apenas nur alleen vers "
    "alle alla allo ai agli della del dei di da dal dalla che sul sulla anche "
    "noi io lui loro ci ti non sono sei ho hanno abbiamo fanno fa quest questo questa "
    "bis ich hab habe ja und aber am im zum zur von vom auf bei nach wir du er sie es "
    "ist sind noch schon nicht nur auch dann "
    "partir das nos nas para pra com em um uma ao aos eu voce ele ela mas tambem depois "
    "las los y pero yo nosotros despues desde hasta estoy estamos ob "
    "jamais t'es tu on pour avec du au aux chez et mais je nous vous il elle est sont "
    "ng ako ka ko sa na ang mga ulit tapos kasi din rin naman po ba siya kami tayo sila "
    "daw raw sabi "
    "aku saya kamu dia kita di ke dari tapi sudah udah belum akan mau "
    "kwa ve bir bu ile icin om het een en maar ik jij bij naar voor gunu saat var tussen sebab "
    "jadi ya przypominam ze comme prevu momken bas mesh "
    "votre vos ton tes ihr ihre ihren uw jouw seu sua teu tua suo sus su "  # "your", "their"
    # a notice's "we remind you of / we confirm your ...": "le ricordiamo l'appuntamento"
    "ricordiamo confermiamo confirmamos recordamos lembramos rappelons confirmons "
    "przypominamy potwierdzamy herinneren bevestigen erinnern te sua seu tua "
    # and words of clock times and their ranges: "zwischen 10 und 14 uhr", "das 18h às 19h",
    # "ore 8:40", "tot 2 uur"
    "zwischen uhr uur ore às dos dalle tot van kan heure heures hora horas merci "
    # Swahili and Sheng "now", "is", "that", "of"; Tok Pisin "will", "have", "with" (not
    # "mi": Spanish "my" starts names);
    # Haitian Creole "I", "have"; Vietnamese "at", "with" (as folded)
    "sasa ni ile hiyo ya badala bai gat wantaim mwen gen luc voi "
    # Danish, Norwegian, Swedish "I", "shall", "to", "at", "have"; Serbo-Croatian, Polish,
    # Czech "I am", "to", "at", "I have" (as folded)
    # Romanian "până": until; Nordic "between" ("mellem kl. 8 og 16")
    "jeg skal til hos har jag ska och og mig kod idem ide jdu vanaf pana mellem mellom mellan "
    # "at", "from", "will", "and", "I have", "is" and "next" in Slovene, Latvian and
    # Lithuanian ("ir"),
    # Galician, Basque, Welsh, Irish, Hungarian, Lithuanian ("val.": hours), Albanian,
    # Maltese, Uzbek, Sinhala, Tamil, Bengali, Amharic, Somali, Persian, Arabizi (as folded):
    # "jutri ob 15h", "jövő hétfőn 10:30-kor megbeszélés" (not "imam", "mám": "I have"
    # opens the name of an event the lexicon does not know, "mám zápas s dorostem")
    "ob bo od ir teno vou daukat dut sydd agam jovo ghandi "
    "ghandna bor thiyenawa iruku irukku achhe alegn leeyahay ayaan daram 3andi "
    "yesh naprej nadalje "
    "ini "  # Indonesian and Malay "this": "malam ini" (tonight)
    # Estonian "I have" ("mul on hambaarsti aeg"), Cebuano "there is / I have" ("naa koy
    # appointment"), Hungarian "I go / we go" ("megyek a fogorvoshoz")
    "mul naa koy megyek megyunk"
)
# Function words and chat filler: never part of an event's name.
FUNCTION_WORDS = wordset(
    "i i'm im i've ive i'll ill i'd me we we're we've we'll us you u you're ur he she they "
    "him them it it's its there there's here what which who whom whose when where why how "
    "if whether not no nope never also too very really so just only even still already "
    "again maybe probably definitely actually literally basically totally kinda sorta "
    "gonna wanna gotta lemme can could would should shall may might must do does did done "
    "doing am is are was were be been being has have had having get got gets getting "
    "will wont won't cant can't dont don't didnt didn't isnt isn't all any every each both "
    "some more most much many few rn tbh ngl idk imo lmk ttyl brb omw asap pls plz "
    "thx ty thanks thank yes yeah no ok okay lol haha hahaha xd wtf smh fml ugh meh phew yay votes "
    "same time slot "
    "then than now today tonight tomorrow later soon early late earlier after before b4 "
    "ago yet till until up out off over about around like as per via vs etc through thru into "
    "onto upon toward towards "
    "one ones thing things stuff something anything nothing everything between bc cuz coz cos "
    "under down above below kick otherwise thinking floating pero doors "
    "because since while during within without except another other apart besides instead "
    "pour le la les el los las de del con avec mit dem der die das um al au chez beim bei "
    "nen ein eine un une et und para por que mi ma mon su "
    "else either neither or nor itself back sorry oops edit correction typo kindly please "
    "ours yours theirs hers mine eek yikes argh ahh sigh woo yass "
    "baje bje hai ke ka ki ko saath aku ada sama jam pukul mera meri mere bhai yaar bro sis "
    "lads mate fam dude es est ist sind ab nina"
)
# Words ending in -ly that are nouns, not adverbs ("school assembly", "family rally").
ADVERBS_NOT_LY = wordset("assembly rally family reply ally belly lily jelly holly")
# Third-person verb forms and verbs that end a noun phrase ("the cake needs", "band plays").
VERB_FORMS = wordset(
    "needs need goes go going went comes come coming came lands land arrives arrive opens "
    "closes leaves leave ends end runs run ran plays play airs air streams "
    "stream says say said wants want asks ask asked told tells tell thinks think knows know "
    "works work worked makes make made takes take took gives give gave looks look feels feel "
    "seems seem happens happen happened starts begins kicks moved pushed cancelled canceled "
    "postponed bumped shifted changed booked called texted emailed sent lands finishes "
    "rang rung phoned "  # "the school nurse rang at 11": a call that came
    "finish finished meets meet waits wait stays stay sleeps sleep eats eat drinks lives live "
    "loves love hates hate likes like wish hope hoping wishing guess reckon reckons "
    "expired expires due owes pay pays paid costs cost ships shipped delivered drops dropped "
    "resume resumes reopen reopens reopening change changes shuts shut lock locks closing "
    "slept woke ate drank saw left arriving leaving departing landing opening closing "
    # "I open", "I close", "I work" (a shift): Serbo-Croatian, Polish, Spanish, Portuguese,
    # Italian, French, German ("otvaram kafić sutra u 6")
    "otvaram zatvaram radim otwieram zamykam pracuje abro cierro fecho apro chiudo ouvre "
    "arbeite catch catching aim aiming "  # "catching the 8:10": a ride; "let's aim for thursday"
    # "they play", "it leaves": "mañana juega el madrid a las 21:00", "der zug fährt um 8:15"
    "juega juegan spielt spielen joue jouent gioca giocano joga jogam fahrt vertrekt "
    "renew renews "  # "your subscription renews on 15/03 at 00:00"
    "happening starting ending waiting coming going running showing airing shipping "
    "broke fell lost found told thought bought brought caught felt kept met spent stood won "
    "wrote rode drove flew grew knew threw began sang swam gave became forgot hit hurt quit "
    "shut woke wore tore stole chose spoke froze hid built burnt dealt fed fought heard held "
    "hung laid led lent lit meant shot sold struck swept wept "
    "taken given eaten done gone seen written driven broken chosen spoken forgotten gotten "
    "ridden shaken stolen worn beaten bitten hidden fallen flown grown known shown thrown "
    "begun drunk sung swum"  # past participles: "ramipril, taken at 8"
)
# A rota, not an event: "on night duty", "cooking duty" ("jury duty" is an event head).
# Shifts, as named at work: "the 7pm close", "on the 19h-7h nights", "break is at 1am".
ROTAS = wordset(
    "duty duties rota rotas coverage shift shifts close closes nights earlies lates break breaks "
    "smoko smokos"  # Australian and NZ tea break: "smoko's at 9:30"
    " cover covering stocktake stocktaking stock-take"  # "covering for jo 7-3 sat": a shift
)
# A university course's subject code before its number: "MATH 2130", "CHEM 1210 5/10 8am",
# "ECON 105": the number is the course's, never a clock time.
COURSE_CODES = (
    "math|maths|mth|chem|phys|bio|biol|econ|cs|comp|cse|ece|stat|stats|engl|hist|psyc|psych|"
    "phil|ling|geog|acct|mgmt|mktg|nurs|anat|soci|pols|busi|csc|cis|itec|"
    "ecn|eco|fin|mkt|mgt|acc|bms|chm|ict|itm|psy|soc|env|edu|phar|elec|mech|engr|geol|astr|"
    "kine|crim|poli|hlth"
)
# Books of scripture, whose "chapter:verse" looks like a clock ("Psalm 23:4", "Surah 2:255").
SCRIPTURE_BOOKS = wordset(
    "genesis exodus leviticus deuteronomy joshua judges psalm psalms proverbs ecclesiastes "
    "isaiah jeremiah lamentations ezekiel hosea micah habakkuk zechariah malachi romans "
    "corinthians galatians ephesians philippians colossians thessalonians hebrews revelation "
    "revelations acts surah sura ayah"
)
# Books named as people are, read as scripture only where the message speaks of scripture:
# "John 3:16 and Psalm 23:4", "John 3:16 is my reading" (not "call John 3:30").
SCRIPTURE_PERSON_BOOKS = wordset(
    "john matthew mark luke james peter jude timothy titus daniel samuel ruth esther job "
    "jonah nehemiah"
)
SCRIPTURE_WORDS = SCRIPTURE_BOOKS | wordset(
    "verse verses bible scripture scriptures reading readings gospel chapter sermon passage"
)
# Heads that are things, tasks, people or states, never events the speaker attends.
NON_EVENTS = ROTAS | wordset(
    "mess alarm alarms timer timers deadline deadlines delivery deliveries package packages "
    "parcel routine routines window windows "
    # deadlines and hand-ins in other languages (as folded): German, Spanish and Portuguese,
    # Nordic, Finnish, Hungarian, Estonian, Latvian, Lithuanian, Turkish, Polish
    "abgabe abgabefrist abgabetermin einsendeschluss frist prazo limite innlevering "
    "innleveringsfrist inlamning inlamningen aflevering afleveringsfrist palautus "
    "maaraaika hatarido beadas beadasi leadas tahtaeg esitamine termins iesniegsana "
    "pateikimas teslim odevi oddanie "
    "km kms kg kgs mile miles lb lbs "  # units: "5:55/km"
    "parcels order orders invoice invoices rent bill bills payment payments report reports "
    "timesheet timesheets homework assignment assignments essay essays task tasks chores "
    "laundry dishes cake chicken oven food pizza dinnertime bedtime nap sleep bed couch "
    "sofa netflix tv telly episode episodes season finale stream streamer show "
    "server servers build deploy backup cron job jobs script tests code bug bugs log logs "
    "kids kid children child son daughter mum mom mother dad father parents wife husband "
    "boyfriend girlfriend partner sister brother baby boss manager friend friends family "
    "mama papa mummy mommy daddy nana auntie aunt uncle cousin clock clocks "
    "grandma grandpa nan granny everyone everybody someone somebody people guys team "
    "weather rain sun sunrise sunset traffic shop store library pool bank office "
    # times the sky, the sea or the calendar keeps: "high tide 06:12", "candle lighting 4:11pm"
    "tide tides high low moonrise moonset dawn dusk lighting havdalah "
    "ward wards "  # a place on a shift: "ward round is at 9"
    "fajr dhuhr zuhr asr maghrib maghreb isha "  # a prayer's time: "maghrib is 5:52 that day"
    "subuh dzuhur zuhur ashar asar magrib isya isyak "  # and in Indonesian and Malay
    "ikindi yatsi "  # and in Turkish (as folded): "yatsı 20:05"
    # a fast's own hours: "sehri ends 5:12", "imsak 05:02"
    "sehri sehar sahur sahoor suhoor suhur imsak "
    "hw nw bm "  # a tide table's short fields: "HW 08:33, NW 14:51", French "BM 13:05"
    # the tide's high and low water in French and Portuguese: "pleine mer 05:12", "preia-mar"
    "mer preia-mar baixa-mar preiamar baixamar preamar "
    "frost fog ice sleet hail "  # weather: "frost tonight, -4 by 6am"
    "nappy nappies diaper diapers "  # a baby log's: "nappy 6:00"
    "powerball euromillions megamillions "  # draws: "Powerball Wed 10:59 PM ET"
    # sunrise and sunset in Spanish, German, French, Italian, Portuguese, Dutch, Nordic,
    # Finnish and Icelandic (folded): "sólarupprás 4:41, sólsetur 22:14"
    "amanecer atardecer sonnenaufgang sonnenuntergang lever coucher alba tramonto "
    "zonsopkomst zonsondergang soluppgang solnedgang auringonnousu auringonlasku "
    "solaruppras solsetur "
    "clearing showers storm storms snow sunny cloudy "  # weather: "clearing by 9 tonight"
    "temp temps temperature temperatures screen draw draws lottery lotto raffle "
    # weather, breaks, rides and results in other languages (folded): "het weer: regen vanaf
    # 15:00", "öğle arası 12:30", "der zug fährt um 8:15", "sınav sonuçları saat 10'da"
    "regen weer wetter pluie lluvia pioggia chuva arasi mola pausa "
    # rain and snow in more languages, and verbs of it (Slovene "bo deževalo"), as folded
    "dez dezevalo dezuje sneg snezilo kisa snijeg eso esik ploaie ploua ninge lietus lija "
    "sniegs vihm vihma sajab sade sataa lunta lumi rigning snjokoma shi mvua yagmur yagis "
    "hujan ulan mua barish baarish brishti mazhai varsha baran geshem euria choiva glaw "
    "baisteach xita imvula roob "
    # buses and trains, and "it leaves" ("autobusas išvyksta 8:40", "strætó fer kl 7:12")
    "autobus autobusas autobuss bussi busz otobus straeto stræto strato vlak vonat juna "
    "traukinys vilciens kereta basi matatu jeepney trajekt "
    "polazi odhaja pleaca indul isvyksta iseina atiet valjub lahtee fer inaondoka kalkar "
    "kalkiyor bertolak aalis "
    "zug bahn tren treno trein pociag comboio abfahrt ankunft salida llegada partenza arrivo "
    "vertrek aankomst sonuclari sonuclar ergebnisse resultats resultados risultati uitslagen "
    "closure closures roadworks diversion diversions "  # "road closures 5:30am to 1pm"
    # a timetable's and a ride's: "last return 21:00", "learners return sunday after 14:00"
    "return returns departure departures admission "
    "arr arrival arrivals "  # an itinerary's field: "Fri 5 Mar dep 15:40 arr 18:55"
    # a machine's and a workout's times: "uptime 3:14:07", "a PR on the 7:40 segment"
    "uptime runtime downtime pr pb segment segments lap laps split splits pace "
    # an event's things: "lecture slides for thursday's 10am", "standup notes from ..."
    "notes slides deck decks handout handouts forms paperwork "
    "welcome selling bidding "  # an event's phases: "parents welcome from 9am"
    "block "  # a calendar block: "so block till 12:15"
    "betriebsbeginn betriebsschluss "  # a transit line's first and last service
    "once refund refunds "  # "6pm once we fall back", "refund within 30 days"
    "price prices tickets ticket bus train tram ferry car taxi uber ride lift "
    "phone battery wifi internet net power light lights water gas electricity "
    "number code address room floor door gate seat apt email emails message messages "
    "text texts call calls reply news results result score match game race fight "
    "day days week weeks month months year years minute minutes mins min hr hrs "
    "morning mornings afternoon evening night weekend weekends am pm time times date "
    "free busy home work school uni office holiday holidays vacation leave sick "
    "big hectic crazy packed manic mad full "  # a day told as busy: "Big Friday: ..."
    # a game's start said as its own word, and medicine: "tip-off 7:30", "insulin at 7:30"
    "tip-off tipoff insulin meds medication medicine pills tablets inhaler eta clocks "
    # a cricket match's toss, and medicines by name: "toss at 7", "calpol at 6:15"
    "toss calpol paracetamol ibuprofen nurofen panadol tylenol advil antibiotics "
    "tarea tareas deberes compiti hausaufgaben huiswerk "
    # work and shifts in other languages: "trabajo de 9 a 5", "domani lavoro dalle 9"
    "trabajo trabalho arbeit arbeite arbeiten lavoro lavoriamo travail bosse boulot werk "
    "werken kerja trabaho turno guardia schicht dienst plantao "
    "garbage trash rubbish recycling bin bins eclipse album release launch sale fasting "
    "payday timings lot lots duvet pillow pizza netflix couch sofa term semester birthday "
    "anniversary bday fridge washer dryer dishwasher mattress furniture gates freeze "
    # a trip's end; notices; times that are no plan
    "arrival arrivals ankunft arrivee llegada chegada maintenance outage weekdays weeknights "
    "slots brownout brownouts blackout blackouts interruption interruptions pace local "
    "peak peaks off-peak offpeak busiest quietest checkout check-out "
    # "moon rises at", "blood sugar 6.2 at 7am", "OOO until 9am", "the replay from monday"
    "moon golden sugar glucose pulse readings ooo cut-off cutoff replay recap highlights rerun "
    "first "  # "nap till 12 first"
    # a booking's length ("(Dauer 30 Min.)"), an auction's bids, a power cut's stage
    "dauer duree duracion durata duracao duur bid bids loadshedding load-shedding "
    # a reply that rates a time, not what happens then: "11:30 better", "15:00 fine for me"
    "better fine works great perfect best easier ok okay cool sure "
    # weekdays of other languages that are no days here: "Data: 09/08 (segunda)"
    "segunda terca quarta quinta sexta feira "
    # a place's hours: "open today until 9pm", "abierto hoy de 10:00 a 22:00"
    "open opens closed closes abierto abierta cerrado cerrada geoffnet geschlossen ouvert "
    "ouverte ferme fermee aperto aperta chiuso chiusa"
)
# Words that make a whole phrase a thing or a fixture, wherever they stand ("ikea delivery
# window", "liverpool v arsenal").
# Words for a payment (accents folded): "termin płatności" is a due date, no appointment.
PAYMENT_WORDS = wordset(
    "platnosci zaplaty wplaty zahlung zahlungen pago pagos pagamento paiement betaling payment"
)
NEVER_IN_EVENTS = PAYMENT_WORDS | wordset(
    "delivery deliveries package packages parcel parcels shipment order deadline due v vs versus "
    "kargo kargom "  # Turkish: "sabah 8'de kargo gelecek" (a parcel is coming)
    "garbage trash rubbish recycling bin bins courier couriers free location venue address "
    "cancellations cancellation nil results grades interruption interruptions "
    # a student's deadline or task: "dissertation hand-in 14 may 12pm", "hall ticket download"
    "hand-in handin submission submissions download downloads "
    # a weather warning and a shop's deals: "yellow warning for wind from 6pm", "black friday
    # deals live from 00:01"
    "warning warnings deals offers "
    # when a serviced car or a repair is done, not a visit: "Est. completion 3:00pm",
    # "Vehicle ready for collection from 4pm", "Fahrzeug abholbereit ab 16 Uhr"
    "completion ready fertig abholbereit "
    "allerta avviso unwetterwarnung vigilance "  # Italian, German, French weather warnings
    # tide tables in Spanish, Dutch, German and French: "pleamar 10:14", "Hoogwater Vlissingen"
    "pleamar bajamar mareas hoogwater laagwater getijden hochwasser niedrigwasser gezeiten "
    "marees mares "
    "sendung paket lieferung entrega encomenda livraison colis consegna pacco pakket bezorging "
    "bezorgd geleverd zugestellt entregado livre consegnato clocks vence vencimiento scadenza "
    # parcels and their delivery in Polish, Czech, Nordic, Turkish, Indonesian, Spanish,
    # Portuguese, Italian and Finnish (as folded)
    "paczka paczki przesylka przesyłka dostawa dostarczona dostarczony kurier zasilka "
    "doruceni dorucena leverans levereras leveres kargo teslimat pengiriman kurir paquete "
    "pacote envio spedizione paketti toimitus pakke pakken pakker paket paketet leveras "
    # and in Slovak, Serbo-Croatian, Romanian, Hungarian and Lithuanian (as folded)
    "zasielka dorucena dorucenie posiljka dostavljena dostava coletul colet livrat livrare "
    "csomag csomagja csomagjat csomagod kezbesitjuk kezbesites siunta siuntinys pristatyta"
)
# A poll's option said to win: "ok friday 8pm wins", "wygrywa sobota 17:00"; never an
# event's name ("ok sa 18 uhr gewinnt"), but "won" and "vince" are people's names too.
POLL_WIN_WORDS = wordset("wins won gana ganha gewinnt vince wint wygrywa")
NEVER_IN_EVENTS |= POLL_WIN_WORDS - wordset("won vince")
# Verbs of errands and tasks: a clause they open is a to-do, not an event ("call the bank").
TASK_VERBS = wordset(
    "call ring phone text email message ping dm remind tell ask send submit pay buy order "
    "get take bring cook bake clean wash water feed walk finish fix print post file renew "
    "cancel return charge set turn put make write read study prepare prep pack check "
    "book reply respond sign upload download install update restart deploy push merge "
    "commit run test leave wake sleep eat drink "
    "hand cash lock restock clock knock"  # "hand in lab report by 4pm", "cash up at 9:45",
    # "clock in", "knock off at 5": a shift's tasks and ends
)
# Verbs of attending whose object is the event ("i have X", "off to X", "signed up for X").
ATTEND_VERBS = (
    "i have|i've got|ive got|i got|i have got|got|gotta|have got|have|i need to be at|"
    "need to be at|gotta be at|have to be at|i have to be at|i've got to be at|i must be at|"
    "must be at|i need to be in|need to be in|i have to be in|have to be in|gotta be in|"
    "i'm supposed to be at|im supposed to be at|supposed to be at|wants me at|needs me at|"
    "wants me in|needs me in|expects me at|i'm going to|im going to|going to|goin to|"
    "off to|heading to|headed to|straight to|i'm at|booked in for|booked for|signed up for|"
    "i will go to|i'll go to|ill go to|will only go to|i'll only go to|i'll just go to|"
    "registered for|attending|i'm attending|joining|i'm doing|we're doing|i do|we do|we have|"
    # an exam sat: "i'm sitting my resit on the 10th at 9", "resitting stats tmrw 9:30"
    "i'm sitting|im sitting|i am sitting|i'll be sitting|ill be sitting|i sit|resitting|"
    # signed up, in a booking's other languages: "je bent ingeschreven voor spinning", "sie
    # sind angemeldet für", "estás inscrito en", "vous êtes inscrit à", "está inscrito na"
    "ingeschreven voor|angemeldet fur|angemeldet zum|angemeldet zur|inscrito en|inscrita en|"
    "inscrit a|inscrite a|inscrit au|inscrite au|inscrito na|inscrita na|inscrito no|"
    "inscrita no|iscritto a|iscritta a|zapisany na|zapisana na|"
    # a habit told before its exception: "i normally do pilates on thursdays at 6, but ..."
    "i usually do|i normally do|i always do|we usually do|we normally do|i usually have|"
    "i normally have|we usually have|we normally have|"
    "dial in for|dial into|dialling into|dialing into|call in for|log on for|log in for|"
    "make it to|still on for|are we on for|we're on for|we are on for|is hosting|are hosting|"
    # proposed to a group, a plan once someone joins: "can we do the study group tmrw 4-6?"
    "we can do|can we do|let's do|lets do|shall we do|"
    "summoned for|called up for|invited to|invited us to|invited me to|invited us for|"
    "invited me for|down for|tengo|tenho|tenemos|temos|ich habe|"
    "j'ai|"
    "we've got|i am having|i'm having|we're having|having|has|has got|i'm in for|im in for|"
    "count me in for|appear in|appear at|appear before|appear for|report to|report for|attend|"
    # a booking's own words: "confirming your silk press with tasha", "is due for his booster"
    "confirming your|to confirm your|reminder of your|reminder for your|"
    "reminding you of your|due for your|due for his|due for her|due for its|due for their|"
    "due for my|due for a|due for an|confirming the|confirming our|"
    # asked of a group ("who's in for bowling sat 7pm?"): a plan once someone says "count me in"
    "who's in for|whos in for|anyone in for|who's up for|whos up for|anyone up for|"
    # West African Pidgin futures: "we go see the landlord tomorrow", "we dey go see kofi"
    "we go see|i go see|we dey go|i dey go|we dey go see|i dey go see|"
    # a booking the user made: "i've booked us a table at zeughauskeller", "reserved a court"
    "booked|booked us|booked me|reserved|reserved us|reserved me|"
    "booked into|booked onto|booked on to|"  # a class app's: "You're booked into HIIT Blast"
    "did book|did book us|did reserve|did sign up for|"  # said with stress: "but i did book X"
    "did finally book|did actually book|did eventually book"
)
# "We meet" / "see you" in other languages (as folded), and "let's meet": a meeting with
# the person written to, named by the place or plan after it ("ci vediamo venerdi alle 19
# per l'aperitivo da marco", "let's meet at the pub at 7").
MEET_PHRASES = (
    "wir treffen uns|treffen uns|treffen wir uns|ci vediamo|ci troviamo|nos vemos|"
    "nos encontramos|quedamos|a gente se ve|a gente se encontra|on se voit|on se retrouve|"
    "on se rejoint|zien elkaar|zien we elkaar|we zien elkaar|ketemuan|ketemu di|tukutane|"
    "tuonane|magkita tayo|kita tayo|milte hain|milenge|mil lete hain|mil lete hai|mil lenge|"
    "gorusuruz|bulusalim|bulusuyoruz|"
    "spotykamy sie|widzimy sie|spotkajmy sie|let's meet|lets meet|let us meet|"
    # Naija Pidgin, Sheng, Tok Pisin, Haitian Creole, Zulu, Korean, Japanese, Vietnamese,
    # Nepali, Ukrainian and Russian, Malay (romanised, as folded)
    "make we see|make we meet|make we link up|make una meet|tupatane|tucheki|yumi bung|"
    "yumi bungim|an nou rankontre|n ap rankontre|sizobonana|sihlangane|mannaja|aimashou|"
    "aimasho|gap nhau|bhetaum|bhetnu parcha|zustrinemosia|zustrinemosya|pobachymosia|"
    "vstretimsya|uvidimsya|jumpa kat|jom jumpa|jom meet"
)
# Hindi and Urdu "at" after a place ("CCD pe milte hain"), and the words that link a place to
# what it is beside ("office ke neeche wali chai tapri pe"): where a Hinglish meeting is.
PLACE_POSTPOSITIONS = wordset("pe")
POSTPOSED_PLACE_LINKS = wordset("wali wala wale")
# Verbs of changing a booked event: their object is the event ("we moved the board prep").
CHANGE_VERBS = (
    "moved|moving|move|pushed|pushing|push|rescheduled|rescheduling|reschedule|bumped|bump|"
    "shifted|shift|postponed|postpone|rebooked|rebook|brought forward|bring forward|"
    "pulled forward|pull forward|pulled in|pulled up|"
    "cancelled|canceled|cancel|scrapped|scrap|called off"
)
# Adverbs that may stand between an event and its time ("yoga is normally mondays at 6").
LINK_ADVERBS = wordset(
    "usually normally always typically generally still also now just only again too"
)
# Verbs of collecting someone or something: "picking up my passport at 2" -> "passport pickup".
PICKUP_VERBS = wordset("pick picking grab grabbing collect collecting fetch fetching")
# How a pick-up is titled by its verb ("collect hamza from cricket"); "grab" titles none.
PICKUP_LEMMAS = {
    "pick": "pick up", "picking": "pick up", "collect": "collect", "collecting": "collect",
    "fetch": "fetch", "fetching": "fetch",
}  # fmt: skip
# Those picked up by name alone, with no place: "picking the twins up at 12:45".
PICKED_UP_PEOPLE = wordset(
    "kids kid children child twins boys girls son daughter baby mum mom dad mother father "
    "gran granny grandma grandpa nan nana brother sister bro sis wife husband partner"
)
DROPOFF_VERBS = wordset("drop dropping")
# Verbs of taking someone somewhere: "taking dad to dialysis tues 7am".
TAKING_VERBS = wordset("taking take bringing driving drive")
# Things dropped somewhere, an errand rather than someone taken: "drop her bag at school".
DROPPED_THINGS = wordset(
    "bag bags key keys form forms parcel parcels package packages letter letters book books "
    "laptop kit lunch lunchbox costume cheque check documents paperwork forms stuff things"
)
# People who come to the user's home to do a job: "the electrician is coming thursday at 9".
HOME_VISITORS = wordset(
    "plumber electrician technician engineer landlord landlady inspector surveyor repairman "
    "handyman carer locksmith fitter installer tiler painter decorator builder glazier roofer "
    "exterminator valuer assessor gasman nurse midwife chiropodist podiatrist physio "
    "physiotherapist hairdresser"
)
# Nouns after someone's event that make it the user's errand: "Milo's dental cleaning
# drop-off", "Ava's braces pick-up".
HANDOVER_NOUNS = "drop-off|dropoff|drop off|pick-up|pickup|pick up|collection"
# First-person -ing verbs that are not attending anything ("i'm leaving now", "i'm working").
IDLE_VERBS = wordset(
    "leaving working sleeping waiting cooking eating watching streaming studying running "
    "thinking wondering hoping trying dying starving driving walking sitting lying feeling "
    "getting going coming staying chilling relaxing packing cleaning "
    "recovering resting napping lazing vegging recuperating unwinding "  # "sunday i'm recovering"
    "covering closing opening"  # a shift: "i'm covering the 7am tmrw", "i'm closing tonight"
)
# Events held for someone: "bday dinner for jess", "farewell drinks for raj".
CELEBRATIONS = wordset(
    "dinner lunch breakfast brunch drinks party parties celebration bbq barbecue picnic shower cake"
)
# Companions that make a meeting a joke ("my meeting with my bed", "a date with netflix").
JOKE_COMPANIONS = wordset(
    "bed couch sofa pillow blanket duvet pizza netflix tv telly fridge wine beer snacks "
    "chocolate icecream ice-cream cat dog bathtub bath nap sleep myself pepperoni burger "
    "tacos pasta cake chips fries nachos sushi ramen noodles kebab popcorn cookies donuts "
    "playstation xbox switch bed"
)
# Common verbs that are not activities: an inflected form ("keeps", "annoyed", "calling"
# after a noun) ends an event phrase ("mum keeps calling about christmas plans").
COMMON_VERBS = wordset(
    "keep say tell think know want need go come make take give look feel seem become leave put "
    "mean let begin help hear move live believe hold bring happen write provide sit stand lose "
    "pay include continue set learn change lead understand follow stop create speak allow add "
    "spend grow open win offer remember love consider appear buy wait serve die send expect "
    "build stay fall reach kill remain suggest raise pass sell require decide pull break ask "
    "try work turn use find get hate like hope wish miss forget drop hang sleep eat drink cry "
    "laugh complain worry text email ping bother annoy freak panic call phone ring message "
    "arrive land depart close end finish start show air stream drive fly sound rain snow "
    "post order ship deliver charge cost owe pick collect fetch grab run cancel postpone "
    "reschedule confirm book schedule plan organise organize arrange invite tell return"
)

# --- Known event words (events.py) -----------------------------------------------------

# Change verbs that open the event gate on their own ("the 3pm got bumped").
EVENT_GATE_CHANGE_WORDS = wordset(
    "cancel cancelled canceled cancelling move moved push pushed postpone postponed "
    "reschedule rescheduled shift shifted bump bumped change changed delay delayed rebook "
    "rebooked rearrange rearranged brought pulled"
)
# Verbs of attending: they open the event gate only beside a digit or a day word.
EVENT_GATE_ATTEND_WORDS = wordset("have got attend attending booked registered")
# Day words that, beside a verb of attending, open the event gate ("i have a pitch today").
EVENT_GATE_DAY_WORDS = wordset(
    "today tonight tomorrow tmrw tmr monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun morning afternoon evening noon"
)
# Weak event words: events only as nouns in context ("lunch with mom", not "call me").
WEAK_EVENT_WORDS = wordset(
    "lunch dinner breakfast brunch coffee drinks tea call calls date zoom facetime visit "
    "party meet chat"
)
# Weak words that are calls: a determiner, a time or a call kind makes them events.
CALL_WORDS = wordset("call calls zoom facetime")
# Meals: events after an owner ("my colleague's farewell lunch") or opening a message.
MEALS = wordset("lunch dinner breakfast brunch")
# A booked seat at a restaurant: named by its place, held in the evening ("a table at gys").
BOOKED_SEATS = wordset("table tables reservation tisch mesa tavolo")
# The meals a booked table is for, at lunch and at dinner hours, by the word for it.
BOOKED_SEAT_MEALS: dict[str, tuple[str, str]] = {
    "table": ("lunch", "dinner"), "reservation": ("lunch", "dinner"),
    "tavolo": ("pranzo", "cena"), "mesa": ("almuerzo", "cena"),
    "tisch": ("mittagessen", "abendessen"),
}  # fmt: skip
# A booking's party size: "for 4 people", "per 4 persone", "pour 2 personnes", "für 6".
PARTY_SIZE_LINKS = wordset("for per pour fur para voor")
PARTY_SIZE_NOUNS = wordset(
    "people persons persone personnes personen personas pessoas guests pax covers couverts "
    "coperti comensales"
)
# Outings: events when a place or a time follows ("drinks after at 5:30").
OUTINGS = MEALS | wordset("drinks coffee tea")
# Heads named by what they are of or for: "the first session of the pottery course".
SESSION_WORDS = wordset("session sessions")
SESSION_OF_WORDS = 3  # "of the evening pottery course"
# Words before such a head that only count it: "the first session of ...", "a one-off session".
SESSION_COUNTERS = wordset(
    "first second third fourth fifth sixth last final next one-off 1st 2nd 3rd"
)
# Parts of the day that modify a name before its head: "the evening pottery course".
DAY_PART_MODIFIERS = wordset("morning afternoon evening night weekend")
# Words for a catch-up: after an outing they only say it is a catch-up ("coffee catch-up" is
# the coffee, named as such).
CATCH_UP_WORDS = frozenset(["catch-up", "catchup", "catch up"])
# Words right before a meal that make it an event ("team lunch", "client dinner").
MEAL_MODIFIERS = wordset("team business work family client networking birthday lunch")
# Determiners two words before a meal that make it an event ("the xmas dinner").
MEAL_DETERMINERS = wordset("a an the my our this that his her their your")
# Subjects and modals before a weak word that make it a verb ("i'll call at 5", "let's meet").
CALL_SUBJECTS = wordset(
    "i i'll ill we we'll will to gonna wanna should can could would you u pls please me "
    "they he she must might may shall let's lets and or then"
)
# Subjects before an outing that make it a verb; "to/and/then drinks at 5" stay outings.
OUTING_SUBJECTS = CALL_SUBJECTS - wordset("to and then")
# Words right before "date" that make it a date out ("a date", "blind date").
DATE_MODIFIERS = wordset("a my our first second hot blind dinner lunch movie court play")
# Words right before "date" that make it a calendar date ("due date", "save the date").
NOT_DATE_MODIFIERS = wordset("due start end release the what to save which expiry delivery")
# Words that are not a noun modifying a weak event word ("a call", "to chat", not "site visit").
NOT_MODIFIERS = wordset(
    "a an the my our to i we you he she they will would can could should must and or but "
    "then so just also quick big first last next this that these those some any no let's lets"
)
# Titles written with a dot that does not end a name: "Dr. Patel", "Ms. Alvarez".
TITLE_ABBREVIATIONS = wordset("dr mr mrs ms prof st mt sr jr dott dra sra srta sig ing avv lek hon")
# Degrees and dates abbreviated after a doctor's title, where a full stop ends no sentence:
# "Dr. med. Keller", "lek. dent. A. Kowalczyk dn. 15.06", "dr n. med. Anna Nowak".
DEGREE_ABBREVIATIONS = wordset("med dent dn n stom hab")
# Words never in an event title before its head (function words, filler, days, zones,
# adjectives such as "proper").
TITLE_STOP_WORDS = (
    wordset(
        "a an the my our your his her their i we you me us it is was are be am have has had got "
        "get gotta to for with and or of this that next nxt last today tomorrow tonight tmrw tmr "
        "morning afternoon evening night at on in by from until till then but so also just min "
        "mins minute minutes hour hours hr hrs pm quick big usual some another new first one "
        "mine yeah lol ugh omg hey so i'm i've im there's theres it's its'"
    )
    | LEAD_INS
    | frozenset(FOREIGN_PARTS)
    | frozenset(OF_PARTS)
    | wordset(  # German and Dutch clock words: "um viertel nach drei zahnarzt"
        "nach vor voor over um om zum zur eins zwei drei vier funf sechs sieben acht neun zehn "
        "elf zwolf een twee drie vijf zes zeven negen tien twaalf"
    )
    | wordset(
        "usually normally always still also really actually only even never often sometimes "
        "typically generally do does doing attend attending join joining back"
    )
    | frozenset(ZONE_OFFSETS)
    | frozenset(name.split()[0] for name in ZONE_NAMES)
    | wordset(
        "proper important short long small huge brief formal informal actual real whole "
        "mon tue tues wed weds thu thur thurs fri sat sun monday tuesday wednesday thursday "
        "friday saturday sunday tmr tmw 2moro tomorrow's today's tonight's noon midday "
        "midnight lunchtime yesterday's tmrw's monday's tuesday's wednesday's thursday's "
        "friday's saturday's sunday's"
    )
    | frozenset(DAY_SLIPS)
    | frozenset(POLISH_HOURS)  # "o wpół do ósmej spotkanie": the hour, not the title
    # "du-si-e byeongwon yeyak", "3 giờ mình họp nhóm": the hour and its clock word, and the
    # Vietnamese "we" ("mình"), are no part of the title
    | frozenset(KOREAN_HOURS)
    | frozenset(JAPANESE_HOURS)
    | frozenset(f"{h}{d}si{e}" for h in KOREAN_HOURS for d in ("", "-") for e in ("", "-e"))
    | frozenset(f"{h}{d}ji" for h in JAPANESE_HOURS for d in ("", "-"))
    | FOREIGN_CLOCK_WORDS
    | FOREIGN_GLUED_CLOCK_WORDS
    | FOREIGN_HALF_WORDS
    # Vietnamese "we" ("mình"); Korean and Japanese range words ("3si buteo 5si kkaji",
    # "3-ji kara 4-ji made") and "there is" / "I did" ("isseo", "haesseo", "arimasu")
    | wordset("e minh buteo kkaji kara made isseo isseoyo haesseo arimasu")
    # Turkish hours in words and their part of day: "saat üç buçukta toplantı"
    | frozenset(w for h in (*TURKISH_AT_HOURS, *TURKISH_HOURS, *TURKISH_PARTS) for w in h.split())
    | wordset("saat bucuk bucukta")
    # Swahili parts of day and "we have" / "I have": "leo jioni tuna mkutano"
    | frozenset(SWAHILI_PARTS)
    | wordset("tuna nina")
)
# "move standup to 10", "please cancel the sync": the verb of a change is no title word
# ("shift" may be one: "shift handover").
CHANGE_VERB_WORDS = frozenset(w for w in CHANGE_VERBS.split("|") if " " not in w) - {"shift"}
# Words that end a "with X" / "to X" suffix (verbs, time words, small words).
SUFFIX_STOP_WORDS = (
    wordset(
        "got get gets getting has have had will been be moved moves pushed pushes bumped cancelled "
        "canceled "
        "rescheduled postponed shifted changed delayed starts begins ends runs went leaves "
        "departs lands arrives boards still"
    )
    | wordset(
        "at on in by from until till then but and so this next tomorrow today tonight tmrw tmr "
        "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
        "thurs fri sat sun morning afternoon evening night noon midday midnight lunchtime is was "
        "are i i'm im to via over "
        "for about around after before which who that lol ugh pls please"
    )
    | wordset("nxt tmw tmrrw 2moro 2mrw 2morrow tomoz 2moz tmoz 2day tdy tn")  # chat shorthand
    | wordset(  # today and tomorrow in other languages, as folded ("mañana" is "manana")
        "manana hoy amanha hoje morgen heute domani oggi demain kesho bukas ngayon besok aaj parso "
        "bukra bokra"
    )
    | frozenset(DAY_SLIPS)
)
# Words that open a consequence ("so", "therefore") in other languages, as folded: a refusal
# after one is of something else the plans before it rule out ("huomenna klo 15 palaveri,
# joten en paase lounaalle"). Not English "so" (read on its own in refusals.py).
FOREIGN_CONSEQUENCE_WORDS = wordset(
    "joten siis donc alors entonces asi quindi allora dus daarom daher deshalb deswegen "
    "entao portanto wiec dlatego tehat seega derfor darfor dakle zato deci jadi makanya "
    "kwahiyo kaya"
)
# Words left out of a "with X" suffix ("call with the landlord" -> "call with landlord").
SUFFIX_SKIP_WORDS = wordset("the my our")
# Heads that join a "to X" suffix ("flight to lisbon"; not "meeting to discuss").
TRAVEL_HEADS = wordset("flight train")
# Other languages' words for an appointment, named with the provider after them as said:
# "Termin beim Zahnarzt", "cita con el pediatra", "RDV chez le coiffeur".
APPOINTMENT_LOANWORDS = wordset(
    "termin cita turno consulta rdv rendezvous rendez-vous afspraak appuntamento wizyta visita "
    "wywiadowka "  # Polish parents' evening, said with "u": "wywiadówka u Zosi"
    "besprechung wizyte "  # as said after "mam": "mam wizytę u okulisty"
    "miadi kikao maw3ed maw3id mau3ed "  # "miadi na daktari", "maw3ed 3and doktor"
    # "miting long haus lotu" (Tok Pisin), "randevou ak doktè" (Haitian Creole), "rantevou
    # me ton logisti" (Greek), "programare la dentist" (Romanian)
    "miting randevou rantevou programare mkutano "  # and Swahili "mkutano na X"
    "schuzka schuzku stretnutie "  # Czech and Slovak: "schůzka s realitní makléřkou"
    # meetings named with whom after them: Serbo-Croatian, Slovene, Bulgarian, Romanian
    # ("sastanak s mentorom", "sreshta s klienta", "ședință cu echipa")
    "sastanak sestanek sreshta sedinta intalnire"
)
# --- Specialties (specialties.py) ----------------------------------------------------------
# A medical or care specialty, told by its ending (folded): "dermatology", "okulista",
# "ginecología", "pediatrics", "optometry", "kardiolog".
SPECIALTY_ENDINGS = (
    "ology", "ologia", "ologie", "olog", "iatry", "iatrics", "iatria", "iatrie", "ista",
    "metry", "dontics", "dontie", "pedics", "paedics", "pedie", "pedia",
    # who practises it: "dermatologue", "dermatólogo", "Dermatologe", "chirurgien-dentiste",
    # "kinésithérapeute", "psychothérapeute", "ob-gyn"
    "ologue", "ologo", "ologa", "ologe", "dentiste", "therapeute", "-gyn",
)  # fmt: skip
# Words that make a "practice" a clinic, a place and no training: "Mt Lawley Family Practice".
CLINIC_PRACTICE_WORDS = wordset("family medical dental general veterinary vet gp group physio")
# Specialties and kinds of practice with no such ending.
SPECIALTY_WORDS = wordset(
    "dental dentistry podiatry chiropody chiropractic physio physiotherapy fisioterapia "
    "audiology optometry dentysta ortopeda pediatra psychiatra okulista zahnmedizin "
    "dentiste dentista kinesitherapie obgyn gynecology gynaecology"
)
# A provider's credential after their name, the visit it names, and the words of a name
# that says only where or whom it is with ("Priya Raman, DDS" -> "dentist appointment").
CREDENTIAL_VISITS: dict[str, str] = {
    "dds": "dental appointment", "dmd": "dental appointment",
    "dpm": "podiatrist appointment",
    "dvm": "vet appointment", "vmd": "vet appointment",
    "dpt": "physical therapy appointment", "lmt": "massage appointment",
    "rdh": "dental hygienist appointment",
}  # fmt: skip
# Words of a venue's name that say which credential's visit it hosts ("Lakeview Family Dental").
CREDENTIAL_VENUE_WORDS = wordset(
    "dental dentistry dentist dentists smile smiles orthodontics vision optometry eye eyecare "
    "podiatry foot animal vet veterinary pet physical therapy rehab massage acupuncture"
)
# Heads after a provider that take the place of its "appointment" ("dentist appt" ->
# "dentist appointment", "tutor session" -> "tutoring session").
APPOINTMENT_WORDS = wordset("appointment appt appt. session checkup")
# Known event words that are also places: after "at the" the place of the event said before
# it ("blood test at the hospital", "flu jab at the GP surgery"), not an event of their own;
# a club only alone ("swim gala at the club", not "presenting at the book club").
VENUE_HEADS = frozenset(PROVIDERS) | wordset("surgery")
BARE_VENUES = wordset("club")
# Known event words that are also the medium a call is held on: after "on", "over" or "via"
# how the event said before them is held ("the interview ... is on zoom"), not the event.
MEDIUM_HEADS = wordset("zoom facetime meet hangout hangouts")
# A step of getting to an outing, named instead of it: "snorkel trip sunday, 8am pickup",
# "sunset cruise tomorrow, boarding 5:45pm" (the outing, said just before, is the event).
OUTING_STEPS = wordset("pickup pick-up boarding check-in checkin drop-off dropoff departure")
# Heads of outings whose steps those are.
OUTING_HEADS = wordset(
    "tour tours trip excursion cruise hike safari outing expedition ride transfer "
    "tasting snorkelling snorkeling diving dive sail sailing"
)
# Papers signed at a booked time, named "<paper> signing": "we sign the mortgage at the bank".
SIGNED_PAPERS = wordset("mortgage lease contract contracts deeds papers paperwork will tenancy")
# Places that hand the user a slot, named by themselves: "the passport office gave me a slot".
GRANTED_SLOTS = wordset("slot appointment appt")
# Verbs by which the user comes to hold a slot: "managed to get a genius bar slot".
SLOT_GETTING_VERBS = wordset(
    "get got getting grab grabbed snag snagged nab nabbed land landed book booked secure secured"
)
# Heads that are events only after one of these words ("the school play", "a court hearing").
HEADS_NEEDING_MODIFIER: dict[str, frozenset[str]] = {
    "play": wordset(
        "school the a my our christmas nativity end-of-year kid's kids' son's daughter's"
    ),
    "hearing": wordset(
        "court the a my our custody tribunal sentencing bail immigration appeal disciplinary "
        "preliminary final plea case visa asylum for "  # "listed for hearing"
        "grievance capability investigation misconduct et"  # a workplace's: "grievance hearing"
    ),
    "mention": wordset("court for the"),  # "a court mention", "cause-listed for mention"
    "shot": wordset("flu covid booster tetanus allergy b12 hpv shingles vaccine"),
    "jab": wordset("flu covid booster tetanus allergy b12 hpv shingles"),
    "round": wordset("final first second third next interview"),  # "final round with ..."
    "panel": wordset("the a my our"),
    "pitch": wordset("the a my our investor sales client final big"),
    "shower": wordset("baby bridal wedding"),
    # "eye check" (not "check the oven at 5"); a child's age ("6-week check") is read by
    # ``events._CHILD_AGE`` for every head here
    "check": wordset(
        "health eye eyes hearing dental annual wellness routine postnatal post-natal well-baby "
        "blood"
    ),
}
# Words before "period" that make it a span of time, not a dictated full stop: "during exam
# period", "a 14-day grace period", "free period at 11".
PERIOD_NOUN_BEFORE = wordset(
    "exam exams grace trial notice free study cooling-off cooling holiday waiting probation "
    "probationary billing reporting introductory rush peak busy revision lunch first second "
    "third fourth fifth last the a an my her this that same each every fixed set time"
)
# Words after such a head that make it an adverb of degree: "in the pitch dark", "pitch black".
HEAD_AS_DEGREE: dict[str, frozenset[str]] = {
    "pitch": wordset("dark black darkness blackness"),
}
# Events people often watch rather than attend ("watching the match", "game 7 tonight").
SPECTATOR_EVENTS = wordset(
    "match game show race final concert gig fight "
    # a match or game in other languages, as folded ("Realaren partida", "maç akşam 9da")
    "partido partida partita jogo utakmica utakmicu tekma tekmo meccs meccset mac maci meci "
    "ottelu peli leikur leikurinn ndeshja ndeshje loghba mechi wasa wasan pertandingan laga "
    "laban tran cluiche gem gema dekhbo khela"
)
# Possessives naming a time, not a person ("today's interview" is still the user's).
TIME_OWNERS = wordset(
    "today's tomorrow's tonight's tmrw's week's month's morning's year's monday's tuesday's "
    "wednesday's thursday's friday's saturday's sunday's everyone's"
)
# Words before a personal event that make it someone else's ("his flight").
OTHERS_MARKERS = wordset("his her their he's she's ur yr son ses")  # French "son", "ses"
# Words between a child's name and a personal event that make it the parents' to attend:
# "Kofi's PTA consultation", "Ada's parent-teacher review" (a school sees the parent).
PARENT_FACING = wordset("pta pto ptc parent-teacher parents' parents parent iep")
# Words calling a day full: "tomorrow is chaos:", "busy thursday:" heads the user's own
# agenda, whoever's appointments it lists.
AGENDA_WORDS = wordset(
    "chaos chaotic hectic mad madness crazy busy packed nuts insane manic nightmare rammed"
)
# Relatives: before a personal event they make it theirs ("my bro get interview monday",
# "mia sorella ha il colloquio"), unless the user goes along.
RELATIVES = wordset(
    "son daughter kid kids child children mum mom dad mother father wife husband partner "
    "brother sister bro sis boyfriend girlfriend grandma grandpa nan baby mam mammy "
    "hermano hermana hijo hija irmao irma filho filha fratello sorella figlio figlia "
    "bruder schwester sohn tochter frere soeur fils fille"
)
# "my" in the languages read here: before a relative it names whose ("my bro", "mia
# sorella", "meine Schwester").
MY_WORDS = wordset("my our mia mi mis mio meine mein ma mon minha meu mijn")
# Words before a personal event that make it the user's ("my flight", "i've got an exam").
OWN_MARKERS = wordset("my our the a an i i've we")
# Titles a notice addresses its reader by: "reminding Ms. Maria Dela Cruz of her appointment".
ADDRESSEE_TITLES = wordset("mr mr. ms ms. mrs mrs. mx mx. miss")
# Nouns after a verb of attending that are tasks, things or states, not events.
NOT_ATTENDED_NOUNS = wordset(
    "delivery package parcel deadline headache fever cold cough kids dog cat car idea "
    "question problem feeling lot ton bunch break nap day week time chance plan report "
    "essay assignment homework task errand job feeling sense flu bill invoice payment order "
    "shift pizza food tickets ticket book movie film series episode weekend evening morning "
    "afternoon night house place room office feeling hunch results result email message "
    "text reminder alarm laundry chores cleaning train bus plane taxi uber ride lift "
    "look listen go try think word"  # "to have a look at the switchboard"
)


# --- What a clause says (clauses.py): past, habit, hypothetical, negated, changed --

# Yesterday in other languages (a past day: the clock times it lends are past too):
# Vietnamese, Zulu, Korean, Japanese, Nepali, Ukrainian and Russian, Czech, Catalan, Greek,
# Tok Pisin (romanised, as folded).
YESTERDAY_WORDS = wordset(
    "izolo eoje kinou hijo vchora vchera vcera ahir chthes xthes asde "
    # Welsh, Irish, Basque, Galician, Slovene, Serbo-Croatian, Hungarian, Latvian and
    # Lithuanian, Estonian, Finnish, Albanian, Maltese, Hausa, Somali, Azerbaijani, Uzbek,
    # Kazakh, Tamil, Bengali, Persian, Arabizi, Hebrew, Amharic (romanised, as folded)
    "ddoe atzo onte vceraj jucer juce tegnap vakar eilen dje ilbierah jiya shalay "
    "dunen kecha keshe nethu nethiku nethikku gotokal gatokal diruz dirooz emberah embare7 "
    "imbareh etmol tinant"
)
YESTERDAY_PHRASES = ("hom qua",)
PAST_PHRASES = (
    "had|was|were|went|did|got over|got out|just got|finished|landed|met|spent|passed|ago|"
    "back from|came back|already|missed|attended|was great|went well|yesterday|last night|"
    "last week|last month|last time|earlier today|this morning was|overran|ran over|got home|"
    "ran|ran till|ran until|ran late|showed up|turned up|didn't|didnt|did not|slept|woke|"
    "that was|used to|we left|i left|they left|left at|rolled back|"
    "ayer|anoche|ontem|gestern|kahapon|kemarin|ieri|gisteren|dun|"  # yesterday, last night
    "kanina|natapos|kaninang umaga|"  # Tagalog: earlier today, finished
    # yesterday: Vietnamese, Zulu, Korean, Japanese, Nepali, Ukrainian and Russian, Czech,
    # Catalan, Greek, Tok Pisin (romanised, as folded)
    + "|".join(YESTERDAY_PHRASES + tuple(sorted(YESTERDAY_WORDS)))
    + "|"
    "tadi|"  # Indonesian: earlier (today)
    "got done|wrapped up|finished early|done early|is complete|is completed|was completed|"
    "saw|ate|took|scored|stayed|lasted|skipped|watched|visited|enjoyed|arrived|delivered|"
    "walked|waited|played|drove|flew|travelled|traveled|caught|lost|won|got into|got in at|"
    "got there|sat my|"  # "sat my theory test on thursday at 9, passed!": an exam taken
    "got back from|got back home|"
    "tha|thi|chali|chala|hua|hui|ulikuwa|nilikuwa|alikuwa|tulikuwa|ilikuwa|"  # Hindi, Swahili
    # was, went, watched: Hungarian, Latvian, Lithuanian, Finnish, Azerbaijani, Kazakh,
    # Persian, Bengali, Tamil, Nepali, Sinhala, Icelandic ("í gær": yesterday)
    "voltam|voltunk|bija|buvo|olin|olimme|oldum|olduq|boldy|boldi|dashtim|dashtam|budam|"
    "raftam|chilo|chhilo|dekhlam|gelam|ponen|ponom|thiyo|thiye|gaeko|thibuna|baluwa|i gaer|"
    "mo lo si|"  # Yoruba: I went to
    # Zulu "it was nice", "it was on (Saturday)": "umshado ubungoMgqibelo ngo-11, bekumnandi"
    "bekumnandi|kwakumnandi|bekukuhle|kwakukuhle|ubungomgqibelo|ubungolwesihlanu|ubungesonto|"
    # was, went, done: Ukrainian, Russian, Romanian, Greek, Tok Pisin, Vietnamese, Japanese
    "buv|bula|bulo|buly|byl|byla|bylo|byli|am fost|a fost|itan|pinis|da di|xong roi|"
    "ikimashita|deshita|"
    # last week, yesterday, last night: German, Spanish, French, Portuguese, Italian, Dutch,
    # Swahili, Malay
    "letzte woche|letzten samstag|letzten sonntag|semana pasada|semaine derniere|"
    "semana passada|settimana scorsa|vorige week|jana|semalam|"
    "gecen hafta|gecen pazartesi|gecen sali|gecen carsamba|gecen persembe|gecen cuma|"
    "gecen cumartesi|gecen pazar|"  # Turkish last week / last <weekday>
    # yesterday and was, in Polish; went (well) and was, in Italian
    "wczoraj|bylam|byłam|bylem|byłem|e andato|è andato|e andata|è andata|e stato|è stato|"
    "doorgegaan|stattgefunden|"  # went ahead, took place: Dutch, German
    # feedback on a visit that took place: "Thanks for visiting Dr. Nguyen on 2/9 at 3:45 PM"
    "thanks for visiting|thank you for visiting|how did we do|rate your visit"
)
MODAL_ASKS = "|".join(
    f"{modal} {who} {verb}"
    for modal in ["should", "shall", "could", "would", "can", "may", "might"]
    for who in ["i", "we", "you", "u"]
    for verb in [
        "book",
        "schedule",
        "set",
        "ask",
        "have",
        "do",
        "go",
        "take",
        "move",
        "get",
        "make",
        "plan",
        "arrange",
        "invite",
        "try",
        "add",
        "put",
        "find",
        "organise",
        "organize",
        "join",
        "attend",
        "sign up for",
        "skip",
        "cancel",
    ]
)
HYPOTHETICAL_PHRASES = (
    MODAL_ASKS + "|maybe|perhaps|possibly|might|hypothetically|considering|wondering|"
    "unsure|not sure|whether|tentative|tentatively|if|unless|would|thinking about|"
    "thought about|we'd thought|bhane|"  # Nepali "bhane": if
    "se chove|se chover|se non chove|se fai bo|se faz sol|"  # Galician, Portuguese "if it rains"
    # "if it rains", "if I can", "if I have time" in Spanish, Italian, French, Catalan;
    # Arabizi "if I'm free" ("law" alone is the English word)
    "si llueve|si no llueve|si hace buen|si puedo|si me da tiempo|si tengo tiempo|"
    "se piove|se non piove|se riesco|se faccio in tempo|se ce la faccio|"
    "s'il pleut|si il pleut|si je peux|si j'ai le temps|si plou|si puc|"
    "law fadi|law fadya|law ana fadi|law 3ndi wa2t|law 3andi wa2t|law ma|"
    "holding|in case|just in case|whichever|"  # a hold: "holding thu 2-3 in case the ..."
    "thinking of|when would|what time should|find a time|do people|sometime|some time|"
    "imagine|imagining|ideal world|i wish|wish i|if only|in theory|dreaming of|sana|"
    "is it worth|worth trying|shud i|shld i|shud we|or nah|or not|what time is|options for|"
    "vote|poll|which works|what works|which is better|not decided|haven't decided|"
    "how about|what about|i can do|can do|suits|whatever suits|works for you|works for u|"
    "i'm free|im free|free on|free at|free after|free hoon|free hu|free hai|"
    "have not decided|undecided|not confirmed yet|tbc|tbd|good time for|good time to|"
    # a slot held, not booked: "pencilled in a 1:1 with jo for wed 3"
    "pencilled|penciled|pencilling|penciling|pencil in|pencil it in|pencil that in|"
    "best time for|is optional|optional|probably|prolly|"
    # "could"/"if ever" in French, Spanish, Portuguese, Italian and German
    "on pourrait|pourrait|si jamais|podriamos|poderiamos|potremmo|potremo|konnten wir|"
    # German "can/shall we ...?": a proposal ("können wir das Meeting auf Dienstag schieben?")
    "konnen wir|koennen wir|sollen wir|sollten wir|wollen wir|"
    "gdybym|gdyby|gdybysmy|jesli|jezeli|eger|"  # Polish, Turkish "if"
    "agar|shayad|shaayad|sayad|ho sakta|pata nahi|pakka nahi|dekhte hain|"  # Hindi if, maybe
    "ich konnte|konnte ich|ich wunschte|wunschte|ich wurde gern|ojala|"  # German, Spanish wishes
    # "maybe", "if there's time", "nothing confirmed" in other languages (as folded)
    "talvez|tal vez|quizas|quiza|vielleicht|peut-etre|forse|misschien|se der tempo|"
    # maybe and if: Tok Pisin, Zulu, Korean, Japanese, Vietnamese, Ukrainian, Russian,
    # Romanian, Turkish, Indonesian, Greek, Czech, Sheng, Tagalog (romanised, as folded)
    "sapos|ating|mhlawumbe|amado|tabun|moshi|neu|co le|mozhlyvo|yakshcho|mozhet byt|"
    "mozhet|esli|yesli|poate|daca|belki|mungkin|isos|mozna|jestli|labda|pengine|baka|"
    "nada confirmado|nada confirmado ainda|nothing confirmed|rien de confirme|niente di confermato|"
    "wenn es|wenn wir|falls es|falls wir|als het|indien|"  # German, Dutch "if": "wenn es regnet"
    # "if" in Indonesian and Malay, Tagalog, Albanian, Finnish, Lithuanian, Maltese, Swahili,
    # Hausa, Somali, Arabizi (as folded): "kalau sempat besok jam 4 mampir"
    "kalau|kalo|jika|jikalau|seandainya|kung hindi|kung di|kung sakali|kung sakaling|kung may|"
    "kung wala|kung pwede|kung free|kung busy|nese|nqs|jei|jeigu|jekk|ikiwa|haddii|"
    "kdybych|kdyby|bych"  # Czech "if I", "would"
)
# "Every" in more languages, and the days, weeks and parts of day it makes habits of, as
# folded (the days by their first word: "bob dydd" covers "bob dydd Mawrth"): Welsh, Irish,
# Turkish and Azerbaijani ("her salı", "hər gün"), Finnish, Hungarian, Slovene,
# Serbo-Croatian, Romanian, Indonesian and Malay, Swahili, Maltese, Lithuanian, Latvian,
# Estonian, Nordic, Albanian, Tagalog, Hindi, Urdu, Nepali and Persian ("har din", "har
# roz"), Bengali, Uzbek, Vietnamese ("mỗi ngày"), Arabizi. Said as phrases, because some of
# these words are English words too ("her", "bob") or mean "which" or "has" alone.
_EVERY_WORD_DAYS = {
    "bob": "dydd wythnos bore nos prynhawn",
    "gach": "la seachtain maidin oiche trathnona luan mairt ceadaoin deardaoin aoine "
    "satharn domhnach",
    "her": "gun hafta sabah aksam pazartesi sali carsamba persembe cuma cumartesi pazar "
    "bazar cersenbe cume senbe hefte",
    "joka": "paiva viikko aamu ilta maanantai tiistai keskiviikko torstai perjantai "
    "lauantai sunnuntai arkipaiva",
    "minden": "nap heten reggel este delutan hetvegen hetfon kedden szerdan csutortokon "
    "penteken szombaton vasarnap",
    "vsak": "dan teden ponedeljek torek cetrtek petek",
    "vsako": "jutro sredo soboto nedeljo",
    "svaki": "dan tjedan ponedjeljak ponedeljak utorak cetvrtak petak",
    "svakog": "dana jutra tjedna ponedjeljka utorka cetvrtka petka",
    "svake": "srijede srede subote nedjelje nedelje sedmice nedelje",
    "svaku": "srijedu sredu subotu nedjelju nedelju",
    "fiecare": "zi saptamana dimineata seara luni marti miercuri joi vineri sambata duminica",
    "tiap": "hari minggu pagi malam senin selasa rabu kamis jumat sabtu isnin khamis jumaat",
    "setiap": "hari minggu pagi malam senin selasa rabu kamis jumat sabtu isnin khamis jumaat",
    "kila": "siku wiki asubuhi jioni jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili",
    "kull": "jum gimgha nhar filghodu tnejn tlieta erbgha hamis sibt",
    "kiekviena": "diena savaite ryta vakara pirmadieni antradieni treciadieni "
    "ketvirtadieni penktadieni sestadieni sekmadieni",
    "katru": "dienu nedelu ritu vakaru pirmdienu otrdienu tresdienu ceturtdienu "
    "piektdienu sestdienu svetdienu",
    "iga": "paev nadal hommik",
    "igal": "paeval nadalal hommikul ohtul esmaspaeval teisipaeval kolmapaeval "
    "neljapaeval reedel laupaeval puhapaeval",
    "hver": "dag uke uge morgen kveld aften mandag tirsdag onsdag torsdag fredag lordag sondag",
    "varje": "dag vecka morgon kvall mandag tisdag onsdag torsdag fredag lordag sondag",
    "cdo": "dite jave mengjes mbremje te",
    "tuwing": "umaga gabi hapon lunes martes miyerkules huwebes biyernes sabado linggo",
    "har": "din roz hafte hafta subah shaam raat somvar mangalvar budhvar guruvar shukravar "
    "shanivar ravivar itwar jumma kuni kun dushanba seshanba chorshanba payshanba shanba "
    "yakshanba shanbe doshanbe seshanbe",
    "proti": "din sombar mongolbar budhbar brihospotibar shukrobar shonibar robibar",
    "moi": "ngay tuan sang toi",
    "hang": "ngay tuan",
    "kol": "yom youm usbu3 sabah etnein itnein",
}
EVERY_WORD_PHRASES = "|".join(
    f"{every} {day}" for every, days in _EVERY_WORD_DAYS.items() for day in days.split()
)
# Words that say a habit alone: "bíonn" (Irish: is, as a rule), Basque "egunero", "astero"
# and "-ero" weekdays ("asteartero": every Tuesday), Bengali "protidin", Hindi and Urdu
# "roz", "rozana", Romanian "zilnic", Tagalog "araw-araw", Zulu "njalo", Somali and Hausa
# "every day" ("maalin kasta", "kowace rana").
HABIT_WORDS_ALONE = (
    "bionn|egunero|astero|astelehenero|asteartero|asteazkenero|ostegunero|ostiralero|"
    "larunbatero|igandero|protidin|prottek din|rozana|zilnic|saptamanal|araw-araw|"
    "njalo|maalin kasta|isbuuc kasta|kowace rana|kowace|kowane|hama dama|dinamum|dhinamum|"
    "minden nap|joka paiva|"
    "zwykle|zazwyczaj|obvykle|mindig|"  # Polish, Czech and Slovak "usually", Hungarian "always"
    # "always" and "usually" (as folded): Icelandic, Danish, Norwegian and Swedish, Spanish,
    # Portuguese and Italian, German (not "immer noch": still), Hungarian, Finnish, Estonian,
    # Latvian, Lithuanian, Tagalog and Cebuano, Swahili, Turkish
    "alltaf|venjulega|altid|alltid|plejer|pleier|brukar|vanligvis|vanligtvis|"
    "normalmente|generalmente|geralmente|di solito|"
    "immer um|immer am|normalerweise|meistens|altalaban|szoktam|szokott|yleensa|"
    "alati|tavaliselt|vienmer|parasti|visada|paprastai|palagi|kadalasan|kasagaran|"
    "kila siku|daima|her zaman|genellikle|"
    # "in the mornings" and evenings as habits: Icelandic, Swedish, Danish and Norwegian
    "a morgnana|a kvoldin|pa morgnarna|pa kvallarna|om morgenen|om morgonen"
)
HABIT_PHRASES = (
    "usually|always|every|each|typically|normally|generally|tend to|tends to|often|as usual|"
    "my usual|from now on|going forward|from next sprint|starting next sprint|"
    "sometimes|weekly|daily|forever|still doing|"
    "on mondays|on tuesdays|on wednesdays|on thursdays|"
    "on fridays|on saturdays|on sundays|on weekends|every day|most days|weekdays|weeknights|"
    "weekends|mornings|afternoons|evenings|"  # "matches saturday mornings"
    # "every" in German, Italian, Dutch, French, Polish; weekdays as habits ("dienstags")
    "jeden|jede|jeder|ogni|elke|iedere|chaque|kazdy|kazda|kazdego|"
    + "|".join(HABIT_WEEKDAYS)
    + "|"
    + EVERY_WORD_PHRASES
    + "|"
    + HABIT_WORDS_ALONE
)
# Words that make the weekday (or day, week) after them every such one: "todos los martes",
# "toda terça", "tous les jours", "w każdy wtorek", Spanish "los martes"; the pattern reads
# them with HABIT_PHRASES (a pattern, not every pair spelled out: that trie cost 80 ms to build).
EVERY_BEFORE_A_DAY = (
    "todos los|todas las|todos os|todas as|tous les|toutes les|toda|todo|cada|w kazdy|w kazda|los"
)
EVERY_DAYS = frozenset(w for w in WEEKDAYS if len(w) >= 5) | {
    "dias",
    "jours",
    "semanas",
    "semaines",
}
EVERY_DAY_HABIT = (
    rf"\b(?:{alternation(EVERY_BEFORE_A_DAY.split('|'))}) (?:{alternation(sorted(EVERY_DAYS))})\b"
)
# "always" in Spanish, Portuguese and Italian, but not the usual place or way ("el bar de
# siempre", "como sempre atrasada", "il posto di sempre").
ALWAYS_WORDS = wordset("siempre sempre")
# Its "s" comes before the look-behinds: a pattern searched over a whole text then fails at
# once where no word begins with an "s", rather than looking behind at every character.
ALWAYS_HABIT = r"\bs(?<!\bde s)(?<!\bdo s)(?<!\bdi s)(?<!\bda s)(?<!\bcomo s)(?<!\bcome s)i?empre\b"
NEGATION_PHRASES = (
    "no|not|don't|dont|do not|never|nothing|without|isn't|aren't|won't|haven't|hasn't|"
    "nahi|nahin|nhi|"
    "no more|skip|skipping|can't make|cant make|cannot make|won't make|can't go|not going|"
    "can't attend|cant attend|cannot attend|won't attend|not attending|can't join|"
    "cant join|won't join|not joining|not coming|won't be at|won't be there|can't do|"
    "declined|decline|declining|turned down|turning down|opted out|opting out|pulled out|"
    "dropped out|bailing on|bailed on|unable to attend|unable to make it|"
    "not able to make it|rain check|raincheck|no voy|nao|"
    # I can't (come): Tok Pisin, Haitian Creole, Zulu, Korean, Vietnamese, Nepali,
    # Ukrainian, Russian, Turkish (romanised, as folded)
    "mi no inap|m pa ka|mwen pa ka|m pap ka|ngeke ngikwazi|angeke ngikwazi|mot ga|mot gayo|"
    "khong di duoc|khong the di|sakdina|jaana sakdina|ne zmozhu|ne pidu|ne smogu|ne pridu|"
    "gelemem|gidemem|gelemiyorum|gidemiyorum|"
    # I won't go / come: Tamil, Sinhala, Bengali, Indonesian and Malay (romanised)
    "poga maaten|poga matten|vara maaten|maaten|yanne na|yanne naha|enne na|enne naha|"
    "jabo na|jaabo na|ashbo na|gak ikut|nggak ikut|tak ikut|tidak ikut"
)
# Words only Portuguese has among the languages read here (as folded: "amanhã" is
# "amanha"): with one of them in a message, "no" is "in the" ("no dentista"), not a refusal.
PORTUGUESE_WORDS = wordset(
    "voce vc nao amanha hoje reuniao quarta quinta sexta terca segunda-feira pra estou vou "
    "tenho temos marcacao obrigada obrigado"  # not words Spanish shares ("consulta")
)
EXCEPT_PHRASES = "except|apart from|other than|besides|aside from|only"
# A plan's proposer leaving it open in a later line ("bueno veamos, les aviso", "ok ich schau
# heute abend nochmal"): English, Spanish, Portuguese, Italian, French, German and Dutch.
# "or" between two offered times, in English, Spanish and Italian, Portuguese and French,
# German, and the Nordic languages ("viernes o sábado a las 21", "fredag eller lørdag kl 19").
OR_WORDS = "or|o|ou|oder|eller"
LEFT_OPEN_PHRASES = (
    "let's see|lets see|we'll see|well see|i'll let you know|ill let you know|will let you know|"
    "let you all know|will confirm|i'll confirm|ill confirm|to be confirmed|get back to you|"
    "get back to you all|back to the drawing board|"
    "veamos|les aviso|os aviso|te aviso|ya les digo|vamos ver|aviso voces|eu aviso|"
    "vediamo|vi faccio sapere|vi aggiorno|on verra|je vous dis|je vous redis|"
    "mal sehen|ich schau|ich melde mich|ich sag bescheid|we zien wel|ik laat het weten|"
    # put off with no new day: "ok let's leave it for now", "another time then"
    "leave it for now|leave it for another|another time|some other time|dejemoslo|"
    "lo dejamos|fica para outra|otro dia sera|un'altra volta|ein andermal"
)
CANCEL_PHRASES = (
    "cancel|canceled|cancelled|canceling|cancelling|called off|call off|is off|'s off|"
    "are off|scrapped|scrap|no longer|not happening|postponed|put off|dropped|won't happen|"
    "fell through|falls through|fallen through|rained out|rained off|washed out|"
    "called it off|call it off|calling it off|cancelled it|canceled it|scrapped it|"
    "postponing|postpone|adjourned|vacated|fallt aus|abgesagt|annule|annulee|annulée|cancelado|"
    "supprime|supprimee|supprimé|cancellato|cancellata|geannuleerd|"
    "cancelada|suspendido|annullato|annullata|odwolane|odwołane|odwolany|odwołany|iptal|"
    "anulada|anulado|anuladas|anulados|anulowana|anulowany|anulowane|"
    # suspended (Spanish, Portuguese), cancelled by the provider (German)
    "suspendida|suspendió|suspendio|se suspende|suspenso|suspensa|storniert|"
    # does not take place: Dutch, German, French, Spanish, Italian
    "gaat niet door|findet nicht statt|n'aura pas lieu|naura pas lieu|n'a pas lieu|"
    "no se realizara|no se realizará|non si terra|non si terrà|"
    # postponed (with no new time, it is off): Italian, Spanish, Portuguese, German, Dutch
    "rinviato|rinviata|rimandato|rimandata|aplazado|aplazada|pospuesto|pospuesta|adiado|adiada|"
    "verschoben|uitgesteld|"
    # cancelled: Norwegian, Danish, Swedish, Finnish, Czech, Serbo-Croatian, Hungarian
    "avlyst|aflyst|installd|inställd|installt|inställt|peruttu|peruutettu|zruseno|zrušeno|"
    "avbokad|avbokat|avbestilt|afbestilt|"
    "otkazano|otkazan|elmarad|"
    # cancelled, in Polish (feminine and impersonal: "wizyta została odwołana"), German ("muss
    # leider entfallen"), Czech and Slovak ("rezervace byla zrušena"), Tagalog ("kinansela")
    "odwolana|odwołana|odwolano|odwołano|anulowano|entfallt|entfallen|ausfallen|zrusen|"
    "zruseny|zrusene|kinansela|kanselado|nakansela|na-cancel|"
    # called off or put off, in Swahili (by noun class: "kikao kimeahirishwa", "miadi imefutwa")
    "kimeahirishwa|imeahirishwa|umeahirishwa|kimefutwa|imefutwa|umefutwa|vimefutwa|"
    # called off: Portuguese "desmarcada", Tagalog "wala na" (no longer on)
    "desmarcada|desmarcado|desmarcaram|desmarquei|desmarcamos|wala na|"
    # called off, in Japanese, Korean, Vietnamese ("bị hủy", "bị hoãn"), Haitian Creole,
    # Tok Pisin, Zulu, Nepali, Ukrainian, Russian, Romanian, Greek, Czech, Sheng, Malay and
    # Indonesian (romanised, as folded)
    "chuushi|chushi|torikeshi|kyanseru|chwiso|chwisodwaesseo|bi huy|da huy|bi hoan|anile|"
    "ranvwaye|kensel|kukhanseliwe|kuhlehlisiwe|radda|skasovano|skasuvaly|vidkladeno|"
    "otmenili|otmenena|otmeneno|otmenyaetsya|anulat|anulata|anulata|akyrothike|zruseno|"
    "zrusena|imecancel|imecancelishwa|imeghairiwa|dibatalkan|dibatalin|batal|gak jadi|"
    "nggak jadi|ga jadi|tak jadi|cancel liao|"
    # called off or put off, Catalan ("queda anul·lat", "l'han ajornada"; as folded)
    "anul·lat|anul·lada|anullat|anullada|cancel·lat|cancel·lada|ajornat|ajornada|suspesa|"
    # called off or put off, in Arabizi ("el ejtima3 t2ajjal": the meeting was put off),
    # Hungarian, Slovene, Lithuanian, Latvian, Estonian, Turkish, Azerbaijani, Albanian
    "t2ajjal|et2ajjal|it2ajjal|t2ajel|et2ajel|etlagha|etla8a|et2alghaa|it2alghaa|ettalgha|"
    "lemondva|elhalasztva|odpovedan|odpovedano|atsauktas|atsaukta|atcelts|atcelta|"
    "tuhistatud|ertelendi|legv edildi|anulohet|anulluar|u anullua"
)
RESCHEDULE_PHRASES = (
    "move|moves|moved|moving|push|pushes|pushed|pushing|postpone|postponed|postponing|adjourned|reschedule|"
    "rescheduled|rescheduling|shifted|shifting|changed|changing|bump|bumped|"
    "shift it|shift the|shift my|shift our|shift this|shift that|change it|change the|"
    "change my|change our|change this|change that|"
    "bumping|delay|delayed|delaying|brought forward|bring forward|rebook|rebooked|"
    "pulled forward|pull forward|pulling forward|pulled in|pulled up|pulled ahead|"
    "rebooking|rearrange|rearranged|rearranging|reschedule for|rescheduled for|"
    # moved, in Spanish, Portuguese, French and Italian
    "movio|movieron|movimos|cambiaron|cambiamos|reprogramaron|reprogramado|reprogramada|adiado|"
    "adiada|adiaram|remarcado|remarcada|remarcaram|decale|decalee|reporte|reportee|spostato|"
    "remarquei|remarcamos|reagendei|reagendamos|reagendado|reagendada|deplace|deplacee|"
    "verzet|verplaatst|"
    # moved, in Swahili and Sheng ("imeshift", "imesogezwa": it has been moved)
    "imeshift|imeshiftiwa|tumeshift|nimeshift|imesogezwa|imesogeza|imehamishwa|"
    "spostata|rinviato|rinviata|rimandato|rimandata|aplazado|aplazada|pospuesto|pospuesta|"
    "verschoben|uitgesteld|"
    # moved, in Portuguese ("o ensaio de quarta mudou pra quinta"), Danish and Norwegian
    # ("mødet er rykket til fredag"), Swedish and Finnish
    "mudou|mudaram|mudamos|rykket|flyttet|flyttat|flyttad|flyttade|siirretty|siirtyi"
)
# A message that moves a meeting with an arrow ("the 10:30 design review → 13:00") says so
# with one of these words (or a change word): without one, "9:30 -> 10:00" may be a range.
ARROW_MOVE_WORDS = frozenset(w for w in RESCHEDULE_PHRASES.split("|") if " " not in w) | wordset(
    "now new update updated updates change changes moves moving pulled same"  # "same room"
)
# Words of cooking instructions: a message with several of them is a recipe, and its
# times ("baste every 20 mins, carve at 6") are steps, not meetings.
RECIPE_WORDS = wordset(
    "preheat preheated oven baste basting simmer simmering whisk knead marinate marinade "
    "stir stirring tbsp tsp tablespoon tablespoons teaspoon teaspoons gravy carve sieve "
    "parboil sauté saute drizzle dough batter bake proof proofing brioche roast roasting rest "
    "resting recipe bloom drawdown brew grind pour-over v60 aeropress espresso"
)
# And the words of a step, in one sentence ("rise 2h15, bake 55 min at 180"), too common to
# mark a whole message as a recipe.
RECIPE_STEP_WORDS = RECIPE_WORDS | wordset("proving prove rise knead kneading grill fry")
# Words of a workout: "4x12 squats, 3x10 lunges, plank 1:30 x3" times sets, not meetings.
WORKOUT_WORDS = wordset(
    "squats squat lunges lunge plank planks burpees pushups push-ups pullups pull-ups "
    "deadlifts deadlift curls crunches situps sit-ups reps sets amrap emom wod rdl rdls"
)
# A line's label whose list is of measured times: "5k results: Tom 19:42, Priya 21:05", "lap
# times: ...", "Ergebnisse: ..."; in English, German, French, Spanish, Italian, Dutch (folded).
RESULT_LABELS = wordset(
    "results result splits standings leaderboard rankings finishers laps pbs "
    "ergebnisse resultats classement resultados clasificacion risultati classifica uitslagen "
    "uitslag"
)
# "times" is a results label only after one of these ("lap times:", not "Times: standup 9:30").
RESULT_TIMES_KINDS = wordset("lap race finish finishing chip gun split qualifying run swim")
RECIPE_MIN_WORDS = 3  # of RECIPE_WORDS, or of WORKOUT_WORDS
RECIPE_STEP_MIN_WORDS = 2  # of RECIPE_STEP_WORDS in one sentence
# A measure's label right before a bare figure, which is then an amount of time, no clock:
# "length 4:35", "total 18:30", "rest 1:00", "avg pace 5:12", "overtime 6.25h"; in German,
# French, Spanish, Italian, Portuguese and Dutch too (folded: "Länge", "durée", "duración").
MEASURE_LABELS = wordset(
    "length duration total elapsed avg average rest pace overtime runtime uptime playtime "
    "lange laenge dauer gesamt duree longueur duracion durata durada duracao duur "
    "lengte totaal"
)
# A report of a phone's or an app's use: its figures ("first pickup 6:41") are readings.
SCREEN_TIME_PHRASES = (
    "screen time|screentime|bildschirmzeit|tiempo de uso|tiempo en pantalla|temps d'ecran|"
    "tempo di utilizzo|tempo de uso|tempo de ecra|tempo de tela|schermtijd|"
    "skarmtid|skjermtid|skaermtid|czas przed ekranem"
)
# Cheap gates: a word each pattern cannot match without.
# Broadcasters and streamers a match or show is on, as other languages name the channel after
# their "on": "en DAZN", "sur Canal+", "su Sky", "auf DAZN", "op Ziggo", "na Globo", "em SporTV".
BROADCASTERS = wordset(
    "dazn sky canal canal+ bein movistar espn eurosport ziggo videoland globo sportv sporttv "
    "rai mediaset tf1 m6 ard zdf rtl dmax netflix prime hbo max disney disney+ supersport "
    "hotstar jiocinema"
)
TV_ON_ABROAD = wordset("en sur su auf op na no em bei")
TV_WORDS = (
    wordset(
        "tv telly netflix hbo bbc iplayer youtube prime finale episode premiere season streams ep "
        "dekhenge dekhunga dekhungi "
        "broadcast stream watch watching livestream live recording replay rerun highlights recap "
        "supersport dstv espn sky sport sports dazn peacock hotstar itv trt fox nbc cbs abc "
        "channel cbc pbs rai tf1 ard zdf rte sbs radio listen listening tvnz tv3 stan rtl canal "
        "globo zee sony disney apple hulu crave foxtel kayo showmax "
        # "we'll watch" in other languages (clauses._TV): "etxean ikusiko dugu", "evde izleriz"
        "ikusiko etxean gwylio feachaint gledamo nezzuk otthon uitam izleyecegiz evde "
        "tutaangalia tutatazama za nonton nobar katsotaan vaatame horfum skatisimies ziuresime "
        "barite vemolo tamasha hanshoof dwi'n "
        "telewizji televizi televizii"  # Polish, Czech, Slovak "on TV" ("w telewizji")
    )
    | BROADCASTERS
)


# --- Time word families (atoms.py gates) ----------------------------------------------

# "one" is a clock word only beside these ("at one", "one thirty", "one o'clock").
ONE_O_CLOCK_WORDS = wordset("at clock oclock pm am past thirty fifteen forty fifty")
# "Today" and "tomorrow" as people type them, in the languages read here (one list for the
# relative-day pattern, its gate and the atom gate).
TODAY_WORDS = wordset(
    "today tdy 2day aaj hoy hoje heute oggi vandaag ngayon dzisiaj dzis bugun "
    # Zulu, Haitian Creole ("jodi a"), Tok Pisin, Korean, Japanese, Ukrainian and Russian,
    # Romanian, Greek, Czech, Catalan, Afrikaans (romanised, as folded)
    "namhlanje namuhla tude oneul kyou sohodni sogodni siohodni segodnya azi astazi "
    "simera dnes avui vandag "
    "tanaan idag danas heddiw siandien sodien "  # Finnish, Swedish, Serbo-Croatian, Welsh, Baltic
    # Basque, Galician, Irish, Albanian, Maltese, Somali, Persian, Hebrew, Nepali, Tamil
    "gaur hoxe inniu illum maanta emruz hayom aaja inniku indru"
)
TOMORROW_WORDS = wordset(
    "tomorrow tomorow tommorow tommorrow tomorro tmrw tmr tmrow tmw 2moro 2morrow 2mrw "
    "tmorow tmorrow tomoro tommoro tomrw tmoro 2morow tmrrw "
    "tomoz 2moz tmoz "  # British chat slang
    "manana amanha morgen demain domani bukas kesho besok esok yarin jutro "
    "bukra bokra bukrah "  # Arabizi
    # Zulu, Haitian Creole, Tok Pisin, Korean, Japanese, Nepali, Ukrainian and Russian,
    # Greek, Czech, Catalan (romanised, as folded)
    "kusasa demen tumora naeil ashita bholi zavtra avrio zitra dema "
    # Finnish, Swedish, Hungarian, Serbo-Croatian, Lithuanian, Welsh, Albanian, Slovene, Icelandic
    "huomenna imorgon morgon holnap sutra rytoj yfory neser jutri morgun "
    "zajtra "  # Slovak
    # Irish, Basque, Bulgarian, Latvian ("rīt"), Estonian, Maltese ("għada"), Hausa,
    # Amharic, Uzbek, Kazakh, Persian, Tamil, Sinhala (not Romanian "mâine": folded, it is
    # Hinglish "maine", "I")
    "amarach bihar utre rit homme ghada gobe nege ertaga erten ertey farda "
    "naalai naalaiku nalaiku naalaikku nalaikku heta "
    "ugma ngomso imorgen"  # Cebuano, Xhosa, Danish written as one word
)
# A day and its part in one word: Dutch "morgenochtend" (tomorrow morning), "vanavond" (this
# evening) -> (days from today, part of day).
DAY_PART_WORDS: dict[str, tuple[int, str]] = {
    "morgenochtend": (1, "morning"), "morgenvroeg": (1, "morning"),
    "morgenmiddag": (1, "afternoon"), "morgenavond": (1, "evening"),
    "vanochtend": (0, "morning"), "vanmorgen": (0, "morning"), "vanmiddag": (0, "afternoon"),
    "vanavond": (0, "evening"),
}  # fmt: skip
# Today and tomorrow said in two words: Vietnamese without its marks ("ngày mai" folds to
# "ngay mai"; "mai" alone is a part of day's tomorrow: "chiều mai", "sáng mai"), pinyin,
# Haitian Creole ("jodi" alone is Hindi's "pair").
TODAY_PHRASES = ("hom nay", "jin tian", "jintian", "jodi a", "hari ini", "hari ni")  # + Malay
TOMORROW_PHRASES = ("ngay mai", "ming tian", "mingtian")
VIETNAMESE_PARTS_BEFORE_MAI = ("sang", "trua", "chieu", "toi")
# Swahili "leo" (today) is a name too: a day only before its part of day or "saa" ("leo
# jioni", "leo saa nne"); "leo jioni", "kesho asubuhi" are a day and its part.
SWAHILI_DAY_PARTS: dict[str, str] = {
    "asubuhi": "morning", "mchana": "afternoon", "jioni": "evening", "usiku": "tonight",
}  # fmt: skip
# The day after tomorrow: "next tomorrow" (Indian English), Hindi, Dutch, German, Italian,
# Spanish, Indonesian and Malay, Arabizi, Nepali, Japanese, Haitian Creole, Tok Pisin,
# Ukrainian and Russian, Greek, Czech, Romanian.
DAY_AFTER_TOMORROW_WORDS = wordset(
    "parso parson parsun parsoon overmorgen ubermorgen dopodomani lusa parsi asatte apredemen "
    "haptumora pislyazavtra pisliazavtra poslezavtra methavrio pozitri poimaine pozajtra "
    # Hungarian, Serbo-Croatian, Slovene, Latvian, Lithuanian, Estonian, Finnish, Persian
    "holnaputan prekosutra pojutrisnjem parit poryt ulehomme ylihuomenna pasfarda "
    # Polish, Swedish, Afrikaans, Bengali, Bulgarian, Tagalog ("sa makalawa")
    "pojutrze overmorgon oormore porshu vdrugiden makalawa "
    "etzi jibi"  # Basque, Hausa
)
# ... and in two words: French "après-demain", Portuguese "depois de amanhã", Galician
# Swahili "kesho kutwa", Turkish "öbür gün", Vietnamese "ngày kia" (folded);
# each opens with a word the day's finder is gated on.
DAY_AFTER_TOMORROW_PHRASES = (
    r"apres[\s-]+demain",
    r"depois\s+de\s+amanha",
    r"pasado\s+mana",
    r"kesho\s+kutwa",
    r"obur\s+gun",
    r"birisi\s+gun",
    r"ngay\s+kia",
)  # + Azerbaijani "birisi gün"
DAY_AFTER_TOMORROW_FIRST = wordset("apres depois kesho obur birisi ngay")
RELDAY_WORDS = (
    YESTERDAY_WORDS
    | TODAY_WORDS
    | TOMORROW_WORDS
    | DAY_AFTER_TOMORROW_WORDS
    | wordset(
        "tonight tonite nite night moro morrow mrw moz yesterday yday tn kal "
        "hom jin ming ngay mai jintian mingtian jodi leo"
    )
    | frozenset(p.split()[0] for p in TODAY_PHRASES)  # "hari ini"
    | frozenset(DAY_PART_WORDS)
)
UNIT_WORDS = wordset("min mins minute minutes hr hrs hour hours day days week weeks wk wks")
CLOCK_WORDS = wordset(
    "half halfe halb quarter clock oclock ish noon midday midnight lunchtime lunch baje bje "
    "kwart viertel dreiviertel halv pola fel puoli pul pol ctvrt stvrt ctvrte stvrte tristvrte "
    "quart "
    "quarts setengah"
)
# Hour words of German and Dutch ("acht" and "elf" are both).
GERMANIC_HOURS = {
    "eins": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "een": 1, "twee": 2, "drie": 3,
    "vijf": 5, "zes": 6, "zeven": 7, "negen": 9, "tien": 10, "twaalf": 12,
}  # fmt: skip
# Half hours counted to the next hour, as German does ("halb fünf" 4:30): Danish, Norwegian
# and Swedish "halv fem", Serbo-Croatian "pola devet" (8:30), Hungarian "fél öt(kor)",
# Finnish "puoli viisi" (folded). Their hour words, read only after such a "half".
HALF_BEFORE_WORDS = ("halb", "halv", "pola", "fel", "puoli", "setengah")  # + Indonesian, Malay
HALF_BEFORE_HOURS = GERMANIC_HOURS | {
    "en": 1, "et": 1, "ett": 1, "to": 2, "tva": 2, "tre": 3, "fire": 4, "fyra": 4, "fem": 5,
    "seks": 6, "sex": 6, "syv": 7, "sju": 7, "otte": 8, "atte": 8, "atta": 8, "ni": 9,
    "nio": 9, "ti": 10, "tio": 10, "elleve": 11, "elva": 11, "tolv": 12,
    "jedan": 1, "dva": 2, "tri": 3, "cetiri": 4, "pet": 5, "sest": 6, "sedam": 7, "osam": 8,
    "devet": 9, "deset": 10, "jedanaest": 11, "dvanaest": 12,
    "egy": 1, "ket": 2, "ketto": 2, "harom": 3, "negy": 4, "ot": 5, "hat": 6, "het": 7,
    "nyolc": 8, "kilenc": 9, "tiz": 10, "tizenegy": 11, "tizenketto": 12,
    "yksi": 1, "kaksi": 2, "kolme": 3, "nelja": 4, "viisi": 5, "kuusi": 6, "seitseman": 7,
    "kahdeksan": 8, "yhdeksan": 9, "kymmenen": 10, "yksitoista": 11, "kaksitoista": 12,
}  # fmt: skip
# Czech and Slovak halves count to the next hour told as an ordinal ("půl deváté", Slovak
# "pol deviatej": 8:30); their quarters to it as a cardinal ("čtvrt na osm" 7:15, "tři
# čtvrtě na osm", Slovak "trištvrte na osem" 7:45), as folded.
SLAVIC_HALF_WORDS = ("pul", "pol")
SLAVIC_HALF_HOURS: dict[str, int] = {
    "jedne": 1, "druhe": 2, "treti": 3, "ctvrte": 4, "pate": 5, "seste": 6, "sedme": 7,
    "osme": 8, "devate": 9, "desate": 10, "jedenacte": 11, "dvanacte": 12,
    "jednej": 1, "druhej": 2, "tretej": 3, "stvrtej": 4, "piatej": 5, "siestej": 6,
    "siedmej": 7, "osmej": 8, "deviatej": 9, "desiatej": 10, "jedenastej": 11,
    "dvanastej": 12,
    # Slovene says the next hour in the genitive plural ("pol dveh" 1:30, "pol osmih" 7:30)
    "enih": 1, "dveh": 2, "treh": 3, "stirih": 4, "petih": 5, "sestih": 6, "sedmih": 7,
    "osmih": 8, "devetih": 9, "desetih": 10, "enajstih": 11, "dvanajstih": 12,
}  # fmt: skip
SLAVIC_QUARTER_HOURS: dict[str, int] = {
    "jednu": 1, "dve": 2, "tri": 3, "ctyri": 4, "pet": 5, "sest": 6, "sedm": 7, "osm": 8,
    "devet": 9, "deset": 10, "jedenact": 11, "dvanact": 12,
    "styri": 4, "pat": 5, "sedem": 7, "osem": 8, "devat": 9, "desat": 10, "jedenast": 11,
    "dvanast": 12,
}  # fmt: skip
# The words of such clocks that name nothing: "pénteken fél négykor fogorvos" is "fogorvos"
# (not the short ones, English words too: "fire safety training").
MIN_HALF_HOUR_TITLE_CHARS = 4
HALF_BEFORE_TITLE_WORDS = (
    frozenset(HALF_BEFORE_WORDS)
    | frozenset(w for w in HALF_BEFORE_HOURS if len(w) > MIN_HALF_HOUR_TITLE_CHARS)
    | frozenset(w + "kor" for w in HALF_BEFORE_HOURS)  # Hungarian "at": "ötkor", "négykor"
    | frozenset(SLAVIC_HALF_HOURS)
    | wordset("pul ctvrt stvrt ctvrte stvrte tristvrte quart quarts")
    | wordset("ora orakor")  # Hungarian "o'clock": "holnap 10 órakor fogorvos"
)
PART_WORDS = wordset(
    "morning mornin afternoon aftn arvo evening eve night noon midday lunchtime lunch eod cob thing"
)
HOLIDAY_WORDS = wordset(
    "christmas xmas boxing eve nye valentine valentines halloween patrick patricks"
)


# --- Pairing (pairing.py) -------------------------------------------------------------

# Right after a time, words that choose it (meetings' polls, transcripts' settled plans):
# "thursday 7pm wins", "wednesday it is!", "sat 8 it's settled".
CHOSEN_AFTER_TIME = re.compile(
    rf"\s*(?:{alternation(sorted(POLL_WIN_WORDS))}|it is|it's|its|is settled|is it then)\b"
)
# Words that lead a poll's pick and leave it "only a time": "ok thursday 7pm wins".
POLL_PICK_LEADS = wordset("ok okay so right alright yay yes great")
# A poll option's tally after its time: "(5 votes)", "— 3 votos", ", 2 stimmen".
POLL_TALLY = re.compile(
    r"[\s,;:()\u2013\u2014-]*\d{1,3}\s*(?:votes?|votos?|stimmen|voti)?[\s,;()]*$"
)
# Words a clause may hold besides its time and still be "only a time" ("but tomorrow at 10").
FILLER = POLL_WIN_WORDS | wordset(  # and "7pm wins"
    "at on @ - from by around but and then so or though it's "
    "its it is will be instead now this time one starts starting start begins for to until till "
    "except when there's sharp exactly ish same day slot still a las la um as à alle vers date dia "
    "leaving leaves departing departs doors "  # "saturday week, doors 7pm"
    # when the event named before opens: "parents welcome from 9am", "selling starts 9am"
    "welcome selling bidding registration parents families guests everyone drop-off dropoff "
    "check-in checkin between "  # "(her spaying tomorrow,) drop-off between 7:45 and 8:15"
    "zoom teams skype webex online virtual via "  # "...: tuesday 9:00, 60 minutes on zoom"
    "me they "  # "they rebooked me for tomorrow 3pm, eye test at boots"
    "sorry soz sry oops "  # "*5pm sorry": a correction's new time and its apology
    "sasa ni badala ya"  # Swahili "now it's", "instead of": "sasa ni kesho saa nne badala ya leo"
)
# An old slot stated between an event and its new time: "rescheduled: was tuesday 2pm, now ..."
# "Instead of" and "it was" before an old slot in other languages (as folded): "déplacé à
# jeudi 14h15 au lieu de mercredi 10h", "pra quinta às 10h, antes era quarta às 15h".
OLD_SLOT_ABROAD = (
    "au lieu de|au lieu du|antes era|antes estava|en lugar de|en vez de|en vez del|invece di|"
    "invece che|anstatt|statt|in plaats van|zamiast|badala ya|"
    # a moved booking's old field: "poprzedni termin 05.03", "Fecha anterior: 05/03"
    "poprzedni termin|stary termin|alter termin|bisheriger termin|ancien rendez-vous|"
    "ancienne date|ancien horaire|fecha anterior|cita anterior|horario anterior|data anterior|"
    "horario antigo|oude afspraak|vorige afspraak|oude datum|vecchio appuntamento|"
    "data precedente|tidligere tid|tidigare tid|gammal tid"
)
OLD_SLOT_ABROAD_WORDS = wordset(
    "lieu antes lugar vez invece anstatt statt plaats zamiast badala poprzedni stary alter "
    "bisheriger ancien ancienne anterior antigo oude vorige vecchio precedente tidligere tidigare "
    "gammal"
)
OLD_SLOT = wordset("was were previously originally instead of not")


# --- Native scripts (script_times.py): Chinese, Japanese, Korean, Cyrillic, Hebrew, Arabic,
# Greek, Thai, Devanagari. Lower-cased as ``normalize`` leaves them (Greek keeps its accents).

# Any character of those scripts: a text with none runs none of their patterns.
NATIVE_SCRIPT_CHARS = (
    "\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
)
# Days from today. Hindi "कल" is yesterday or tomorrow: read as tomorrow unless the
# message says it in the past (``NATIVE_PAST_MARKS``).
NATIVE_DAYS: dict[str, int] = {
    # Chinese (Mandarin, Cantonese), Japanese
    "今天": 0, "今日": 0, "今晚": 0, "今朝": 0, "本日": 0,
    "明天": 1, "明日": 1, "聽日": 1, "听日": 1, "明早": 1, "あした": 1, "あす": 1,
    "後天": 2, "后天": 2, "後日": 2, "明後日": 2, "あさって": 2,
    "昨天": -1, "昨日": -1, "琴日": -1, "尋日": -1, "寻日": -1, "噚日": -1, "きのう": -1,
    "前天": -2, "昨晚": -1, "昨夜": -1,
    # Korean
    "오늘": 0, "내일": 1, "모레": 2, "어제": -1, "그저께": -2,
    # Russian, Ukrainian
    "сегодня": 0, "сьогодні": 0, "завтра": 1, "послезавтра": 2, "післязавтра": 2,
    "вчера": -1, "вчора": -1, "учора": -1, "позавчера": -2,
    # Hebrew (with "and"/"on" before it), Arabic (Gulf and Levant "bukra")
    "היום": 0, "מחר": 1, "ומחר": 1, "מחרתיים": 2, "אתמול": -1,
    "اليوم": 0, "غدا": 1, "غداً": 1, "بكرة": 1, "بكره": 1, "بعد غد": 2, "أمس": -1, "امس": -1,
    "امبارح": -1, "مبارح": -1,
    # Greek, Thai, Hindi
    "σήμερα": 0, "αύριο": 1, "μεθαύριο": 2, "χθες": -1, "χτες": -1,
    "วันนี้": 0, "พรุ่งนี้": 1, "มะรืนนี้": 2, "เมื่อวาน": -1, "เมื่อวานนี้": -1,
    "आज": 0, "कल": 1, "परसों": 2,
}  # fmt: skip
# A past verb in Hindi: "कल" said with one is yesterday.
NATIVE_PAST_MARKS = ("था", "थी", "थे", "गया", "गई", "गए", "हुआ", "हुई")
# Parts of day, as the English part they stand for ("lunchtime" leaves "1点" to the 07-21
# rule: 13:00).
NATIVE_PARTS: dict[str, str] = {
    "上午": "morning", "早上": "morning", "早晨": "morning", "朝早": "morning", "凌晨": "morning",
    "午前": "morning", "朝": "morning", "今朝": "morning", "明早": "morning",
    "中午": "lunchtime", "晏晝": "lunchtime", "正午": "noon", "昼": "lunchtime",
    "下午": "afternoon", "下晝": "afternoon", "下昼": "afternoon", "午後": "afternoon",
    "晚上": "evening", "夜晚": "evening", "傍晚": "evening", "今晚": "evening", "夕方": "evening",
    "晚": "evening", "夜": "night", "昨晚": "evening", "昨夜": "night",
    "오전": "morning", "아침": "morning", "새벽": "morning", "점심": "lunchtime",
    "오후": "afternoon", "저녁": "evening", "밤": "night",
    "утром": "morning", "днём": "afternoon", "днем": "afternoon", "вечером": "evening",
    "ночью": "night", "вранці": "morning", "зранку": "morning", "ввечері": "evening",
    "вночі": "night",
    "בבוקר": "morning", "בצהריים": "lunchtime", "אחר הצהריים": "afternoon",
    'אחה"צ': "afternoon", "בערב": "evening", "בלילה": "night",
    "صباحا": "morning", "صباحاً": "morning", "الصبح": "morning", "ظهرا": "lunchtime",
    "ظهراً": "lunchtime", "بعد الظهر": "afternoon", "العصر": "afternoon", "مساء": "evening",
    "مساءً": "evening", "المساء": "evening", "بالليل": "night", "ليلا": "night",
    "το πρωί": "morning", "πρωί": "morning", "το μεσημέρι": "lunchtime",
    "το απόγευμα": "afternoon", "απόγευμα": "afternoon", "το βράδυ": "evening",
    "βράδυ": "evening",
    "ตอนเช้า": "morning", "เช้า": "morning", "ตอนบ่าย": "afternoon", "ตอนเย็น": "evening",
    "सुबह": "morning", "दोपहर": "afternoon", "शाम": "evening", "रात": "night",
}  # fmt: skip
# Parts of day said after a clock: Russian "в 3 часа дня", Ukrainian "о 8 вечора".
NATIVE_PARTS_AFTER_CLOCK: dict[str, str] = {
    "утра": "am", "ночи": "am", "дня": "pm", "вечера": "pm",
    "ранку": "am", "вечора": "pm", "ночі": "am",
}  # fmt: skip
# Weekdays said in a word (Monday = 0), with the case forms after "on" ("в среду").
NATIVE_WEEKDAYS: dict[str, int] = {
    "понедельник": 0, "вторник": 1, "среда": 2, "среду": 2, "четверг": 3, "пятница": 4,
    "пятницу": 4, "суббота": 5, "субботу": 5, "воскресенье": 6,
    "понеділок": 0, "вівторок": 1, "середа": 2, "середу": 2, "четвер": 3, "пʼятниця": 4,
    "п'ятниця": 4, "п'ятницю": 4, "субота": 5, "суботу": 5, "неділя": 6, "неділю": 6,
    "יום שני": 0, "יום שלישי": 1, "יום רביעי": 2, "יום חמישי": 3, "יום שישי": 4, "שבת": 5,
    "יום ראשון": 6,
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3,
    "الجمعة": 4, "الجمعه": 4, "السبت": 5, "الأحد": 6, "الاحد": 6,
    "δευτέρα": 0, "τρίτη": 1, "τετάρτη": 2, "πέμπτη": 3, "παρασκευή": 4, "σάββατο": 5,
    "κυριακή": 6,
    "วันจันทร์": 0, "วันอังคาร": 1, "วันพุธ": 2, "วันพฤหัส": 3, "วันพฤหัสบดี": 3, "วันศุกร์": 4,
    "วันเสาร์": 5, "วันอาทิตย์": 6,
    "सोमवार": 0, "मंगलवार": 1, "बुधवार": 2, "गुरुवार": 3, "बृहस्पतिवार": 3, "शुक्रवार": 4,
    "शनिवार": 5, "रविवार": 6,
}  # fmt: skip
# Weekdays by one character: Chinese after 星期/週/周/禮拜 ("週三"), Japanese and Korean
# before 曜日/요일 ("水曜日", "수요일") or alone in brackets after a date ("(土)", "(화)").
CJK_WEEKDAY_AFTER = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
CJK_WEEK_WORDS = ("星期", "禮拜", "礼拜", "週", "周")
CJK_WEEKDAY_BEFORE = {
    "月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6,
    "월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6,
}  # fmt: skip
CJK_WEEKDAY_SUFFIXES = ("曜日", "曜", "요일")
# Particles after a day or date: Korean "에", "은", "는", Japanese "の", "に", "は", Chinese "的",
# Hindi "को".
DAY_PARTICLES = ("에", "은", "는", "の", "に", "は", "的", "को")
# Next week, before a weekday ("下週三", "다음주 수요일", "来週の水曜日"); "next", after one
# (Hebrew "ביום רביעי הבא") or before one (Russian "в следующую среду").
NATIVE_NEXT_WEEK = (
    "下週",
    "下周",
    "下星期",
    "下禮拜",
    "下礼拜",
    "來週",
    "来週",
    "다음주",
    "다음 주",
)
# Next week, after a weekday, in European languages (as folded): "fredag i næste uge",
# "Freitag nächste Woche", "vrijdag volgende week", "viernes de la próxima semana".
NEXT_WEEK_AFTER_A_DAY = (
    "i næste uge|i naeste uge|næste uge|i neste uke|neste uke|nasta vecka|pa nasta vecka|"
    "nachste woche|in der nachsten woche|volgende week|de la proxima semana|"
    "de la semana que viene|da proxima semana|da semana que vem|de la semaine prochaine|"
    "della prossima settimana|della settimana prossima|ensi viikolla|przyszlym tygodniu|"
    "w przyszlym tygodniu"
)
NATIVE_NEXT_BEFORE = ("следующую", "следующий", "следующее", "наступного", "наступну")
NATIVE_NEXT_AFTER = ("הבא", "הבאה", "القادم", "القادمة", "ที่จะถึงนี้")
# Months said in a word (genitive, as after a day number: "17 марта", "3 במרץ").
NATIVE_MONTHS: dict[str, int] = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7,
    "серпня": 8, "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "בינואר": 1, "בפברואר": 2, "במרץ": 3, "במרס": 3, "באפריל": 4, "במאי": 5, "ביוני": 6,
    "ביולי": 7, "באוגוסט": 8, "בספטמבר": 9, "באוקטובר": 10, "בנובמבר": 11, "בדצמבר": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    "ιανουαρίου": 1, "φεβρουαρίου": 2, "μαρτίου": 3, "απριλίου": 4, "μαΐου": 5,
    "ιουνίου": 6, "ιουλίου": 7, "αυγούστου": 8, "σεπτεμβρίου": 9, "οκτωβρίου": 10,
    "νοεμβρίου": 11, "δεκεμβρίου": 12,
    "ม.ค.": 1, "ก.พ.": 2, "มี.ค.": 3, "เม.ย.": 4, "พ.ค.": 5, "มิ.ย.": 6, "ก.ค.": 7,
    "ส.ค.": 8, "ก.ย.": 9, "ต.ค.": 10, "พ.ย.": 11, "ธ.ค.": 12,
    "जनवरी": 1, "फरवरी": 2, "फ़रवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6,
    "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "अक्टूबर": 10, "नवंबर": 11, "दिसंबर": 12,
}  # fmt: skip
# Numbers in Chinese and Japanese characters ("三點半", "十一時"), Korean native hours
# ("세 시", "열한시").
CJK_NUMERALS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "十": 10,
}  # fmt: skip
KOREAN_NATIVE_HOURS = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
    "열": 10, "열한": 11, "열두": 12,
}  # fmt: skip
# The hour, minute and half words after a number: Chinese, Japanese, Korean.
CJK_HOUR_MARKS = ("點鐘", "点钟", "點", "点", "時", "时", "시")
CJK_MINUTE_MARKS = ("分", "분")
# The characters that may follow a clock in Chinese, Japanese and Korean ("3点开会", "3點喺",
# "3시에", "3시부터"); any other such character makes it something else: "两点建议" (two
# points), "3시간" (3 hours), "3時間", "네 시작" (yes, starting). Kana and marks always may.
CLOCK_FOLLOWERS = (
    "半分钟鐘到至前后後左整开開见見约約嘅的去打有在喺會会啦吧呀吖啊呢了咗正过過再要吃食飯饭起之"
    "出上面集接跟和同返睇看以予"
    "에반쯤부터까지경로는엔도정이"
)
CJK_HALF_MARKS = ("半", "반")
# "At" before a clock: Russian and Ukrainian "в"/"о", Hebrew "ב-"/"בשעה", Arabic "الساعة",
# Greek "στις", Thai "เวลา".
NATIVE_AT = ("в", "во", "о", "об", "בשעה", "ב-", "ב", "الساعة", "الساعه", "στις", "เวลา")
# "From" before the start of a range ("с 10:00 до 11:30", "מ-9:00 עד 11:00").
NATIVE_FROM = ("с", "со", "з", "від", "מ-", "מ", "من", "από", "ตั้งแต่")
# Hour words after a number: Russian "часа", Ukrainian "годині", Hindi "बजे", Thai "โมง".
NATIVE_HOUR_WORDS = ("часов", "часа", "час", "годині", "години", "बजे", "โมง", "น.")
# "To" between the two ends of a range ("三点到五点", "14時から16時", "3시부터 5시까지",
# "10:00 до 12:00", "9:00 עד 11:00", "٣ إلى ٥", "5 έως 7", "9.00 ถึง 10.00", "5 से 7").
NATIVE_RANGE_WORDS = (
    "到", "至", "から", "부터", "до", "עד", "إلى", "الى", "حتى", "لغاية", "έως", "ως", "ถึง",
    "से",
)  # fmt: skip
# A pasted form's date or time field, in those scripts ("日時：", "일시:", "Дата и время:").
NATIVE_FORM_LABELS = (
    "日時", "日期", "时间", "時間", "就诊时间", "預約時間", "预约时间", "일시", "날짜", "시간",
    "예약일시", "дата", "время", "תאריך", "שעה", "מועד", "التاريخ", "الموعد", "الوقت",
    "ημερομηνία", "ώρα", "วันที่", "เวลา", "दिनांक", "तारीख", "समय",
)  # fmt: skip
# Someone else's plan in those scripts ("我老公聽日 dentist", "엄마 내일 3시 dentist", "у мамы
# завтра в 15:00 dentist"), unless the user goes along (``NATIVE_ALONG``).
NATIVE_OTHERS = (
    "他", "她", "佢", "我老公", "我老婆", "我媽", "我妈", "我爸", "我仔", "我女", "我儿子",
    "我兒子", "我女儿", "我女兒", "我朋友", "我同事",
    "엄마", "아빠", "남편", "아내", "동생", "아들", "딸", "그녀", "그는",
    "у мамы", "у папы", "у мужа", "у жены", "у сына", "у дочки", "у дочери", "у него",
    "у неё", "у нее", "у мами", "у тата", "у чоловіка", "у дружини",
    "לאמא", "לאבא", "לבעלי", "לאשתי", "יש לו", "יש לה",
    "عنده", "عندها", "أمي", "ابوي", "زوجي", "زوجتي",
    "η μαμά", "ο μπαμπάς", "ο άντρας μου", "η γυναίκα μου",
    "मम्मी", "पापा", "उसका", "उसकी", "उनका", "उनकी",
)  # fmt: skip
NATIVE_ALONG = (
    "陪", "带", "帶", "送", "一起", "同我", "跟我", "和我", "我同", "我跟", "我和", "接佢", "接她",
    "接他", "같이", "데려", "모시고", "함께", "отвезу", "отведу", "с ней", "с ним", "вместе",
    "з нею", "з ним", "разом", "איתה", "איתו", "אותה", "אותו", "معها", "معه", "μαζί", "साथ",
)  # fmt: skip
# What turns a plan in those scripts down: called off, I can't or won't go, no need (to add
# it), was or went, last week. Whole words in the scripts with spaces (with a one-letter
# prefix: "ובוטל"), anywhere in the others.
NATIVE_DECLINES = (
    # Chinese (Mandarin, Cantonese)
    "取消",
    "取消咗",
    "cancel咗",
    "唔去",
    "不去",
    "去不了",
    "去唔到",
    "唔得閒",
    "沒空",
    "没空",
    "不用",
    "唔使",
    "唔洗",
    "不需要",
    "延期",
    "上週",
    "上周",
    "上星期",
    "上個禮拜",
    "上个礼拜",
    "開完",
    "开完",
    "去咗",
    # Japanese
    "キャンセル",
    "中止",
    "取り消",
    "行けない",
    "行けなく",
    "行かない",
    "いらない",
    "先週",
    # Korean
    "취소",
    "못 가",
    "못가",
    "안 가",
    "안가",
    "필요 없",
    "필요없",
    "안 넣어",
    "지난주",
    "지난 주",
    "없어",
    "없습니다",
    "갔었",
    "했었",
    # Russian, Ukrainian
    "отменили",
    "отменил",
    "отменила",
    "отменён",
    "отменен",
    "отменена",
    "отменено",
    "отменяется",
    "не смогу",
    "не пойду",
    "не приду",
    "не буду",
    "не надо",
    "не нужно",
    "скасовано",
    "скасували",
    "скасована",
    "не зможу",
    "не піду",
    "не прийду",
    "не треба",
    "был",
    "была",
    "было",
    "були",
    "была",
    "на прошлой неделе",
    "минулого тижня",
    # Hebrew
    "בוטל",
    "בוטלה",
    "מבוטל",
    "ביטלו",
    "לא אגיע",
    "לא אוכל",
    "לא יכול",
    "לא יכולה",
    "לא צריך",
    "היה",
    "הייתה",
    "בשבוע שעבר",
    # Arabic
    "ألغي",
    "الغي",
    "اتلغى",
    "اتلغت",
    "تم إلغاء",
    "تم الغاء",
    "ملغي",
    "ملغى",
    "مش هقدر",
    "ما اقدر",
    "مش لازم",
    "لا داعي",
    "الأسبوع الماضي",
    # Greek
    "ακυρώθηκε",
    "ακυρώνεται",
    "δεν μπορώ",
    "δεν θα",
    "δε θα",
    "ήταν",
    "την περασμένη",
    # Thai
    "ยกเลิก",
    "ไม่ไป",
    "ไม่ต้อง",
    "ไม่ว่าง",
    "สัปดาห์ที่แล้ว",
    # Hindi
    "रद्द",
    "कैंसल",
    "नहीं",
    "था",
    "थी",
    "थे",
    "पिछले हफ्ते",
)
# Today, tomorrow and yesterday of other languages that are also people's and places' names
# ("dr Hoy", "Heute Corp", "from Bihar", "Heta and I"): every such word but the English ones.
NAME_PRONE_DAYS = frozenset(
    w
    for w in TODAY_WORDS | TOMORROW_WORDS | DAY_AFTER_TOMORROW_WORDS | YESTERDAY_WORDS
    if not w.startswith(("to", "tm", "2", "tdy", "yest", "yda"))
) | wordset("kal")
# English words before a name or a place, never before a day ("with Hoy", "from Bihar").
BEFORE_NAMES = wordset("with w dr mr mrs ms miss prof from in near")
# Words of the languages that glue a case ending to the hour (Turkish "yarın saat 3'te",
# "perşembe 10da", Basque "bihar 10etan", Sinhala "heta 10ta"), as folded: only beside one
# is "3te" a clock (Dutch "2de", "3de" are ordinals).
GLUED_CASE_LANGUAGE_WORDS = wordset(
    "yarin bugun aksam sabah ogleden gece saat var randevu randevum randevusu toplanti "
    "toplantim toplantimiz toplantisi pazartesi sali carsamba persembe cuma cumartesi pazar "
    "bihar gaur etzi bilera daukat dut dugu heta ada thiyenawa ekak "
    # Hungarian days, for its "at" glued to the hour ("pénteken 10kor")
    "holnap holnaputan hetfon kedden szerdan csutortokon penteken szombaton vasarnap"
)
# The user's line above a pasted notice, saying its booking is made ("cinema w/ Jess sorted",
# "cena del cumple lista", "hair booked"): the word that closes it, as folded.
HEADLINE_STATUS_WORDS = wordset(
    "booked sorted confirmed reserved lista listo listos reservado reservada confirmada "
    "confirmado marcado marcada gebucht reserviert geboekt prenotato prenotata"
)
# Words that are no event's name when all the headline holds ("finally got it sorted").
HEADLINE_NON_NAMES = wordset("it that this all everything finally got get ok okay so yay")
# Ways to travel whose journey times a message may compare ("train is 2h10, bus about 3:30").
TRAVEL_MODES = wordset(
    "train trains bus buses coach car drive driving flight flying ferry walk walking bike "
    "cycling cycle taxi uber tram metro subway tube"
)
# Words between a way to travel and its journey time: "train is 2h10", "driving maybe 2:45".
JOURNEY_HEDGES = wordset("is takes took about maybe roughly approx around like")
# What a product's label prints its dates with: "best before 09.08", "use by 12/08 10:40".
PRODUCT_DATE_LABELS = (
    "best before|best-before|use by|sell by|display until|expiry date|exp date|bbe|"
    "mindestens haltbar bis|mhd|a consommer avant|consumir antes de|consumir preferentemente|"
    "da consumarsi entro|ten minste houdbaar tot"
)
