"""Clauses and what they say: past, habit, hypothetical, negated, someone else's, TV.

``clauses`` cuts a message into clauses; ``attends`` decides whether a clause states a
meeting the user will attend; ``every_clause_declines`` lets a message that cannot schedule
anything stop before its times are parsed. ``CANCEL`` and ``RESCHEDULE`` find changes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from companion_bot.extraction.atoms import TIME_WORDS, has_native_script
from companion_bot.extraction.events import HEADS
from companion_bot.extraction.lexicon import (
    AGENDA_WORDS,
    ALWAYS_HABIT,
    ALWAYS_WORDS,
    BROADCASTERS,
    CANCEL_PHRASES,
    DEGREE_ABBREVIATIONS,
    EVERY_BEFORE_A_DAY,
    EVERY_DAY_HABIT,
    EVERY_DAYS,
    EXCEPT_PHRASES,
    FUNCTION_WORDS,
    HABIT_PHRASES,
    HYPOTHETICAL_PHRASES,
    JOURNEY_HEDGES,
    MEASURE_LABELS,
    NATIVE_ALONG,
    NATIVE_DECLINES,
    NATIVE_OTHERS,
    NEGATION_PHRASES,
    NON_EVENTS,
    OR_WORDS,
    PAST_PHRASES,
    PORTUGUESE_WORDS,
    PRODUCT_DATE_LABELS,
    RECIPE_MIN_WORDS,
    RECIPE_STEP_MIN_WORDS,
    RECIPE_STEP_WORDS,
    RECIPE_WORDS,
    RELATIVES,
    RESCHEDULE_PHRASES,
    RESULT_LABELS,
    RESULT_TIMES_KINDS,
    SCREEN_TIME_PHRASES,
    TITLE_ABBREVIATIONS,
    TRAVEL_MODES,
    TV_ON_ABROAD,
    TV_WORDS,
    WORKOUT_WORDS,
    PhraseGate,
    alternation,
    gate_words,
    phrases,
    rare_words,
    wordset,
)
from companion_bot.extraction.script_times import native_words
from companion_bot.extraction.times import CLAUSE_BREAK, Group, may_hold_time
from companion_bot.extraction.tokens import (
    WORD,
    TextIndex,
    finditer_at,
    index_of,
    scan,
    scanned_whole,
    search_at,
)

_CLAUSE_WORDS = (
    "and|but|then|so|because|cause|cuz|coz|bc|although|though|while|whereas|plus|except|"
    "tapos|"  # Tagalog "then"
    "porque|weil|omdat|kasi|bo"  # "because": Spanish/Portuguese, German, Dutch, Tagalog, Polish
)
# Emoji end a thought the way a full stop does ("interview 2moro at 11 🤞 lmk if u can ...").
_EMOJI = "\u2600-\u27bf\U0001f300-\U0001faff"
# Marks that end a clause: ".", "!", "?", ";" or a line break before a space, ",", ": ",
# " - ", " (" before a word, ")" before a space, emoji. The pattern opens with the class of
# its first characters (each case then checks which one it read), so the engine skips every
# other character without trying the pattern there.
_CLAUSE_MARK = re.compile(
    r"[.!?;\n,:\-()" + _EMOJI + r"]"
    r"(?:(?<=[.!?;\n])[.!?;\n]*(?=\s|$)|(?<=\n)|(?<=,)|(?<=:)\s|(?<=\s-)-*(?:[^\S\n]|(?=\n))|(?<=\s\()(?=\w)"
    r"|(?<=\))(?=\s)|(?<=[" + _EMOJI + "])[" + _EMOJI + "]*)"
)
_CLAUSE_WORD = re.compile(phrases(_CLAUSE_WORDS))
_CLAUSE_WORD_GATE = gate_words(_CLAUSE_WORDS)
# A parenthesis this short, with no time and no function word in it, does not end a clause.
ASIDE_CHARS, ASIDE_WORDS = 30, 3

# "i did book the tasting menu for saturday": the booking is told, the visit is ahead.
_BOOKING_TOLD = (
    r"(?!(?<=\bdid)\s+(?:(?:finally|actually|eventually)\s+)?"
    r"(?:book|reserve|schedule|register|sign\s+up|arrange)\b)"
)  # and "i did finally book ..."
# "it just got moved to 5:15", "was pushed to friday": a change told, not a past event.
_NOT_A_CHANGE = (
    r"(?!\s+(?:moved|pushed|bumped|changed|rescheduled|shifted|postponed|brought|booked|"
    r"confirmed|pulled|put)\b)"
    r"(?!\s+(?:de|het|mijn|een)\b)"  # nor Dutch "met de bank" (with the bank)
    r"(?!(?<=\bwon)'t)"  # nor "won't", which is ahead
    # nor a question whether a booked one moved: "... still at 3 or did it move?"
    r"(?!(?<=\bdid)\s+(?:it|they|that)\s+(?:get\s+)?(?:move|moved|change|changed|get pushed)\b)"
) + _BOOKING_TOLD
# "last week's outage", "yesterday's quiz": a past day owning a noun names a thing, not when
# the clause happens ("retro for last week's release thu 3pm"); "yesterday's 3pm" is past.
_PAST_DAY_OWNS = r"(?!(?:(?<=day)|(?<=night)|(?<=week)|(?<=month)|(?<=year))'s\s+[a-z])"
_PAST = re.compile(phrases(PAST_PHRASES) + _NOT_A_CHANGE + _PAST_DAY_OWNS)
_HYPOTHETICAL = re.compile(phrases(HYPOTHETICAL_PHRASES))
_HABIT = re.compile(f"{phrases(HABIT_PHRASES)}|{EVERY_DAY_HABIT}|{ALWAYS_HABIT}")
# "don't forget", "dont wait up", "dont b late": said about the plan, not against it;
_NOT_REFUSING = (
    r"(?!\s+(?:forget|later than|problem|wait up|be late|b late|let me|worry|miss it|"
    r"(?:at |in )?(?:the|our) usual(?!\s+\d)|"  # "at the church not the usual hall": a place
    r"posso faltar|puedo faltar|posso perder|puedo perder|"
    r"vex|wahala|shaka))"  # Pidgin "no vex" (sorry), "no wahala", Zulu "no shaka": no refusal
    r"(?!-\w)"  # nor the first part of a compound: "skip-level", "no-show"
)
_NEGATION = re.compile(phrases(NEGATION_PHRASES) + _NOT_REFUSING)
_NATIVE_DECLINE = re.compile(native_words(sorted(NATIVE_DECLINES)))
_NATIVE_OTHERS = re.compile(native_words(sorted(NATIVE_OTHERS)))
_NATIVE_ALONG = re.compile(native_words(sorted(NATIVE_ALONG)))
# "not" before a clock time rules that time out, not the meeting ("at 11:15 not 11").
_NOT_A_TIME = re.compile(
    r"not\s+(?:at\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
    r"|(?:not|isn't|isnt|aren't|arent|won't|wont)\s+(?:till|until|til|before)\b"
)  # "at 11:15 not 11" corrects; "my slot isn't till 8:40" is at 8:40
# Words that are no one else when they stand before "has"/"is having"/...: the speaker, the
# event itself, adverbs and auxiliaries.
_NOT_SUBJECTS = (
    "i|ive|im|we|weve|you|u|youve|it|there|that|this|which|who|what|meeting|call|one|still|also|"
    "just|really|already|now|then|both|all|usually|only|even|definitely|do|will|should|must|"
    "might|may|can|could|would|to|and|but|so|i'll|we'll|i'd|we'd|finally|actually|never"
)
# Groups the user is part of: "the team is doing drinks at 6".
_OWN_GROUPS = ("team", "everyone", "everybody", "family", "group", "class", "squad", "crew")
# Not someone else before "'s going": "it's going to be at 3", "everyone's going".
_NOT_GOERS = [*_NOT_SUBJECTS.split("|"), "everyone", "everybody", "let", "here", "where", "how"]
# No one who takes a child somewhere or does a run, before "'ll take" / "does the pickup":
# the speaker, the event, adverbs, question words ("when does the pickup ...").
_NOT_DOERS = [
    *_NOT_GOERS,
    *_OWN_GROUPS,
    *("when", "why", "time", "it'll", "that'll", "who'll", "gotta", "gonna", "wanna", "need"),
    *("have", "has", "got", "let's", "lets", "me"),  # "gotta go pick them up", West African
]  # Pidgin "their aunty go pick them" is the aunt's
_THIRD_PARTY = re.compile(
    # "the year 11s have mocks"
    rf"(?<![-'])\b(?!(?:{alternation(_NOT_SUBJECTS.split('|'))})\b)([a-z]+|\d{{1,2}}s)"
    r"(?:-(?:san|sama|kun|chan|ji|sensei|ssi|nim))?"  # "suzuki-san has the board presentation"
    r"(?:'s)?\s+(?:has|have|have got|has got|'s got|is having|are having|got|is meeting|"
    r"is covering|covering|"  # "kayla's covering the 7pm close"
    r"is in(?!\s+(?:\d|an?\s+(?:hour|few|couple|week)|half|one|two|three|four|five|ten|twenty|"
    r"thirty|forty)\b)|"
    r"are meeting|is seeing|are seeing|is going|are going|is flying|is travelling|is traveling|"
    r"is heading|sees(?!\s+(?:me|us)\b)|visits(?!\s+(?:me|us)\b)|tiene|tem|hat|heeft)\b"
    rf"|(?<![-'])\b(?!(?:{alternation(_NOT_GOERS)})')([a-z]+)'s\s+(?:going|flying|heading|seeing|"
    r"visiting)\b"
    # "she's got ...", but not "she's coming (from work)": a companion joining the user
    # (not "her time (she's in dubai)": an aside that says where her clock is)
    r"|\b(?<!\()(?:he|she|they)\s*(?:has|have|is|'s|are|'re|got|does)\b(?!\s+(?:coming|joining)\b)"
    r"|\ba (?:son|sa|ses)\b"
)
# Others taking someone somewhere or doing a run: tried only on a context with one of
# ``_TAKING_STEMS`` (its negative look-ahead at every word costs as much as the rest).
_OTHERS_TAKING = re.compile(
    # "priya's mum is taking the twins", "school nurse is doing the jabs" (not "taking me",
    # "doing my filling", "the team is doing drinks": the user's own team)
    rf"(?<![-'])\b(?!(?:{alternation([*_NOT_SUBJECTS.split('|'), *_OWN_GROUPS])})\b)([a-z]+)"
    r"(?:'s)?\s+(?:is|are)\s+(?:taking(?!\s+(?:me|us)\b)|doing(?!\s+(?:me|us|my|our)\b))"
    # another grown-up takes the child or does the run: "hubby's taking josh to footy",
    # "auntie will carry her to the clinic", "the nanny does the tuesday pickup" (not "mum'll
    # take me", "the drive will take 40 mins", "let's do", "how does 3 sound")
    rf"|(?<![-'])\b(?!(?:{alternation(_NOT_DOERS)})\b)([a-z]+)"
    r"(?:(?:'s|'ll|\s+will|\s+is going to|'s going to|\s+go)\s+"
    r"(?:tak|driv|bring|collect|carry|pick)"
    # "my mil will take aarav for his ptm": taken "for" an appointment as "to" it
    r"(?:e|es|ing)?\s+(?:up\s+)?(?:him|her|them|(?!(?:me|us|you|u)\b)[a-z]+\s+(?:to|from|for)\b)"
    r"|(?:'s\s+doing|\s+does|\s+will do|'ll do)\s+(?:the\s+)?(?:[a-z]+\s+)?"
    r"(?:pickup|pick-up|pick up|drop-off|dropoff|drop off|school run|run|runs|collection))\b"
)
_TAKING_STEMS = ("tak", "doing", "does", " do ", "driv", "bring", "collect", "carr", "pick")
# The first word of each verb that ``_THIRD_PARTY`` has after its subject ("'s" is "s"), and
# a subject written together with its verb ("hehas"): a match begins at one of the words
# right before one of the first, or at one of the second.
_THIRD_PARTY_VERBS = wordset(
    "has have got is are s re covering sees visits tiene tem hat heeft going flying heading "
    "seeing visiting does son sa ses"
)
_GLUED_SUBJECT_VERBS = frozenset(
    who + verb
    for who in ("he", "she", "they")
    for verb in ("has", "have", "is", "are", "got", "does")
)
_WORD_OR_NUMBER = re.compile(r"[a-z0-9]+")
SUBJECT_RUNS = 3  # before the verb: the subject ("priya", "11s"), an honorific ("san"), "s"
_BEEN = re.compile(r"\s+been\b")
# "got" as a passive's helper: "... for mateo got moved to 10/26" (the event, not mateo, moved).
_CHANGED_AFTER = re.compile(
    r"\s+(?:moved|pushed|bumped|rescheduled|changed|postponed|shifted|cancell?ed|brought)\b"
)
# "has" as the perfect's helper: another arranged the user's meeting ("my lawyer has fixed the
# meeting", "sir has called all team leads for a review"), unless the event is theirs after it
# ("my son has booked his driving test").
_ARRANGED_AFTER = re.compile(
    r"\s+(?:\w+ed|set|made|put|sent|told)\b(?!(?:\s+[\w-]+)?\s+(?:his|her|their)\b)"
)
# People whose passive bookings are still theirs: "my son has been booked for his jab".
_WITH_SPEAKER = re.compile(r"\s+(?:with|w/)\s+(?:me|us)\b")
_THIRD_PARTY_VERB = re.compile(
    r"\b(?:has|have|got|having|is in|is|are|'s|'re|does|sees|visits|tiene|tem|hat|heeft|son|sa|ses|"
    r"will|'ll|go)\b"
)
# A word of each of its verbs ("'s" is the word "s"): a text with none has no third party.
_THIRD_PARTY_GATE = wordset(
    "has have got having is are s re does sees visits tiene tem hat heeft son sa ses will ll go"
)
WITH_ME = re.compile(
    r"\b(?:i'm|im|i am|i'll|we're|we are)\s+(?:all\s+|both\s+)?(?:taking|going|joining|coming)\b"
)
# "..., i'm driving her": the user goes along to someone else's event (said anywhere).
_GOING_ALONG_BRANCHES = (
    r"\b(?:i'm|im|i am|i'll|i will|we're|we'll|i|we)\s+(?:the one\s+)?"
    r"(?:(?:have|need|got|has)\s+to\s+|must\s+|gotta\s+)?"  # "i have to stay with her"
    r"(?:driving|drive|taking|take|"
    r"bringing|bring|accompanying|accompany|going with|coming with|joining|picking up|dropping|"
    r"sitting with|sit with|staying with|stay with|sitting in with|sit in with|carrying|carry)\s+"
    r"(?:him|her|them)\b|\b(?:i'll|ill|i will|we'll|we will)(?: both| all)? be there\b"
    r"(?! in spirit)"
    # bringing something along: "i'm bringing my cranberry salad", "i'll bring the cake"
    r"|\b(?:i'm|im|i am|i'll|ill|i will|we're|we'll|we will|we'd|i'd)\s+(?:be\s+)?bring(?:ing)?\s+"
    r"(?:my|our|the|a|an|some|dessert|snacks|drinks|wine|food)\b"
    # going to what another runs: "she's doing office hours at 3 so i'm def going to that"
    r"|\b(?:i'm|im|i am|i'll|ill|i will|we're|we'll)\s+(?:def(?:initely)?\s+|totally\s+)?"
    r"(?:going|go|coming)\s+to\s+(?:that|it|those|both)\b"
    r"|\b(?:i'll|ill|i will|we'll|we will|i'm|we're)\s+(?:go|going|head|heading)\s+"
    r"(?:straight\s+)?there\b"  # "she's got the vet at 8:40 so we'll go straight there"
    # time off taken to be there: "i've taken the day off to watch amara's races"
    r"|\b(?:i've|ive|i have|i'm|im|i am|i)\s+(?:taken|taking|took|booked|got)\s+(?:the|a)\s+"
    r"(?:day|morning|afternoon|half day|half-day)\s+off\s+(?:to|for)\b"
    # an invitation accepted: "i've said yes for both of us", "told him i'm coming"
    r"|\b(?:i've|ive|i have|i|we've|we)\s+(?:already\s+|just\s+)?said yes\b"
    r"|\b(?:rsvp'?d|rsvped)\s+yes\b|\bcount me in\b|\bsign me up\b"  # "count me in 🎳"
    r"|\b(?:told|texted|messaged)\s+(?:him|her|them)\s+(?:i'm|im|we're|i'll|we'll|"
    r"\w+ and i are)\s+(?:coming|in|going|there)\b"  # "told her mike and i are coming"
    r"|\b(?:told|texted|messaged)\s+(?:him|her|them)\s+yes\b"  # an offer taken
    # "i'm going with ammi", "..., i'm going, avi stays home": the user goes too
    r"|\b(?:i'm|im|i am)\s+going\s+with\s+(?!(?:the|a|an|it|that|this|option)\b)\w+"
    r"|\b(?:i'm|im|i am)\s+going(?=\s*[,.!;]|\s*$|\s+(?:regardless|anyway|either way|too|"
    r"as well|also)\b)"
    r"|\b(?:i'm|im|i am|i'll be|ill be|we're|we'll be)\s+at\s+both\b"  # "..., i'm at both"
    # "Sarah can't come so i'll go solo", "..., still going though"
    r"|\b(?:i'm|im|i am|i'll|ill|i will)\s+(?:still\s+)?(?:go|going)\s+"
    r"(?:solo|alone|on my own|by myself)\b|\bstill going(?= though\b|\s*[,.!;]|\s*$)"
    r"|\b(?:le|la|lo|les|los|las) llevo\b|\bvoy con (?:el|ella|ellos)\b"  # Spanish: i take"
    # "mummy's mri is at 7:30, we need to reach by 7": the user is to be there too
    r"|\b(?:i|we)\s+(?:need|have|must|should)\s+to\s+(?:reach|be there|get there)\b"
    r"|\b(?:i|we)\s+(?:need|have|must|got)\s+to\s+(?:take|drive|bring)\s+(?:him|her|them)\b"
    r"|(?:^|[,.!;]\s*)going with (?:my|our) \w+"  # "..., going with my daughter"
    # "taking dad to his hearing test", "i'm taking mum for her scan"
    r"|(?:^|[,.!;\n]\s*)(?:(?:i'm|im|i am|i'll be|we're) )?(?:taking|driving|bringing) "
    r"(?:my |our )?\w+ (?:to\b|for (?:his|her|their)\b)"
    # said after a day: "tomorrow morning i'm bringing lola to the pgh for her check-up"
    r"|\b(?:i'm|im|i am|i'll be|we're|i'll|we'll) (?:taking|driving|bringing|take|drive|bring) "
    r"(?:my |our )?\w+ (?:to\b|for (?:his|her|their)\b)"
    r"|(?:^|[,.!;\n]\s*)need to (?:take|drive|bring) (?:my |our )?\w+ "
    r"(?:to\b|for (?:his|her|their)\b)"  # "need to drive mum to her cataract op"
)
# "i'm taking the day off to go with her", "i'm going in with him": the last branch, and the
# dearest (it reads on up to 40 characters from every "i"); it cannot match without a word
# of each of ``_COMING_WITH_WORDS``.
_COMING_WITH = (
    r"\b(?:i|i'm|im|i'll|ill|i will|we|we'll)\b[^.!?\n]{0,40}?\b(?:go|going|come|coming)\s+"
    r"(?:in\s+|along\s+)?with\s+(?:him|her|them)\b"
)
_COMING_WITH_WORDS = (wordset("with"), wordset("go going come coming"), wordset("him her them"))
# A first-character check before the branches: the scan skips most positions at once.
GOING_ALONG = re.compile(rf"(?=[iwrcstmglvdbn,.!;\n])(?:{_GOING_ALONG_BRANCHES}|{_COMING_WITH})")
# The same without its last branch, for a text that lacks a word it needs: same matches.
_GOING_ALONG_NOT_WITH = re.compile(rf"(?=[iwrcstmglvdbn,.!;\n])(?:{_GOING_ALONG_BRANCHES})")
# Watched, not attended: TV and streams.
_TV = re.compile(
    r"\b(?:on tv|on telly|on netflix|on hbo|on bbc|on iplayer|on youtube|on prime|finale|"
    r"episode|premiere|season \d+|streams|broadcast|stream it|watch it|watching it|livestream|"
    r"watch them|watching them|watch that|watching that|watch from|watching from|"
    r"live stream|recording of|replay of|rerun of|highlights|recap of|who's watching|"
    r"(?:watch|catch|view) (?:the |it on )?(?:recording|replay)|"  # "i'll watch the recording"
    r"whos watching|kicks off|qualifying|grand prix|pub or mine|airs|airing|dekhenge|dekhunga|"
    r"dekhungi|catch the highlights|watch the highlights|on supersport|on dstv|on espn|"
    r"on sky sports|on bt sport|on tnt sports|on dazn|on peacock|on hotstar|on star sports|"
    r"on itv|on trt|on fox|on nbc|on cbs|on abc|on channel \d+|on cbc|on pbs|on rai|on tf1|"
    r"on ard|on zdf|on rte|on sbs|auf sky|live auf|in tv|ep|on the radio|on radio|listen to it|"
    r"what channel|which channel|on tvnz|on tv3|on stan|glued to the (?:tv|telly|box|screen)|"
    r"in front of the (?:tv|telly)|"
    r"on rtl|on sky|on canal\+?|on globo|on zee|on sony|on disney\+?|on apple tv|on hulu|"
    r"on crave|on foxtel|on kayo|on showmax|"
    # watched at home or on TV in other languages: "lo vemos en casa", "im free-tv"
    r"lo vemos|la vemos|vemos el partido|on le regarde|schauen wir|guardiamo la partita|"
    r"im free-tv|im tv|free-tv|en la tele|a la tele|na tv|in tv|"
    # "we'll watch (it at home)" in more languages, as folded: Basque, Welsh, Irish,
    # Slovene and Serbo-Croatian, Hungarian, Romanian, Turkish, Swahili, Hausa, Indonesian,
    # Finnish, Estonian, Icelandic, Latvian, Lithuanian, Bengali, Galician, Persian, Arabizi
    r"ikusiko dugu|etxean ikusiko|dwi'n gwylio|gwylio adre|ag feachaint|gledamo doma|"
    r"gledamo kod kuce|gledamo utakmicu|nezzuk otthon|otthon nezzuk|ne uitam acasa|"
    r"evde izleyecegiz|evde izleriz|izleyecegiz|tutaangalia nyumbani|tutatazama nyumbani|"
    r"za mu kalli|nonton bareng|nobar|nonton di rumah|katsotaan kotona|vaatame kodus|"
    r"horfum heima|skatisimies majas|ziuresime namie|barite dekhbo|vemolo na casa|"
    r"tamasha mikonim|hanshoof|"
    r"listening to it)\b|\(tv\)"
    # on a broadcaster, in other languages: "PSG - OM à 21h sur Canal+", "a las 21:00 en DAZN"
    + rf"|\b(?:{alternation(sorted(TV_ON_ABROAD))})\s+(?:{alternation(sorted(BROADCASTERS))})"
    # the channel alone or with its channel's word, not a place named for it ("en sky tower")
    + r"(?![\w+])(?=\s*(?:$|[^\w\s]|(?:sports?|deportes|uno|one|go|max|plus|premier|f1|"
    r"cinema|tv|app|\d)\b))"
)
# Gates: a text holding none of these words cannot match the patterns they stand for.
_DECLINE_GATE = (
    gate_words("|".join((PAST_PHRASES, HABIT_PHRASES, HYPOTHETICAL_PHRASES, NEGATION_PHRASES)))
    | gate_words(EVERY_BEFORE_A_DAY)
    | ALWAYS_WORDS
)
_CODE_GATE = wordset(
    "git commit select error warn warning info debug assert tz cron sh py js ts rb sql yml yaml"
)
_CODE_MARKS = ("`", "==", "{", ">=", "<=", "();", "=>")
# One pass for the message-level check of ``every_clause_declines``.
_DECLINE = re.compile(
    f"(?:{phrases('|'.join((PAST_PHRASES, HABIT_PHRASES, HYPOTHETICAL_PHRASES, NEGATION_PHRASES)))}"
    f"|{EVERY_DAY_HABIT}|{ALWAYS_HABIT}){_NOT_REFUSING}{_BOOKING_TOLD}{_PAST_DAY_OWNS}"
)  # one trie for the four: "no problem", "not later than" decline nothing
# A word each of those phrases holds (its longest): a text with none of them declines nothing.
_DECLINE_RARE = (
    rare_words("|".join((PAST_PHRASES, HABIT_PHRASES, HYPOTHETICAL_PHRASES, NEGATION_PHRASES)))
    | EVERY_DAYS  # each of EVERY_DAY_HABIT's matches holds one
    | ALWAYS_WORDS
)
# Every word of one of those phrases, of an "every" before a day ("todos los"), or an
# "always": a text with none of them whole declines nothing (most texts with a rare word).
_DECLINE_PHRASES = PhraseGate(
    "|".join(
        (PAST_PHRASES, HABIT_PHRASES, HYPOTHETICAL_PHRASES, NEGATION_PHRASES, EVERY_BEFORE_A_DAY)
    )
    + "|"
    + "|".join(sorted(ALWAYS_WORDS))
)
# "check-in opens at 4:40", "the office closes at 5": opening hours, not a meeting.
# A request to the bot, not a hypothetical: "would you kindly note that", "could u remind me".
# A request to note something, or a formal statement of it: "would you kindly note that ...",
# "i wish to record that ...", "i'd like to confirm ..." (not a wish, not a hypothetical).
_REQUEST = re.compile(
    r"\b(?:(?:would|could|can|will)\s+(?:you|u)\s+(?:kindly\s+|please\s+|pls\s+)?"
    r"(?:note|remember|remind|add|put|save|write|book)"
    r"|i\s+(?:wish|would like|'d like)\s+to\s+(?:record|inform|confirm|notify|advise|report"
    r"|state|let you know|tell you|remind you))\b"
)
_REQUEST_GATE = wordset("you u wish like")
# The listener invited along, the plan made whatever they say: "... drinks at 7 if you wanna
# come", "if u fancy joining".
_JOIN_IF_YOU = re.compile(
    r"\bif (?:you|u|anyone|you guys|y'all)\s+(?:wanna|want to|want|fancy|feel like|'d like to|"
    r"would like to|are free to|can)\s+(?:come|join|joining|coming|tag along|come along|pop by)\b"
)
_ASK_IF = re.compile(r"\b(?:lmk|let me know|tell me|ask (?:him|her|them))\s+if\b")
_OFFER_WORDS = re.compile(r"\b(?:works?|suits?|ok|okay|good|fine|free|available)\b")
_POSTED_HOURS = re.compile(
    r"\bhours\s*(?::|are\b|(?:mon|tue|wed|thu|fri|sat|sun)\w*\s*[-\u2013])"
    r"|\bopening (?:hours|times)\b|\btimings\b|\bmon\s*-\s*fri\b"
    r"|\brota\b|\broster\b"
    r"|\baccording to (?:the |their )?(?:\w+ )?timetable\b|\bprayer times\b"  # a mosque's
    # weekdays' span as other languages post it: "Mo–Fr 8–12 Uhr", "pn-pt", "lun-ven", "seg-sex"
    r"|\b(?:mo\s*-\s*(?:fr|sa)|pn\s*-\s*(?:pt|sob)|lun\s*-\s*(?:ven|sam)|lu\s*-\s*(?:vi|sa)"
    r"|seg\s*-\s*(?:sex|sab)|ma\s*-\s*(?:vr|za)|ma\s*-\s*(?:pe|la))\b"
    r"|\bczynn[aey] w godz|\bgodziny otwarcia\b|\boppettider\b|\babningstider\b"
    # a pharmacy's turn on duty, a building's quiet hours: "farmacia de guardia", "notdienst"
    r"|\b(?:pharmacy|chemist|farmacia|pharmacie|apotheke) (?:on duty|de guardia|di turno|de garde)"
    r"|\bnotdienst\b|\bquiet hours\b"
    # a place's hours headed as such (plural: "horario: 10:30" is a slot): French, German,
    # Italian, Dutch, Finnish
    r"|\b(?:horaires|offnungszeiten|orari|openingstijden|aukioloajat)\b"
)
_HOURS_WORDS = wordset(
    "hours opening timings mon rota roster timetable prayer mo pn lun lu seg ma czynna czynne "
    "czynny godziny oppettider abningstider pharmacy chemist farmacia pharmacie apotheke "
    "notdienst quiet horaires offnungszeiten orari openingstijden aukioloajat"
)
_NOTICE = re.compile(
    r"\bwill be (?:interrupted|shut off|switched off|cut off)\b"
    r"|\b(?:interruption|outage|load shedding|brownout|blackout)\b"
    r"|\b(?:scheduled|planned|system|under) maintenance\b"
    # power or water off, in Spanish, Portuguese, French and German
    r"|\b(?:corte|cortes) de (?:luz|agua|energia)\b|\b(?:sin|sem) (?:luz|agua)\b"
    r"|\bfaltar (?:luz|agua|energia)\b|\bcoupure\b|\bstromausfall\b|\bapagon\b"
    r"|\b(?:power|water|gas) (?:cut|shutdown)\b|\bmaintenance\s*:"
    r"|\bservices? (?:will be )?unavailable\b|\bpanne (?:d'eau|de courant|d'electricit)"
    # works that stop a service, in Swedish, Polish, German, Spanish, Portuguese, Dutch
    r"|\bunderhall\b|\bprac(?:e)? serwisow|\bniedostepn|\bwartungsarbeiten\b|\bbauarbeiten\b"
    r"|\bmantenimiento\b|\bmanutencao\b|\bonderhoud\b|\breplace trains\b|\brail replacement\b"
    r"|\b(?:deploys?|deployments?|changes|merges|releases) (?:are |will be )?frozen\b"
    r"|\b(?:code|change|deploy) freeze\b"  # "deploys frozen from friday 18:00"
)
# A transit line's service notice: "trains every 4 min 07:00-09:30, last train 23:45" (its own
# pattern: the notice pattern is long, and rides are often named in plans).
_LINE_SERVICE = re.compile(
    r"\bservice (?:notice|update|alert|change)s?\b"
    r"|\b(?:trains|buses|trams|ferries|services|departures) (?:every|each) \d+\s*min"
    r"|\b(?:first|last) (?:train|bus|tram|ferry|metro|boat|departure)\b"
)
_LINE_SERVICE_WORDS = wordset("service trains buses trams ferries services departures first last")
_LINE_VEHICLES = wordset(
    "service trains buses trams ferries services departures train bus tram "
    "ferry metro boat departure"
)
_NOTICE_WORDS = wordset(
    "interrupted shut switched cut interruption outage maintenance shedding brownout blackout "
    "corte cortes sin sem faltar coupure stromausfall apagon unavailable underhall prac prace "
    "niedostepne niedostepna niedostepny wartungsarbeiten bauarbeiten mantenimiento manutencao "
    "onderhoud replace replacement frozen freeze shutdown panne"
)
_WAITLIST = re.compile(  # not a list once waited on: "after 3 weeks on the waitlist"
    r"\b(?:you're|youre|you are|i'm|im|i am|we're|we are|still|currently)\s+(?:#\d+\s+)?"
    r"on\s+(?:the|a|our)\s+wait(?:ing)?[ -]?list\b|\bwait(?:ing)?[ -]?listed\b"
)
# A waiting list in other languages (as folded), anywhere in the notice's paragraph before
# the slot: "bekleme listesine alındınız ... 10:30 randevusu açılırsa", "lista de espera".
_WAITLIST_ABROAD = re.compile(
    r"\b(?:bekleme listesi(?:ne|nde)?|lista de espera|liste d'attente|warteliste|"
    r"lista d'attesa|lista di attesa|wachtlijst|liscie oczekujacych|lista oczekujacych|"
    r"vantelista|vantelistan|venteliste|ventelisten)\b"
)
_WAITLIST_ABROAD_WORDS = wordset(
    "listesi listesine listesinde espera d'attente attente warteliste attesa d'attesa wachtlijst "
    "oczekujacych vantelista vantelistan venteliste ventelisten"
)
_BOOKING_OPENS = re.compile(
    r"\b(?:booking|bookings|booking slots|slots|appointments|sign-ups|signups)\s+"
    r"(?:will\s+)?(?:open|opens|go live|goes live)\b"
)
# A time still to be given: "the clinic will text us a time", "they'll send a slot".
_TIME_TO_COME = re.compile(
    r"\b(?:will|'ll|are going to|is going to)\s+(?:text|call|email|e-mail|send|give|confirm|let)\s+"
    r"(?:(?:us|me|you)\s+)?(?:(?:a|the)\s+)?(?:time|slot|date|appointment|know the time)\b"
)
_TIME_TO_COME_WORDS = wordset("time slot date appointment")
_TIME_TO_COME_VERBS = wordset("text call email e-mail send give confirm let")
# Words each pattern cannot match without (cheap gates).
_WAITLIST_WORDS = wordset("waitlist waitlisted waiting wait")
_OPENING_WORDS = wordset("open opens live")
_BOOKING_WORDS = wordset("booking bookings slots appointments sign signups")  # "sign-ups"
_DAY_PAIR = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:and|&|/)\s*(?:mon|tue|wed|thu|fri|sat|sun)"
    # or three in a row: "my turn for the school run mon wed fri, 8:20"
    r"|\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+){2}(?:mon|tue|wed|thu|fri|sat|sun)"
)
_DAYS_IN_A_ROW = 3
_OPENING_PHRASES = (
    "opens|closes|open until|open from|is open|are open|open till|is now open|now open|open at|"
    "shuts|shut at|timings|opening hours|closed|reopening|check-in from|check in from|"
    "check-out by|checkout by|abre|fecha|abierto|cierra|ouvre|ferme|offnet|schliesst|"
    "apre|chiude|offen|geoffnet|ouvert|aperto|aberto|aberta|will close|close at|close early|"
    "buka|tutup|abierta|funciona|funcionara|horario|horarios|offnungszeiten|horaires|"
    "orari|openingstijden|geopend|opening times|ouverture|"
    "abrimos|fechamos|cerramos|apriamo|chiudiamo|ouvrons|fermons|"
    "fur sie da|fur euch da"  # a practice's hours: "ab 8:00 Uhr wieder für Sie da"
)
_OPENING_HOURS = re.compile(
    phrases(_OPENING_PHRASES) + r"|'s open\b|\bopen\s+(?=\d)|\bhours\s*:|\bmon\s*-\s*fri\b"
    # "registrations close friday at 5pm", "the shops close at 6": a closing time
    r"|\b[a-z]{3,}s\s+close\b(?!\s+(?:to|by|friends?|calls?|enough|second|together|up)\b)"
)
# An opening told only as what the clause's plan comes before or after: "case review with dr
# banda tomorrow 7:45 before opd opens at 8".
_OPENING_AS_REFERENCE = re.compile(r"\b(?:before|after|until|till|once)\s+(?:\S+\s+){0,3}$")
OPENING_REFERENCE_CHARS = 32


def _opening_hours(clause: str) -> bool:
    """Whether the clause tells opening hours, not as the reference point of a plan."""
    return any(
        _OPENING_AS_REFERENCE.search(clause, max(0, m.start() - OPENING_REFERENCE_CHARS), m.start())
        is None
        for m in _OPENING_HOURS.finditer(clause)
    )


_EXCEPT = re.compile(phrases(EXCEPT_PHRASES))
# Not a booking's cancellation policy: "cancel up to 24h before", "cancel by 6pm friday".
CANCEL = re.compile(
    f"(?:{phrases(CANCEL_PHRASES)})"
    r"(?!\s+(?:up to|until|till|by|no later than|at least|within|free of charge)\b)"
    # told of long ago: "the mri i put off last year", "cancelled for months"
    r"(?!\s+(?:last (?:year|month|week|time|summer|spring|autumn|fall|winter)|for (?:weeks|"
    r"months|years|ages)|since)\b)"
    r"|\b(?:been|was|were|got)\s+(?:cancell?ed|postponed)(?=\s+by\b)"  # "... has been
    # cancelled by the clinic": done by someone, not a deadline to cancel by
    r"|\bfallt\s+(?:\w+\s+){1,3}?aus\b"  # German, split: "fällt leider aus"
)
RESCHEDULE = re.compile(
    phrases(RESCHEDULE_PHRASES)
    + r"|\b(?:is|are|'s)\s+now(?=\s+(?:at|on|for|from|\d|tomorrow|today|tonight|next|this|"
    r"mon|tue|wed|thu|fri|sat|sun)\w*)"
)
# Words each of the patterns of a change or an exception cannot match without (cheap gates).
_CANCEL_GATE = rare_words(CANCEL_PHRASES)
_MOVE_GATE = rare_words(RESCHEDULE_PHRASES) | {"now"}  # "the call is now at 3"
_EXCEPT_GATE = rare_words(EXCEPT_PHRASES)
_ABBREVIATION = re.compile(
    rf"\b(?:{alternation(TITLE_ABBREVIATIONS | {'vs', 'approx', 'appt', 'e.g', 'i.e', 'no'})})$"
    r"|(?<=\d )[ap]$|(?<=\d [ap]\. )m$"
    rf"|(?<=\s)(?:{alternation(DEGREE_ABBREVIATIONS)})$|(?<=\.\s)[a-hj-tv-z]$"
)  # "with dra. lima", "10:30 a. m." (Spanish), "lek. dent. a. kowalczyk": no sentence end
_PROPOSAL = re.compile(
    r"\b(?:should|could|would|shall|can we|do we|anyone|any takers|who's in|whos in|who is in|"
    r"who's free|whos free|who wants|up for)\b"
)
_GROUP_ASK = re.compile(r"\b(?:who's|whos|who is|anyone) (?:in|up) for\b")
# "how early should i get there ...": a question about getting to a booked meeting.
_GETTING_THERE = (
    r"how early|how long before|when should i leave|what should i (?:wear|bring)|"
    r"(?:can|could|would|will) (?:you|u) (?:please )?(?:put|add|save|note|pop|stick|set|remind)|"
    r"(?:remember|recall|know) (?:if|whether) (?:my|our)"
)  # or asks the bot to keep it: "i booked the optician for friday at 2, can you put that in",
# or whether the user's own booking stands: "do you remember if my scan is still 4:10 friday?"
_GETTING_THERE_ASK = re.compile(rf"\b(?:{_GETTING_THERE})\b")
_GETTING_THERE_GATE = wordset("how when what you u remember recall know")  # each phrase has one
_BOOKED_ASK = re.compile(rf"\b(?:{_GETTING_THERE}|for (?:my|an?) (?:\d|[a-z]+ (?:at|on) \d))")
# "i will share the test cases by eod", "need to submit the report by 5": a task.
_TASK = re.compile(
    r"\b(?:i will|i'll|ill|i need to|need to|need 2|i have to|have 2|i must|must|gotta)\s+"
    r"(?:share|send|submit|finish|email|pay|file|upload|post|return|renew|deliver|hand in|"
    r"complete|review|sign|print|call|ring|phone|text|email|ping|try ringing|try calling)\b"
    # trying to get one is no appointment yet: "i'll try ringing tomorrow to get an appointment"
    r"|\bto (?:get|book|make|grab) (?:an? |the )?(?:appointment|appt|slot|booking)\b"
)
_QUESTION_BOOKED = re.compile(
    r"\b(?:remind|wear|prepare|prep|bring|for my|about my|to my|before my|after my|still on)\b"
)  # "are we still on for the 4.30 walkthrough today?" asks about a booked one


# On a text this long, which clauses may hold a time is read off the word index at once.
_LONG_TEXT_CHARS = 120
_ENDS_SENTENCE = re.compile(r"\.\s+[a-z]")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+\S+\s*$")
# Company named in a list: "with karen and finance," "w/ raj and the team." (one clause).
_WITH_ONE_BEFORE = re.compile(r"\b(?:with|w/)\s+(?:the\s+|my\s+|our\s+)?[\w'-]+\s+$")
# ... and one more, then a mark or the time: "with my landlord and his family at 7pm".
_ONE_MORE = re.compile(
    r"and\s+(?:the\s+|his\s+|her\s+|their\s+|my\s+|our\s+)?[\w'-]+\s*"
    r"(?:[,.;!?]|(?:at|@|tomorrow|tonight|today)\b)"
)
_PLURAL_SUBJECT = re.compile(r"\s(?:are|have)\b")
_WITH_BEFORE = re.compile(
    r"\b(?:(?:with|w/|w)\s+(?:(?:the|our|a|an)\s+)?(?:[a-z]+\s+)?|(?:and|to)\s+)$"
)


def clauses(s: str, protect: list[Group]) -> list[tuple[int, int]]:
    """The clauses of ``s`` as (start, end) spans; a cut never falls inside a time."""
    found = _cuts(s)
    if not found:
        return [(0, len(s))] if s else []
    cuts = [0]
    inside = bytearray(len(s) + 1)  # one flag per character: a time covers it
    for g in protect:
        inside[g.start : g.end] = b"\x01" * (g.end - g.start)
    for pos in found:
        # inside a time, no cut, except the full stop "9:20 am." ends with
        if _locality_after_place(s, pos):
            continue  # "at Nyayo House, Nairobi is on 15/07": the place's town, no clause
        if not inside[pos] or (_ENDS_SENTENCE.match(s, pos) is not None and not inside[pos + 1]):
            cuts.append(pos)  # not the dots of "pátek 22. 10. v 8:00", one time
    if "(" in s:
        cuts = _without_asides(s, cuts, inside)
    cuts.append(len(s))
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


# A place's town after a comma, then what is said of the booking: ", nairobi is on",
# ", begumpet is booked on", ", whitefield on 18/06".
_LOCALITY = re.compile(
    r",[^\S\n]+[a-z][\w'-]*(?:[^\S\n]+[a-z][\w'-]*)?[^\S\n]+"
    r"(?:is[^\S\n]+(?:on|booked|scheduled|confirmed)\b|on[^\S\n]+\d)"
)
# The place before it, said with "at": "at nyayo house", "at passport seva kendra".
_AT_PLACE_BEFORE = re.compile(
    r"\b(?:at|@)[^\S\n]+(?:the[^\S\n]+)?[\w'&.-]+(?:[^\S\n]+[\w'&.-]+){0,3}$"
)
LOCALITY_PLACE_CHARS = 40  # "at " and a place of up to four words


def _locality_after_place(s: str, pos: int) -> bool:
    """Whether the comma at ``pos`` only parts a place said with "at" from its town."""
    return (
        s.startswith(",", pos)
        and _LOCALITY.match(s, pos) is not None
        and _AT_PLACE_BEFORE.search(s, max(0, pos - LOCALITY_PLACE_CHARS), pos) is not None
    )


def _without_asides(s: str, cuts: list[int], inside: bytearray) -> list[int]:
    """``cuts`` less those around a short aside with no time in it: "your appointment at PSK
    (Lalbagh) is on 17/01 at 10:15", "interview with Ms. Okafor (Grade 3) is confirmed for
    ..." stay one clause, so the event keeps its time."""
    kept: list[int] = []
    skip_to = -1
    for k, pos in enumerate(cuts):
        if pos <= skip_to:
            continue
        close = s.find(")", pos) if s[pos] == "(" else -1
        if (
            0 < close - pos <= ASIDE_CHARS
            and not any(inside[pos:close])
            and _aside(s[pos + 1 : close])
            and all(c >= close or c <= pos for c in cuts[k + 1 : k + 3])
        ):
            skip_to = close  # the aside's own cuts go too; one after the ")" stays
            continue
        kept.append(pos)
    return kept


def _aside(text: str) -> bool:
    """A name or label said in passing ("Lalbagh", "Grade 3", "ENT"), not a clause of its own
    ("was 4", "sam's class is doing a song")."""
    words = text.split()
    return 0 < len(words) <= ASIDE_WORDS and FUNCTION_WORDS.isdisjoint(words)


def _cuts(s: str) -> list[int]:
    """Where ``s`` may be cut into clauses, whatever its times: found once per text, shared."""
    index = index_of(s)
    if index.clause_cuts is not None:
        return index.clause_cuts
    found = list(_CLAUSE_MARK.finditer(s))
    clause_words = list(scan(_CLAUSE_WORD, index, _CLAUSE_WORD_GATE))
    if clause_words:
        found += clause_words
        found.sort(key=_start)
    cuts: list[int] = []
    for m in found:
        pos = m.start()
        mark = m.group()
        if mark == "and" and (
            _BETWEEN_BEFORE.search(s, max(0, pos - 40), pos)
            or (_WITH_ONE_BEFORE.search(s, max(0, pos - 30), pos) and _ONE_MORE.match(s, pos))
        ):
            continue  # "between 2 and 4", "with karen and finance, thursday 2pm": one clause
        if mark[0] == "." and (
            _ABBREVIATION.search(s, max(0, pos - 6), pos) or s.startswith(",", pos + 1)
        ):
            continue  # "dr. feld", "am di., 14.09.": a full stop before a comma abbreviates
        cuts.append(pos)
    index.clause_cuts = cuts
    return cuts


def _start(m: re.Match[str]) -> int:
    return m.start()


def every_clause_declines(s: str, words: frozenset[str]) -> bool:
    """Whether each clause that may hold a time is past, habitual, hypothetical or negated.

    Such a message schedules nothing, so it is not parsed further. Messages that cancel or
    move something, or make an exception ("no meetings except ..."), are always parsed.
    """
    if words.isdisjoint(_DECLINE_RARE) or not _DECLINE_PHRASES.admits(words):
        return False
    # The declining phrases first: half the texts with a rare word have none, and then the
    # checks below need not run.
    declines = [
        m.start()
        for m in scan(_DECLINE, index_of(s, words), _DECLINE_GATE)
        if not _NOT_A_TIME.match(s, m.start())  # "not till 3" declines nothing
    ]
    if not declines:
        return False
    asked = _ASK_IF.search(s) if "if" in words else None
    if asked is not None and not _OFFER_WORDS.search(s, asked.end()):
        return False  # "lmk if u can make it to my gig fri 9pm": read on
    if (
        (not words.isdisjoint(_CANCEL_GATE) and CANCEL.search(s))
        or (not words.isdisjoint(_MOVE_GATE) and RESCHEDULE.search(s))
        or (not words.isdisjoint(_EXCEPT_GATE) and _EXCEPT.search(s))
        or (not words.isdisjoint(_GETTING_THERE_GATE) and _GETTING_THERE_ASK.search(s))
        or (not words.isdisjoint(_REQUEST_GATE) and _REQUEST.search(s))
        or goes_along(s, words)
    ):
        return False  # a change, an exception, a question about a booked one, a request
        # ("would you kindly note that ..."), an offer accepted ("i said yes"): read on
    k, n = 0, len(declines)  # in order: walk them beside the clauses
    if len(s) < _LONG_TEXT_CHARS:
        for a, b in clauses(s, []):
            while k < n and declines[k] < a:
                k += 1
            if (k == n or declines[k] >= b) and may_hold_time(s[a:b]):
                return False
        return True
    # On a long text: a clause may hold a time when a number or a time word begins in it
    # (no word or number runs over a clause's edge); walk those too.
    timed = index_of(s).starts(TIME_WORDS, digits=True)
    t, m = 0, len(timed)
    for a, b in clauses(s, []):
        while k < n and declines[k] < a:
            k += 1
        while t < m and timed[t] < a:
            t += 1
        if (k == n or declines[k] >= b) and t < m and timed[t] < b:
            return False
    return True


# Code, logs and commands: "git commit -m ...", `cron`, "SELECT ... FROM", "ERROR 2027-...".
_CODE = re.compile(
    r"`|\bgit\s+(?:commit|push|pull|merge|rebase|checkout|clone|log|diff|status|add|stash|reset)\b"
    r"|\bassert\b|==|\btz bug\b|\bcommit\s+-m\b|\bselect\b.+\bfrom\b"
    r"|\b(?:error|warn|info)\b\s+\d{4}-|\bcron\b|\*\s+\*|\b\w+\.(?:sh|py|js|ts|rb|sql|ya?ml)\b"
    # a log line: "2027-05-16 03:12:45 WARN ...", "[2027-05-16 03:12:45] INFO ..."
    r"|(?:^|\n)\[?\d{4}-\d\d-\d\d[ t]\d\d:\d\d:\d\d[^\s\]]*\]?\s+"
    r"(?:error|warn|warning|info|debug)\b"
    r"|\bif\s*\(.*\)\s*\{|\w\(.*\);|[<>]=\s*\d|=>"
)
# "please call us to reschedule your appointment": a change asked for, not made.
_CHANGE_REQUESTED = re.compile(
    r"\b(?:to|please|pls|need to|want to|have to|can we|could we|should we|should i)\s+$"
)
# "can we push our call to 4?", "should i move the dentist to friday": proposed, not asked.
_CHANGE_PROPOSED = re.compile(r"\b(?:can we|could we|should we|should i)\s+$")


# ... or lists one more thing of the same subject: "he's got his driving test on tuesday, a job
# interview on wednesday at 2".
_CONTINUES = re.compile(
    r"[\s,;-]*(?:and then|and after that|then|after that|followed by|"
    r"and(?=\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:at|@)\s)|"  # "... at 8:10 and pick-up at 3"
    r"(?:and\s+)?(?:a|an|his|her|their)(?=\s+[a-z]))\b"
)
_OWN_SUBJECT = re.compile(r"\b(?:i|i'm|im|i'll|ill|i've|me|my|we|we're|we'll|our|us)\b")
_SENTENCE_MARK = re.compile(r"[.!?\n]")
# Cheap gates: a word each of ``_TV``, ``_OPENING_HOURS`` and ``_TASK`` cannot match without.
_TV_GATE = TV_WORDS | wordset(
    "tv telly netflix hbo bbc iplayer youtube prime finale episode premiere season streams "
    "broadcast stream watch watching livestream live recording replay rerun highlights recap "
    "kicks qualifying grand pub airs airing vemos regarde schauen guardiamo tele "
    "ikusiko etxean gwylio feachaint gledamo nezzuk otthon uitam izleyecegiz evde "
    "tutaangalia tutatazama za nonton nobar katsotaan vaatame horfum skatisimies ziuresime "
    "barite vemolo tamasha hanshoof dwi'n"
)
_OPENING_HOURS_GATE = rare_words(_OPENING_PHRASES) | wordset("open hours mon close")
_TASK_GATE = wordset(
    "share send submit finish email pay file upload post return renew deliver hand complete "
    "review sign print call ring phone text ping ringing calling get book make grab"
)
_NOT_ATTENDED_GATE = _TV_GATE | _OPENING_HOURS_GATE | _TASK_GATE  # any of the three
# "swim practice tues and thurs": two days need a word beginning with a day's first letters.
_DAY_PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_PREFIX = re.compile("|".join(_DAY_PREFIXES))
# An event posted for anyone, or advertised: "all are welcome", "join our free webinar ...
# register here". A word ``_WELCOME`` cannot match without:
_WELCOME_GATE = wordset(
    "welcome open register sign book grab tickets limited join rsvp opening slot reply"
)
_WELCOME_FIRST = wordset(  # where a match of ``_WELCOME`` can begin
    "all everyone everybody anyone residents members families public open register sign book "
    "rsvp grab get tickets limited join we there a reply"
)
_WELCOME = re.compile(
    r"\b(?:all|everyone|everybody|anyone|residents|members|families|public)(?: are| is)?"
    r" (?:very |most )?welcome\b|\bopen to (?:all|everyone|the public|anyone)\b"
    r"|\b(?:register|sign up|book|rsvp) (?:here|now|online|today)\b"
    r"|\b(?:book|grab|get) your (?:spot|place|seat|ticket|tickets)\b"
    r"|\btickets (?:are )?(?:available|on sale)\b|\blimited (?:spaces|spots|places|seats)\b"
    r"|\bjoin (?:us|our)\b(?=[^.!?\n]*\b(?:free|register|sign up|tickets|link)\b)"
    # a slot offered, not yet taken: "we have an opening thursday at 10:15 ... reply yes"
    r"|\b(?:we have|there's|there is) an? (?:opening|cancellation slot|slot available)\b"
    r"|\ba (?:slot|space|place) has (?:come up|opened up|become available)\b"
    r"|\breply (?:yes|y|ok|1) (?:\w+ ){0,4}?to (?:book|take|claim)\b"
)
_SPEAKER_GOES = re.compile(
    r"\b(?:i'll|ill|i will|we'll|we will|i'm|im|we're)\s+(?:definitely\s+|def\s+)?"
    r"(?:be there|come|coming|going|go|attend|attending|in)\b|\bsee you there\b|\bcount me in\b"
)
_ALONG_GATE = wordset(
    "i im we me rsvp'd rsvpd rsvped going told texted messaged taking we'd i'd llevo voy still "
    "driving bringing"
)
# A word ``GOING_ALONG`` cannot match without.
_ALONG_PERSON = wordset(
    "him her them there bring bringing that it those yes going in up to llevo con solo alone his "
    "their own myself"
)
# Where a match of ``GOING_ALONG`` can begin: where the first word of one of its branches
# begins, or, when one of ``_ALONG_AFTER_MARK`` is said ("..., going with my daughter",
# "taking dad to his hearing test", "need to drive mum to ..."), at the start or at a mark.
_ALONG_FIRST = wordset(
    "i im ill ive we rsvp rsvpd rsvped count sign told texted messaged still le la lo les los "
    "las voy"
)
_ALONG_AFTER_MARK = wordset("going taking driving bringing")
_CARRY_VERBS = wordset("take drive bring")  # "need to drive mum to her op": "need" and one


def _needs_to_take(words: frozenset[str]) -> bool:
    return "need" in words and not words.isdisjoint(_CARRY_VERBS)


_ALONG_MARK = re.compile(r"[,.!;\n]")
_JOIN_VERBS = wordset("taking going joining coming")  # a word ``WITH_ME`` cannot match without
# Two times offered as alternatives: "tue 10am, wed 2pm or thu 9am", "3pm or 4pm".
ALTERNATIVE = re.compile(
    rf"[^\w\n.!?]*,?[^\w\n.!?]*(?:{OR_WORDS})[^\w\n.!?]*(?:[£$€]\s?\d[\d,.]*\s+(?:at\s+)?)?$"
)  # "06:10 or €142 at 13:30": a price may come with the other time


def declined_in_script(s: str, pos: int) -> bool:
    """Whether the sentence around ``pos`` turns its plan down in another script: called off
    ("내일 2시 meeting 취소됐어요"), not going, no need to add it ("不用 add"), past, last week,
    or someone else's ("엄마 내일 3시 dentist") that the user does not go along to."""
    if not has_native_script(s):
        return False
    a, b = sentence_around(s, pos)
    if _NATIVE_DECLINE.search(s, a, b) is not None:
        return True
    # someone else named before the time, as its subject ("他明天3点 dentist"; not "..., 他说 ok")
    return _NATIVE_OTHERS.search(s, a, pos) is not None and _NATIVE_ALONG.search(s, a, b) is None


def _sentence_past_titles(s: str, pos: int) -> tuple[int, int]:
    """``sentence_around`` with the sentence before joined when a title's dot parted them
    ("... for dr. patel on thu 3/11")."""
    start, end = sentence_around(s, pos)
    while start > 1 and s[start - 1] == ".":
        if _ABBREVIATION.search(s, max(0, start - 1 - TITLE_CHARS), start - 1) is None:
            break
        start = sentence_around(s, start - 1)[0]
    return start, end


TITLE_CHARS = 8  # "approx", "dra", "prof"


def sentence_around(s: str, pos: int) -> tuple[int, int]:
    """The span of the sentence around ``pos``: after the last ".", "!", "?" or line break
    before it that a space follows (or that stands right before it), up to the first one
    after it that a space or the end follows."""
    index = index_of(s)
    if index.sentence_marks is None:
        n = len(s)
        marks = [m.start() for m in _SENTENCE_MARK.finditer(s)]
        # a line break always ends one ("- 3 PM power cut\n- 6 PM dinner"); a mark, when a
        # space or the end follows
        spaced = [i for i in marks if i + 1 < n and (s[i] == "\n" or s[i + 1].isspace())]
        ends = [i for i in marks if i + 1 == n or s[i] == "\n" or s[i + 1].isspace()]
        index.sentence_marks = spaced, ends
    spaced, ends = index.sentence_marks
    if pos > 0 and s[pos - 1] in ".!?\n":
        start = pos
    else:
        k = bisect_left(spaced, pos)
        start = spaced[k - 1] + 1 if k else 0
    k = bisect_left(ends, pos)
    return start, ends[k] if k < len(ends) else len(s)


def routine(s: str, pos: int) -> bool:
    """Whether the sentence around ``pos`` names two weekdays for one thing ("swim practice
    tues and thurs 4-6", "my shift is 0700-1900 sat and sun"): a routine."""
    index = index_of(s)
    if index.day_pair is None:  # no two days anywhere: none in any sentence
        index.day_pair = (
            _DAY_PREFIX.search(s) is not None
            and (
                "and" in s  # what joins two days, or three days in a row
                or "&" in s
                or "/" in s
                or sum(w.startswith(_DAY_PREFIXES) for w in index.words()) >= _DAYS_IN_A_ROW
            )
            and _names_a_day_pair(s, index)
        )
    if not index.day_pair:
        return False
    return _DAY_PAIR.search(s, *sentence_around(s, pos)) is not None


# A span of weekdays: "mon-thu", "tues - fri".
_DAY_SPAN = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*-\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b"
)
DAY_SPAN_CHARS = 16  # "tues - thurs" and a space or two, either side of the time


def day_span_beside(s: str, start: int, end: int) -> bool:
    """Whether a span of weekdays stands beside the time s[start:end] in its clause
    ("tutoring 4-5 mon-thu", "wrap-around care till 6 mon-thurs"): hours kept on each of
    those days, a routine (not "conference tues-thurs, keynote wed 9am")."""
    a, b = max(0, start - DAY_SPAN_CHARS), min(len(s), end + DAY_SPAN_CHARS)
    if "-" not in s[a:b]:
        return False  # cheap test first: no span without its dash
    for m in _DAY_SPAN.finditer(s, a, b):
        gap = s[m.end() : start] if m.end() <= start else s[end : m.start()]
        if CLAUSE_BREAK.search(gap) is None:
            return True
    return False


def _names_a_day_pair(s: str, index: TextIndex) -> bool:
    """Whether ``_DAY_PAIR`` matches anywhere in ``s``: tried, on a long text, only where a
    word begins with a day's first letters."""
    if scanned_whole(s):
        return _DAY_PAIR.search(s) is not None
    return search_at(_DAY_PAIR, s, sorted(index.prefixed(_DAY_PREFIXES))) is not None


def public_notice(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` is a utility's or building's notice ("water supply
    will be interrupted on saturday from 9 am", "scheduled maintenance 02:00-06:00"): its
    times are when a service stops, not a meeting."""
    if not words.isdisjoint(_NOTICE_WORDS):
        a, b = sentence_around(s, pos)
        for m in _NOTICE.finditer(s, a, b):
            if not _notice_as_topic(s, a, m) and not _CONSEQUENCE.search(s, m.end(), pos):
                return True
    if words.isdisjoint(_LINE_SERVICE_WORDS) or words.isdisjoint(_LINE_VEHICLES):
        return False
    return _LINE_SERVICE.search(s, *sentence_around(s, pos)) is not None


# What a meeting is about: "postmortem for last week's outage thu 3pm", "debrief on the
# blackout"; the stoppage was, the meeting is ahead.
_TOPIC_BEFORE = re.compile(
    r"\b(?:for|about|re|on|into|after|following|nach|apres|despues)\s+(?:\S+\s+){0,2}$"
)
_STOPPAGES = wordset("interruption outage brownout blackout stromausfall")
# What the user does because of a stoppage, told after it: "power cut 10-4, so I moved the
# haircut to Friday 11", "Stromausfall 9-12 Uhr, Friseur trotzdem um 14 Uhr".
_CONSEQUENCE = re.compile(
    r"[,;:]\s*(?:so|and so|anyway|but)\b|\bso (?:i|i'm|im|we|we're|my|our)\b"
    r"|\b(?:trotzdem|deshalb|daher|donc|quand meme|asi que|por eso|igualmente)\b"
)
TOPIC_CHARS = 32  # "about last week's " and a word


def _notice_as_topic(s: str, a: int, m: re.Match[str]) -> bool:
    """Whether the notice's stoppage word is only what something is for or about."""
    return (
        m.group() in _STOPPAGES
        and _TOPIC_BEFORE.search(s, max(a, m.start() - TOPIC_CHARS), m.start()) is not None
    )


def posted_hours(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` lists a place's hours ("clinic hours: mon-fri
    8:30-17:00, sat 9-12")."""
    if words.isdisjoint(_HOURS_WORDS):
        return False
    return _POSTED_HOURS.search(s, *sentence_around(s, pos)) is not None


POSTED_SPAN_HOURS = 10  # a range this long, written, is a place's day, not an event's
NOON = 12


def _written_hour(hour: int, ampm: str) -> int:
    """The hour of the day as written: "10pm" is 22, "6:30" and "22:00" as they stand."""
    return hour + NOON if ampm == "pm" and hour < NOON else hour


def posted_day_span(s: str, g: Group, words: frozenset[str]) -> bool:
    """Whether the range ``g`` spans a place's whole day (ten hours or more as written: "gym
    6:30-22:00", "pool 7-21") in a sentence that tells opening hours ("library is open 24/7
    during exams, gym 6:30-22:00"): the gym's hours, no session."""
    t = g.time
    if t is None or t.end_atom is None or words.isdisjoint(_OPENING_HOURS_GATE):
        return False
    start = _written_hour(t.hour, t.ampm)
    end = _written_hour(t.end_atom.hour, t.end_atom.ampm or t.ampm)
    if end - start < POSTED_SPAN_HOURS:
        return False
    a, b = sentence_around(s, g.start)
    return _opening_hours(s[a:b])


# A freed slot offered to whoever books it first, in English, French, Spanish, German.
_SLOT_OFFERED = re.compile(
    r"\b(?:creneau (?:s'est libere|s'est libéré|est disponible|disponible)|reservez-le|"
    r"(?:slot|appointment) (?:has )?(?:opened up|become available|just opened)|grab it before|"
    r"se ha liberado (?:un|una) (?:hueco|cita|turno)|termin (?:ist )?frei geworden|"
    # Swedish, Danish, Norwegian "a free time": "Ny tid ledig!", "ledig tid fredag kl. 9"
    r"(?:tid|time) ledig|ledig (?:tid|time)|"
    # "reply YES to book" abroad (not "to confirm", said of a booked slot): "Svara JA för
    # att boka", "responda SIM para agendar"
    r"svara ja for att boka|svar ja for at booke|svar ja for a bestille|"
    r"responda sim para (?:agendar|reservar|marcar)|responde si para (?:reservar|agendar)|"
    r"rispondi si per prenotare)"
)
_SLOT_OFFERED_WORDS = wordset(
    "creneau reservez-le slot appointment grab liberado frei ledig svara svar responda responde "
    "rispondi"
)
# A line's label that holds its plan as not yet fixed.
_TENTATIVE = re.compile(
    r"^\s*(?:\W\s*)?(?:tentative|tentatively|tbc|tbd|provisional|provisionally|"
    r"pencil(?:led|ed)? in|on hold|hold)\s*(?::|-|\)|\])"
)
_TENTATIVE_WORDS = wordset(
    "tentative tentatively tbc tbd provisional provisionally pencil pencilled penciled hold"
)


def not_booked_yet(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` puts the user on a waitlist ("you're #4 on the
    waitlist ... sat at 8:30 pm"), or the message says booking is still to open ("parents'
    evening ... booking slots open next week") or the time is still to come ("the clinic
    will text us a time")."""
    waitlist = not words.isdisjoint(_WAITLIST_WORDS)
    if waitlist and _WAITLIST.search(s, *_sentence_past_titles(s, pos)) is not None:
        return True  # "you're on the waitlist for dr. patel on thu 3/11"
    if not words.isdisjoint(_SLOT_OFFERED_WORDS) and _SLOT_OFFERED.search(s):
        return True  # "un créneau s'est libéré le 12/05 à 15h10 ... réservez-le vite"
    if not words.isdisjoint(_TENTATIVE_WORDS) and _TENTATIVE.search(
        s, s.rfind("\n", 0, pos) + 1, pos
    ):
        return True  # "Tentative: design review Fri 11am", "(TBC) site visit thu 9"
    if (
        not words.isdisjoint(_TIME_TO_COME_WORDS)
        and not words.isdisjoint(_TIME_TO_COME_VERBS)
        and _TIME_TO_COME.search(s, *sentence_around(s, pos)) is not None
    ):
        return True  # "jabs are due around the 20th, the clinic will text us a time"
    if not words.isdisjoint(_WAITLIST_ABROAD_WORDS):  # "bekleme listesine alındınız. ..."
        paragraph = s.rfind("\n\n", 0, pos) + 1
        if _WAITLIST_ABROAD.search(s, paragraph, sentence_around(s, pos)[1]) is not None:
            return True
    return (
        not words.isdisjoint(_OPENING_WORDS)
        and not words.isdisjoint(_BOOKING_WORDS)
        and _BOOKING_OPENS.search(s) is not None
    )


# The notice says the user need not be there: "the engineer has a key so you don't need to be
# in", "no need to be home".
_NOT_NEEDED_THERE = re.compile(
    r"\b(?:you|u)\s+(?:don't|dont|do not|won't|wont|will not)\s+(?:need|have)\s+to\s+be\s+"
    r"(?:in|home|at home|there|present)\b|\bno need (?:for you )?to be (?:in|home|there|present)\b"
)
_NOT_NEEDED_GATE = wordset("need")


def not_needed_there(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` or the next one says the user need not be there
    ("... is booked for tuesday 14th between 8 and 12. the engineer has a key so you don't
    need to be in")."""
    if words.isdisjoint(_NOT_NEEDED_GATE):
        return False
    a, b = sentence_around(s, pos)
    if b < len(s):
        b = sentence_around(s, min(len(s) - 1, b + 1))[1]
    return _NOT_NEEDED_THERE.search(s, a, b) is not None


# A vet's reminder about the user's pet: "Reminder from Riverdale Animal Hospital: Biscuit is
# due for his annual exam", "Vets on Richmond: Milo is due for his vaccination booster".
_VET_WORDS = wordset(
    "vet vets veterinary veterinarian tierarzt tierarztpraxis veterinario veterinaria "
    "veterinaire weterynarz weterynaryjna dierenarts dierenkliniek tierklinik dyrlaege "
    "dyrlege dyreklinikk dyreklinik djursjukhus djurklinik veterinar"
)
# An animal clinic anywhere, or a pet's clinic or groomer that sends the notice ("Banfield
# Pet Hospital: ...", "Reminder from Muddy Paws Dog Grooming:"; not "Sarah's appointment at
# the pet clinic").
_ANIMAL_HOSPITAL = re.compile(
    r"\banimal (?:hospital|clinic)\b|\b(?:pet|dog|cat)[^\S\n]+(?:hospital|clinic|surgery|"
    r"grooming|groomers?)[^\S\n]*(?::|[-\u2013\u2014][^\S\n])"
)
_ANIMAL_GATE = wordset("animal pet dog cat")


def pet_at_the_vet(s: str, words: frozenset[str]) -> bool:
    """Whether the message is a vet's notice with no relative of the user's in it: the pet's
    appointment ("Milo is due for his booster") is one the user takes the pet to."""
    if not words.isdisjoint(RELATIVES):
        return False  # "my sister's dog is booked in at the vet": hers
    return not words.isdisjoint(_VET_WORDS) or (
        not words.isdisjoint(_ANIMAL_GATE) and _ANIMAL_HOSPITAL.search(s) is not None
    )


def watched(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` says the event is watched ("i'll stream it")."""
    if words.isdisjoint(TV_WORDS):
        return False
    return _TV.search(s, *sentence_around(s, pos)) is not None


def watched_in(s: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether s[start:end] (a chat turn) says its event is watched: "who's watching the
    final tonight? kickoff 8pm" asks in one sentence and times it in the next."""
    return not words.isdisjoint(TV_WORDS) and _TV.search(s, start, end) is not None


def continues_subject(clause: str) -> bool:
    """Whether a clause goes on with the previous one's subject ("... and then dinner with
    her roommates at 7"): it opens with "and then" / "then" and has no subject of its own."""
    return _CONTINUES.match(clause) is not None and _OWN_SUBJECT.search(clause) is None


def is_code(s: str, words: frozenset[str]) -> bool:
    """Whether the text reads as code, a log line or a command: it schedules nothing."""
    if words.isdisjoint(_CODE_GATE) and not any(mark in s for mark in _CODE_MARKS):
        return False
    return _CODE.search(s) is not None


# An advert: "20% off all gel manicures", "use code SPRING10".
_ADVERT = re.compile(
    r"\d\s*%\s*(?:off|rabatt|de descuento|descuento|de remise|remise|sconto|de desconto|"
    r"desconto|korting)\b|\b(?:promo|discount|voucher) code\b|\buse code\b"
)


def is_advert(s: str, words: frozenset[str]) -> bool:
    """Whether the text is marketing: its times are a sale's or an offer's, not a plan; or a
    receipt: its time is a payment's ("Recibo: Farmacia San Juan, 02/03 18:42, total 23,50 €")."""
    if not words.isdisjoint(_RECEIPT_WORDS) and _RECEIPT.search(s) is not None:
        return True
    return ("%" in s or "code" in words) and _ADVERT.search(s) is not None


# A receipt's label opening a line, and its total, in English, Spanish, Portuguese, German,
# French, Italian, Polish, Swedish and Danish/Norwegian (folded).
_RECEIPT_WORDS = wordset(
    "receipt recibo quittung recu ricevuta paragon kvitto kvittering thanks thank"
)
_RECEIPT = re.compile(
    r"(?:^|\n)[^\S\n]*(?:your\s+)?(?:receipt|recibo|quittung|recu|ricevuta|paragon|kvitto|"
    r"kvittering)\b[^\S\n]*(?:[:#-]|no\b|nr\b)[^\n]*"  # the label opening a line
    r"(?:\btotal\b|\bsumme\b|\bsuma\b|\btotale\b|[€$£]|\bzl\b|\bkr\b)"
    # a thank-you for what was bought, with what it cost: "Thanks for riding, Nadia. Trip
    # 18:42-19:07, Westlands to Kilimani, total KES 640."
    r"|\bthanks?\s+(?:you\s+)?for\s+(?:riding|travell?ing|dining|your\s+(?:ride|trip|"
    r"stay|visit))\b[^\n]*?\b(?:total|paid|fare|amount|charged)\b"
)


def is_recipe(words: frozenset[str]) -> bool:
    """Whether a message's words read as cooking instructions ("oven at 200, baste every 20
    mins, carve at 6") or a workout: its times are steps or sets."""
    return (
        len(words & RECIPE_WORDS) >= RECIPE_MIN_WORDS
        or len(words & WORKOUT_WORDS) >= RECIPE_MIN_WORDS  # "4x12 squats, 3x10 lunges, plank"
    )


# A measured amount with its unit: "23 ms", "41 mbps", "92.3%", "31 pts", "128 bpm".
_MEASURE = re.compile(
    r"\d[\d.,]*\s?(?:%|(?:ms|mbps|kbps|gbps|gb|mb|kb|km|kg|lbs?|pts|bpm|kcal|mg|ml|mmol|mph|"
    r"kmh|hz|ghz|rpm|psi|mm|cm)\b)"
)
_MEASURE_UNITS = wordset("ms mbps kbps gbps gb mb kb km kg lb lbs pts bpm kcal mg ml mmol mph")
READOUT_MEASURES = 3  # amounts with units in one sentence that make it a readout


def readout(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` is a readout of measures ("Ping 23 ms, jitter 4 ms,
    upload 41 Mbps, test at 21:14"): its time is when it was measured, no plan."""
    if "%" not in s and words.isdisjoint(_MEASURE_UNITS):
        return False
    a, b = sentence_around(s, pos)
    return len(_MEASURE.findall(s, a, b)) >= READOUT_MEASURES


# A bare figure: a clock's digits with nothing that makes them a time of day ("4:35",
# "1:02:33", "6.25h"; not "4:35pm", "at 4:35", "16:00 uhr").
_BARE_FIGURE = re.compile(r"\d{1,3}[:.]\d\d(?::\d\d)?|\d{1,3}(?:[.,]\d{1,2})?[^\S\n]?h")
# A measure's label right before it, with its colon or equals sign: "avg pace: 5:12".
_MEASURE_LABEL = re.compile(rf"\b(?:{alternation(sorted(MEASURE_LABELS))})[^\S\n]*[:=]?[^\S\n]*$")
MEASURE_LABEL_CHARS = 16  # "durata totale: " and its figure's start
_SCREEN_TIME = re.compile(phrases(SCREEN_TIME_PHRASES))
_SCREEN_TIME_GATE = rare_words(SCREEN_TIME_PHRASES)


# A journey's length as a clock's digits: "2:45", "2h10", "3h"; not "at 3:30", "4:35pm".
_JOURNEY_FIGURE = re.compile(r"\d{1,2}(?::\d\d|[^\S\n]?h(?:[^\S\n]?\d\d)?)")
_JOURNEY_BEFORE = re.compile(
    rf"\b(?:{alternation(sorted(TRAVEL_MODES))})[^\S\n]+"
    rf"(?:(?:{alternation(sorted(JOURNEY_HEDGES))})\b[^\S\n]*|[~=][^\S\n]*)+$"
)
JOURNEY_CHARS = 24  # "driving maybe roughly " before the figure
MIN_COMPARED_MODES = 2  # a journey's times compared: "train is 2h10, bus about 3:30"
_TAKES = frozenset(("takes", "took"))  # "train takes 1:45": one way to travel is enough


_PRODUCT_DATE_LABEL = re.compile(phrases(PRODUCT_DATE_LABELS))
_PRODUCT_DATE_GATE = rare_words(PRODUCT_DATE_LABELS)


def product_label(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` reads a product's label ("milk says best before
    09.08, the yoghurt is 12/08/2027 10:40"): its dates and times are printed, not planned."""
    if words.isdisjoint(_PRODUCT_DATE_GATE):
        return False
    a, b = sentence_around(s, pos)
    return _PRODUCT_DATE_LABEL.search(s, a, b) is not None


def journey_length(s: str, g: Group, words: frozenset[str]) -> bool:
    """Whether the bare figure ``g`` is how long a journey takes: after "takes", or in a
    message comparing ways to travel ("train is 2h10, bus about 3:30, driving maybe 2:45")."""
    modes = len(words & TRAVEL_MODES)
    if modes == 0 or (modes < MIN_COMPARED_MODES and words.isdisjoint(_TAKES)):
        return False
    if _JOURNEY_FIGURE.fullmatch(s, g.start, g.end) is None:
        return False
    hedged = _JOURNEY_BEFORE.search(s, max(0, g.start - JOURNEY_CHARS), g.start)
    return hedged is not None and (
        modes >= MIN_COMPARED_MODES or not _TAKES.isdisjoint(hedged.group().split())
    )


def measured_figure(s: str, g: Group, words: frozenset[str]) -> bool:
    """Whether the bare figure ``g`` is an amount measured, no time of day: right after a
    measure's label ("length 4:35", "total 18:30", "overtime 6.25h") or on a screen-time
    report's line ("Screen time: 4h 12m, first pickup 6:41")."""
    labelled = not words.isdisjoint(MEASURE_LABELS)
    if not labelled and words.isdisjoint(_SCREEN_TIME_GATE):
        return False
    if _BARE_FIGURE.fullmatch(s, g.start, g.end) is None:
        return False
    if labelled and _MEASURE_LABEL.search(s, max(0, g.start - MEASURE_LABEL_CHARS), g.start):
        return True
    line_start, line_end = s.rfind("\n", 0, g.start) + 1, s.find("\n", g.end)
    return _SCREEN_TIME.search(s, line_start, len(s) if line_end < 0 else line_end) is not None


# A work log's wording: "clocked in 08:02", "clock-out 17:11", Spanish "fichaje" (not "at 7
# o'clock in the evening").
_WORK_LOG = re.compile(
    r"(?<!o')(?<!o )\bclock(?:ed|s)?[- ]?(?:in|out|ins|outs)\b"
    r"|\bfichaje\b|\bfichado\b|\b(?:ein|aus)gestempelt\b"
)
_WORK_LOG_GATE = wordset(
    "clock clocked clocks fichaje fichado timesheet eingestempelt ausgestempelt"
)


def work_log(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` logs hours worked ("Clocked in 08:02, lunch
    12:30-13:00, clocked out 17:11"): its times are punched, not planned."""
    if words.isdisjoint(_WORK_LOG_GATE):
        return False
    return _WORK_LOG.search(s, *sentence_around(s, pos)) is not None


# A statement's or receipt's stamp: a numeric date right before an h:mm ("01/03 09:14").
_STAMP = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?,?\s+\d{1,2}:(\d\d)\b")
# An amount of money: "£24.80", "12,45 €", "12.40 EUR", "₹2,300", "$16.09".
_MONEY = re.compile(
    r"[£$€₹¥]\s?\d|\d[\d.,]*\s?(?:[£$€₹¥]|(?:eur|usd|gbp|inr|aud|cad|chf|sek|nok|dkk|pln)\b)"
)
_CURRENCY_CHARS = "£$€₹¥"
_CURRENCY_CODES = wordset("eur usd gbp inr aud cad chf sek nok dkk pln")
ROUND_MINUTES = 5  # a plan's minutes are a multiple of this; a stamp's are any minute


def statement_line(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` is a bank statement's or receipt's line: a date
    stamped to an odd minute beside an amount ("01/03 09:14 TESCO STORES £24.80")."""
    if ":" not in s or (
        words.isdisjoint(_CURRENCY_CODES) and not any(c in s for c in _CURRENCY_CHARS)
    ):
        return False  # cheap tests first: no stamp without its clock, no line without money
    a, b = sentence_around(s, pos)
    stamp = _STAMP.search(s, a, b)
    if stamp is None or int(stamp[1]) % ROUND_MINUTES == 0:
        return False
    return _MONEY.search(s, a, b) is not None


# A fast's breaking time told, not a meal planned: "iftar 18:21", "iftar today 17:38", "Iftar
# is at 18:42" (not "iftar at Bilal's at 6:30").
_ANNOUNCED_IFTAR = re.compile(
    r"\biftar(?:\s+(?:time|times|today|tonight|ends|is(?:\s+at)?|'s(?:\s+at)?))*\s*[:=-]?\s*$"
)
ANNOUNCED_CHARS = 24


def announced_iftar(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the time at ``pos`` is the day's iftar as announced ("Sehri ends 5:12, iftar
    18:21 today")."""
    if "iftar" not in words:
        return False
    return _ANNOUNCED_IFTAR.search(s, max(0, pos - ANNOUNCED_CHARS), pos) is not None


# A line's label of up to four words ending in a results word and a colon.
_RESULTS_LABEL = re.compile(
    r"(?:^|\n)[^\S\n]*(?:[\w'#-]+[^\S\n]+){0,3}(?:"
    + alternation(sorted(RESULT_LABELS))
    + "|(?:"
    + alternation(sorted(RESULT_TIMES_KINDS))
    + r")[^\S\n]+times)[^\S\n]*:"
)
_RESULT_GATE = RESULT_LABELS | wordset("times")
_BARE_CLOCK = re.compile(r"\d{1,2}:\d\d")


def results_line(s: str, g: Group, words: frozenset[str]) -> bool:
    """Whether the bare clock ``g`` stands in a line a results label heads ("5k results: Tom
    19:42, Priya 21:05", "Lap times: Norris 1:29"): a time measured, no plan."""
    if words.isdisjoint(_RESULT_GATE) or _BARE_CLOCK.fullmatch(s, g.start, g.end) is None:
        return False
    start = s.rfind("\n", 0, g.start) + 1
    m = _RESULTS_LABEL.match(s, start - 1 if start else 0)
    return m is not None and m.end() <= g.start


def recipe_step(s: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the sentence around ``pos`` is a recipe's step ("Dough proving 1h30 at 24°C,
    bake 45 min at 220."), in a message that may hold a plan as well."""
    if words.isdisjoint(RECIPE_STEP_WORDS):
        return False
    a, b = sentence_around(s, pos)
    return len(RECIPE_STEP_WORDS.intersection(WORD.findall(s, a, b))) >= RECIPE_STEP_MIN_WORDS


def may_cancel(words: frozenset[str]) -> bool:
    """Cheap gate: whether a text with these words may say a cancellation (``CANCEL``)."""
    return not words.isdisjoint(_CANCEL_GATE)


def may_move(words: frozenset[str]) -> bool:
    """Cheap gate: whether a text with these words may say a move (``RESCHEDULE``)."""
    return not words.isdisjoint(_MOVE_GATE)


def change_requested(s: str, verb: int) -> bool:
    """Whether the change verb at ``verb`` is asked for rather than done ("to reschedule")."""
    return _CHANGE_REQUESTED.search(s, max(0, verb - 16), verb) is not None


def change_proposed(s: str, verb: int) -> bool:
    """Whether the change verb at ``verb`` is only proposed ("can we move ...")."""
    return _CHANGE_PROPOSED.search(s, max(0, verb - 16), verb) is not None


# Someone else as the subject right before a refusal, in a clause where the user still goes:
# "sarah can't make it to pilates at 9 (so i'm going on my own)"; not "i", "we" or "i just".
_SAID_BY_ANOTHER = re.compile(r"\b(?!(?:i|we|i'm|im|we're|i'll|we'll)\b)[a-z']+\s+$")


def attends(
    clause: str, context: str, g: Group, along: bool, words: frozenset[str], moved: bool = False
) -> bool:
    """Whether the clause states a meeting the user will attend (``words``: the message's;
    ``moved``: the clause moves a booked one, whose old slot and kind it may describe: "the
    review that was on wednesday at 2 is now friday at 11", "weekly sync moves to 11")."""
    if g.past or g.habit or (g.theirs and not along) or (moved and _STANDS_FROM.search(clause)):
        return False
    if "or" in words and not words.isdisjoint(_CHANGE_ASKED_GATE):
        clause, context = _without_change_asked(clause), _without_change_asked(context)
    if not words.isdisjoint(_DECLINE_RARE) and _DECLINE.search(clause):  # then which one
        if _habit_said(clause, moved) or _past_said(clause, moved):
            return False
        if (
            _hypothetical(clause)
            and (not along or _CONDITION.search(clause))
            and not _asks_about_booked(clause)
        ):  # "they can do 7:30 on tuesday" is kept when "i said yes" follows, but not "if
            return False  # she's still sick i'll take her to the gp at 9": a condition
        negated = _NEGATION.search(clause)
        while negated is not None and (
            _NOT_A_TIME.match(clause, negated.start())  # "at 11:15 not 11": a correction
            or (negated.group() == "no" and not words.isdisjoint(PORTUGUESE_WORDS))
        ):  # Portuguese "no" is "in the": "a consulta no oftalmologista é quarta às 9h15"
            negated = _NEGATION.search(clause, negated.end())
        if negated and not (along and _SAID_BY_ANOTHER.search(clause, 0, negated.start())):
            # "no meetings today except the call with hr at 4"
            excepted = _EXCEPT.search(clause, negated.end())
            if excepted is None or clause.find(" ", excepted.end()) < 0:
                return False
    if not along and " for" in clause and _GROUP_ASK.search(clause):  # cheap test first
        return False  # "who's in for 5-a-side at 7": asked of a group, no one has said yes
    if (
        "?" in clause
        and not along  # "who's in for bowling sat 7pm? count me in"
        and _PROPOSAL.search(clause)
        and not _QUESTION_BOOKED.search(clause)
        and not _asks_about_booked(clause)
    ):
        return False
    if not words.isdisjoint(_NOT_ATTENDED_GATE) and (
        (not words.isdisjoint(_TV_GATE) and _TV.search(context))
        or (not words.isdisjoint(_OPENING_HOURS_GATE) and _opening_hours(clause))
        or (not words.isdisjoint(_TASK_GATE) and _TASK.search(clause))
    ):
        return False
    if along or words.isdisjoint(_THIRD_PARTY_GATE):
        return True  # the user goes along, or no one else is said to have or do anything
    return not _third_party(context)


# After a past verb, the old slot of a move: "(that) was on wednesday at 2", "was at 2".
_OLD_SLOT_AFTER = re.compile(r"\s*(?:on|at|for|\d)")


_DAY_OR_MONTH = "mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
# A move that stands from a day on, whatever else the clause says: "moved our standup to
# 9:15 starting next month", "moves to 9:30 from monday onwards", "as of january".
_STANDS_FROM = re.compile(
    r"\bonwards\b|\bfrom now on\b|\bgoing forward\b|\bpermanently\b|\bfor good\b|"
    rf"\bas of (?:next|this|the|{_DAY_OR_MONTH}|\d)|"
    r"\bstarting (?:from |on |in )?"
    rf"(?:next|this|the \d|\d+(?:st|nd|rd|th)\b|tomorrow|{_DAY_OR_MONTH})"
)  # not "starting in 10 mins instead"
# A standing change, not one meeting moved: "moves to 1:30 until eid", "from now on".
_STANDING = re.compile(rf"\buntil\b|\btill\b|{_STANDS_FROM.pattern}")
# A habit word that only names a meeting's kind: "the weekly sync", "our daily standup".
_KIND_ADJECTIVE = re.compile(r"(?:weekly|daily|monthly|biweekly|fortnightly)\s+[a-z]")


def _habit_said(clause: str, moved: bool) -> bool:
    """Whether the clause tells of a habit; in a move, not by a word that names the meeting's
    kind ("the weekly sync moves to 11 this thursday"), unless the change stands."""
    if not moved:
        return _HABIT.search(clause) is not None
    if _STANDING.search(clause):
        return True
    return any(not _KIND_ADJECTIVE.match(clause, m.start()) for m in _HABIT.finditer(clause))


def _past_said(clause: str, moved: bool) -> bool:
    """Whether the clause tells of the past; in a move, not where it names the old slot."""
    for m in _PAST.finditer(clause):
        if not (moved and _OLD_SLOT_AFTER.match(clause, m.end())):
            return True
    return False


def goes_along(s: str, words: frozenset[str]) -> tuple[int, ...]:
    """Where the user says they go with someone to their event ("..., i'm driving him")."""
    if (words.isdisjoint(_ALONG_GATE) and not _needs_to_take(words)) or words.isdisjoint(
        _ALONG_PERSON
    ):
        return ()
    pattern = (
        GOING_ALONG
        if all(not words.isdisjoint(needed) for needed in _COMING_WITH_WORDS)
        else _GOING_ALONG_NOT_WITH
    )
    index = index_of(s, words)  # asked by the decline gate and by the reading: found once
    if index.along is None:  # tried where a match can begin, on a short text too: costs less
        index.along = tuple(m.start() for m in finditer_at(pattern, s, _along_starts(s, words)))
    return index.along


# Time away from work taken for it: "so i'll be out of the office from 10:30", "which means
# leaving work early", "need to tell work today", "taking the morning off for it".
_TIME_OFF = re.compile(
    r"\b(?:(?:i'll|ill|i will|i'm|im|i am|we'll) be (?:out of (?:the )?office|off work)"
    r"|leav(?:e|es|ing) work early|tell (?:work|my boss|my manager|my supervisor)"
    r"|(?:tak|book)(?:e|es|ing|en|ed) (?:the |a |an )?(?:morning|afternoon|day|half[- ]day|"
    r"couple of hours) off|took (?:the |a |an )?(?:morning|afternoon|day|half[- ]day) off)\b"
)
_TIME_OFF_GATE = wordset("office work off boss manager supervisor")


def takes_time_off(s: str, words: frozenset[str]) -> tuple[int, ...]:
    """Where the user says they take time away from work (``_TIME_OFF``): they go to the
    event told beside it, whoever's it is ("Got Sipho's assessment booked for thurs 11:15,
    so I'll be out of the office from 10:30")."""
    if words.isdisjoint(_TIME_OFF_GATE):
        return ()
    return tuple(m.start() for m in _TIME_OFF.finditer(s))


# A line or sentence that opens by calling a day full, then a colon or dash: the agenda
# after it is the user's own ("tomorrow is chaos: ugne's dentist 8:30, then ...", "busy
# thursday: noah's dentist at 8:20 ...").
_AGENDA_DAY = (
    r"(?:today|tomorrow|tmrw|tonight|(?:this |next )?(?:weekend|week|morning|afternoon|"
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?))"
)
_AGENDA_HEADER = re.compile(
    rf"(?:^|[.!?\n])\s*(?:(?:ok|okay|so|right|ugh),?\s+)?"
    rf"(?:{_AGENDA_DAY}(?:'s| is| will be|'ll be|'s gonna be| is gonna be)?\s+"
    r"(?:(?:a|an|pure|total|absolute|going to be|looking)\s+)?"
    r"(?:chaos|chaotic|hectic|mad|madness|crazy|busy|packed|nuts|insane|manic|a nightmare|"
    r"nightmare|rammed)"
    rf"|(?:busy|hectic|crazy|mad|manic|packed|chaotic) {_AGENDA_DAY}(?: ahead)?)"
    r"\s*!*\s*(?:[:\u2014\u2013]|\s-)"
)
_AGENDA_END = re.compile(r"[.!?\n]")


def users_agenda(s: str, words: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """The stretches a "tomorrow is chaos:" header (``_AGENDA_HEADER``) opens, to their
    sentence's end: the user's own day, so a child's dentist listed there is theirs to go to."""
    if words.isdisjoint(AGENDA_WORDS):
        return ()
    spans = []
    for m in _AGENDA_HEADER.finditer(s):
        end = _AGENDA_END.search(s, m.end())
        spans.append((m.end(), len(s) if end is None else end.start()))
    return tuple(spans)


def _along_starts(s: str, words: frozenset[str]) -> list[int]:
    """Every place in ``s`` where a match of ``GOING_ALONG`` can begin, in order."""
    starts = index_of(s, words).starts(_ALONG_FIRST)
    if words.isdisjoint(_ALONG_AFTER_MARK) and not _needs_to_take(words):
        return starts
    return sorted({0, *starts, *(m.start() for m in _ALONG_MARK.finditer(s))})


_SENTENCE_END = re.compile(r"[.!?\n]+\s")
SHORT_SENTENCE_CHARS = 12  # a reply that does not count as a sentence: "tom: me!", "lol ok."


def along_to(s: str, along: tuple[int, ...], pos: int) -> bool:
    """Whether one of ``along`` (from :func:`goes_along`) speaks of the event at ``pos``: it
    is in the event's sentence or the next one ("my son has football at 5. i'm driving
    him"), not anywhere in a long message. A short one between does not count ("who's in
    for bowling at 7?\ntom: me!\nme: count me in")."""
    if not along:
        return False
    start = 0
    for m in _SENTENCE_END.finditer(s, 0, pos):
        start = m.end()
    end, counted, last = len(s), 0, pos
    for m in _SENTENCE_END.finditer(s, pos):
        if counted == 0 or m.start() - last > SHORT_SENTENCE_CHARS:
            counted += 1
        if counted == 2:
            end = m.end()
            break
        last = m.end()
    return any(start <= a < end for a in along) or _along_in_note(s, along, pos)


NOTE_CHARS = 80  # "confirmed, add it — I'm taking him": a line of the user's, not a story


def _along_in_note(s: str, along: tuple[int, ...], pos: int) -> bool:
    """Whether one of ``along`` is in the user's short note that ends the message, after a
    blank line, under the pasted paragraph holding ``pos`` ("Reminder ...: Biscuit is due
    for his annual exam ... at 9:20 AM.\n\nconfirmed, add it — I'm taking him")."""
    note = s.rfind("\n\n")
    if note < pos or len(s) - note > NOTE_CHARS or s.find("\n\n", pos) != note:
        return False
    return any(a > note for a in along)


def open_invitation(s: str, words: frozenset[str]) -> bool:
    """ "prayer meeting at my place friday 7pm, all are welcome": an event posted for anyone,
    which the user has not said they will go to ("..., i'll be there")."""
    return (
        not words.isdisjoint(_WELCOME_GATE)
        and _welcomes(s, words)
        and _SPEAKER_GOES.search(s) is None
    )


def _welcomes(s: str, words: frozenset[str]) -> bool:
    """Whether ``_WELCOME`` matches in ``s``: on a long text, tried only where one of its
    branches' first words begins."""
    if scanned_whole(s):
        return _WELCOME.search(s) is not None
    return search_at(_WELCOME, s, index_of(s, words).starts(_WELCOME_FIRST)) is not None


def joins(context: str, words: frozenset[str]) -> bool:
    """ "i'm taking her", "we're going": the user goes to the event of this clause."""
    return (
        not words.isdisjoint(_ALONG_GATE)
        and not words.isdisjoint(_JOIN_VERBS)
        and WITH_ME.search(context) is not None
    )


def _spaces(m: re.Match[str]) -> str:
    return " " * len(m.group())


# A condition said before the plan: "if the client signs off by wednesday, we'll do the
# launch call thursday at 10"; not one about someone else ("if you need me, i'm at ...").
_CONDITION_FIRST = re.compile(
    r"[^\w]*(?:only if|if|unless|provided|providing|as long as|assuming|depending on|"
    # "if" opening a sentence in Tok Pisin, Russian, Ukrainian, Romanian, Vietnamese, Czech,
    # Indonesian and Malay (romanised, as folded)
    r"sapos|esli|yesli|yakshcho|daca|neu|jestli|kalau|kalo|"
    r"wenn|falls)\b"  # and German: "wenn es morgen regnet, gehen wir um 15 uhr ins kino"
)
_CONDITION_FOR_OTHERS = re.compile(r"\b(?:you|u|anyone|anybody|someone|somebody)\b")


def condition_first(s: str, c0: int) -> bool:
    """Whether the sentence of the clause at ``c0`` opens, before it, on a condition."""
    a = sentence_around(s, c0)[0]
    if a >= c0:
        return False  # the clause opens its sentence: its own "if" is read with it
    cond = _CONDITION_FIRST.match(s, a, c0)
    return cond is not None and _CONDITION_FOR_OTHERS.search(s, cond.end(), c0) is None


def hypothetical(clause: str) -> bool:
    """ "i'm thinking of joining the yoga class", "if the party is on": no plan made."""
    return _hypothetical(clause) and not _asks_about_booked(clause)


def _hypothetical(clause: str) -> bool:
    """Whether a clause is hypothetical; "lmk if you're still coming to my recital" asks
    about the other person, not about the recital."""
    if "you" in clause or " u " in clause or " to " in clause:
        clause = _REQUEST.sub(_spaces, clause)  # "would you kindly note that ...": a request
        clause = _JOIN_IF_YOU.sub(_spaces, clause)  # "... at 7 if you wanna come": an invite
    asked = _ASK_IF.search(clause) if "if" in clause else None
    if asked is not None and _OFFER_WORDS.search(clause, asked.end()):
        return True  # "let me know if 3:30 works for a quick call": a time offered
    end = asked.start() if asked else len(clause)
    if "even" in clause:  # "even if it rains we're doing the canoe trip": no condition
        clause = _EVEN_IF.sub(_spaces, clause)
    return _HYPOTHETICAL.search(clause, 0, end) is not None


_EVEN_IF = re.compile(r"\beven (?:if|though|so)\b")
# A condition on how things stand, whatever the user says they would do: "if she's still
# sick", "if he's worse tonight", "unless work lets me off" (not "lmk if you're coming").
_CONDITION = re.compile(
    r"(?<!even )(?<!ask )(?<!asks )(?<!asked )(?<!asking )(?<!wondering )(?<!know )(?<!see )"
    r"(?<!check )(?<!checking )\b(?:if|unless)\s+(?:she|he|they|it|i|we|the|my|his|her|their|work|"
    r"[a-z]+'s)\b"
)


def said_in_past(clause: str) -> bool:
    """Whether a clause tells of the past ("that was the longest conference of my life")."""
    return _PAST.search(clause) is not None


# Words of the present or the future: "still got", "i will", "but this one's fine".
_NOW_OR_LATER = re.compile(
    r"\b(?:will|'ll|gonna|going to|still|got|have|has|is|are|'s|'m|am|but|later|now|next)\b"
)


def past_around(s: str, c0: int, c1: int, *, after: bool = True) -> bool:
    """Whether clause s[c0:c1] goes on with its sentence's story of the past ("canapés, then
    the meal at 6, speeches ran till 9"): a past word before it and nothing of now or later
    since, or (``after``) one after it and nothing of now or later in it."""
    a, b = sentence_around(s, c0)
    last = max(_PAST.finditer(s, a, c0), key=_start, default=None)
    if last is not None:
        return _NOW_OR_LATER.search(s, last.end(), c1) is None
    return after and _NOW_OR_LATER.search(s, c0, c1) is None and _PAST.search(s, c1, b) is not None


def past_or_habit(clause: str) -> bool:
    """Whether a clause tells of the past or of a habit ("we used to do drinks at 5:30")."""
    return _PAST.search(clause) is not None or _HABIT.search(clause) is not None


# The tail of a question about a booked meeting: "is the refresher still at 2 or did they
# push it?", "... or has it been moved?": its past or its "they" is the change asked about.
_CHANGE_ASKED = re.compile(
    r",?\s*\bor\s+(?:did|has|have|had|was|were|is)\s+(?:(?:they|it|we|you|u|she|he|someone|"
    r"that|the \w+)\s+)?(?:been\s+|get\s+|got\s+)?(?:push|move|chang|cancel|reschedul|shift|"
    r"bump|postpon|delay|switch|swap)\w*(?:\s+(?:it|that))?(?:\s+(?:back|forward|up|again))?"
    r"(?=\s*(?:\?|$))"
)
_CHANGE_ASKED_GATE = wordset("did has have had was were is")


def _without_change_asked(text: str) -> str:
    """``text`` without a closing "or did they move it?" (which asks, and tells no past)."""
    return _CHANGE_ASKED.sub("", text) if "or" in text else text


def change_asked_at(s: str, c0: int, c1: int) -> int:
    """Where clause s[c0:c1] ends once a closing "or did they move it?" is left off."""
    asked = _CHANGE_ASKED.search(s, c0, min(len(s), c1 + 1))  # its "?" may follow the clause
    return c1 if asked is None else max(c0, asked.start())


def _asks_about_booked(clause: str) -> bool:
    """ "how early should i get to the dmv for an 8:20 road test?": a booked one, asked about."""
    return _BOOKED_ASK.search(clause) is not None


def _third_party(context: str) -> bool:
    """ "my son has his exam", "she's got a date": someone else's event, not the user's."""
    if not _THIRD_PARTY_VERB.search(context):
        return False  # cheap test first: the full pattern looks behind every word
    for m in _third_parties(context):
        k = next((k for k in (1, 2) if m.group(k) is not None), 0)
        subject = m.group(k) if k else None  # "priya has", "priya's going", "mum is taking"
        if subject is None:
            return True
        if subject in HEADS or subject.rstrip("s") in HEADS:
            continue  # "the sync got moved": the event itself
        if _WITH_BEFORE.search(context, 0, m.start(k)) and not _PLURAL_SUBJECT.search(m.group()):
            continue  # "the 1:1 with priya got bumped": part of the event's name (but "ama and
            # kojo are going to the match": two people, the subject)
        if _WITH_SPEAKER.match(context, m.end()):
            continue  # "my husband is going with me to the dentist"
        if _BEEN.match(context, m.end()) and subject not in RELATIVES:
            continue  # "your appointment with the officer has been booked for monday"
        if m.group().endswith(("has", "have")) and _ARRANGED_AFTER.match(context, m.end()):
            continue  # "my lawyer has fixed the meeting for friday by 4pm"
        if m.group().endswith("got") and _CHANGED_AFTER.match(context, m.end()):
            continue  # "parent-teacher conference for mateo got moved": the event was moved
        return True
    return False


def _third_parties(context: str) -> Iterator[re.Match[str]]:
    """Matches of ``_THIRD_PARTY``, then of ``_OTHERS_TAKING`` where it may match."""
    yield from finditer_at(_THIRD_PARTY, context, _third_party_starts(context))
    if any(stem in context for stem in _TAKING_STEMS):
        yield from _OTHERS_TAKING.finditer(context)


def _third_party_starts(context: str) -> list[int]:
    """Where a match of ``_THIRD_PARTY`` can begin, in order: the pattern tries a subject at
    every word, which costs more than finding its few verbs first."""
    found: list[int] = []
    runs: list[int] = []
    for m in _WORD_OR_NUMBER.finditer(context):
        word = m.group()
        if word in _THIRD_PARTY_VERBS:
            found += runs[-SUBJECT_RUNS:]
        elif word in _GLUED_SUBJECT_VERBS:
            found.append(m.start())
        runs.append(m.start())
    return sorted(set(found))


# A thing's own time told before it: "maghrib is 5:52", "sunset's at 8:40", "the bus was 6".
# Also with another language's "is": German, Spanish, Portuguese and Italian (folded),
# French, Nordic (Swedish "är" folded), Polish and Czech: "Abgabe ist Freitag 12 Uhr".
_THING_IS = re.compile(
    r"\b([a-z]+)\s+(?:is|are|was|'s|ist|es|e|est|er|ar|jest|je)\s+(?:at\s+|am\s+|um\s+)?$"
)
# An opening or a closing told before its time: "before opd opens at 8".
_OPENS_AT = re.compile(r"\b(?:opens|closes|shuts)\s+(?:at\s+|from\s+)?$")
_OPENS_AT_WORDS = wordset("opens closes shuts")  # a word ``_OPENS_AT`` needs
THING_IS_CHARS = 24  # "sunrise is at "


def things_time(s: str, pos: int) -> bool:
    """Whether the time at ``pos`` is told as a thing's own ("sunset is 5:52 that day") or
    an opening's: no event's time to borrow, nor a plan's settled time in a chat."""
    said = _THING_IS.search(s, max(0, pos - THING_IS_CHARS), pos)
    return (said is not None and said.group(1) in NON_EVENTS) or opening_time(s, pos)


def opening_time(s: str, pos: int, words: frozenset[str] | None = None) -> bool:
    """Whether the time at ``pos`` is when something opens or closes ("... before opd opens
    at 8"): no meeting's time, whatever event its clause names (``words``: the message's,
    a cheap gate when given)."""
    if words is not None and words.isdisjoint(_OPENS_AT_WORDS):
        return False
    return _OPENS_AT.search(s, max(0, pos - THING_IS_CHARS), pos) is not None
