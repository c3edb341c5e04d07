"""The texts of the demo's onward routes, in Russian, Kazakh and English: on from Almaty
to Istanbul and a Schengen visa, from Bishkek to Tbilisi, and staying on in Kazakhstan or
Kyrgyzstan (haven/demo/checklists.py loads them).

The rules in these texts were right as far as we know when written, and they change:
each route says so, and links go only to official sites whose addresses we are sure of.
"""

from __future__ import annotations

from typing import Any

CLOCK_LINK = "/guide/clock/"
CLOCK_LABEL = ("Счётчик дней пребывания", "Болу мерзімінің есептегіші", "The stay clock")


def _step(
    title: tuple[str, str, str],
    body: tuple[str, str, str],
    documents: tuple[str, str, str] = ("", "", ""),
    link: str = "",
    label: tuple[str, str, str] = ("", "", ""),
) -> dict[str, str]:
    fields: dict[str, str] = {"link": link}
    for stem, texts in (("title", title), ("body", body), ("documents", documents), ("link_label", label)):
        fields.update({f"{stem}_{lang}": text for lang, text in zip(("ru", "kk", "en"), texts, strict=True)})
    return fields


def _lines(*items: str) -> str:
    return "\n".join(items)


ISTANBUL = [
    _step(
        ("Проверьте загранпаспорт", "Шетелдік төлқұжатты тексеріңіз", "Check your international passport"),
        (
            "В Турцию пускают только по заграничному паспорту: внутреннего паспорта недостаточно. Для шенгенской "
            "визы паспорт должен быть выдан не более 10 лет назад, действовать ещё минимум 3 месяца после выезда "
            "из Шенгена и иметь две чистые страницы.",
            "Түркияға тек шетелдік төлқұжатпен кіргізеді: ішкі төлқұжат жеткіліксіз. Шенген визасы үшін төлқұжат "
            "соңғы 10 жыл ішінде берілген, Шенгеннен шыққаннан кейін кемінде 3 ай жарамды және екі бос беті бар "
            "болуы керек.",
            "Türkiye admits you only with an international passport: the internal passport is not enough. For a "
            "Schengen visa the passport must have been issued within the last 10 years, stay valid at least 3 "
            "months after you leave the Schengen area, and have two blank pages.",
        ),
        (
            _lines("Загранпаспорт", "Копия страницы с фото"),
            _lines("Шетелдік төлқұжат", "Фотосы бар бетінің көшірмесі"),
            _lines("International passport", "A copy of the photo page"),
        ),
    ),
    _step(
        ("Посчитайте дни в Казахстане", "Қазақстандағы күндерді санаңыз", "Count your days in Kazakhstan"),
        (
            "Перед вылетом убедитесь, что не превысили разрешённый срок пребывания в Казахстане: на выезде это "
            "проверяют, а за превышение штрафуют. Счётчик дней покажет, сколько дней у вас осталось.",
            "Ұшар алдында Қазақстанда рұқсат етілген мерзімнен асып кетпегеніңізге көз жеткізіңіз: шығар кезде "
            "мұны тексереді, ал асып кетсеңіз, айыппұл салынады. Болу мерзімінің есептегіші қанша күніңіз қалғанын көрсетеді.",
            "Before you fly, make sure you have not overstayed in Kazakhstan: it is checked on the way out, and an "
            "overstay is fined. The stay clock shows how many days you have left.",
        ),
        link=CLOCK_LINK,
        label=CLOCK_LABEL,
    ),
    _step(
        ("Купите билет до Стамбула", "Ыстамбұлға билет алыңыз", "Buy a ticket to Istanbul"),
        (
            "Из Алматы в Стамбул летают прямые рейсы, около семи часов в пути. На границе могут спросить обратный "
            "или дальнейший билет и бронь жилья: держите их под рукой. Запишите дату въезда — от неё считаются "
            "дни без визы.",
            "Алматыдан Ыстамбұлға тікелей рейстер бар, жолда шамамен жеті сағат. Шекарада кері немесе әрі қарайғы "
            "билетті және тұрғын үй броньын сұрауы мүмкін: оларды қолыңызда ұстаңыз. Келген күніңізді жазып "
            "алыңыз — визасыз күндер сол күннен бастап есептеледі.",
            "There are direct flights from Almaty to Istanbul, about seven hours on the way. At the border you may "
            "be asked for a return or onward ticket and a booking: keep them at hand. Write down the day you "
            "arrive: the visa-free days count from it.",
        ),
        (
            _lines("Билет или электронная бронь", "Бронь жилья на первые ночи"),
            _lines("Билет немесе электрондық бронь", "Алғашқы түндерге тұрғын үй броні"),
            _lines("Ticket or e-ticket", "A booking for the first nights"),
        ),
    ),
    _step(
        ("Срок без визы в Турции", "Түркиядағы визасыз мерзім", "Your visa-free days in Türkiye"),
        (
            "Гражданам России без визы можно находиться в Турции до 60 дней за один въезд и не больше 90 дней за "
            "любые 180. Проверьте правило для своего гражданства на сайте МИД Турции. За превышение срока "
            "штрафуют и могут запретить въезд.",
            "Ресей азаматтары Түркияда визасыз бір кіргенде 60 күнге дейін, ал кез келген 180 күн ішінде 90 "
            "күннен аспай бола алады. Өз азаматтығыңызға қатысты ережені Түркия СІМ сайтынан тексеріңіз. "
            "Мерзімнен асып кетсеңіз, айыппұл салып, елге кіруге тыйым салуы мүмкін.",
            "Russian citizens may stay in Türkiye without a visa for up to 60 days per entry and no more than 90 "
            "days in any 180. Check the rule for your citizenship on the Turkish foreign ministry's site. An "
            "overstay is fined and can bring an entry ban.",
        ),
        link="https://www.mfa.gov.tr/visa-information-for-foreigners.en.mfa",
        label=("МИД Турции: визовые правила", "Түркия СІМ: виза ережелері", "Turkish foreign ministry: visa rules"),
    ),
    _step(
        (
            "Если ждать дольше: вид на жительство (ikamet)",
            "Ұзақ күтсеңіз: ықтиярхат (ikamet)",
            "If you wait longer: a residence permit (ikamet)",
        ),
        (
            "Если визы придётся ждать дольше безвизового срока, подайте онлайн на краткосрочный вид на жительство "
            "до того, как срок кончится. Нужны договор аренды, заверенный у нотариуса, и медицинская страховка на "
            "весь срок. Получив ВНЖ, зарегистрируйте адрес в управлении народонаселения (Nüfus Müdürlüğü).",
            "Егер визаны визасыз мерзімнен ұзақ күту керек болса, мерзім бітпей тұрып қысқа мерзімді ықтиярхатқа "
            "онлайн өтініш беріңіз. Нотариус куәландырған жалға алу шарты және бүкіл мерзімге медициналық "
            "сақтандыру қажет. Ықтиярхат алған соң мекенжайыңызды халық тіркеу басқармасында (Nüfus Müdürlüğü) "
            "тіркеңіз.",
            "If the wait for a visa will outlast your visa-free days, apply online for a short-term residence "
            "permit before they run out. You need a rental contract certified by a notary and health insurance "
            "for the whole stay. Once you have the permit, register your address at the population office (Nüfus "
            "Müdürlüğü).",
        ),
        (
            _lines(
                "Загранпаспорт и его копия",
                "Договор аренды, заверенный у нотариуса",
                "Медицинская страховка на весь срок",
                "Биометрические фото",
                "Оплаченные пошлина и карта ВНЖ",
            ),
            _lines(
                "Шетелдік төлқұжат және оның көшірмесі",
                "Нотариус куәландырған жалға алу шарты",
                "Бүкіл мерзімге медициналық сақтандыру",
                "Биометриялық фотосуреттер",
                "Төленген баж бен ықтиярхат картасы",
            ),
            _lines(
                "Passport and a copy",
                "Rental contract certified by a notary",
                "Health insurance for the whole stay",
                "Biometric photos",
                "The fee and the permit card paid for",
            ),
        ),
        link="https://e-ikamet.goc.gov.tr/",
        label=("e-ikamet: заявление на ВНЖ", "e-ikamet: ықтиярхатқа өтініш", "e-ikamet: apply for a residence permit"),
    ),
    _step(
        ("Выберите консульство", "Консулдықты таңдаңыз", "Choose the consulate"),
        (
            "Подают в консульство страны, где вы проведёте больше всего дней; если дней поровну — страны первого "
            "въезда. Многие консульства в Турции принимают документы только у тех, кто живёт здесь законно, "
            "с ВНЖ: уточните это до записи. Документы обычно принимает визовый центр (VFS Global, BLS или "
            "TLScontact — зависит от страны).",
            "Құжатты ең көп күн болатын елдің консулдығына тапсырады; күндер тең болса — алғаш кіретін елдікіне. "
            "Түркиядағы көп консулдық құжатты тек мұнда заңды түрде, ықтиярхатпен тұратындардан қабылдайды: "
            "жазылмас бұрын нақтылаңыз. Құжатты әдетте визалық орталық қабылдайды (елге қарай VFS Global, BLS "
            "немесе TLScontact).",
            "Apply to the consulate of the country where you will spend the most days; if the days are equal, the "
            "country you enter first. Many consulates in Türkiye accept applications only from people who live "
            "there legally, with a residence permit: ask before you book. Applications usually go through a visa "
            "centre (VFS Global, BLS or TLScontact, depending on the country).",
        ),
        link="https://home-affairs.ec.europa.eu/policies/schengen-borders-and-visa/visa-policy_en",
        label=(
            "Европейская комиссия: шенгенские визы",
            "Еуропалық комиссия: Шенген визалары",
            "European Commission: Schengen visas",
        ),
    ),
    _step(
        ("Запишитесь на подачу", "Құжат тапсыруға жазылыңыз", "Book an appointment"),
        (
            "Записывайтесь как можно раньше: в сезон свободных дат может не быть неделями. Подать можно не раньше "
            "чем за 6 месяцев до поездки и не позже чем за 15 дней до неё.",
            "Мүмкіндігінше ертерек жазылыңыз: маусымда бос күн апталап болмауы мүмкін. Өтінішті сапардан 6 айдан "
            "ерте емес және 15 күннен кешіктірмей беруге болады.",
            "Book as early as you can: in season there may be no free dates for weeks. You can apply no earlier "
            "than 6 months and no later than 15 days before the trip.",
        ),
    ),
    _step(
        ("Соберите документы", "Құжаттарды жинаңыз", "Gather the documents"),
        (
            "Точный список — на сайте консульства или визового центра выбранной страны; ниже то, что просят почти "
            "везде. Страховка должна покрывать не меньше 30 000 евро и действовать во всех странах Шенгена на все "
            "дни поездки.",
            "Нақты тізім таңдалған елдің консулдығы немесе визалық орталығы сайтында; төменде барлық жерде дерлік "
            "сұралатындары. Сақтандыру кемінде 30 000 еуроны өтеп, сапардың барлық күнінде Шенгеннің барлық "
            "елінде жарамды болуы керек.",
            "The exact list is on the site of the chosen country's consulate or visa centre; below is what nearly "
            "all of them ask for. Insurance must cover at least 30,000 euros and be valid in every Schengen "
            "country for every day of the trip.",
        ),
        (
            _lines(
                "Анкета на визу, заполненная и подписанная",
                "Две фотографии 35×45 мм на светлом фоне",
                "Загранпаспорт и копии его страниц",
                "ВНЖ Турции (ikamet) или другой документ о законном пребывании",
                "Медицинская страховка от 30 000 евро на весь Шенген",
                "Выписка с банковского счёта за 3 месяца",
                "Бронь жилья на все ночи",
                "Бронь билетов туда и обратно",
                "Справка с работы или письмо о дистанционной работе",
                "Визовый сбор (90 евро для взрослых) и сбор визового центра",
            ),
            _lines(
                "Толтырылған және қол қойылған визалық сауалнама",
                "Ашық түсті фондағы 35×45 мм екі фотосурет",
                "Шетелдік төлқұжат және оның беттерінің көшірмелері",
                "Түркияның ықтиярхаты (ikamet) немесе заңды тұруды растайтын басқа құжат",
                "Бүкіл Шенгенде жарамды, кемінде 30 000 еуролық медициналық сақтандыру",
                "Соңғы 3 айдағы банк шотынан үзінді",
                "Барлық түнге тұрғын үй броні",
                "Бару-қайту билеттерінің броні",
                "Жұмыстан анықтама немесе қашықтан жұмыс туралы хат",
                "Виза алымы (ересектерге 90 еуро) және визалық орталық алымы",
            ),
            _lines(
                "Visa application form, filled in and signed",
                "Two photos, 35×45 mm, on a light background",
                "Passport and copies of its pages",
                "Turkish residence permit (ikamet) or other proof of legal stay",
                "Travel health insurance of at least 30,000 euros, valid across Schengen",
                "Bank statement for the last 3 months",
                "Bookings for every night",
                "Return ticket bookings",
                "A letter from your employer or proof of remote work",
                "Visa fee (90 euros for adults) and the visa centre's fee",
            ),
        ),
    ),
    _step(
        ("Подайте документы и сдайте отпечатки", "Құжат тапсырып, саусақ ізін беріңіз", "Apply and give fingerprints"),
        (
            "В визовый центр приходите лично: там снимают отпечатки пальцев, если вы не сдавали их за последние "
            "59 месяцев. Возьмите оригиналы и копии. Сохраните квитанцию с номером заявления: по нему можно "
            "следить за статусом.",
            "Визалық орталыққа өзіңіз барасыз: соңғы 59 айда саусақ ізін бермеген болсаңыз, оны сол жерде алады. "
            "Түпнұсқалар мен көшірмелерді ала барыңыз. Өтініш нөмірі бар түбіртекті сақтаңыз: сол арқылы "
            "өтініштің күйін бақылауға болады.",
            "Go to the visa centre in person: your fingerprints are taken there unless you gave them within the "
            "last 59 months. Bring the originals and copies. Keep the receipt with the application number: you can "
            "follow the application with it.",
        ),
    ),
    _step(
        ("Дождитесь решения", "Шешімді күтіңіз", "Wait for the decision"),
        (
            "Обычно решение принимают за 15 календарных дней, но срок может вырасти до 45. Пока ждёте, следите за "
            "сроком пребывания в Турции и не покупайте невозвратные билеты. Отказ приходит с письмом, где указаны "
            "причины и как его обжаловать.",
            "Әдетте шешім 15 күнтізбелік күнде шығады, бірақ мерзім 45 күнге дейін созылуы мүмкін. Күтіп жүргенде "
            "Түркияда болу мерзіміңізді бақылап, қайтарылмайтын билет алмаңыз. Бас тартқанда себептері мен "
            "шағымдану тәртібі жазылған хат береді.",
            "A decision usually comes within 15 calendar days, but it can take up to 45. While you wait, keep an "
            "eye on your days in Türkiye and do not buy non-refundable tickets. A refusal comes with a letter "
            "giving the reasons and how to appeal.",
        ),
        link=CLOCK_LINK,
        label=CLOCK_LABEL,
    ),
]

TBILISI = [
    _step(
        ("Проверьте загранпаспорт", "Шетелдік төлқұжатты тексеріңіз", "Check your international passport"),
        (
            "В Грузию въезжают по заграничному паспорту. Убедитесь, что он действует на весь срок, который вы "
            "собираетесь там провести.",
            "Грузияға шетелдік төлқұжатпен кіреді. Оның сол жерде болуды жоспарлаған бүкіл мерзімге жарамды "
            "екеніне көз жеткізіңіз.",
            "You enter Georgia with an international passport. Make sure it is valid for as long as you plan to stay.",
        ),
        ("Загранпаспорт", "Шетелдік төлқұжат", "International passport"),
    ),
    _step(
        ("Выезжайте из Кыргызстана вовремя", "Қырғызстаннан уақытында шығыңыз", "Leave Kyrgyzstan in time"),
        (
            "Проверьте, что не превысили срок пребывания в Кыргызстане: за превышение штрафуют на выезде. Счётчик "
            "дней покажет, сколько осталось.",
            "Қырғызстанда болу мерзімінен асып кетпегеніңізді тексеріңіз: асып кетсеңіз, шығар кезде айыппұл "
            "салынады. Болу мерзімінің есептегіші қанша күн қалғанын көрсетеді.",
            "Check that you have not overstayed in Kyrgyzstan: an overstay is fined at the exit. The stay clock "
            "shows how many days are left.",
        ),
        link=CLOCK_LINK,
        label=CLOCK_LABEL,
    ),
    _step(
        ("Купите билет до Тбилиси", "Тбилисиге билет алыңыз", "Buy a ticket to Tbilisi"),
        (
            "Прямые рейсы из Бишкека в Тбилиси бывают не всегда; часто летят с пересадкой, например в Алматы или "
            "Стамбуле. Если пересаживаетесь в другой стране, проверьте её правила транзита для вашего паспорта.",
            "Бішкектен Тбилисиге тікелей рейс әрдайым бола бермейді; көбіне ауысып ұшады, мысалы, Алматы немесе "
            "Ыстамбұл арқылы. Басқа елде ауысатын болсаңыз, сол елдің сіздің төлқұжатыңызға қатысты транзит "
            "ережелерін тексеріңіз.",
            "Direct flights from Bishkek to Tbilisi do not always run; people often fly with a change, for example "
            "in Almaty or Istanbul. If you change planes in another country, check its transit rules for your "
            "passport.",
        ),
        (
            _lines("Билет или электронная бронь", "Бронь жилья на первые ночи"),
            _lines("Билет немесе электрондық бронь", "Алғашқы түндерге тұрғын үй броні"),
            _lines("Ticket or e-ticket", "A booking for the first nights"),
        ),
    ),
    _step(
        ("Безвизовый срок в Грузии", "Грузиядағы визасыз мерзім", "Your visa-free stay in Georgia"),
        (
            "Гражданам России и многих других стран можно находиться в Грузии без визы до года. На границе могут "
            "спросить о цели поездки; изредка во въезде отказывают без объяснения причин. Правило для своего "
            "гражданства проверьте на сайте МИД Грузии.",
            "Ресей және басқа да көптеген елдердің азаматтары Грузияда визасыз бір жылға дейін бола алады. "
            "Шекарада сапар мақсатын сұрауы мүмкін; кейде себебін айтпай елге кіргізбейді. Өз азаматтығыңызға "
            "қатысты ережені Грузия СІМ сайтынан тексеріңіз.",
            "Citizens of Russia and many other countries may stay in Georgia without a visa for up to a year. At "
            "the border you may be asked about the purpose of your trip; now and then entry is refused without a "
            "reason. Check the rule for your citizenship on the Georgian foreign ministry's site.",
        ),
        link="https://www.mfa.gov.ge/",
        label=("МИД Грузии", "Грузия СІМ", "Georgian foreign ministry"),
    ),
    _step(
        ("SIM-карта", "SIM-карта", "A SIM card"),
        (
            "SIM-карты Magti, Silknet и Cellfie продают в аэропорту и в салонах связи по паспорту. Подключите "
            "мобильный интернет сразу: он нужен для карт, такси и банка.",
            "Magti, Silknet және Cellfie SIM-карталарын әуежайда және байланыс салондарында төлқұжатпен сатады. "
            "Мобильді интернетті бірден қосыңыз: ол карта, такси және банк үшін керек.",
            "SIM cards from Magti, Silknet and Cellfie are sold at the airport and in phone shops against your "
            "passport. Turn on mobile data at once: you need it for maps, taxis and the bank.",
        ),
        ("Загранпаспорт", "Шетелдік төлқұжат", "International passport"),
    ),
    _step(
        ("Жильё и договор аренды", "Тұрғын үй және жалға алу шарты", "A place to live and a rental contract"),
        (
            "Гостям без визы регистрироваться по месту жительства не нужно. Письменный договор аренды всё равно "
            "пригодится: его может попросить банк. Договоритесь о цене в лари или долларах заранее и сохраняйте "
            "подтверждения оплаты.",
            "Визасыз келгендерге тұрғылықты жері бойынша тіркелу қажет емес. Бәрібір жазбаша жалға алу шарты "
            "пайдалы: оны банк сұрауы мүмкін. Бағаны лариге немесе долларға алдын ала келісіп, төлем туралы "
            "растауларды сақтаңыз.",
            "Visitors without a visa need not register where they live. A written rental contract is still worth "
            "having: a bank may ask for it. Agree the rent in lari or dollars in advance and keep proof of what "
            "you pay.",
        ),
        (
            _lines("Договор аренды", "Подтверждения оплаты"),
            _lines("Жалға алу шарты", "Төлем туралы растаулар"),
            _lines("Rental contract", "Proof of payments"),
        ),
    ),
    _step(
        ("Счёт в банке", "Банктегі шот", "A bank account"),
        (
            "Счёт открывают в отделении банка по загранпаспорту; иногда просят подтвердить доход или адрес. "
            "Условия для граждан отдельных стран меняются и различаются от банка к банку: спросите заранее в "
            "двух-трёх банках.",
            "Шотты банк бөлімшесінде шетелдік төлқұжатпен ашады; кейде табысты немесе мекенжайды растауды "
            "сұрайды. Кейбір елдердің азаматтарына қойылатын шарттар өзгеріп отырады және әр банкте әртүрлі: "
            "алдын ала екі-үш банктен сұраңыз.",
            "An account is opened at a bank branch with your international passport; sometimes you are asked to "
            "prove your income or address. Terms for citizens of some countries change and differ from bank to "
            "bank: ask two or three banks beforehand.",
        ),
        (
            _lines("Загранпаспорт", "Договор аренды или другой документ с адресом", "Подтверждение дохода"),
            _lines("Шетелдік төлқұжат", "Жалға алу шарты немесе мекенжай жазылған басқа құжат", "Табысты растау"),
            _lines(
                "International passport", "Rental contract or another document with your address", "Proof of income"
            ),
        ),
    ),
    _step(
        ("Работаете удалённо: налоги", "Қашықтан жұмыс істесеңіз: салық", "If you work remotely: taxes"),
        (
            "Узнайте о статусе индивидуального предпринимателя со статусом малого бизнеса: его оформляют в Доме "
            "юстиции, а с оборота до установленного предела платят 1 %. Перед регистрацией посоветуйтесь с "
            "бухгалтером: условия и предел меняются.",
            "Шағын бизнес мәртебесі бар жеке кәсіпкер туралы біліңіз: оны Әділет үйінде рәсімдейді, ал белгіленген "
            "шекке дейінгі айналымнан 1 % төлейді. Тіркелмес бұрын бухгалтермен кеңесіңіз: шарттар мен шек "
            "өзгеріп отырады.",
            "Look into registering as an individual entrepreneur with small business status: it is done at the "
            "Public Service Hall, and turnover up to a set limit is taxed at 1 %. Talk to an accountant first: the "
            "terms and the limit change.",
        ),
        ("Загранпаспорт", "Шетелдік төлқұжат", "International passport"),
    ),
]

KAZAKHSTAN = [
    _step(
        ("Считайте дни", "Күндерді санаңыз", "Count your days"),
        (
            "Гражданам России и других стран ЕАЭС без визы можно находиться в Казахстане не больше 90 дней за "
            "любые 180, если у них нет разрешения на работу или вида на жительство. Запишите дату въезда и "
            "следите за сроком в счётчике дней.",
            "Ресей мен ЕАЭО-ның басқа елдерінің азаматтары, егер жұмысқа рұқсаты немесе ықтиярхаты болмаса, "
            "Қазақстанда визасыз кез келген 180 күн ішінде 90 күннен аспай бола алады. Келген күніңізді жазып "
            "алып, мерзімді болу мерзімінің есептегішімен бақылаңыз.",
            "Citizens of Russia and other EAEU countries may stay in Kazakhstan without a visa for no more than 90 "
            "days in any 180, unless they have a work permit or a residence permit. Write down the day you came in "
            "and follow your days on the stay clock.",
        ),
        link=CLOCK_LINK,
        label=CLOCK_LABEL,
    ),
    _step(
        ("Временная регистрация", "Уақытша тіркеу", "Temporary registration"),
        (
            "Гражданам ЕАЭС без регистрации можно находиться 30 дней с даты въезда. Если остаётесь дольше, вас "
            "должен зарегистрировать принимающий — владелец жилья или гостиница — на egov.kz или в ЦОНе. Сделайте "
            "это до истечения 30 дней: за опоздание штрафуют и гостя, и принимающего.",
            "ЕАЭО азаматтары келген күннен бастап 30 күн тіркеусіз бола алады. Одан ұзақ қалсаңыз, сізді "
            "қабылдаушы тарап — үй иесі немесе қонақүй — egov.kz арқылы немесе ХҚКО-да тіркеуі керек. Мұны 30 "
            "күн өтпей тұрып жасаңыз: кешіктірсе, қонаққа да, қабылдаушыға да айыппұл салынады.",
            "EAEU citizens may stay 30 days from entry without registration. If you stay longer, your host (the "
            "owner of the flat, or the hotel) must register you on egov.kz or at a Public Service Centre (TsON). "
            "Do it before the 30 days are up: lateness is fined, for the guest and the host.",
        ),
        (
            _lines("Паспорт, по которому вы въехали", "ИИН владельца жилья и адрес"),
            _lines("Елге кірген төлқұжатыңыз", "Үй иесінің ЖСН-і және мекенжай"),
            _lines("The passport you entered with", "The flat owner's IIN and the address"),
        ),
        link="https://egov.kz/",
        label=(
            "egov.kz — электронное правительство",
            "egov.kz — электрондық үкімет",
            "egov.kz, the e-government portal",
        ),
    ),
    _step(
        ("Получите ИИН", "ЖСН алыңыз", "Get an IIN"),
        (
            "ИИН — индивидуальный идентификационный номер. Без него не откроют счёт в банке, не оформят номер "
            "телефона и многие договоры. Иностранцу его присваивают в ЦОНе по паспорту, обычно в тот же день или "
            "через несколько дней.",
            "ЖСН — жеке сәйкестендіру нөмірі. Онсыз банкте шот ашылмайды, телефон нөмірі мен көп шарт "
            "рәсімделмейді. Шетелдікке оны ХҚКО-да төлқұжат бойынша береді, әдетте сол күні немесе бірнеше күннен "
            "кейін.",
            "The IIN is your individual identification number. Without it you cannot open a bank account, get a "
            "phone number in your name or sign many contracts. A foreigner gets one at a Public Service Centre "
            "(TsON) with a passport, usually the same day or within a few days.",
        ),
        ("Паспорт", "Төлқұжат", "Passport"),
    ),
    _step(
        ("Местная SIM-карта", "Жергілікті SIM-карта", "A local SIM card"),
        (
            "Казахстанский номер нужен для кодов из банка и egov.kz. SIM-карту оформляют в салоне оператора по "
            "паспорту и регистрируют на ваш ИИН; незарегистрированный номер со временем блокируют.",
            "Банк пен egov.kz кодтары үшін қазақстандық нөмір керек. SIM-картаны оператор салонында төлқұжатпен "
            "рәсімдеп, сіздің ЖСН-іңізге тіркейді; тіркелмеген нөмір уақыт өте бұғатталады.",
            "You need a Kazakh number for codes from the bank and egov.kz. The SIM card is issued at an operator's "
            "shop against your passport and registered to your IIN; an unregistered number is blocked in time.",
        ),
        (
            _lines("Паспорт", "ИИН"),
            _lines("Төлқұжат", "ЖСН"),
            _lines("Passport", "IIN"),
        ),
    ),
    _step(
        ("Банковская карта", "Банк картасы", "A bank card"),
        (
            "С ИИН и местным номером можно открыть счёт и карту в казахстанском банке — в отделении, иногда в "
            "приложении. Условия для нерезидентов различаются: узнайте, какие документы нужны, до визита.",
            "ЖСН және жергілікті нөмір болса, қазақстандық банкте шот пен карта ашуға болады — бөлімшеде, кейде "
            "қосымшада. Резидент еместерге қойылатын шарттар әртүрлі: қандай құжат керек екенін бармай тұрып "
            "біліп алыңыз.",
            "With an IIN and a local number you can open an account and a card at a Kazakh bank, at a branch or "
            "sometimes in the app. Terms for non-residents differ: ask which documents they need before you go.",
        ),
        (
            _lines("Паспорт", "ИИН", "Казахстанский номер телефона"),
            _lines("Төлқұжат", "ЖСН", "Қазақстандық телефон нөмірі"),
            _lines("Passport", "IIN", "A Kazakh phone number"),
        ),
    ),
    _step(
        ("Если остаётесь надолго", "Ұзақ қалсаңыз", "If you stay for long"),
        (
            "Чтобы жить дольше 90 дней, нужно основание: разрешение на работу, учёба, вид на жительство или "
            "другое. Узнайте свои варианты в миграционной службе или на egov.kz заранее, а не в последнюю неделю.",
            "90 күннен ұзақ тұру үшін негіз керек: жұмысқа рұқсат, оқу, ықтиярхат немесе басқасы. Өз "
            "мүмкіндіктеріңізді көші-қон қызметінен немесе egov.kz сайтынан соңғы аптада емес, алдын ала біліңіз.",
            "To live here longer than 90 days you need a basis: a work permit, studies, a residence permit or "
            "another. Find out your options from the migration service or on egov.kz early, not in the last week.",
        ),
        link="https://egov.kz/",
        label=(
            "egov.kz — электронное правительство",
            "egov.kz — электрондық үкімет",
            "egov.kz, the e-government portal",
        ),
    ),
]

KYRGYZSTAN = [
    _step(
        ("Считайте дни", "Күндерді санаңыз", "Count your days"),
        (
            "Граждане России и других стран ЕАЭС въезжают в Кыргызстан без визы; как правило, можно находиться "
            "не больше 90 дней за любые 180. Запишите дату въезда и следите за сроком в счётчике дней.",
            "Ресей мен ЕАЭО-ның басқа елдерінің азаматтары Қырғызстанға визасыз кіреді; әдетте кез келген 180 күн "
            "ішінде 90 күннен аспай болуға болады. Келген күніңізді жазып алып, мерзімді болу мерзімінің есептегішімен "
            "бақылаңыз.",
            "Citizens of Russia and other EAEU countries enter Kyrgyzstan without a visa; as a rule they may stay "
            "no more than 90 days in any 180. Write down the day you came in and follow your days on the stay "
            "clock.",
        ),
        link=CLOCK_LINK,
        label=CLOCK_LABEL,
    ),
    _step(
        ("Регистрация", "Тіркеу", "Registration"),
        (
            "Как правило, гражданам ЕАЭС без регистрации можно находиться до 30 дней. Если остаётесь дольше, "
            "зарегистрируйтесь по месту пребывания — вместе с владельцем жилья, в ЦОНе или отделении миграционной "
            "службы. Сроки и порядок проверьте заранее: они менялись.",
            "Әдетте ЕАЭО азаматтары тіркеусіз 30 күнге дейін бола алады. Одан ұзақ қалсаңыз, тұрған жеріңіз "
            "бойынша үй иесімен бірге халыққа қызмет көрсету орталығында немесе көші-қон қызметінің бөлімшесінде "
            "тіркеліңіз. Мерзімі мен тәртібін алдын ала тексеріңіз: олар өзгеріп тұрған.",
            "As a rule, EAEU citizens may stay up to 30 days without registration. If you stay longer, register "
            "where you live, together with the owner of the flat, at a public service centre or an office of the "
            "migration service. Check the deadlines and the procedure first: they have changed before.",
        ),
        (
            _lines("Паспорт", "Договор аренды или согласие владельца жилья", "Паспорт владельца жилья или его копия"),
            _lines(
                "Төлқұжат", "Жалға алу шарты немесе үй иесінің келісімі", "Үй иесінің төлқұжаты немесе оның көшірмесі"
            ),
            _lines("Passport", "Rental contract or the owner's consent", "The owner's passport or a copy"),
        ),
    ),
    _step(
        ("Получите ПИН", "ПИН алыңыз", "Get a PIN"),
        (
            "ПИН — персональный идентификационный номер в Кыргызстане. Он нужен для банка, договоров и налогов. "
            "Как получить его по вашему паспорту, спросите в ЦОНе.",
            "ПИН — Қырғызстандағы жеке сәйкестендіру нөмірі. Ол банк, шарттар және салық үшін керек. Оны өз "
            "төлқұжатыңыз бойынша қалай алуға болатынын халыққа қызмет көрсету орталығынан сұраңыз.",
            "The PIN is Kyrgyzstan's personal identification number. You need it for a bank, contracts and taxes. "
            "Ask at a public service centre how to get one with your passport.",
        ),
        ("Паспорт", "Төлқұжат", "Passport"),
    ),
    _step(
        ("Местная SIM-карта", "Жергілікті SIM-карта", "A local SIM card"),
        (
            "SIM-карты Beeline, MegaCom и O! продают в салонах операторов по паспорту. Местный номер нужен для "
            "банка и такси.",
            "Beeline, MegaCom және O! SIM-карталарын оператор салондарында төлқұжатпен сатады. Жергілікті нөмір "
            "банк пен такси үшін керек.",
            "SIM cards from Beeline, MegaCom and O! are sold in their shops against your passport. A local number "
            "is needed for the bank and taxis.",
        ),
        ("Паспорт", "Төлқұжат", "Passport"),
    ),
    _step(
        ("Счёт и карта в банке", "Банктегі шот және карта", "A bank account and card"),
        (
            "Счёт и карту открывают в отделении банка по паспорту и ПИН. Условия для иностранцев различаются от "
            "банка к банку: спросите о документах и комиссиях заранее.",
            "Шот пен картаны банк бөлімшесінде төлқұжат пен ПИН бойынша ашады. Шетелдіктерге қойылатын шарттар әр "
            "банкте әртүрлі: құжаттар мен комиссия туралы алдын ала сұраңыз.",
            "An account and a card are opened at a bank branch with your passport and PIN. Terms for foreigners "
            "differ from bank to bank: ask about documents and fees beforehand.",
        ),
        (
            _lines("Паспорт", "ПИН", "Местный номер телефона"),
            _lines("Төлқұжат", "ПИН", "Жергілікті телефон нөмірі"),
            _lines("Passport", "PIN", "A local phone number"),
        ),
    ),
    _step(
        ("Где читать правила", "Ережелерді қайдан оқуға болады", "Where to read the rules"),
        (
            "Правила въезда и пребывания иностранцев публикует МИД Кыргызстана. Если не уверены, спросите "
            "координатора: он подскажет, куда обратиться.",
            "Шетелдіктердің елге кіру және болу ережелерін Қырғызстан СІМ жариялайды. Сенімді болмасаңыз, "
            "үйлестірушіден сұраңыз: ол қайда бару керегін айтады.",
            "Kyrgyzstan's foreign ministry publishes the rules of entry and stay for foreigners. If you are unsure, "
            "ask a coordinator: they will tell you where to turn.",
        ),
        link="https://mfa.gov.kg/",
        label=("МИД Кыргызстана", "Қырғызстан СІМ", "Kyrgyz foreign ministry"),
    ),
]

ROUTES: list[dict[str, Any]] = [
    {
        "region": "almaty",
        "title": (
            "Алматы → Стамбул → шенгенская виза",
            "Алматы → Ыстамбұл → Шенген визасы",
            "Almaty → Istanbul → Schengen visa",
        ),
        "summary": (
            "Для тех, кто летит из Алматы в Турцию и там подаёт на шенгенскую визу. Правила меняются: сверяйтесь "
            "с официальными сайтами.",
            "Алматыдан Түркияға ұшып, сол жақта Шенген визасына құжат тапсыратындарға. Ережелер өзгеріп тұрады: "
            "ресми сайттардан тексеріп отырыңыз.",
            "For those flying from Almaty to Türkiye and applying for a Schengen visa there. Rules change: check "
            "the official sites.",
        ),
        "steps": ISTANBUL,
    },
    {
        "region": "bishkek",
        "title": ("Бишкек → Тбилиси", "Бішкек → Тбилиси", "Bishkek → Tbilisi"),
        "summary": (
            "Переезд в Грузию: дорога, безвизовый срок, связь, банк и налоги. Правила меняются: сверяйтесь с "
            "официальными сайтами.",
            "Грузияға көшу: жол, визасыз мерзім, байланыс, банк және салық. Ережелер өзгеріп тұрады: ресми "
            "сайттардан тексеріп отырыңыз.",
            "Moving on to Georgia: the journey, the visa-free stay, a SIM card, a bank account and taxes. Rules "
            "change: check the official sites.",
        ),
        "steps": TBILISI,
    },
    {
        "region": None,
        "title": ("Остаться в Казахстане", "Қазақстанда қалу", "Staying on in Kazakhstan"),
        "summary": (
            "Для тех, кто остаётся в Алматы, Астане или другом городе Казахстана: сроки, регистрация, ИИН, связь "
            "и банк. Правила меняются: сверяйтесь с egov.kz.",
            "Алматыда, Астанада немесе Қазақстанның басқа қаласында қалатындарға: мерзімдер, тіркеу, ЖСН, байланыс "
            "және банк. Ережелер өзгеріп тұрады: egov.kz сайтынан тексеріп отырыңыз.",
            "For those staying on in Almaty, Astana or another Kazakh city: deadlines, registration, an IIN, a SIM "
            "card and a bank. Rules change: check egov.kz.",
        ),
        "steps": KAZAKHSTAN,
    },
    {
        "region": "bishkek",
        "title": ("Остаться в Кыргызстане", "Қырғызстанда қалу", "Staying on in Kyrgyzstan"),
        "summary": (
            "Для тех, кто остаётся в Бишкеке или другом городе Кыргызстана: сроки, регистрация, ПИН, связь и "
            "банк. Правила меняются: сверяйтесь с официальными источниками.",
            "Бішкекте немесе Қырғызстанның басқа қаласында қалатындарға: мерзімдер, тіркеу, ПИН, байланыс және "
            "банк. Ережелер өзгеріп тұрады: ресми дереккөздерден тексеріп отырыңыз.",
            "For those staying on in Bishkek or another Kyrgyz city: deadlines, registration, a PIN, a SIM card "
            "and a bank. Rules change: check the official sources.",
        ),
        "steps": KYRGYZSTAN,
    },
]
