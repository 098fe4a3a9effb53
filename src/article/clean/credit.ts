import type { Family } from './family.js';
import type { Paragraph } from './paragraph.js';
import { LETTERS } from './paragraph.js';

const LABEL_LIST = [
  'photo', 'photos', 'photograph', 'photography', 'image', 'images', 'picture', 'pictures', 'illustration', 'collage',
  'infographic', 'graphic', 'graphics', 'screenshot', 'cover photo', 'main photo', 'photo credit', 'video', 'footage',
  'фото', 'світлина', 'світлини', 'ілюстрація', 'колаж', 'інфографіка', 'графіка', 'скриншот', 'скріншот', 'зображення',
  'фото на обкладинці', 'головне фото', 'фотографія', 'відео', 'фото і відео', 'фото та відео',
  'иллюстрация', 'коллаж', 'инфографика', 'изображение', 'фотография', 'видео', 'фото и видео',
];
const ILLUSTRATIVE_LIST = [
  'illustrative photo', 'illustrative image', 'ілюстративне фото', 'фото ілюстративне', 'иллюстративное фото',
  'фото иллюстративное', 'скриншот з відео', 'скриншот из видео',
];
const AGENCY_LIST = [
  'reuters', 'afp', 'ap', 'associated press', 'epa', 'epa-efe', 'getty images', 'getty', 'shutterstock', 'unian', 'унiан',
  'уніан', 'ukrinform', 'укрінформ', 'укринформ', 'anadolu', 'efe', 'dpa', 'bloomberg', 'nurphoto', 'sopa images',
  'east news', 'libkos', 'суспільне', 'тасс', 'риа новости', 'alamy', 'imago', 'scanpix',
];

const firstWords = (list: readonly string[]): string[] => list.map((l) => l.split(' ')[0]!);

/**
 * Photo and video credits: "Photo: Reuters / Anna Kovalenko", "Фото: ДСНС", "Відео:
 * Генштаб", "Photo by … / AP", "Ілюстративне фото", a caption closed by "Photo: AFP", or an
 * agency's name alone. "Photo exhibition opens …" and "Фото з виставки …" are content.
 */
export const credit: Family = {
  test,
  longest: 200,
  // A label or an agency first; else a caption closed by "Photo: …" (a colon), or an agency
  // after a name ("Anna Kovalenko / Reuters").
  openers: [...firstWords(LABEL_LIST), ...firstWords(ILLUSTRATIVE_LIST), ...firstWords(AGENCY_LIST)],
  otherwise: (p) => p.text.includes(':') || p.text.includes('：') || (p.length <= 80 && p.text.includes('/')),
};

function test(p: Paragraph): 'photo credit' | 'video credit' | undefined {
  const text = p.lower.replace(/^[\s([]+/, '');
  const m = LABELLED.exec(text) ?? BY.exec(text) ?? (text.includes(':') || text.includes('：') ? CLOSING.exec(text) : null);
  if (m) return VIDEO.test(m[1] ?? '') ? 'video credit' : 'photo credit';
  if (ILLUSTRATIVE.test(text)) return 'photo credit';
  if (p.length <= 80 && AGENCY_ONLY.test(text)) return 'photo credit';
  return undefined;
}

const LABELS = LABEL_LIST.map((l) => l.replace(/ /g, '\\s+')).join('|');

/** "Photo: …", "Фото — …" at the start. */
const LABELLED = new RegExp(`^(${LABELS})\\s*(?:[:：]|\\s[—–]\\s)\\s*\\S`);
/** "Photo by Efrem Lukatsky / AP". */
const BY = /^(photo|photograph|video|image|footage)\s+(?:by|courtesy\s+of|via)\s+\S/;
/** "… in Istanbul. Photo: Reuters" or "(Фото: AFP)" closing a short paragraph. */
const CLOSING = new RegExp(`(?:^|[.\\s(])(${LABELS})\\s*[:：]\\s*[^.:]{1,80}\\)?\\.?$`);
const VIDEO = /^(?:video|footage|відео|видео)$/;
const ILLUSTRATIVE = new RegExp(`^(?:${ILLUSTRATIVE_LIST.join('|')})\\.?$`);

const AGENCIES = AGENCY_LIST.map((a) => a.replace(/ /g, '\\s+')).join('|');
/** "Getty Images", "Reuters / Gleb Garanich", "AFP/Genya Savilov". */
const AGENCY_ONLY = new RegExp(`^(?:(?:${AGENCIES})(?:\\s*/\\s*[${LETTERS}.' -]+)?|[${LETTERS}.' -]+\\s*/\\s*(?:${AGENCIES}))\\.?$`);
