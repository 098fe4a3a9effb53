import type { Paragraph } from './paragraph.js';

/**
 * Photo and video credits: "Photo: Reuters / Anna Kovalenko", "Фото: ДСНС", "Відео:
 * Генштаб", "Photo by … / AP", "Ілюстративне фото", a caption closed by "Photo: AFP", or an
 * agency's name alone. "Photo exhibition opens …" and "Фото з виставки …" are content.
 */
export function credit(p: Paragraph): 'photo credit' | 'video credit' | undefined {
  if (p.length > 200) return undefined;
  const text = p.lower.replace(/^[\s([]+/u, '');
  const m = LABELLED.exec(text) ?? BY.exec(text) ?? (text.includes(':') || text.includes('：') ? CLOSING.exec(text) : null);
  if (m) return VIDEO.test(m[1] ?? '') ? 'video credit' : 'photo credit';
  if (ILLUSTRATIVE.test(text)) return 'photo credit';
  if (p.length <= 80 && AGENCY_ONLY.test(text)) return 'photo credit';
  return undefined;
}

const LABELS = [
  'photo', 'photos', 'photograph', 'photography', 'image', 'images', 'picture', 'pictures', 'illustration', 'collage',
  'infographic', 'graphic', 'graphics', 'screenshot', 'cover photo', 'main photo', 'photo credit', 'video', 'footage',
  'фото', 'світлина', 'світлини', 'ілюстрація', 'колаж', 'інфографіка', 'графіка', 'скриншот', 'скріншот', 'зображення',
  'фото на обкладинці', 'головне фото', 'фотографія', 'відео', 'фото і відео', 'фото та відео',
  'иллюстрация', 'коллаж', 'инфографика', 'изображение', 'фотография', 'видео', 'фото и видео',
].map((l) => l.replace(/ /g, '\\s+')).join('|');

/** "Photo: …", "Фото — …" at the start. */
const LABELLED = new RegExp(`^(${LABELS})\\s*(?:[:：]|\\s[—–]\\s)\\s*\\S`, 'u');
/** "Photo by Efrem Lukatsky / AP". */
const BY = /^(photo|photograph|video|image|footage)\s+(?:by|courtesy\s+of|via)\s+\S/u;
/** "… in Istanbul. Photo: Reuters" or "(Фото: AFP)" closing a short paragraph. */
const CLOSING = new RegExp(`(?:^|[.\\s(])(${LABELS})\\s*[:：]\\s*[^.:]{1,80}\\)?\\.?$`, 'u');
const VIDEO = /^(?:video|footage|відео|видео)$/u;
const ILLUSTRATIVE = /^(?:illustrative (?:photo|image)|ілюстративне фото|фото ілюстративне|иллюстративное фото|фото иллюстративное|скриншот з відео|скриншот из видео)\.?$/u;

const AGENCIES = [
  'reuters', 'afp', 'ap', 'associated press', 'epa', 'epa-efe', 'getty images', 'getty', 'shutterstock', 'unian', 'унiан',
  'уніан', 'ukrinform', 'укрінформ', 'укринформ', 'anadolu', 'efe', 'dpa', 'bloomberg', 'nurphoto', 'sopa images',
  'east news', 'libkos', 'суспільне', 'тасс', 'риа новости', 'alamy', 'imago', 'scanpix',
].map((a) => a.replace(/ /g, '\\s+')).join('|');
/** "Getty Images", "Reuters / Gleb Garanich", "AFP/Genya Savilov". */
const AGENCY_ONLY = new RegExp(`^(?:(?:${AGENCIES})(?:\\s*/\\s*[\\p{L}.' -]+)?|[\\p{L}.' -]+\\s*/\\s*(?:${AGENCIES}))\\.?$`, 'u');
