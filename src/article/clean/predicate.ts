import { bare, isUpper } from './paragraph.js';

/**
 * Sentence structure: does a short sentence say something (a finite verb, a negation, a
 * copula dash) or only name something (a noun phrase, as a photo caption does)? Hand-made
 * morphology for English, Ukrainian and Russian, tuned to err one way: when unsure, a word
 * counts as a verb, so a real sentence is kept and only a caption may slip through.
 */
export interface Predicate {
  /** A past or future tense, an auxiliary or modal, a negation, a copula dash: the sentence states something. */
  stated: boolean;
  /** A present-tense verb (photo captions use it too: "Rescuers work at the site …"). */
  present: boolean;
  /** An infinitive or "to" + verb: something is wanted, planned or asked, not shown. */
  infinitive: boolean;
}

/** The predicate of one sentence, by the rules of its script and language. */
export function predicateOf(sentence: string, cyrillic: 'uk' | 'ru' | 'both' | undefined): Predicate {
  const words = sentence.split(/\s+/).filter((w) => w !== '');
  if (/\s[—–]\s/.test(sentence)) return { stated: true, present: false, infinitive: false };
  return cyrillic === undefined ? english(words) : slavic(words, cyrillic);
}

/** A word bare and in lower case, its typographic apostrophes made plain. */
function lowerBare(word: string): string {
  const w = bare(word).toLowerCase();
  return w.includes('’') || w.includes('ʼ') ? w.replace(/[’ʼ]/g, "'") : w;
}

// ---------------------------------------------------------------------------------------
// English

/** A word list, made into a set when first asked: a run may have no caption candidate in a language. */
function set(text: string): { has(word: string): boolean } {
  let words: ReadonlySet<string> | undefined;
  return { has: (word) => (words ??= new Set(text.split(/\s+/).filter((w) => w !== ''))).has(word) };
}

/** Opens with an upper-case letter (a name, after the first word). */
const capitalised = (word: string): boolean => word !== '' && isUpper(word.charCodeAt(0));
const startsWithDigit = (word: string): boolean => word !== '' && word.charCodeAt(0) >= 48 && word.charCodeAt(0) <= 57;

/** Before these a verb-looking word is a noun ("the talks", "at negotiations", "two strikes"). */
const EN_NOUN_CONTEXT = set(`
  a an the this that these those its their his her our my your each every some any another other such both
  either neither several many few much most all whose which what no
  of in on at for with by from to into onto during after before near over under between among about against
  without within across through throughout along around behind beside beyond inside outside toward towards
  upon via per than like since until till amid despite off and or nor
  one two three four five six seven eight nine ten eleven twelve dozens hundreds thousands
  new first second third last next former main local central top
`);

/** Finite auxiliaries and modals: any of them makes a statement. */
const EN_FINITE = set(`
  am is are was were has have had do does did will would shall should can could may might must
  isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't can't cannot couldn't
  shouldn't mustn't i'm it's that's there's he's she's we're they're we've they've i'll we'll they'll
`);

const EN_NEGATION = set('not never nobody nothing none nor');

/** Time words of a narrative; a caption gives a date, not "yesterday" or "on Monday". */
const EN_TIME = set(`
  today yesterday tomorrow tonight now already still yet again currently recently soon later earlier
  monday tuesday wednesday thursday friday saturday sunday overnight meanwhile
`);

/** Past tenses that do not end in -ed. */
const EN_IRREGULAR_PAST = set(`
  said told went came took gave made saw met began left held sent spoke wrote won lost got found kept paid led
  ran rose fell struck thought brought bought built caught fought taught sold became chose drove flew grew knew
  threw broke froze stole woke rode shook sang sank drank tore fled fed meant felt heard stood understood sat lay
  laid hung spent lent bent slept swept dealt dug stuck swung shot hid forgot forgave withdrew withheld upheld
  arose overcame mistook sought ate began overtook undertook wore swore drew
`);

/**
 * Verbs whose verb reading is common in news prose; their -s form and bare form count as
 * present tense (unless a determiner or preposition stands before them).
 */
const EN_VERBS = set(`
  say tell ask answer announce add accuse admit agree allow appear approve argue arrest arrive attack attempt
  avoid become begin believe belong blame block break bring build buy call carry cause change check choose claim
  close collect come comment complain confirm consider continue cost create cross cut decide declare defend
  deliver demand deny depend describe destroy die disappear discover discuss do draw drink drive drop earn eat
  end enter escape evacuate expect explain fail fall fear feel fight find finish fire fly follow forget get give
  go grow happen hear help hide hit hold hope hug hurt identify ignore improve include increase insist
  introduce invade invite join keep kill know launch lead learn leave lie like listen live look lose love make
  manage mean meet miss move need note offer open order own pack pass pay plan play prefer prepare prevent
  promise protect prove provide publish pull push put raise reach read receive recognise recognize recall refuse
  reject release remain remember remind remove repair repeat replace reply report represent require rescue
  respond return rise run save see seek seem sell send serve set shell shoot show sign sit sleep speak spend
  stand start stay steal stop strike study suggest suffer support survive take talk teach tend think threaten
  throw train travel treat try turn understand urge use vote wait walk want warn watch win wish withdraw work
  worry write wave board queue clear search inspect fix load unload rest sing dance pray mourn celebrate march
  protest gather hold beat switch resume restart reopen reach hand handle host visit tour head lead lag trail top
  shut close split share spread shift slow speed ease hike soar surge slump plunge jump climb dip slip tumble
  face force free fund back ban bar bid boost brace call charge clash cite cost count crack cross curb deal debate
  defy delay deploy detain doubt double draft ease eye fear file fine flee form gain grant halt hang hire hunt
  keep lift link list lobby lower mark mount name offer oust own pledge plot pose post press probe
  push quit rally rank rate rebuild recover reform rely rent rescue resign restore retreat reveal review rule
  sack scrap seal seize shape shell shrink sink slam slash spark spur stage stand stem step stir storm
  strike suspend swap target tax test tighten top track trade trap trigger trim triple unveil vow weigh widen
  win worsen yield arrive depart dock sail land take-off
`);

/** Words that open an object or a complement after a verb. */
const EN_OBJECT_START = set('a an the this that these those its their his her our my your to some all no more every each him them it us');

/** Endings of nouns and adjectives, never of a present-tense verb. */
const EN_NOUN_ENDING = /(?:ions?|ments?|ness|ity|ities|ance|ences?|ships?|isms?|ists?|ers|ors|ees|ians?|ings?|ents|ants|al|ic|ous|ive|ful|less|able|ible|ly|ed|ing|ese|ish|an|ary|ory|ry|cy)$/;

/** Attributive -ed words that read as adjectives wherever they stand. */
const EN_ED_ADJECTIVES = set('armed unarmed so-called detailed limited advanced skilled experienced hundred red bed shed sacred naked beloved');

/** The present-tense form a word may be: "works" → "work", "carries" → "carry", "pushes" → "push". */
function englishBase(word: string): string[] {
  const out = [word];
  if (word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

function english(words: string[]): Predicate {
  const result: Predicate = { stated: false, present: false, infinitive: false };
  const low = words.map(lowerBare);
  for (let i = 0; i < words.length; i++) {
    const w = low[i] ?? '';
    if (w === '') continue;
    // Names and months ("May", "Will") are not verbs; the first word may be either.
    const name = i > 0 && capitalised(bare(words[i] ?? ''));
    if (EN_TIME.has(w) || (!name && (EN_FINITE.has(w) || EN_NEGATION.has(w) || w.endsWith("n't")))) result.stated = true;
    // A sentence opening with a verb is an imperative ("Read the full statement …").
    if (i === 0 && EN_VERBS.has(w)) result.stated = true;
    if (i === 0 || name) continue;
    const before = low[i - 1] ?? '';
    const afterNoun = EN_NOUN_CONTEXT.has(before) || /'s?$/.test(before) || startsWithDigit(before);
    if (w === 'to' && /^[a-z]+$/.test(low[i + 1] ?? '') && !EN_NOUN_CONTEXT.has(low[i + 1] ?? '') && !startsWithDigit(low[i + 1] ?? '')) {
      result.infinitive = true;
    }
    if (EN_IRREGULAR_PAST.has(w) && !afterNoun) result.stated = true;
    if (w.endsWith('ed') && w.length > 4 && !EN_ED_ADJECTIVES.has(w)) {
      // "a destroyed building" is an adjective; "was destroyed by" a passive participle;
      // anything else ("Russia launched drones") is taken for a past tense.
      const participle = ['be', 'been', 'being', 'get', 'got'].includes(before);
      const attributive = afterNoun && /^[a-z]/.test(low[i + 1] ?? '') && !EN_NOUN_CONTEXT.has(low[i + 1] ?? '');
      if (!participle && !attributive && !(afterNoun && (low[i + 1] ?? '') === 'by')) result.stated = true;
    }
    if (!afterNoun && !EN_NOUN_CONTEXT.has(w) && englishBase(w).some((b) => EN_VERBS.has(b))) result.present = true;
    // "The team beats England", "Schools switch to online learning": a plain word between a
    // noun and its object reads as a verb, unless its ending makes it a noun ("delegations at").
    const next = low[i + 1] ?? '';
    const object = EN_OBJECT_START.has(next) || startsWithDigit(next) || capitalised(bare(words[i + 1] ?? ''));
    if (!afterNoun && object && /^[a-z]+$/.test(w) && !EN_NOUN_ENDING.test(w) && !EN_NOUN_CONTEXT.has(w)) result.present = true;
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Ukrainian and Russian

/** After a preposition a word is a noun, whatever its ending ("після обстрілу", "после обстрела"). */
const SLAVIC_PREPOSITIONS = set(`
  у в на з із зі до від під над про по при біля після перед через для без серед між поблизу навколо крім
  во с со из от о об обо возле около после среди между вблизи вокруг кроме из-за из-под
`);

const SLAVIC_PREDICATIVE = set(`
  є має мають може можуть мусить мусять повинен повинна повинні хоче хочуть
  может могут должен должна должно должны хочет хотят
  немає нема треба потрібно варто слід можна відомо невідомо шкода буде будуть був була було були
  есть нет нету можно нельзя нужно надо необходимо пора жаль известно неизвестно будет будут был была было были
  каже пише може йде іде веде живе бере везе несе росте стане почне піде прийде вийде зайде знайде візьме займе
  хотели хотела хотел летели летела летел
  мог смог помог погиб умер вырос пришел пришёл ушел ушёл нашел нашёл шел шёл
  хотів сидів летів вмів зумів горів терпів висів велів шумів пішов прийшов знайшов зайшов вийшов
`);

const SLAVIC_NEGATION = set('не ні ані ни');

const SLAVIC_TIME = set(`
  сьогодні вчора завтра зараз наразі вже ще досі знову також теж тепер нині торік
  сегодня вчера завтра сейчас уже ещё еще снова опять также тоже теперь ныне
  понеділок вівторок середу четвер пʼятницю п'ятницю суботу неділю понеділка
  понедельник вторник среду четверг пятницу субботу воскресенье
`);

/** Nouns and numerals that end like a verb ("села", "школи", "бюджет", "валют", "п'ять"). */
const SLAVIC_NOT_VERBS = set(`
  село села школа школи сила сили тіла тела числа масла правила джерела могила могили крила дзеркала стела
  смола бджола пчела житло скло стекло крило число масло тіло тело джерело весло кресло зло
  область пам'ять память путь суть смерть мить сіть сеть мать площадь
  п'ять пʼять дев'ять девʼять десять двадцять тридцять пять девять двадцать тридцать опять
  бюджет пакет совет ответ портрет кабинет интернет предмет секрет запрет билет скелет пистолет самолет
  самолёт вертолет вертолёт полет полёт свет цвет рассвет кредит лимит визит транзит депозит аппетит бандит
  маршрут институт минут салют валют приют парашют мазут депутат кандидат результат солдат адвокат автомат
  формат климат штат аппарат брат сенат плакат комбинат магнат экспонат агрегат
  канал зал генерал вокзал материал сигнал капитал финал журнал персонал потенциал скандал арсенал
  посол стол пол футбол гол символ протокол подвал обстрел расстрел отдел предел раздел
  фото болото золото сено колено место
`);

const UK_FINITE = /(?:[аиуяю]в|шов|вся|[аеиоуяюіїєшгкзс](?:ла|ло|ли)|(?:лася|лося|лися|лись|лась|лось)|[аеиоуяюіїє]ть|ться|[аеиоуяюіїє]є|тиме|тимуть|тимемо|ме)$/;
const UK_PAST = /(?:[аиуяю]в|шов|вся|[аеиоуяюіїєшгкзс](?:ла|ло|ли)|лася|лося|лися|лись|лась|лось|тиме|тимуть|тимемо)$/;
const RU_FINITE = /(?:[аеиоуыяюё]л|[аеиоуыяюёш](?:ла|ло|ли)|лся|лась|лось|лись|(?:[еёиуюяа]т)|(?:[еёиюяуа]тся))$/;
const RU_PAST = /(?:[аеиоуыяюё]л|[аеиоуыяюёш](?:ла|ло|ли)|лся|лась|лось|лись)$/;
/** Impersonal participles ("зруйновано", "открыто"): a statement. */
const SLAVIC_IMPERSONAL = /(?:ано|яно|ено|єно|ото|ито|уто|ято|ыто)$/;
/**
 * A participle or adjective as the predicate ("Реклама … заборонена з 2024 року", "Мост
 * разрушен"): a Ukrainian nominative participle or a Russian short form after the first word.
 */
const UK_PARTICIPLE = /(?:[еаяє]н|ован|[иуя]т)(?:ий|а|е|і)$/;
const RU_SHORT_PARTICIPLE = /(?:[еаяё]н|ован|[ыиуя]т)(?:а|о|ы)?$/;
const NOT_PARTICIPLES = set(`
  обмен член феномен план океан экран ресторан диван стакан карман туман роман опыт быт цена цены смена стена стены
  сцена арена измена страна страны охрана охраны рана раны экрана плана ресторана
  сцена арена рана мита охорона пана
`);
/** Adjectives that describe a state, closing a sentence as its predicate ("Ситуація на фронті складна"). */
const STATE_ADJECTIVES = set(`
  складна складний складне складні важка важкий важке напружена напружений напружене стабільна стабільний стабільне
  спокійна спокійний спокійне критична критичний критичне відома відомий невідома невідомий
  сложная сложный сложное сложна сложно тяжелая тяжелый напряженная напряженный стабильная стабильный
  спокойная спокойный критическая критический известна известен неизвестна
`);

/** The Cyrillic script (`^\p{Script=Cyrillic}` for the Basic Multilingual Plane). */
const CYRILLIC_FIRST = /^[\u0400-\u0484\u0487-\u052f\u1c80-\u1c88\u1d2b\u1d78\u2de0-\u2dff\ua640-\ua69f\ufe2e\ufe2f]/;

const UK_INFINITIVE = /(?:[аяиіуїе]ти|[аяиіуїе]тися|[аяиіуїе]тись|йти)$/;
const RU_INFINITIVE = /(?:[аяиеуыо]ть|[аяиеуыо]ться|ти|чь)$/;

function slavic(words: string[], cyrillic: 'uk' | 'ru' | 'both'): Predicate {
  const result: Predicate = { stated: false, present: false, infinitive: false };
  const low = words.map(lowerBare);
  const uk = cyrillic !== 'ru';
  const ru = cyrillic !== 'uk';
  for (let i = 0; i < words.length; i++) {
    const w = low[i] ?? '';
    if (w === '') continue;
    if (SLAVIC_PREDICATIVE.has(w) || SLAVIC_NEGATION.has(w) || SLAVIC_TIME.has(w)) result.stated = true;
    if (w.length < 3 || SLAVIC_NOT_VERBS.has(w) || !CYRILLIC_FIRST.test(w)) continue;
    if (i > 0 && capitalised(bare(words[i] ?? ''))) continue; // names
    if (SLAVIC_PREPOSITIONS.has(low[i - 1] ?? '')) continue;
    if (i === words.length - 1 && STATE_ADJECTIVES.has(w)) result.stated = true;
    if (i > 0 && !NOT_PARTICIPLES.has(w) && ((uk && UK_PARTICIPLE.test(w)) || (ru && RU_SHORT_PARTICIPLE.test(w)))) result.stated = true;
    if (/(?:тели|телі)$/.test(w)) continue; // agent nouns: "спасатели", "жителі"
    if (SLAVIC_IMPERSONAL.test(w)) result.stated = true;
    if ((uk && UK_PAST.test(w)) || (ru && RU_PAST.test(w))) result.stated = true;
    else if ((uk && UK_FINITE.test(w)) || (ru && RU_FINITE.test(w))) result.present = true;
    if ((uk && UK_INFINITIVE.test(w)) || (ru && RU_INFINITIVE.test(w))) result.infinitive = true;
  }
  return result;
}
