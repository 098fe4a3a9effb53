import { describe, expect, it } from 'vitest';
import { cleanSegments } from '../../src/article/clean/index.js';
import { markdownSegments } from '../../src/article/markdown.js';
import { plainSegments } from '../../src/article/plain.js';

const CLEAN = { strip: [], keep: [], clean: true };

/** The reason each paragraph (after a title line) is dropped for, or "kept". */
function verdicts(paragraphs: string[], opts = CLEAN): string[] {
  const { dropped } = cleanSegments(plainSegments(['A title line', ...paragraphs].join('\n\n')), opts);
  return paragraphs.map((p, i) => dropped.find((d) => d.line === 3 + 2 * i)?.reason ?? 'kept');
}

/** Each paragraph of `cases` must get the reason beside it. */
function expectVerdicts(cases: [string, string][]): void {
  const got = verdicts(cases.map(([text]) => text));
  expect(cases.map(([text], i) => [text, got[i]])).toEqual(cases);
}

describe('boilerplate families, in English, Ukrainian and Russian', () => {
  it('donation appeals and their amount buttons', () =>
    expectVerdicts([
      ['Babel needs your support. We exist thanks to our readers, not to advertisers. One-time', 'donation appeal'],
      ['Monthly 250 UAH 500 UAH 1000 UAH Donate 250 UAH 500 UAH 1000 UAH Donate', 'donation amounts'],
      ['€5 €10 €25', 'donation amounts'],
      ['$5 $10 $25 Other amount Support', 'donation amounts'],
      ['£3 £5 £10 Contribute', 'donation amounts'],
      ['20 zł 50 zł 100 zł Wesprzyj', 'donation amounts'],
      ['Donate monthly', 'donation amounts'],
      ['Бабелю потрібна ваша підтримка. Ми працюємо завдяки читачам. Разово', 'donation appeal'],
      ['Разово Щомісяця 100 ₴ 250 ₴ 500 ₴ Інша сума Підтримати', 'donation amounts'],
      ['Ежемесячно 250 грн 500 грн 1000 грн Поддержать', 'donation amounts'],
      ['Поддержите независимую журналистику. Мы существуем благодаря читателям.', 'donation appeal'],
      ['If you value our reporting, support us with a monthly donation.', 'donation appeal'],
    ]));

  it('money, donations and fundraisers in the news are content', () =>
    expectVerdicts([
      ['Volunteers raised 32 million UAH for drones in four days; the median donation was 300 UAH.', 'kept'],
      ['Картопля коштує 15 грн, морква — 13 грн, буряк — 11 грн.', 'kept'],
      ['А-95 — 54,99 грн, А-92 — 51,99 грн, дизель — 52,49 грн.', 'kept'],
      ['Tickets cost 150 UAH.', 'kept'],
      ['"We need your support. Please donate what you can," said the foundation\'s director.', 'kept'],
      ['«Підтримайте нас, ми самі не впораємося», — каже директорка лікарні.', 'kept'],
      ['The director said: "Support us, we cannot do it alone."', 'kept'],
      ['Support for the war is falling in Russia, our poll shows.', 'kept'],
      ['Donations collected at the exhibition will go to the regional hospital.', 'kept'],
      ['Збір на 300 дронів закрили за 26 годин: задонатили понад 61 тисячу людей.', 'kept'],
    ]));

  it('subscription and follow prompts; subscribers in the news are content', () =>
    expectVerdicts([
      ["Subscribe to Babel's Telegram channel: t.me/babel_news_en", 'subscription prompt'],
      ['Follow us on Instagram, TikTok and YouTube.', 'subscription prompt'],
      ['Sign up for our newsletter: the most important news every morning.', 'subscription prompt'],
      ['Підписуйтеся на наш телеграм-канал.', 'subscription prompt'],
      ['Стежте за «Бабелем» в Instagram і TikTok.', 'subscription prompt'],
      ['Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать главное.', 'subscription prompt'],
      ['Больше новостей — в нашем Telegram-канале.', 'subscription prompt'],
      ['Subscribers of the heating network in two districts will be without hot water until Thursday.', 'kept'],
      ['Абоненти теплової мережі залишаться без гарячої води до четверга.', 'kept'],
      ['The channel has 1.2 million subscribers.', 'kept'],
      ['The security service urged people to follow only official channels on Telegram.', 'kept'],
      ['«Підписуйтеся лише на офіційні канали», — закликали в СБУ.', 'kept'],
    ]));

  it('every imperative of a follow prompt, in each language, opening a line about a channel', () => {
    const imperatives = [
      'Subscribe to', 'Follow', 'Join', 'Sign up for', 'Get our', 'Stay in touch on', 'Like us on', 'Find us on', 'Watch us on',
      'Listen to us on', 'Read us on', 'Add us on', "Don't miss", 'Do not miss',
      'Підписуйтеся на', 'Підписуйтесь на', 'Підпишіться на', 'Стежте за нами в', 'Слідкуйте за нами в', 'Приєднуйтеся до',
      'Долучайтеся до', 'Читайте нас у', 'Дивіться нас у', 'Слухайте нас у', 'Шукайте нас у', 'Не пропустіть',
      'Подписывайтесь на', 'Подпишитесь на', 'Следите за нами в', 'Присоединяйтесь к', 'Читайте нас в', 'Смотрите нас в',
      'Слушайте нас в', 'Ищите нас в', 'Не пропустите',
    ];
    const lines = imperatives.map((i) => `${i} our Telegram channel.`);
    expect(verdicts(lines)).toEqual(lines.map(() => 'subscription prompt'));
  });

  it('every way of asking for the newsroom\'s support, in each language', () => {
    const asks = [
      'Donate now, we need you.', 'Please donate to our newsroom.', 'Please support our work.', 'Please consider a gift: we need it.',
      'Consider supporting our newsroom.', 'Help us keep reporting.', 'Become a patron of our newsroom.',
      'Become a member of our newsroom.', 'Make a donation to our newsroom.', 'Chip in to keep our reporting free.',
      'Support independent journalism: we depend on you.', 'Підтримайте нашу редакцію.', 'Задонатьте нам на роботу.',
      'Зробіть внесок у нашу роботу.', 'Станьте патроном нашої редакції.', 'Допоможіть нам працювати далі.',
      'Поддержите нашу редакцию.', 'Сделайте пожертвование нашей редакции.', 'Пожертвуйте на нашу работу.',
      'Станьте патроном нашей редакции.', 'Помогите нам работать дальше.', 'Our work exists thanks to readers and your donations.',
    ];
    expect(verdicts(asks)).toEqual(asks.map(() => 'donation appeal'));
  });

  it('"Read also" lines, share buttons, ad markers, error-report prompts, tag and copyright lines', () =>
    expectVerdicts([
      ['Read also: How Ukraine pushed the fleet out of the western Black Sea', 'read-also link'],
      ['READ ALSO Why Russia targets apartment blocks', 'read-also link'],
      ['Читайте також: Чому хліб дорожчає', 'read-also link'],
      ['Читайте также — Чем закончились переговоры', 'read-also link'],
      ['Share Facebook X Telegram WhatsApp Copy link', 'share buttons'],
      ['Поділитися', 'share buttons'],
      ['Facebook Twitter Telegram Viber', 'share buttons'],
      ['Advertisement', 'ad marker'],
      ['РЕКЛАМА', 'ad marker'],
      ['Материал на правах рекламы', 'ad marker'],
      ['Found a mistake? Select it and press Ctrl+Enter.', 'error-report prompt'],
      ['Помітили помилку? Виділіть її та натисніть Ctrl+Enter.', 'error-report prompt'],
      ['Нашли ошибку в тексте? Напишите нам.', 'error-report prompt'],
      ['Tags: Odesa, grain, Black Sea', 'tag line'],
      ['#Україна #війна #фронт', 'tag line'],
      ['© 2025 Babel. All rights reserved.', 'copyright line'],
      ['Все права защищены. Использование материалов разрешено только со ссылкой на источник.', 'copyright line'],
      ['Readers also asked about the schedule of the trains.', 'kept'],
      ["The company's share price fell 4% on Monday.", 'kept'],
      ['Реклама азартних ігор заборонена з 2024 року.', 'kept'],
      ['The court ruled that the photographs were protected by copyright.', 'kept'],
    ]));

  it('photo and video credits; photos in the news are content', () =>
    expectVerdicts([
      ['Photo: Reuters / Anna Kovalenko', 'photo credit'],
      ['Фото: ДСНС України', 'photo credit'],
      ['Відео: Генштаб ЗСУ', 'video credit'],
      ['Видео: ГСЧС Украины', 'video credit'],
      ['Photo by Efrem Lukatsky / AP', 'photo credit'],
      ['Delegations at the talks in Istanbul. Photo: Reuters', 'photo credit'],
      ['Getty Images', 'photo credit'],
      ['Ілюстративне фото', 'photo credit'],
      ['Photo exhibition opens in Lviv with images from liberated Kherson.', 'kept'],
      ['Photos of destroyed villages hang next to portraits of the people who returned to them.', 'kept'],
      ['Фото з виставки згодом продадуть на аукціоні.', 'kept'],
      ['Reuters reported that the talks would resume in June.', 'kept'],
    ]));

  it('unmarked photo captions: a short line naming a picture', () =>
    expectVerdicts([
      ['Ukrainian and Russian delegations at negotiations in Istanbul.', 'photo caption'],
      ['Rescuers at the site of the strike on a residential building in Dnipro.', 'photo caption'],
      ['A woman hugs a Ukrainian soldier on the central square of Kherson, November 2022.', 'photo caption'],
      ['Residents of the border villages board an evacuation bus in Khotin.', 'photo caption'],
      ['Рятувальники на місці влучання ракети в Дніпрі.', 'photo caption'],
      ['Мешканка Балаклії біля свого зруйнованого будинку, жовтень 2022 року.', 'photo caption'],
      ['Украинская и российская делегации на переговорах в Стамбуле.', 'photo caption'],
      ['Спасатели тушат пожар в жилом доме в Одессе после атаки дронов.', 'photo caption'],
    ]));

  it('one-sentence real paragraphs, quotes and subheadings are content', () =>
    expectVerdicts([
      ['Nobody was injured.', 'kept'],
      ['The talks lasted less than two hours.', 'kept'],
      ['Russia launched drones at Kyiv overnight.', 'kept'],
      ['The exhibition runs until 15 January.', 'kept'],
      ['Fighting continues near Pokrovsk.', 'kept'],
      ['Zelensky meets Trump in Washington.', 'kept'],
      ['248 lawmakers voted for the bill.', 'kept'],
      ['The city declared Friday a day of mourning.', 'kept'],
      ['Details to follow.', 'kept'],
      ['First paragraph of the body.', 'kept'],
      ['What the two sides agreed', 'kept'],
      ['Жертв могло бути більше.', 'kept'],
      ['Це вже третій обмін цього року.', 'kept'],
      ['Більшість звільнених — рядові та сержанти.', 'kept'],
      ['Законопроєкт ще не зареєстрований у Раді.', 'kept'],
      ['Ситуація на фронті складна.', 'kept'],
      ['Бої тривають біля Покровська.', 'kept'],
      ['Погибших нет.', 'kept'],
      ['Мост через Днепр разрушен полностью.', 'kept'],
      ['Следующую встречу стороны не назначили.', 'kept'],
      ['Силы ПВО сбили 34 из 40 дронов.', 'kept'],
      ['«Ми знаємо ім\'я кожного з них», — написав Зеленський.', 'kept'],
      ['"This is not a moment for more talk," Starmer told reporters.', 'kept'],
    ]));

  it('never takes the first paragraph (the title) for a caption', () => {
    const { dropped } = cleanSegments(plainSegments('Delegations at negotiations in Istanbul.\n\nThe lead.\n'), CLEAN);
    expect(dropped).toEqual([]);
  });
});

describe('cleanSegments', () => {
  const text = 'Title line\n\nBabel needs your support. We exist thanks to you.\n\nPhoto: Reuters\n\nThe body.\n';

  it('reports each drop with its 1-based source line, reason and text', () => {
    const { kept, dropped } = cleanSegments(plainSegments(text), CLEAN);
    expect(kept.map((s) => s.text)).toEqual(['Title line', 'The body.']);
    expect(dropped).toEqual([
      { line: 3, reason: 'donation appeal', text: 'Babel needs your support. We exist thanks to you.' },
      { line: 5, reason: 'photo credit', text: 'Photo: Reuters' },
    ]);
  });

  it('article.keep protects a paragraph from recognition and from strip; strip drops with its own reason', () => {
    const { dropped } = cleanSegments(plainSegments(text), { strip: [/^The body/u, /^Photo/u], keep: [/^Photo: Reuters$/u], clean: true });
    expect(dropped.map((d) => [d.line, d.reason])).toEqual([[3, 'donation appeal'], [7, 'article.strip']]);
  });

  it('article.clean off: only strip patterns drop', () => {
    const { dropped } = cleanSegments(plainSegments(text), { strip: [/^Photo/gu], keep: [], clean: false });
    expect(dropped.map((d) => [d.line, d.reason])).toEqual([[5, 'article.strip']]);
  });

  it('recognises Markdown paragraphs only: headings, lists and quotes are the author\'s', () => {
    const body = '# Title\n\nLead.\n\n## Photo: the gallery\n\n- Donate monthly\n\n> Support us, we exist thanks to you.\n\nDonate monthly\n';
    const { dropped } = cleanSegments(markdownSegments(body, 1), CLEAN);
    expect(dropped).toEqual([{ line: 11, reason: 'donation amounts', text: 'Donate monthly' }]);
  });
});
