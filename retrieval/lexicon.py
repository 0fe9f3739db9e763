"""The few words of each supported language that say how a question is meant, not what about.

A reader's first questions are often made of them alone: "what is this about?", "tl;dr",
"tell me more", "and Turkey?", "О чём этот доклад?". They are language facts, written once
for the languages whose readers this bot serves (English and the six it speaks: German,
Russian, Ukrainian, Turkish, Azerbaijani, Persian), never for one question's wording.

Each language has eight word classes:

* ``function``: question words, pronouns, articles, auxiliaries, prepositions, particles;
* ``document``: what a reader calls the report ("report", "Bericht", "доклад");
* ``gist``: what asks for the whole ("summary", "key findings", "conclude", "суть"), and
  the verb of findings ("what did they find?", "что обнаружили?");
* ``more``: what asks for the next passages ("more", "mehr", "ещё");
* ``opener``: a follow-up's first word ("and", "und", "а", "bəs"; "what about" is read
  by ``retrieval.intent``);
* ``pointer``: words pointing back at the previous question ("it", "they", "him");
* ``conclusion``: the gist words that ask for the conclusion first ("conclude", "Fazit").
* ``demonstrative``: "this", "dieser", "bu": the word after one, in a gist question, names the
  report ("this note"), so no list of what readers call a report need be complete.

``document``, ``gist`` and ``conclusion`` words match by prefix (four letters or more), so
inflected forms ("Ergebnisse", "выводы", "nəticələr") need no list of their own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from retrieval.analyze import STOP_WORDS

LANGUAGES = ("en", "de", "ru", "uk", "tr", "az", "fa")
"""English, the reports' language, and the six other languages the bot speaks."""

_MIN_PREFIX = 4
# Letters only, with the Persian zero-width non-joiner ("یافته‌ها") taken out first.
_WORD = re.compile(r"[^\W\d_]+")
_FOLDS = str.maketrans({"ё": "е", "ي": "ی", "ك": "ک", "\u200c": "", "\u200d": "", "\u0307": ""})


def normalise(text: str) -> str:
    """Case-folded, composed text with the letter variants readers mix (ё/е, Arabic/Persian
    yeh and kaf) made one; unlike ``analyze.fold`` it keeps "ö", "ş" and "ə", which tell
    Turkish from Azerbaijani."""
    return unicodedata.normalize("NFC", text.casefold()).translate(_FOLDS)


def words(text: str) -> list[str]:
    """The normalised words of ``text``, in order."""
    return _WORD.findall(normalise(text))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word classes of one language (see the module's docstring)."""

    function: frozenset[str]
    document: frozenset[str]
    gist: frozenset[str]
    more: frozenset[str]
    opener: frozenset[str]
    pointer: frozenset[str]
    conclusion: frozenset[str] = frozenset()
    """Gist words that ask for the conclusion above all ("conclude", "Fazit", "вывод")."""
    demonstrative: frozenset[str] = frozenset()
    """"this", "dieser", "этот", "bu", "این": in a gist question the word after one is what
    the reader calls the report ("this note", "this piece"), whatever that word is."""

    def is_document(self, word: str) -> bool:
        return _prefixed(word, self.document)

    def is_gist(self, word: str) -> bool:
        return _prefixed(word, self.gist)

    def is_conclusion(self, word: str) -> bool:
        return _prefixed(word, self.conclusion)

    def is_function(self, word: str) -> bool:
        return word in self.function or word in self.pointer or word in self.opener


def _prefixed(word: str, stems: frozenset[str]) -> bool:
    if word in stems:
        return True
    return any(len(stem) >= _MIN_PREFIX and word.startswith(stem) for stem in stems)


def _set(text: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in text.split())


LEXICONS: dict[str, Lexicon] = {
    "en": Lexicon(
        function=STOP_WORDS
        | _set("what's whats who's it's there's let's give show anyone everything one thing"),
        document=_set("report document paper article text study brief publication piece"),
        gist=_set(
            "about gist summary summarise summarize summarising summarizing summarised "
            "summarized sum overview tldr tl dr key main findings finding points point "
            "takeaways takeaway highlights find conclude concludes concluding conclusion "
            "conclusions essence abstract topic subject purpose argument argue argues "
            "say says saying said cover covers short brief briefly few lines sentences "
            "words quick overall general whole mean describe recap bottom line upshot"
        ),
        more=_set("more else next continue go on further another others rest"),
        opener=_set("and but also so then"),
        pointer=_set(
            "it its they them their theirs he him his she her this that these those there such"
        ),
        conclusion=_set("conclude conclusion concluding upshot"),
        demonstrative=_set("this these"),
    ),
    "de": Lexicon(
        function=_set(
            "was wer wen wem wessen wie wo wann warum wieso weshalb welche welcher welches "
            "welchen welchem worum worüber wovon woher wohin ist sind waren wird werden "
            "wurde wurden hat haben hatte hatten gibt geht ging es der die das den dem "
            "des ein eine einen einem einer und oder aber in im an am auf aus bei mit nach "
            "von vom zu zum zur über um für gegen dieser diese dieses diesem diesen ich mir "
            "mich du dir uns wir sich nicht kein keine auch noch so denn dann bitte "
            "sagt sagte gesagt kurz etwas alles sagen kannst können"
        ),
        document=_set("bericht dokument text studie artikel papier"),
        gist=_set(
            "zusammenfassung zusammenfassen zusammen fasse überblick kern kernaussage "
            "ergebnis erkenntnis befund festgestellt herausgefunden wichtigste haupt fazit "
            "schluss schlussfolgerung folgert "
            "thema inhalt kurzfassung worum geht"
        ),
        more=_set("mehr weiter erzähl erzähle erzählen weiteres noch"),
        opener=_set("und aber auch"),
        pointer=_set("er sie ihn ihm ihr ihnen dazu darüber davon dort das dies"),
        conclusion=_set("fazit schluss folgert"),
        demonstrative=_set("dieser diese dieses diesem diesen"),
    ),
    "ru": Lexicon(
        function=_set(
            "что кто кого кому как где когда почему зачем какой какая какое какие каких "
            "каким сколько чём чем о об в во на с со и а но или по из за для от до у к "
            "про это этот эта эти этого этом этой том тот та те есть ли не же бы мне меня "
            "я ты вы мы так также тоже тут сказал сказала сказали говорит говорится "
            "пожалуйста можно"
        ),
        document=_set("доклад отчет документ статья стать текст исследован"),
        gist=_set(
            "суть кратко коротко краткое содержание резюме обзор вывод главн основн итог "
            "заключени тема речь идет выяснил обнаружил"
        ),
        more=_set("еще подробнее больше дальше продолжай расскажи"),
        opener=_set("а и но"),
        pointer=_set("он она оно они его ее их им ему ей нем ней них там этом этого"),
        conclusion=_set("вывод заключени итог"),
        demonstrative=_set("этот эта это этом этой этого"),
    ),
    "uk": Lexicon(
        function=_set(
            "що хто кого кому як де коли чому навіщо який яка яке які скільки про в у на з "
            "із зі і й а але або по від до для за це цей ця ці цього цьому той та ті є чи "
            "не же б мені мене я ти ви ми так також теж тут сказав сказала сказали "
            "говорить сталося будь ласка"
        ),
        document=_set("доповід звіт документ статт текст дослідж"),
        gist=_set(
            "суть коротко короткий зміст резюме огляд висновк висновок головн основн "
            "підсумок підсумк тема йдеться мова виявил виявив"
        ),
        more=_set("ще детальніше більше далі продовжуй розкажи"),
        opener=_set("а і й але"),
        pointer=_set("він вона воно вони його її їх їм йому ній них там цьому цього"),
        conclusion=_set("висновк висновок підсумк підсумок"),
        demonstrative=_set("цей ця це цій цьому цього"),
    ),
    "tr": Lexicon(
        function=_set(
            "ne neler kim kimdir kimler nasıl nerede nereye neden niçin niye hangi kaç mi "
            "mı mu mü midir bu şu bunu bunun bunda ve ile ama fakat veya ya için "
            "gibi üzerine var yok oldu olan olarak dedi diyor söyledi bana ben sen biz siz "
            "en bir her ilgili nedir nelerdir lütfen"
        ),
        document=_set("rapor belge metin metni makale çalışma"),
        gist=_set(
            "özet kısaca ana temel bulgu buldu sonuç sonuc konu genel bakış anlatıyor anlatır "
            "hakkında"
        ),
        more=_set("daha fazla devam anlat başka"),
        opener=_set("ya peki ve"),
        pointer=_set("o onu onun onlar onları onların orada bunu bunun"),
        conclusion=_set("sonuç sonuc"),
        demonstrative=_set("bu şu"),
    ),
    "az": Lexicon(
        function=_set(
            "nə nədir nələr kim kimdir kimlər necə harada haraya niyə hansı neçə mi mı mu "
            "mü bu o bunu bunun və ilə amma lakin yoxsa ya də üçün kimi barədə var yox "
            "oldu olan olaraq dedi deyir söylədi mənə mən sən biz siz ən bir hər "
            "zəhmət olmasa"
        ),
        document=_set("hesabat sənəd mətn məqalə tədqiqat"),
        gist=_set(
            "xülasə qısaca qısa əsas nəticə mövzu ümumi icmal tapıntı tapdı haqqında haqqındadır"
        ),
        more=_set("daha çox ətraflı davam danış başqa"),
        opener=_set("bəs və"),
        pointer=_set("o onu onun onlar onları onların orada bunu bunun"),
        conclusion=_set("nəticə"),
        demonstrative=_set("bu"),
    ),
    "fa": Lexicon(
        function=_set(
            "چه چی چیست کی کیست چگونه چطور کجا چرا کدام چند چقدر آیا این آن اینجا و یا "
            "اما ولی در به از با برای درباره مورد را که است هست بود بودند شد شده گفت گفته "
            "می من ما شما تو هم نیز یک ها لطفا"
        ),
        document=_set("گزارش سند متن مقاله پژوهش مطالعه"),
        gist=_set("خلاصه چکیده مرور کلی اصلی یافت نتیجه نتایج موضوع درباره"),
        more=_set("بیشتر ادامه بگو توضیح"),
        opener=_set("و اما"),
        pointer=_set("او آنها ایشان آن آنجا"),
        conclusion=_set("نتیجه نتایج"),
        demonstrative=_set("این"),
    ),
}
