"""The words the ad screener knows, by language: groups of people by ethnicity,
nationality, religion or origin; the words that exclude or single out; the words that
make a clause inclusive; the heads that make a group adjective a thing, not people.

Russian entries are lemmas (pymorphy3's normal forms): every inflection of them is
found. Kazakh entries are stems, matched at the start of a word (Kazakh adds its
endings: қазақтарға, орыстарға). English entries are singular lower-case words.
"""

from __future__ import annotations

ETHNICITY, NATIONALITY, RELIGION, ORIGIN = "ethnicity", "nationality", "religion", "origin"


def _words(text: str) -> set[str]:
    return set(text.split())


RU_GROUPS: dict[str, str] = {
    **dict.fromkeys(_words("гастарбайтер гастарбайтерша"), ORIGIN),
    **dict.fromkeys(_words("соотечественник соотечественница"), NATIONALITY),
    **dict.fromkeys(_words("славяночка"), ETHNICITY),
    **dict.fromkeys(
        _words(
            """славянин славянка славянский азиат азиатка азиатский кавказец кавказка кавказский
        русский нерусский русак казах казашка казахский киргиз киргизка киргизский кыргыз
        кыргызка кыргызский узбек узбечка узбекский таджик таджичка таджикский уйгур уйгурка
        уйгурский чеченец чеченка чеченский дагестанец дагестанка цыган цыганка цыганский кореец
        кореянка татарин татарка татарский украинец украинка белорус белоруска армянин армянка
        грузин грузинка азербайджанец азербайджанка туркмен туркменка немец немка еврей еврейка
        еврейский европеец европейка европейский негр чурка хач чучмек черномазый национальность
        внешность этнос раса лкн турок турчанка турецкий курд курдский афганец афганский араб
        арабский китаец китаянка китайский индус индиец индийский корейский японец японский
        вьетнамец иранец перс пакистанец американец дунганин дунганка монгол башкир якут бурят
        калмык осетин ингуш аварец лезгин кабардинец молдаванин литовец латыш эстонец поляк финн
        каракалпак азиатская европеоид монголоид мулат метис"""
        ),
        ETHNICITY,
    ),
    **dict.fromkeys(
        _words(
            """иностранец иностранка иностранный гражданин гражданка гражданство россиянин россиянка
        казахстанец казахстанка кыргызстанец подданный российский казахстанский кыргызстанский
        украинский белорусский узбекистанский таджикистанский"""
        ),
        NATIONALITY,
    ),
    **dict.fromkeys(
        _words(
            """мусульманин мусульманка мусульманский христианин христианка православный католик иудей
        иудейка протестант буддист атеист верующий неверующий баптист сектант кришнаит иеговист
        лютеранин пятидесятник сикх индуист"""
        ),
        RELIGION,
    ),
    **dict.fromkeys(
        _words(
            """приезжий местный нездешний понаехать понаехавший мигрант мигрантка эмигрант иммигрант
        беженец беженка релокант релокантка переселенец южанин северянин коренной выходец
        уроженец"""
        ),
        ORIGIN,
    ),
}
# Places after "из", "с" (from): "людям из России" singles people out by origin.
RU_PLACES = _words(
    """азия аул беларусь дагестан деревня кавказ казахстан киргизия китай кнр кыргызстан регион
    россия рф таджикистан туркменистан узбекистан украина чечня юг"""
)
RU_FROM = _words("из с со")
# People "of" a place: "жителям Кавказа", "выходцам из Средней Азии".
RU_OF_PLACE = _words("выходец житель жительница люди уроженец уроженка человек")
RU_MARKERS = _words(
    """без беспокоить желательно запрет запрещено звонить искать исключительно кроме лишь мимо не
    нельзя нет ни нужный обязательно обязательный отказ отказано отказать отказываем
    предпочтение предпочтительно приоритет просьба против рассматриваем рассматривать
    рассматриваться рассмотреть сдавать сдадим сдаем сдается сдам сдать сдаю сдаём сдаётся
    строго только требоваться"""
)
RU_INCLUSIVE = _words(
    """можно подойти подходить идеально удобно допускаться важно важный весь все всем всех всё значение каждый любой неважно независимо приветствовать
    приветствоваться равно рад рада рады разница разный также тоже"""
)
# "Всем, кроме кавказцев": an exception singles out even after "everyone".
RU_EXCEPT = _words("исключая исключение кроме")
# The landlord about themself: "мы русская семья", "хозяйка православная".
RU_SELF = _words("арендодатель владелец мы наш наша наши собственник хозяева хозяин хозяйка я")
# A group adjective before a noun for a thing is a thing ("русская школа"); before one of these it is people.
RU_PERSON_HEADS = _words(
    """арендатор внешность гражданство девушка дети женщина жилец квартирант лицо люди мужчина
    народ национальность нация пара парень паспорт происхождение работник ребёнок семья
    сотрудник специалист студент студентка человек"""
)

KK_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            """қазақ орыс славян азиат кавказ өзбек қырғыз тәжік ұйғыр шешен кәріс корей татар украин
        беларус армян грузин әзірбайжан түрікмен неміс еврей ұлт нәсіл қытай түрік күрд араб
        ауған үнді дүнген жапон моңғол"""
        ),
        ETHNICITY,
    ),
    **dict.fromkeys(_words("шетел ресейлік азамат"), NATIONALITY),
    **dict.fromkeys(_words("мұсылман христиан православ иудей баптист кришна сектант"), RELIGION),
    **dict.fromkeys(_words("жергілікті келімсек мигрант босқын көшіп"), ORIGIN),
}
KK_PERSON_HEADS = ("отбас", "адам", "тұрғын", "жанұя", "жұп", "азамат", "жалдаушы", "студент", "кісі")
KK_MARKERS = _words(
    """береміз бермейміз беріледі берілмейді болмасын болмауы емес жалға жоқ керек рұқсат тек ғана
    қабылдамаймыз қажет қаламаймыз үшін"""
)
# Kazakh verbs of refusal, by their start: бермеймін, бермейміз; хабарласпасын ("let them not call").
KK_MARKER_PREFIXES = (
    "қабылдамай",
    "бермей",
    "берілмей",
    "болмасын",
    "беріл",
    "берем",
    "хабарласпа",
    "мазалама",
    "шалмасын",
)
KK_INCLUSIVE = _words("барлық бәрі да де кез маңызды та те қарамай қарамастан қуаныштымыз")
KK_EXCEPT = _words("басқа қоспағанда")
# Not "мен": it is "I" and "and" ("өзбектер мен тәжіктер").
KK_SELF = _words("біз біздің иесі менің үй")
# A place with an ablative ending: "Ресейден келгендерге" (to those come from Russia).
KK_PLACES = ("ресей", "кавказ", "азия", "украин", "қытай", "өзбекстан", "тәжікстан", "шетел")
KK_FROM_ENDINGS = ("дан", "ден", "тан", "тен", "нан", "нен")
# After these stems a group word is a thing: "орыс тілі", "қазақ тағамы".
KK_THING_HEADS = (
    "мектеб",
    "тіл",
    "тағам",
    "ас",
    "мектеп",
    "мәдениет",
    "дүкен",
    "базар",
    "мешіт",
    "шіркеу",
    "арна",
    "театр",
)

EN_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            """slav slavic asian caucasian russian kazakh kyrgyz kirghiz uzbek tajik uyghur chechen
        gypsy roma korean tatar ukrainian belarusian armenian georgian azerbaijani turkmen
        german jew european african black white ethnicity race nationality chinese afghan arab
        turk turkish kurd kurdish indian pakistani japanese vietnamese iranian persian dungan
        hui bashkir yakut buryat kalmyk ossetian ingush dagestani mongol mongolian"""
        ),
        ETHNICITY,
    ),
    **dict.fromkeys(
        _words(
            """jewish muslim christian orthodox catholic hindu buddhist atheist baptist sikh krishna
        evangelical"""
        ),
        RELIGION,
    ),
    **dict.fromkeys(_words("foreigner foreign citizen citizenship expat"), NATIONALITY),
    **dict.fromkeys(_words("local native migrant immigrant emigrant refugee relocant newcomer outsider"), ORIGIN),
}
EN_MARKERS = _words(
    """apply can't cannot don't dont except exclusively must need never no not only prefer
    preferably preferred rent required sorry strictly won't wont"""
)
EN_INCLUSIVE = _words(
    """perfect ideal suitable fine all also any equal every everybody everyone irrespective matter regardless too welcome
    whatever"""
)
EN_EXCEPT = _words("but except excluding")
EN_SELF = _words("host i landlady landlord my our owner we")
EN_THING_HEADS = _words(
    """books bus cafe channel channels church consulate cuisine culture district drama embassy food
    language market mosque quarter restaurant school shop shops speaker speakers speaking stop
    store style synagogue theater theatre tv"""
)
# "local" and "native" as adjectives describe places and things unless people follow.
EN_ONLY_AS_PEOPLE = _words("black foreign local native orthodox white")
EN_PEOPLE = _words(
    """citizens families family folks guys holders passport people person persons resident
    residents tenant tenants"""
)
EN_FROM = _words("from")
EN_BEFORE_PLACE = _words("central east eastern middle north northern south southern the")
EN_PLACES = _words(
    """europe abroad asia belarus caucasus china kazakhstan kyrgyzstan russia tajikistan ukraine
    uzbekistan"""
)

# The words that exclude by themselves ("only", "no", "without", "except"), as against
# those that only address a rent to someone ("сдам", "for"): an origin named by a place
# ("из России") needs one of these, and an inclusive word nearby cannot undo them.
RU_STRONG = _words(
    "приоритет предпочтение предпочтительно желательно обязательный обязательно требоваться только лишь исключительно строго без кроме не нет ни запрет запрещено нельзя отказ отказать отказываем отказано против мимо толко тока"
)
KK_STRONG = _words("тек ғана емес жоқ")
EN_STRONG = _words(
    "prefer preferred preferably must required only no not except exclusively never don't dont won't wont cannot can't strictly"
)
