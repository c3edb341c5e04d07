"""The demo's help points: a dozen in each of Almaty, Astana and Bishkek, across every
kind of help, with coordinates inside the city and the hours such places keep (one
hotline round the clock; offices closed at the weekend; a canteen closed on Sunday).
The names are made up; the streets are real."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from urllib.parse import urlencode, urljoin

from haven.accounts.models import Region
from haven.demo import data
from haven.helppoints import hours, services
from haven.helppoints.models import HelpPoint, Kind

OFFICE = "09:00-13:00, 14:00-18:00"
WEEKDAYS_ONLY = (OFFICE,) * 5 + ("", "")

# kind, name, district slug, address, latitude, longitude, phone, languages, note, hours Monday..Sunday
Row = tuple[str, str, str, str, str, str, str, list[str], str, tuple[str, ...]]

POINTS: dict[str, list[Row]] = {
    "almaty": [
        (Kind.FOOD, "Столовая «Общий стол»", "almaly", "ул. Жибек Жолы 50", "43.260100", "76.945400", "+7 727 250 11 22", ["ru", "kk"], "Горячий обед бесплатно с 12:00 до 15:00, без документов.", ("10:00-20:00",) * 6 + ("",)),
        (Kind.FOOD, "Волонтёрская кухня у вокзала Алматы-2", "almaly", "пр. Абылай хана 1", "43.272200", "76.940600", "", ["ru"], "Чай, бутерброды и зарядка для телефона круглосуточно.", ("24h",) * 7),
        (Kind.REGISTRATION, "ЦОН Алмалинского района", "almaly", "ул. Толе би 155", "43.252300", "76.900100", "+7 727 1414", ["ru", "kk"], "Регистрация по месту пребывания и ИИН. Возьмите талон электронной очереди.", WEEKDAYS_ONLY),
        (Kind.MIGRATION, "Управление миграционной службы", "bostandyk", "ул. Байзакова 280", "43.236900", "76.914200", "+7 727 254 40 00", ["ru", "kk"], "Продление срока пребывания. Приём по талонам с 09:00.", ("09:00-18:00",) * 5 + ("", "")),
        (Kind.LEGAL, "Юридическая консультация «Право рядом»", "medeu", "ул. Курмангазы 61", "43.247500", "76.941800", "+7 701 555 20 30", ["ru", "en"], "Бесплатно: сроки пребывания, трудоустройство, аренда. Запись не нужна.", ("10:00-19:00",) * 5 + ("11:00-16:00", "")),
        (Kind.MEDICAL, "Поликлиника №4, приём без прикрепления", "almaly", "ул. Кабанбай батыра 135", "43.248700", "76.905500", "+7 727 267 12 12", ["ru", "kk"], "Неотложная помощь без полиса. Возьмите удостоверение личности.", ("08:00-20:00",) * 5 + ("09:00-14:00", "")),
        (Kind.PSYCHOLOGICAL, "Психологи-волонтёры «Тихая комната»", "medeu", "ул. Казыбек би 20", "43.255900", "76.951300", "+7 777 300 44 55", ["ru"], "Можно просто прийти и помолчать. Без записи, анонимно.", ("12:00-21:00",) * 7),
        (Kind.PEER_GROUP, "Группа поддержки для приехавших", "bostandyk", "пр. Аль-Фараби 17, коворкинг, 2 этаж", "43.218400", "76.927700", "", ["ru"], "По средам и субботам в 19:00: разговор в кругу, по-русски.", ("", "", "19:00-21:00", "", "", "19:00-21:00", "")),
        (Kind.HOTLINE, "Телефон доверия (круглосуточно)", "", "", "", "", "+7 727 150", ["ru", "kk", "en"], "Звонок бесплатный. Можно позвонить ночью, если страшно или плохо.", ("24h",) * 7),
        (Kind.WORKSPACE, "Коворкинг «Орбита»", "bostandyk", "ул. Тимирязева 42", "43.226000", "76.910800", "", ["ru", "en"], "Первый день — бесплатно для приехавших. Розетки, Wi-Fi, чай.", ("08:00-23:00",) * 7),
        (Kind.SIM, "Салон связи у ЦУМа", "almaly", "пр. Абылай хана 62", "43.262000", "76.944700", "", ["ru", "kk"], "SIM-карта по паспорту, тариф с интернетом.", ("10:00-21:00",) * 7),
        (Kind.EXCHANGE, "Обменный пункт на Гоголя", "almaly", "ул. Гоголя 58", "43.258800", "76.941200", "", ["ru"], "Рубли, доллары, евро. Курс на табло у входа.", ("09:00-20:00",) * 6 + ("10:00-18:00",)),
        (Kind.LEGAL, "Правовая помощь для переселенцев (онлайн и очно)", "almaly", "ул. Наурызбай батыра 65", "", "", "+7 705 111 22 33", ["ru", "kk"], "Координаты уточняются: вход со двора.", WEEKDAYS_ONLY),
    ],
    "astana": [
        (Kind.FOOD, "Благотворительная столовая «Шанырак»", "saryarka", "пр. Сарыарка 12", "51.170600", "71.423700", "+7 717 250 30 40", ["ru", "kk"], "Обед бесплатно с 13:00 до 16:00.", ("11:00-19:00",) * 6 + ("",)),
        (Kind.FOOD, "Горячий чай у вокзала Нурлы Жол", "baikonur", "пр. Туран, привокзальная площадь", "51.116500", "71.532400", "", ["ru"], "Волонтёры встречают поезда, чай и карта города.", ("24h",) * 7),
        (Kind.REGISTRATION, "ЦОН района Есиль", "yesil", "пр. Мангилик Ел 8", "51.107700", "71.431500", "+7 717 1414", ["ru", "kk"], "Регистрация и ИИН. Очередь по талонам.", WEEKDAYS_ONLY),
        (Kind.MIGRATION, "Миграционная служба города", "almaty", "ул. Жубанова 7", "51.153300", "71.476700", "+7 717 275 10 10", ["ru", "kk"], "Продление пребывания, вопросы по срокам.", ("09:00-18:00",) * 5 + ("", "")),
        (Kind.LEGAL, "Бесплатная юридическая клиника", "saryarka", "ул. Кенесары 40", "51.168300", "71.416700", "+7 701 404 50 60", ["ru"], "Консультации по пребыванию и работе.", ("10:00-18:00",) * 5 + ("", "")),
        (Kind.MEDICAL, "Городская поликлиника №2, дежурный врач", "almaty", "ул. Бейбітшілік 33", "51.163400", "71.428200", "+7 717 232 00 03", ["ru", "kk"], "Неотложная помощь. Удостоверение личности при себе.", ("08:00-20:00",) * 6 + ("09:00-14:00",)),
        (Kind.PSYCHOLOGICAL, "Кабинет психологической поддержки", "yesil", "ул. Кабанбай батыра 53", "51.090600", "71.418400", "+7 777 600 70 80", ["ru"], "Анонимно. Можно прийти вдвоём.", ("11:00-20:00",) * 6 + ("",)),
        (Kind.PEER_GROUP, "Вечер поддержки для приехавших", "saryarka", "ул. Богенбай батыра 21, библиотека", "51.167200", "71.431800", "", ["ru"], "По четвергам в 19:00: разговор и советы тех, кто приехал раньше.", ("", "", "", "19:00-21:00", "", "", "")),
        (Kind.HOTLINE, "Линия поддержки переселенцев", "", "", "", "", "+7 717 150", ["ru", "kk"], "Круглосуточно, бесплатно.", ("24h",) * 7),
        (Kind.WORKSPACE, "Коворкинг в Доме науки", "yesil", "пр. Кабанбай батыра 60", "51.089500", "71.406100", "", ["ru", "en"], "Столы по дням, Wi-Fi.", ("09:00-22:00",) * 7),
        (Kind.SIM, "Салон связи в ТРЦ", "yesil", "пр. Туран 37", "51.132400", "71.403800", "", ["ru", "kk"], "SIM-карта за 10 минут.", ("10:00-22:00",) * 7),
        (Kind.EXCHANGE, "Обменный пункт на Республике", "saryarka", "пр. Республики 5", "51.164100", "71.430900", "", ["ru"], "Рубли и доллары.", ("09:00-20:00",) * 7),
    ],
    "bishkek": [
        (Kind.FOOD, "Кухня взаимопомощи", "pervomaisky", "ул. Киевская 96", "42.874100", "74.602900", "+996 555 10 20 30", ["ru", "ky"], "Обед бесплатно с 12:00 до 15:00.", ("10:00-19:00",) * 6 + ("",)),
        (Kind.FOOD, "Чай и еда на автовокзале", "leninsky", "ул. Жибек Жолу 102, Западный автовокзал", "42.884400", "74.562600", "", ["ru"], "Волонтёры у касс, круглосуточно.", ("24h",) * 7),
        (Kind.REGISTRATION, "ЦОН №1 (регистрация иностранцев)", "pervomaisky", "ул. Тоголок Молдо 17", "42.880800", "74.596900", "+996 312 30 00 00", ["ru", "ky"], "Регистрация по месту пребывания.", WEEKDAYS_ONLY),
        (Kind.MIGRATION, "Служба по делам миграции", "sverdlovsky", "ул. Ахунбаева 119", "42.844200", "74.620300", "+996 312 62 00 00", ["ru", "ky"], "Продление и вопросы по срокам пребывания.", ("09:00-17:00",) * 5 + ("", "")),
        (Kind.LEGAL, "Правовая клиника «Адилет»", "pervomaisky", "ул. Исанова 42", "42.878200", "74.593000", "+996 700 11 22 33", ["ru", "en"], "Бесплатно: пребывание, работа, аренда.", ("10:00-18:00",) * 5 + ("11:00-15:00", "")),
        (Kind.MEDICAL, "Центр семейной медицины №6", "oktyabrsky", "ул. Байтик Баатыра 60", "42.857100", "74.609700", "+996 312 54 00 00", ["ru", "ky"], "Неотложная помощь без прикрепления.", ("08:00-19:00",) * 6 + ("",)),
        (Kind.PSYCHOLOGICAL, "Психологическая помощь «Собеседник»", "sverdlovsky", "ул. Токтогула 125", "42.871500", "74.618900", "+996 555 44 55 66", ["ru"], "Анонимно и бесплатно.", ("12:00-20:00",) * 6 + ("",)),
        (Kind.PEER_GROUP, "Русскоязычная группа поддержки", "pervomaisky", "ул. Московская 141, 3 этаж", "42.873000", "74.588600", "", ["ru"], "По вторникам и пятницам в 19:00.", ("", "19:00-21:00", "", "", "19:00-21:00", "", "")),
        (Kind.HOTLINE, "Телефон доверия", "", "", "", "", "+996 312 1212", ["ru", "ky"], "Круглосуточно и бесплатно.", ("24h",) * 7),
        (Kind.WORKSPACE, "Коворкинг у Филармонии", "pervomaisky", "пр. Чуй 253", "42.876900", "74.589700", "", ["ru", "en"], "Первый день бесплатно.", ("08:00-22:00",) * 7),
        (Kind.SIM, "Салон связи на Чуй", "leninsky", "пр. Чуй 155", "42.876300", "74.603300", "", ["ru", "ky"], "SIM-карта по паспорту.", ("09:00-21:00",) * 7),
        (Kind.EXCHANGE, "Обменное бюро на Советской", "oktyabrsky", "ул. Абдрахманова 170", "42.869400", "74.612200", "", ["ru"], "Рубли, доллары, тенге.", ("08:00-20:00",) * 7),
        (Kind.FOOD, "Бар «Поздний ужин»: суп после полуночи", "pervomaisky", "ул. Панфилова 150", "42.875800", "74.600100", "", ["ru"], "Суп и чай бесплатно для приехавших по пятницам и субботам до 02:00.", ("", "", "", "", "20:00-02:00", "20:00-02:00", "")),
    ],
}  # fmt: skip


def load(*, regions: Mapping[str, Region]) -> None:
    for slug, rows in POINTS.items():
        region = regions.get(slug)
        if region is None:
            continue
        districts = {district.slug: district for district in region.districts.all()}
        for kind, name, district, address, lat, lon, phone, languages, note, days in rows:
            week = tuple(hours.parse_day(day) for day in days)
            services.create_point(
                by=None, region=region, district=districts.get(district), kind=kind, name=name, address=address,
                latitude=Decimal(lat) if lat else None, longitude=Decimal(lon) if lon else None,
                phone=phone.replace(" ", ""), website="", languages=languages, note=note,
                week=(week[0], week[1], week[2], week[3], week[4], week[5], week[6]),
            )  # fmt: skip


def report_lines(base: str) -> list[str]:
    if not HelpPoint.objects.exists():
        return []
    almaty = data.CITIES[0]
    poster = urlencode({"city": "almaty", "place": "Автовокзал Сайран", "languages": ["ru", "kk", "en"]}, doseq=True)
    return [
        f"Help points: {urljoin(base, 'help/?city=almaty')} lists food, offices, legal and medical aid, someone to "
        "talk to, desks, SIM cards and exchange, each open or closed now on the city's clock "
        f"(filter by district, kind, open now); Astana and Bishkek likewise;",
        f"  the same on a map: {urljoin(base, 'help/map/?city=almaty')} (markers on a plain background when the "
        "tiles cannot load, every point listed below);",
        f"  an A4 poster with a QR code for a station: {urljoin(base, 'help/poster/?' + poster)} "
        f"(the form: {urljoin(base, 'help/poster/')});",
        f"  coordinators add, change and hide points at {urljoin(base, 'help/coord/')} "
        f"(as {almaty.coordinator_email}, {almaty.coordinator_name}).",
    ]
