"""The fixed material of the demo: cities, districts, people to log in as, and the
words that households and hosts would write.

Everything here is public on purpose. The password and the TOTP secrets let anyone
who reads this file log in to a demo database, and nowhere else: they must never be
used on a server that holds real people's data.
"""

from __future__ import annotations

from dataclasses import dataclass

# One password for every demo login, printed by the command.
DEMO_PASSWORD = "haven-demo-2022"  # noqa: S105 - a published demo password, not a secret
DEMO_DOMAIN = "demo.haven"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
ADMIN_NAME = "Admin"
# Works the queue of the Almaty registration centre.
QUEUE_STAFF_EMAIL = f"queue.almaty@{DEMO_DOMAIN}"
QUEUE_STAFF_NAME = "Marat"
# Runs City Hub, the Almaty coworking space (and, in the demo, the other spaces too).
SPACE_MANAGER_EMAIL = f"hub.almaty@{DEMO_DOMAIN}"
SPACE_MANAGER_NAME = "Aigerim"
# Files relocation requests for Steppe Software.
EMPLOYER_EMAIL = f"hr.steppe@{DEMO_DOMAIN}"
EMPLOYER_NAME = "Olga"
LANDLORD_EMAIL = f"toktogulov.bishkek@{DEMO_DOMAIN}"
LANDLORD_NAME = "Toktogulov"
# Generated once (base32 of 20 random bytes), fixed so that a newcomer can add them
# to an authenticator app and keep them across re-seeds.
ADMIN_TOTP_SECRET = "RBRLHOBFVITCWUJ3QP2PC3WNMLCUASHH"  # noqa: S105 - published demo secret


@dataclass(frozen=True)
class DistrictData:
    slug: str
    name_ru: str
    name_kk: str
    name_en: str
    # Streets and microdistricts of this district, for plausible (fake) addresses.
    streets: tuple[str, ...]


@dataclass(frozen=True)
class CityData:
    slug: str
    country: str
    name_ru: str
    name_kk: str
    name_en: str
    currency: str  # of paid offers
    weight: float  # share of the households and offers
    coordinator_name: str
    coordinator_totp_secret: str
    host_name: str
    districts: tuple[DistrictData, ...]

    @property
    def coordinator_email(self) -> str:
        return f"coordinator.{self.slug}@{DEMO_DOMAIN}"

    @property
    def host_email(self) -> str:
        return f"host.{self.slug}@{DEMO_DOMAIN}"

    def extra_host_email(self, number: int) -> str:
        return f"host{number:02d}.{self.slug}@{DEMO_DOMAIN}"


# Full district names in every language ("Медеуский район", "Медеу ауданы", "Medeu
# District"): Astana has a district called Almaty, which a bare name would confuse
# with the city.
CITIES: tuple[CityData, ...] = (
    CityData(
        slug="almaty",
        country="KZ",
        name_ru="Алматы",
        name_kk="Алматы",
        name_en="Almaty",
        currency="KZT",
        weight=0.5,
        coordinator_name="Ekaterina",
        coordinator_totp_secret="DKLGB3Z4DOBSL7ARGOOOOLI52EHHMKFF",  # noqa: S106 - published demo secret
        host_name="Almira",
        districts=(
            DistrictData(
                "alatau",
                "Алатауский район",
                "Алатау ауданы",
                "Alatau District",
                ("мкр. Шанырак-2", "мкр. Айгерим-1", "мкр. Боралдай"),
            ),
            DistrictData(
                "almaly",
                "Алмалинский район",
                "Алмалы ауданы",
                "Almaly District",
                ("ул. Толе би", "ул. Жамбыла", "ул. Панфилова", "ул. Байтурсынова", "ул. Шевченко"),
            ),
            DistrictData(
                "auezov",
                "Ауэзовский район",
                "Әуезов ауданы",
                "Auezov District",
                ("мкр. Аксай-4", "мкр. Мамыр-4", "мкр. Жетысу-2", "ул. Бауыржана Момышулы"),
            ),
            DistrictData(
                "bostandyk",
                "Бостандыкский район",
                "Бостандық ауданы",
                "Bostandyk District",
                ("ул. Сатпаева", "ул. Тимирязева", "мкр. Орбита-2", "ул. Розыбакиева", "пр. Аль-Фараби"),
            ),
            DistrictData(
                "zhetysu",
                "Жетысуский район",
                "Жетісу ауданы",
                "Zhetysu District",
                ("мкр. Кулагер", "ул. Рыскулова", "мкр. Айнабулак-3"),
            ),
            DistrictData(
                "medeu",
                "Медеуский район",
                "Медеу ауданы",
                "Medeu District",
                ("пр. Достык", "ул. Кунаева", "мкр. Самал-2", "ул. Зенкова", "ул. Пушкина"),
            ),
            DistrictData(
                "nauryzbay",
                "Наурызбайский район",
                "Наурызбай ауданы",
                "Nauryzbay District",
                ("мкр. Шугыла", "мкр. Калкаман-2", "мкр. Таусамалы"),
            ),
            DistrictData(
                "turksib",
                "Турксибский район",
                "Түрксіб ауданы",
                "Turksib District",
                ("мкр. Жулдыз-1", "ул. Майлина", "ул. Бекмаханова", "ул. Сейфуллина"),
            ),
        ),
    ),
    CityData(
        slug="astana",
        country="KZ",
        name_ru="Астана",
        name_kk="Астана",
        name_en="Astana",
        currency="KZT",
        weight=0.25,
        coordinator_name="Dinara",
        coordinator_totp_secret="YKZ5LFYJB5IUB435G6CMUBOHQBVNE6FL",  # noqa: S106 - published demo secret
        host_name="Timur",
        districts=(
            DistrictData(
                "almaty",
                "район Алматы",
                "Алматы ауданы",
                "Almaty District",
                ("пр. Абылай хана", "ул. Жубанова", "ул. Ташенова"),
            ),
            DistrictData(
                "baikonur",
                "район Байконур",
                "Байқоңыр ауданы",
                "Baikonur District",
                ("пр. Республики", "ул. Бейбитшилик", "ул. Иманова"),
            ),
            DistrictData(
                "yesil",
                "район Есиль",
                "Есіл ауданы",
                "Yesil District",
                ("пр. Мангилик Ел", "пр. Туран", "ул. Сыганак", "ул. Керей, Жанибек хандар"),
            ),
            DistrictData(
                "saryarka",
                "район Сарыарка",
                "Сарыарқа ауданы",
                "Saryarka District",
                ("пр. Богенбай батыра", "ул. Кенесары", "ул. Желтоксан"),
            ),
            DistrictData(
                "nura",
                "район Нура",
                "Нұра ауданы",
                "Nura District",
                ("пр. Кабанбай батыра", "пр. Улы Дала", "ул. Хусейн бен Талал"),
            ),
        ),
    ),
    CityData(
        slug="bishkek",
        country="KG",
        name_ru="Бишкек",
        name_kk="Бішкек",
        name_en="Bishkek",
        currency="KGS",
        weight=0.25,
        coordinator_name="Aibek",
        coordinator_totp_secret="PZCFIR5AXZKA3DB4F6EABEYRGRNIDQKQ",  # noqa: S106 - published demo secret
        host_name="Cholpon",
        districts=(
            DistrictData(
                "leninsky",
                "Ленинский район",
                "Ленин ауданы",
                "Leninsky District",
                ("пр. Манаса", "ул. Льва Толстого", "мкр. Джал-23"),
            ),
            DistrictData(
                "oktyabrsky",
                "Октябрьский район",
                "Октябрь ауданы",
                "Oktyabrsky District",
                ("ул. Ахунбаева", "мкр. Асанбай", "мкр. Восток-5", "мкр. Аламедин-1"),
            ),
            DistrictData(
                "pervomaisky",
                "Первомайский район",
                "Первомай ауданы",
                "Pervomaisky District",
                ("ул. Киевская", "ул. Токтогула", "бул. Эркиндик", "пр. Чуй"),
            ),
            DistrictData(
                "sverdlovsky",
                "Свердловский район",
                "Свердлов ауданы",
                "Sverdlovsky District",
                ("пр. Жибек Жолу", "ул. Ибраимова", "мкр. Тунгуч"),
            ),
        ),
    ),
)

# Names that demo hosts show to others (first names only, as the site asks).
HOST_NAMES = (
    "Aliya", "Asel", "Saule", "Marat", "Yerlan", "Olga", "Dmitry", "Nargiza", "Madina", "Ruslan",
    "Zarina", "Bakyt", "Svetlana", "Daniyar", "Aigerim", "Igor", "Natalia", "Askar", "Gulmira", "Kanat",
    "Elena", "Azamat", "Zhanna", "Bolat", "Irina", "Meerim", "Ainura", "Tatiana", "Yerzhan", "Lyudmila",
    "Ermek", "Aizada", "Nurlan", "Vera", "Sergey", "Kuanysh", "Anara", "Timofey", "Dana", "Aruzhan",
)  # fmt: skip


# The first household of each city, whose code the command prints.
@dataclass(frozen=True)
class ShowcaseHousehold:
    alias: str
    adults: int
    nights: int
    telegram: str = ""
    district: str = ""  # a district slug, or any district


SHOWCASE_HOUSEHOLDS = {
    "almaty": ShowcaseHousehold("Алексей", adults=1, nights=3, telegram="alexei_k_demo"),
    "astana": ShowcaseHousehold("Сергей и Ирина", adults=2, nights=2),
    "bishkek": ShowcaseHousehold("Георгий", adults=1, nights=30, telegram="georgy_writes_demo", district="leninsky"),
}

# Aliases: first names and nicknames, never a surname.
MEN = (
    "Алексей", "Сергей", "Дмитрий", "Андрей", "Михаил", "Иван", "Никита", "Артём", "Максим", "Егор",
    "Павел", "Кирилл", "Илья", "Антон", "Роман", "Денис", "Владимир", "Константин", "Георгий", "Евгений",
    "Олег", "Тимур", "Руслан", "Глеб", "Фёдор", "Степан", "Арсений", "Вадим", "Игорь", "Ярослав",
)  # fmt: skip
MEN_SHORT = (
    "Лёша", "Серёжа", "Дима", "Миша", "Ваня", "Макс", "Паша", "Костя", "Женя", "Саша",
    "Гоша", "Тёма", "Слава", "Стас", "Федя", "Вова", "Антоха", "Гриша",
)  # fmt: skip
NICKNAMES = ("Алекс", "Дэн", "Ник", "Серж", "Макс К.", "Миха", "Шурик", "Тоха", "Лёха", "Гоша-дизайнер")
WOMEN = (
    "Ирина", "Екатерина", "Анна", "Мария", "Ольга", "Наталья", "Елена", "Татьяна", "Дарья", "Алина",
    "Юлия", "Ксения", "Полина", "Светлана", "Вера", "Марина", "Софья",
)  # fmt: skip
WOMEN_SHORT = ("Катя", "Аня", "Маша", "Оля", "Наташа", "Лена", "Таня", "Даша", "Юля", "Ксюша", "Поля", "Соня")

# Latin stems for Telegram handles; every handle ends in "_demo" so that no demo
# record ever points at a real person's account.
TELEGRAM_STEMS = (
    "lyosha", "serg", "dimon", "misha", "vanya", "max", "pasha", "kostya", "zhenya", "sasha",
    "gosha", "tema", "nikita", "egor", "kate", "anya", "masha", "olya", "lena", "dasha",
)  # fmt: skip

# Mobile prefixes: Kazakhstan +7 7xx, Kyrgyzstan +996 5xx/7xx. The middle block is
# always 555, the usual sign of a made-up number.
PHONE_PREFIXES = {
    "KZ": ("+7 701", "+7 702", "+7 705", "+7 707", "+7 747", "+7 771", "+7 775", "+7 777", "+7 778"),
    "KG": ("+996 500", "+996 550", "+996 700", "+996 701", "+996 770", "+996 777"),
}

# Prices per night in autumn 2022, when rents rose sharply (low, high, step).
PRICES = {
    "KZT": {"bed": (2000, 5000, 500), "room": (4000, 10000, 500), "flat": (12000, 25000, 1000)},
    "KGS": {"bed": (500, 1200, 100), "room": (1000, 2500, 100), "flat": (2500, 5000, 250)},
}

STAIRS_RULE = "Живём на пятом этаже без лифта."  # not for step-free offers
HOUSE_RULES = (
    "Не курить в квартире, на балконе можно.",
    "Тишина после 22:00, у нас маленький ребёнок.",
    "Обувь снимаем у входа.",
    "Ключ один, договоримся, когда уходите и приходите.",
    "Можно пользоваться кухней и стиральной машиной.",
    "Есть кот, если аллергия — лучше не к нам.",
    "Гостей не приводить, пожалуйста.",
    "Алкоголь — нет.",
    "Wi-Fi есть, можно работать из дома днём.",
    "Постельное бельё и полотенца даём.",
    "Завтрак не обещаем, но чай и кофе всегда есть.",
    "Предупредите за день, если уезжаете раньше.",
    "Душ общий, утром очередь до 8:30.",
    STAIRS_RULE,
    "Встречу на остановке, если напишете заранее.",
)

VETTING_NOTES = (
    "Познакомились лично, квартиру посмотрели.",
    "Рекомендовали волонтёры, созвонились по видео.",
    "Уже принимали гостей в сентябре, отзывы хорошие.",
    "Встретились в координационном пункте, всё обсудили.",
)
