"""The bot's own lines in the reader's language: English and the six it speaks.

The reports are English and their passages are quoted as they are; what the bot says about
them (a caveat, "not covered", "the report is in English", how a follow-up was read, the
overview's labels) is said in the question's language when it is one of German, Russian,
Ukrainian, Turkish, Azerbaijani or Persian (``retrieval.language``), else in English.
Plain text with ``{placeholders}``, filled by ``line``; the Telegram side
(``bot.conversation.replies``, ``answers``, ``overview_replies``) escapes the values, the
console (``bot.console.overview_text``) prints them as they are.
"""

from __future__ import annotations

from typing import Literal

Key = Literal[
    "closest",
    "not_covered",
    "foreign_found",
    "foreign_not_found",
    "in_english",
    "summary",
    "conclusion",
    "outline",
    "overview_hint",
    "read_as",
    "read_with",
    "more_of",
    "no_more",
    "whole_section",
]

LINES: dict[Key, dict[str, str]] = {
    "closest": {
        "en": "The report may not answer this directly; these are the closest passages.",
        "de": "Der Bericht beantwortet das vielleicht nicht direkt; dies sind die "
        "nächstliegenden Passagen.",
        "ru": "Возможно, в докладе нет прямого ответа; вот наиболее близкие фрагменты.",
        "uk": "Можливо, у звіті немає прямої відповіді; ось найближчі фрагменти.",
        "tr": "Rapor bunu doğrudan yanıtlamıyor olabilir; en yakın bölümler bunlar.",
        "az": "Hesabat buna birbaşa cavab verməyə bilər; ən yaxın hissələr bunlardır.",
        "fa": "شاید گزارش مستقیماً به این پاسخ ندهد؛ این‌ها نزدیک‌ترین بخش‌ها هستند.",
    },
    "not_covered": {
        "en": "The report does not seem to cover that. Try other words, or see {outline} "
        "for what it does cover.",
        "de": "Der Bericht scheint das nicht zu behandeln. Versuchen Sie andere Worte, oder "
        "sehen Sie unter {outline}, was er behandelt.",
        "ru": "Похоже, доклад этого не касается. Попробуйте другие слова или посмотрите "
        "{outline}, чтобы узнать, о чём он.",
        "uk": "Схоже, звіт цього не стосується. Спробуйте інші слова або перегляньте "
        "{outline}, щоб дізнатися, про що він.",
        "tr": "Rapor bu konuya değinmiyor gibi görünüyor. Başka kelimeler deneyin ya da "
        "neleri kapsadığını görmek için {outline} komutuna bakın.",
        "az": "Deyəsən, hesabat bu mövzunu əhatə etmir. Başqa sözlər yoxlayın və ya nələri "
        "əhatə etdiyini görmək üçün {outline} əmrinə baxın.",
        "fa": "به نظر می‌رسد گزارش به این موضوع نمی‌پردازد. واژه‌های دیگری را امتحان "
        "کنید یا برای دیدن موضوعات آن {outline} را ببینید.",
    },
    "foreign_found": {
        "en": "The question is not in English: these English passages match its meaning.",
        "de": "Der Bericht ist auf Englisch: Diese englischen Passagen entsprechen dem Sinn "
        "Ihrer Frage.",
        "ru": "Доклад написан на английском: эти английские фрагменты соответствуют смыслу "
        "вашего вопроса.",
        "uk": "Звіт написано англійською: ці англійські фрагменти відповідають змісту "
        "вашого запитання.",
        "tr": "Rapor İngilizce: bu İngilizce bölümler sorunuzun anlamıyla örtüşüyor.",
        "az": "Hesabat ingilis dilindədir: bu ingiliscə hissələr sualınızın mənasına uyğundur.",
        "fa": "گزارش به زبان انگلیسی است: این بخش‌های انگلیسی با معنای پرسش شما هم‌خوانی دارند.",
    },
    "foreign_not_found": {
        "en": "The report is in English and I could not match this question to it; try "
        "asking in English, or see {outline} for what the report covers.",
        "de": "Der Bericht ist auf Englisch, und ich konnte diese Frage ihm nicht zuordnen; "
        "fragen Sie auf Englisch, oder sehen Sie unter {outline}, was der Bericht behandelt.",
        "ru": "Доклад написан на английском, и я не смог сопоставить с ним этот вопрос; "
        "спросите по-английски или посмотрите {outline}, чтобы узнать, о чём доклад.",
        "uk": "Звіт написано англійською, і я не зміг зіставити з ним це запитання; "
        "запитайте англійською або перегляньте {outline}, щоб дізнатися, про що звіт.",
        "tr": "Rapor İngilizce ve bu soruyu onunla eşleştiremedim; İngilizce sormayı "
        "deneyin ya da raporun neleri kapsadığını görmek için {outline} komutuna bakın.",
        "az": "Hesabat ingilis dilindədir və bu sualı onunla uyğunlaşdıra bilmədim; "
        "ingiliscə soruşun və ya hesabatın nələri əhatə etdiyini görmək üçün {outline} "
        "əmrinə baxın.",
        "fa": "گزارش به زبان انگلیسی است و نتوانستم این پرسش را با آن تطبیق دهم؛ به "
        "انگلیسی بپرسید یا برای دیدن موضوعات گزارش {outline} را ببینید.",
    },
    "in_english": {
        "en": "The report is in English.",
        "de": "Der Bericht ist auf Englisch.",
        "ru": "Доклад написан на английском.",
        "uk": "Звіт написано англійською.",
        "tr": "Rapor İngilizce.",
        "az": "Hesabat ingilis dilindədir.",
        "fa": "گزارش به زبان انگلیسی است.",
    },
    "summary": {
        "en": "In short",
        "de": "Kurz gesagt",
        "ru": "Вкратце",
        "uk": "Коротко",
        "tr": "Kısaca",
        "az": "Qısaca",
        "fa": "به طور خلاصه",
    },
    "conclusion": {
        "en": "Conclusion",
        "de": "Fazit",
        "ru": "Вывод",
        "uk": "Висновок",
        "tr": "Sonuç",
        "az": "Nəticə",
        "fa": "نتیجه‌گیری",
    },
    "outline": {
        "en": "Sections",
        "de": "Abschnitte",
        "ru": "Разделы",
        "uk": "Розділи",
        "tr": "Bölümler",
        "az": "Bölmələr",
        "fa": "بخش‌ها",
    },
    "overview_hint": {
        "en": "Ask about any of them, or tap a command to read a section.",
        "de": "Fragen Sie nach einem davon, oder tippen Sie auf einen Befehl, um einen "
        "Abschnitt zu lesen.",
        "ru": "Спросите о любом из них или нажмите команду, чтобы прочитать раздел.",
        "uk": "Запитайте про будь-який із них або натисніть команду, щоб прочитати розділ.",
        "tr": "Herhangi biri hakkında soru sorun ya da bir bölümü okumak için bir komuta dokunun.",
        "az": "Onlardan hər hansı biri barədə soruşun və ya bölməni oxumaq üçün əmrə toxunun.",
        "fa": "درباره هر کدام بپرسید یا برای خواندن یک بخش روی یک فرمان بزنید.",
    },
    "read_as": {
        "en": "Read as: {query}",
        "de": "Verstanden als: {query}",
        "ru": "Понял как: {query}",
        "uk": "Зрозумів як: {query}",
        "tr": "Şöyle anladım: {query}",
        "az": "Belə başa düşdüm: {query}",
        "fa": "این‌طور فهمیدم: {query}",
    },
    "read_with": {
        "en": "Read with your previous question: {previous}",
        "de": "Zusammen mit Ihrer vorigen Frage gelesen: {previous}",
        "ru": "Понял вместе с предыдущим вопросом: {previous}",
        "uk": "Зрозумів разом із попереднім запитанням: {previous}",
        "tr": "Önceki sorunuzla birlikte anladım: {previous}",
        "az": "Əvvəlki sualınızla birlikdə başa düşdüm: {previous}",
        "fa": "همراه با پرسش قبلی شما فهمیدم: {previous}",
    },
    "more_of": {
        "en": "More for: {previous}",
        "de": "Mehr zu: {previous}",
        "ru": "Ещё по вопросу: {previous}",
        "uk": "Ще щодо запитання: {previous}",
        "tr": "Şu sorunun devamı: {previous}",
        "az": "Bu sualın davamı: {previous}",
        "fa": "ادامه برای: {previous}",
    },
    "no_more": {
        "en": "That was everything the report has on this question.",
        "de": "Das war alles, was der Bericht zu dieser Frage enthält.",
        "ru": "Это всё, что есть в докладе по этому вопросу.",
        "uk": "Це все, що є у звіті щодо цього запитання.",
        "tr": "Raporun bu soruyla ilgili söyledikleri bu kadar.",
        "az": "Hesabatın bu sual barədə dedikləri bu qədərdir.",
        "fa": "این همه چیزی بود که گزارش درباره این پرسش دارد.",
    },
    "whole_section": {
        "en": "The whole section: {command}",
        "de": "Der ganze Abschnitt: {command}",
        "ru": "Весь раздел: {command}",
        "uk": "Увесь розділ: {command}",
        "tr": "Bölümün tamamı: {command}",
        "az": "Bölmənin tamamı: {command}",
        "fa": "کل بخش: {command}",
    },
}

LANGUAGES = ("en", "de", "ru", "uk", "tr", "az", "fa")


def line(key: Key, language: str = "en", **values: str) -> str:
    """The line ``key`` in ``language`` (English for any other), its placeholders filled."""
    texts = LINES[key]
    return texts.get(language, texts["en"]).format(**values)
