"""Language knowledge for reported speech: quotation marks, speech verbs, pronouns.

Used by :mod:`plugins.quotes`. Nothing here knows any story: only how each
language marks a quote and says who said it ("sagte X", "по словам X",
"a-t-il dit"). Every word list is lower case and matched against whole
tokens; a token is a run of letters and digits that may hold inner
apostrophes and hyphens ("d'après", "a-t-il", "Jean-Pierre").

Languages: en, it, fr, de, es, pt, ru, uk, pl, nl. A text in another
language is read with the union of all of them, which costs some precision
but never crashes. Adding a language means adding a :class:`Speech` entry.
This module carries no hook implementations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Quotation marks
# ---------------------------------------------------------------------------

# Opening mark -> the marks that may close it, most likely first. „ is closed
# by “ in German and by ” in Polish and Romanian; typists also close it with a
# straight quote. » opens a quote only in German-style »…« (guarded in quotes.py).
CLOSERS: dict[str, str] = {
    "„": '“”"',
    "“": '”"',
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "‚": "‘’",
    "‘": "’",
    '"': '"',
    "'": "'",
    "「": "」",
    "『": "』",
    "〝": "〞〟",
}
OPENERS = "".join(CLOSERS)
# Marks that are as often something else (inches, apostrophes, closers of
# another style): an unclosed one is not a quote; the others run to the
# paragraph's end when nobody closed them.
AMBIGUOUS_OPENERS = frozenset("\"'‘»›")
# Dashes that open a line of dialogue ("— Мы готовы, — сказал он.").
DIALOGUE_DASHES = "—―–"


# ---------------------------------------------------------------------------
# Per-language tables
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Speech:
    """How one language attributes a quote. All words lower case."""

    # Speech-verb forms that stand as one token: "said", "sagte", "ha [detto]" is
    # found through "detto" ("ha" is in ``skip``), "заявила".
    verbs: frozenset[str]
    # Phrases after which the speaker is named: "according to X", "по словам X".
    according: tuple[tuple[str, ...], ...] = ()
    # One word that names the speaker right after a quote: German "so X", Dutch "aldus X".
    particles: frozenset[str] = frozenset()
    # Subject pronouns (and those that follow "according to": "him", "его").
    pronouns: frozenset[str] = frozenset()
    # Whether a verb without a subject means "he/she said" ("ha detto", "dijo").
    pro_drop: bool = False
    # Auxiliaries and adverbs that may stand between a speaker and the verb ("has also said").
    skip: frozenset[str] = frozenset()
    # Articles and possessives: skipped before a name; in German they also mark a noun.
    determiners: frozenset[str] = frozenset()
    # Words allowed inside a role before a name ("the head of the agency, Ann Lee").
    linkers: frozenset[str] = frozenset()
    # Relative pronouns: "X, who said ...", "X, che ha detto ...".
    relatives: frozenset[str] = frozenset()
    # Words after the verb that end the search for a name: "said in an interview".
    breaks: frozenset[str] = frozenset()
    # Function words that may open a sentence with a capital without being a name.
    stopwords: frozenset[str] = frozenset()


def wordlist(text: str) -> list[str]:
    """The words of a literal list written one after another, so that long tables stay readable."""
    return text.split()


def _forms(stems: Iterable[str], endings: Iterable[str]) -> set[str]:
    """Every stem with every ending: Slavic past tenses by gender and number."""
    ends = tuple(endings)
    return {stem + end for stem in stems for end in ends}


_EN = Speech(
    verbs=frozenset(
        wordlist("""said says say told tells added adds explained explains stated declared claimed noted
        wrote writes insisted insists argued argues warned warns asked asks replied answered
        continued concluded admitted acknowledged recalled recalls remarked commented observed
        announced emphasised emphasized stressed suggested predicted tweeted posted confirmed
        conceded countered cautioned quipped joked complained promised vowed urged pledged
        spoke speaks reiterated testified called described dubbed branded labelled labeled
        complained complains lamented laments protested protests criticised criticized
        recounted recalled""")
    ),
    according=(("according", "to"), ("in", "the", "words", "of")),
    pronouns=frozenset(wordlist("he she they him her them")),
    skip=frozenset(
        wordlist("has have had also later then again previously once further recently earlier would will did")
    ),
    determiners=frozenset(wordlist("the a an its his her their our")),
    linkers=frozenset(wordlist("of the and for")),
    relatives=frozenset(wordlist("who which that")),
    breaks=frozenset(
        wordlist("""in at on during after before while when to with that as but because about from into
        via through this last yesterday today""")
    ),
    stopwords=frozenset(
        wordlist("""the a an and but so then however meanwhile later also yet still now today yesterday
        this that these those there here in on at for while when after before as if it he she
        they we i you his her their our its mr mrs ms dr""")
    ),
)

_IT = Speech(
    verbs=frozenset(
        wordlist("""detto affermato dichiarato spiegato aggiunto sottolineato precisato commentato
        osservato ribadito scritto annunciato avvertito concluso ammesso risposto raccontato
        sostenuto evidenziato rimarcato assicurato confermato ricordato riferito parlato
        dice afferma dichiara spiega aggiunge sottolinea precisa commenta osserva ribadisce
        scrive racconta sostiene avverte conclude ammette risponde assicura conferma ricorda
        parla disse affermò dichiarò spiegò aggiunse sottolineò precisò commentò osservò
        ribadì scrisse raccontò sostenne avvertì concluse ammise rispose dicono affermano
        dichiarano spiegano definito definisce denuncia denunciato lamenta lamentato protesta
        confessa confessato sbotta incalza evocato ripete ripetuto replica replicato ribatte
        ribattuto tuona attacca puntualizza chiarisce chiarito rivela rivelato confida
        sospira ironizza critica criticato""")
    ),
    according=(("secondo",), ("stando", "a"), ("a", "detta", "di"), ("per",)),  # "per" only before a name
    pronouns=frozenset(wordlist("lui lei loro egli ella essi")),
    pro_drop=True,
    # Auxiliaries, adverbs and clitic pronouns ("lo ha detto", "ce l'ha spiegato").
    skip=frozenset(
        wordlist(
            "ha hanno aveva avevano avrebbe poi anche già ancora inoltre infine ieri oggi lo la gli le ne si ci mi"
        )
    ),
    determiners=frozenset(
        wordlist("il lo la i gli le l' un uno una un' del della dello dei degli delle al alla suo sua")
    ),
    linkers=frozenset(wordlist("di del della dello dei degli delle e")),
    relatives=frozenset(wordlist("che il quale la quale")),
    breaks=frozenset(
        wordlist("""in a al alla ai agli durante dopo prima con per su nel nella nei negli sul sulla che ma
        mentre quando perché davanti ieri oggi""")
    ),
    stopwords=frozenset(
        wordlist("""il lo la i gli le un una e ma poi però inoltre intanto oggi ieri anche così quindi
        secondo per in a questo questa quello quella lui lei""")
    ),
)

_FR = Speech(
    verbs=frozenset(
        wordlist("""déclaré dit affirmé expliqué ajouté souligné précisé indiqué estimé assuré averti
        répondu reconnu confié lancé rappelé insisté écrit annoncé martelé poursuivi conclu
        commenté jugé observé noté prévenu raconté parlé déclare affirme explique ajoute
        souligne précise indique estime assure avertit répond reconnaît reconnait confie lance
        rappelle insiste annonce martèle poursuit conclut commente juge observe note prévient
        raconte parle déclarent affirment expliquent disent déclara affirma expliqua ajouta
        s'indigne s’indigne s'insurge s’insurge s'inquiète s’inquiète s'étonne s’étonne déplore
        déploré dénonce dénoncé regrette regretté témoigne témoigné qualifié qualifie évoqué
        évoque résume résumé tranche tranché souffle soufflé glisse glissé lâche lâché avoue
        avoué admet admis soupire rétorque rétorqué réplique répliqué relève relevé nuance
        ironise fulmine critique critiqué s'exclame s’exclame s'emporte s’emporte""")
    ),
    according=(("selon",), ("d'après",), ("d’après",), ("pour",)),
    pronouns=frozenset(wordlist("il elle ils elles lui eux")),
    skip=frozenset(
        wordlist(
            "a ont avait avaient aurait encore aussi également ensuite déjà hier enfin le la les lui leur se y en"
        )
    ),
    determiners=frozenset(wordlist("le la les l' l’ un une des du de d' d’ son sa ses leur")),
    linkers=frozenset(wordlist("de du des la d' d’ et")),
    relatives=frozenset(wordlist("qui lequel laquelle")),
    breaks=frozenset(
        wordlist("""à au aux dans en pendant lors après avant avec pour sur que mais lorsque quand car
        devant hier""")
    ),
    stopwords=frozenset(
        wordlist("""le la les un une et mais puis pourtant ensuite enfin aujourd'hui hier aussi ainsi
        donc selon pour en à ce cette il elle""")
    ),
)

_DE = Speech(
    verbs=frozenset(
        wordlist("""sagte sagt sagten sagen erklärte erklärt erklärten betonte betont meinte meint
        ergänzte ergänzt schrieb schreibt warnte warnt kritisierte kritisiert behauptete
        behauptet räumte räumt versicherte versichert unterstrich unterstreicht bekräftigte
        bekräftigt antwortete antwortet berichtete berichtet erläuterte erläutert fügte fügt
        hieß heißt teilte teilt mahnte mahnt forderte fordert erinnerte erinnert kommentierte
        kommentiert gesagt erklärt nannte nennt bezeichnete bezeichnet klagte klagt
        beklagte beklagt""")
    ),
    according=(("laut",), ("nach", "den", "worten", "von"), ("nach", "angaben", "von")),
    particles=frozenset(("so",)),
    pronouns=frozenset(wordlist("er sie ihm ihr")),
    skip=frozenset(wordlist("hat haben hatte hatten auch dann später noch bereits zudem weiter")),
    determiners=frozenset(
        wordlist("der die das den dem des ein eine einer eines einem einen sein seine seiner ihr ihre")
    ),
    linkers=frozenset(wordlist("der des von und")),
    relatives=frozenset(wordlist("der die das welcher welche")),
    breaks=frozenset(
        wordlist("""in im am an bei beim während nach vor mit für auf über dass aber und weil als zu zum
        zur gegenüber gestern heute""")
    ),
    stopwords=frozenset(
        wordlist("""der die das ein eine und aber dann dazu doch so auch noch nun heute gestern laut
        zudem außerdem jedoch damit daher deshalb es er sie wir ich""")
    ),
)

_ES = Speech(
    verbs=frozenset(
        wordlist("""dijo afirmó declaró explicó añadió agregó señaló aseguró indicó subrayó destacó
        advirtió comentó sostuvo admitió reconoció respondió concluyó escribió manifestó
        expresó apuntó insistió precisó recalcó habló dicho afirmado declarado explicado
        añadido señalado asegurado dice afirma declara explica añade agrega señala asegura
        indica subraya destaca advierte comenta sostiene admite reconoce responde escribe
        insiste habla dijeron afirmaron declararon relató contó narró relata cuenta lamenta
        lamentó denuncia denunció reclama reclamó protestó calificó califica criticó critica
        replicó replica recalcó resumió resume advirtió admite confiesa confesó""")
    ),
    according=(("según",), ("de", "acuerdo", "con"), ("para",), ("en", "palabras", "de")),
    pronouns=frozenset(wordlist("él ella ellos ellas")),
    pro_drop=True,
    skip=frozenset(
        wordlist(
            "ha han había habían también luego después además ya ayer hoy lo la le los las les se me nos"
        )
    ),
    determiners=frozenset(wordlist("el la los las un una unos unas del al su sus")),
    linkers=frozenset(wordlist("de del la los las y")),
    relatives=frozenset(wordlist("que quien quienes cual")),
    breaks=frozenset(
        wordlist("""en a durante tras después antes con por para sobre que pero mientras cuando porque
        ante ayer hoy""")
    ),
    stopwords=frozenset(
        wordlist("""el la los las un una y pero luego además hoy ayer también así según para en a este
        esta ese esa él ella""")
    ),
)

_PT = Speech(
    verbs=frozenset(
        wordlist("""disse afirmou declarou explicou acrescentou ressaltou destacou salientou garantiu
        comentou avaliou observou alertou admitiu respondeu concluiu escreveu contou defendeu
        enfatizou reforçou pontuou argumentou completou frisou lembrou criticou ponderou
        questionou falou diz afirma declara explica acrescenta ressalta destaca avalia
        observa alerta defende comenta conta lembra fala disseram afirmaram declararam dito
        afirmado declarado lamentou lamenta desabafou desabafa reclamou reclama denunciou
        denuncia chamou classificou""")
    ),
    according=(("segundo",), ("de", "acordo", "com"), ("conforme",), ("para",), ("nas", "palavras", "de")),
    pronouns=frozenset(wordlist("ele ela eles elas")),
    pro_drop=True,
    skip=frozenset(
        wordlist("tem têm tinha havia também depois ainda já ontem hoje o a os as lhe lhes se me nos")
    ),
    determiners=frozenset(wordlist("o a os as um uma do da dos das ao à seu sua")),
    linkers=frozenset(wordlist("de do da dos das e")),
    relatives=frozenset(wordlist("que quem qual")),
    breaks=frozenset(
        wordlist("""em no na nos nas durante após antes com por para sobre que mas enquanto quando porque
        ontem hoje""")
    ),
    stopwords=frozenset(
        wordlist("""o a os as um uma e mas depois além hoje ontem também assim segundo para em este esta
        esse essa ele ela""")
    ),
)

_RU_PAST = wordlist(
    """сказа заяви отмети добави подчеркну поясни сообщи призна написа рассказа ответи уточни
    заключи предупреди указа констатирова резюмирова говори утвержда объясни продолжи возрази
    напомни призва завери посетова замети признава пообеща добавля"""
)
# Reflexive past tenses: "признался", "поделилась".
_RU_REFLEXIVE = wordlist("призна подели возмути согласи пожалова высказа отозва")
_RU = Speech(
    verbs=frozenset(
        _forms(_RU_PAST, ("л", "ла", "ли"))
        | _forms(_RU_REFLEXIVE, ("лся", "лась", "лись"))
        | set(
            wordlist("""считает говорит заявляет отмечает подчеркивает подчёркивает пишет утверждает
            поясняет признаёт признает рассказывает уточняет полагает высказался высказалась
            высказались признаётся признается возмущается жалуется сетует вспоминает замечает
            добавляет уверяет предупреждает назвал назвала назвали называет""")
        )
    ),
    according=(
        ("по", "словам"),
        ("по", "мнению"),
        ("по", "его", "словам"),
        ("по", "её", "словам"),
        ("по", "ее", "словам"),
        ("по", "их", "словам"),
        ("по", "его", "мнению"),
        ("по", "её", "мнению"),
        ("по", "ее", "мнению"),
        ("по", "их", "мнению"),
        ("как", "считает"),
    ),
    pronouns=frozenset(wordlist("он она они")),
    pro_drop=True,
    skip=frozenset(wordlist("также тоже затем позже ещё еще уже вчера сегодня")),
    linkers=frozenset(()),
    relatives=frozenset(wordlist("который которая которые")),
    breaks=frozenset(
        wordlist("""в во на с со после до при для о об по перед за что но и а когда чтобы вчера сегодня""")
    ),
    stopwords=frozenset(wordlist("и но а в на по как это этот эта он она они при после также вчера")),
)

_UK_PAST = wordlist("сказа заяви зазначи дода наголоси поясни повідоми написа уточни")
_UK = Speech(
    verbs=frozenset(
        _forms(_UK_PAST, ("в", "ла", "ли"))
        | {"розповів", "розповіла", "розповіли", "відповів", "відповіла", "відповіли"}
        | {"визнав", "визнала", "визнали", "зізнався", "зізналася", "зізналась"}
        | set(wordlist("каже говорить заявляє зазначає вважає наголошує пише визнає обурюється скаржиться"))
        | {"назвав", "назвала", "назвали", "називає"}
    ),
    according=(
        ("за", "словами"),
        ("на", "думку"),
        ("за", "його", "словами"),
        ("за", "її", "словами"),
        ("на", "його", "думку"),
        ("на", "її", "думку"),
    ),
    pronouns=frozenset(wordlist("він вона вони")),
    pro_drop=True,
    skip=frozenset(wordlist("також теж потім ще вже вчора сьогодні")),
    relatives=frozenset(wordlist("який яка які")),
    breaks=frozenset(wordlist("в у на з зі після до при для про по перед за що але і й а коли вчора")),
    stopwords=frozenset(wordlist("і але а в у на за як це цей ця він вона вони також вчора")),
)

_PL_PAST = wordlist(
    "powiedzia stwierdzi oświadczy doda podkreśli wyjaśni zaznaczy napisa przyzna oceni zauważy "
    "zapowiedzia przekonywa tłumaczy odpowiedzia mówi"
)
_PL = Speech(
    verbs=frozenset(
        _forms(_PL_PAST, ("ł", "ła", "li", "ły"))
        | set(
            wordlist("mówi twierdzi uważa dodaje podkreśla zaznacza pisze ocenia przekonuje przyznaje skarży")
        )
        | _forms(("nazwa",), ("ł", "ła", "li"))
    ),
    according=(("według",), ("zdaniem",), ("jak", "powiedział"), ("jak", "powiedziała")),
    pronouns=frozenset(wordlist("on ona oni one")),
    pro_drop=True,
    skip=frozenset(wordlist("też także również potem później już wczoraj dziś")),
    relatives=frozenset(wordlist("który która którzy")),
    breaks=frozenset(wordlist("w we na z ze po przed przy dla o podczas że ale i a gdy kiedy wczoraj dziś")),
    stopwords=frozenset(wordlist("i ale a w na po jak to ten ta on ona oni także wczoraj dziś")),
)

_NL = Speech(
    verbs=frozenset(
        wordlist("""zei zegt zeiden zeggen verklaarde verklaart stelde stelt vertelde vertelt voegde
        benadrukte benadrukt schreef schrijft waarschuwde waarschuwt antwoordde antwoordt
        legde erkende erkent gezegd noemde noemt klaagde klaagt""")
    ),
    according=(("volgens",),),
    particles=frozenset(("aldus",)),
    pronouns=frozenset(wordlist("hij zij ze hem haar")),
    skip=frozenset(wordlist("heeft hebben had ook later nog toen daarna gisteren")),
    determiners=frozenset(wordlist("de het een zijn haar hun")),
    linkers=frozenset(wordlist("van de het en")),
    relatives=frozenset(wordlist("die dat wie")),
    breaks=frozenset(wordlist("in op tijdens na voor met bij aan dat maar en omdat toen gisteren vandaag")),
    stopwords=frozenset(wordlist("de het een en maar toen daarna ook volgens in op dit deze hij zij")),
)

LANGUAGES: dict[str, Speech] = {
    "en": _EN,
    "it": _IT,
    "fr": _FR,
    "de": _DE,
    "es": _ES,
    "pt": _PT,
    "ru": _RU,
    "uk": _UK,
    "pl": _PL,
    "nl": _NL,
}


def _union(tables: Iterable[Speech]) -> Speech:
    """All languages at once, for a text whose language no table covers."""
    tables = tuple(tables)

    def merged(name: str) -> frozenset[str]:
        return frozenset().union(*(getattr(t, name) for t in tables))

    return Speech(
        verbs=merged("verbs"),
        according=tuple(dict.fromkeys(p for t in tables for p in t.according)),
        # "so" and "per" are too common to mean "said" when the language is unknown.
        particles=frozenset(),
        pronouns=merged("pronouns"),
        pro_drop=False,
        skip=merged("skip"),
        # Determiners of one language are names or verbs in another ("a", "o", "die"): none.
        determiners=frozenset(),
        linkers=merged("linkers"),
        relatives=merged("relatives"),
        breaks=merged("breaks"),
        stopwords=merged("stopwords"),
    )


ANY_LANGUAGE = _union(LANGUAGES.values())


def speech_for(lang: str | None) -> Speech:
    """The table for a language code ("pt-BR" reads as "pt"); the union for any other."""
    code = (lang or "").replace("_", "-").split("-", 1)[0].lower()
    return LANGUAGES.get(code, ANY_LANGUAGE)


# Words that open a name and are dropped from the speaker: "Dr. Ann Lee" -> "Ann Lee",
# "President Ann Lee" -> "Ann Lee". Lower case, without a final full stop.
TITLES = frozenset(
    wordlist("""mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister senator
    governor chancellor secretary chief ceo cfo cto coach judge general mayor king queen pope
    rev reverend director chairman chairwoman chair sen rep gov
    sig sig.ra dott dott.ssa ing avv on presidente ministro
    m mme mlle me président ministre
    herr frau
    sr sra srta don doña
    г-н г-жа
    pan pani
    dhr mevr
    doctor doctora médico médica médecin docteur dottore dottoressa medico doktor
    министр президент директор губернатор мэр глава премьер депутат сенатор профессор врач
    міністр президент директор мер голова депутат професор лікар
    minister prezydent premier dyrektor burmistrz prezes poseł profesor lekarz
    wethouder burgemeester huisarts""")
)
# German titles and roles are capitalised nouns: "Bundeskanzlerin Ann Lee", "Konzernchef Ann Lee".
GERMAN_TITLE_ENDINGS = (
    "kanzler",
    "kanzlerin",
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "vorsitzende",
    "vorsitzender",
    "direktor",
    "direktorin",
    "leiter",
    "leiterin",
    "experte",
    "expertin",
    "forscher",
    "forscherin",
    "gründer",
    "gründerin",
    "professor",
    "professorin",
    "meister",
    "meisterin",
    "vorstand",
    "rat",
    "rätin",
    "trainer",
    "trainerin",
    "arzt",
    "ärztin",
)
# Words that make a run of capitalised words an organisation or a place, not a person,
# when a pronoun is resolved ("he said" never points at "the European Commission").
NOT_PERSON_WORDS = frozenset(
    wordlist("""inc ltd llc corp corporation company group bank university universität université
    università universidad universidade institute institut instituto istituto ministry
    ministero ministère ministerium ministerio ministério commission commissione kommission
    comisión comissão council consiglio conseil rat consejo conselho agency agenzia agence
    agentur agencia agência association party partei partito parti partido union unione
    news times post journal press airlines motors technologies labs foundation fondazione
    fondation stiftung fundación fundação republic repubblica république republik república
    united states kingdom street avenue""")
)
# One-word "according to"s that are also everyday prepositions ("per Rossi" but "per
# l'azienda"): they attribute a quote only when a name follows them at once.
WEAK_ACCORDING = frozenset(("per", "pour", "para"))
# Possessives inside an "according to" phrase: "по его словам", "на її думку".
POSSESSIVE_PRONOUNS = frozenset(("его", "её", "ее", "их", "його", "її", "їх"))
# Auxiliaries kept with a participle in the reported verb: "ha detto", "a déclaré".
AUXILIARIES = frozenset(
    wordlist("""has have had ha hanno aveva avevano a ont avait avaient hat haben hatte hatten han había
    habían tem têm tinha heeft hebben""")
)
# French inversion puts the pronoun after the verb: "dit-il", "a-t-elle ajouté".
FRENCH_INVERTED_PRONOUNS = frozenset(("il", "elle", "ils", "elles", "on"))
