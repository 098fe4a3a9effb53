/**
 * Telegram's `parse_mode: "HTML"` parser, written for the fake from the Bot API
 * rules and the shape of tdlib's `parse_html` (same scan, same error texts and
 * byte offsets). Deliberately independent of src/: the fake must not share the
 * renderer's mistakes.
 *
 * Two places are stricter than the real server, on purpose, and their messages
 * are the fake's own wording: the real server shows an unknown named entity
 * (`&nbsp;`) or a bare `&` literally instead of refusing, which in a published
 * post is a visible bug all the same.
 */

/** A message entity as the Bot API returns it. */
export interface TelegramEntity {
  type:
    | 'bold'
    | 'italic'
    | 'underline'
    | 'strikethrough'
    | 'spoiler'
    | 'text_link'
    | 'custom_emoji'
    | 'code'
    | 'pre'
    | 'blockquote'
    | 'expandable_blockquote';
  /** In UTF-16 code units of the visible text. */
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

/** The visible text and entities, or the description after `can't parse entities: `. */
export type HtmlParseResult =
  | { ok: true; text: string; entities: TelegramEntity[] }
  | { ok: false; error: string };

const ALLOWED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote',
]);

const NAMED_ENTITIES: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const EQUALS = 0x3d;

/** tdlib's is_space: the scan also stops at the end of the text (0). */
function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0;
}

function isAlpha(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isHexDigit(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

class ParseFailure extends Error {}

interface OpenTag {
  name: string;
  argument: string;
  utf16Offset: number;
  /** Where the tag's content starts in the output bytes (for `<a>` without href). */
  outputStart: number;
}

/**
 * Parses Telegram HTML into visible text and entities. Leading and trailing
 * whitespace is trimmed as the server does before it measures length.
 */
export function parseTelegramHtml(html: string): HtmlParseResult {
  try {
    const raw = parse(Buffer.from(html, 'utf8'));
    return { ok: true, ...trimWhitespace(raw.text, raw.entities) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.message };
    throw error;
  }
}

function parse(bytes: Buffer): { text: string; entities: TelegramEntity[] } {
  // Reading past the end yields 0, like tdlib's NUL-terminated CSlice.
  const at = (index: number): number => (index < bytes.length ? bytes[index]! : 0);
  const output: number[] = [];
  const entities: TelegramEntity[] = [];
  const open: OpenTag[] = [];
  let utf16Offset = 0;

  const appendCodePoint = (target: number[], codePoint: number): void => {
    target.push(...Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
  };

  /** Decodes the entity at `pos`; returns its code point and the index after it. */
  const decodeEntity = (pos: number): { codePoint: number; end: number } => {
    let end = pos + 1;
    let codePoint = 0;
    if (at(pos + 1) === 0x23 /* # */) {
      end += 1;
      if (at(pos + 2) === 0x78 /* x */) {
        end += 1;
        while (isHexDigit(at(end))) codePoint = codePoint * 16 + parseInt(String.fromCharCode(at(end++)), 16);
      } else {
        while (isDigit(at(end))) codePoint = codePoint * 10 + (at(end++) - 0x30);
      }
      if (codePoint === 0 || codePoint >= 0x10ffff || end - pos >= 10) {
        throw new ParseFailure(`Invalid numeric HTML entity at byte offset ${pos}`);
      }
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
        throw new ParseFailure(
          'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
        );
      }
    } else {
      while (isAlpha(at(end))) end += 1;
      const name = bytes.subarray(pos + 1, end).toString('latin1');
      const known = NAMED_ENTITIES[name];
      if (known === undefined) {
        // `&name;` is an entity Telegram lacks; anything else is an unescaped `&` (AT&T).
        if (name !== '' && at(end) === 0x3b) {
          throw new ParseFailure(`Unsupported HTML entity "&${name};" at byte offset ${pos}`);
        }
        throw new ParseFailure(`Character "&" at byte offset ${pos} must be escaped as "&amp;"`);
      }
      codePoint = known;
    }
    return { codePoint, end: at(end) === 0x3b /* ; */ ? end + 1 : end };
  };

  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === AMP) {
      const { codePoint, end } = decodeEntity(i);
      appendCodePoint(output, codePoint);
      utf16Offset += codePoint > 0xffff ? 2 : 1;
      i = end - 1;
      continue;
    }
    if (c !== LT) {
      output.push(c);
      if ((c & 0xc0) !== 0x80) utf16Offset += c >= 0xf0 ? 2 : 1;
      continue;
    }

    const beginPos = i++;
    if (at(i) !== SLASH) {
      while (!isSpace(at(i)) && at(i) !== GT) i++;
      if (at(i) === 0) throw new ParseFailure(`Unclosed start tag at byte offset ${beginPos}`);
      const tagName = bytes.subarray(beginPos + 1, i).toString('utf8').toLowerCase();
      if (!ALLOWED_TAGS.has(tagName)) {
        throw new ParseFailure(`Unsupported start tag "${tagName}" at byte offset ${beginPos}`);
      }
      let argument = '';
      while (at(i) !== GT) {
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === GT) break;
        if (at(i) === 0) throw new ParseFailure(`Unclosed start tag at byte offset ${beginPos}`);
        const attributeStart = i;
        while (!isSpace(at(i)) && at(i) !== EQUALS && at(i) !== GT) i++;
        const attributeName = bytes.subarray(attributeStart, i).toString('utf8').toLowerCase();
        if (attributeName === '') {
          throw new ParseFailure(`Empty attribute name in the tag "${tagName}" at byte offset ${beginPos}`);
        }
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) !== EQUALS) {
          if (tagName === 'blockquote' && attributeName === 'expandable') {
            argument = 'expandable';
            continue;
          }
          throw new ParseFailure(
            `Expected equal sign in declaration of an attribute of the tag "${tagName}" at byte offset ${beginPos}`,
          );
        }
        i++;
        while (at(i) !== 0 && isSpace(at(i))) i++;
        if (at(i) === 0) throw new ParseFailure(`Unclosed start tag "${tagName}" at byte offset ${beginPos}`);

        const value: number[] = [];
        const quote = at(i);
        if (quote !== 0x22 && quote !== 0x27) {
          // A name token: letters, digits, periods, hyphens; not case sensitive.
          const tokenStart = i;
          while (isAlpha(at(i)) || isDigit(at(i)) || at(i) === 0x2e || at(i) === 0x2d) i++;
          value.push(...Buffer.from(bytes.subarray(tokenStart, i).toString('latin1').toLowerCase(), 'latin1'));
          if (!isSpace(at(i)) && at(i) !== GT) {
            throw new ParseFailure(`Unexpected end of name token at byte offset ${tokenStart}`);
          }
        } else {
          i++;
          while (at(i) !== quote && at(i) !== 0) {
            if (at(i) === AMP) {
              const { codePoint, end } = decodeEntity(i);
              appendCodePoint(value, codePoint);
              i = end;
              continue;
            }
            value.push(at(i++));
          }
          if (at(i) === quote) i++;
        }
        if (at(i) === 0) throw new ParseFailure(`Unclosed start tag at byte offset ${beginPos}`);

        const attributeValue = Buffer.from(value).toString('utf8');
        if (tagName === 'a' && attributeName === 'href') argument = attributeValue;
        else if (tagName === 'code' && attributeName === 'class' && attributeValue.startsWith('language-')) {
          argument = attributeValue.slice('language-'.length);
        } else if (tagName === 'span' && attributeName === 'class' && attributeValue.startsWith('tg-')) {
          argument = attributeValue.slice('tg-'.length);
        } else if (tagName === 'tg-emoji' && attributeName === 'emoji-id') argument = attributeValue;
      }
      if (tagName === 'span' && argument !== 'spoiler') {
        throw new ParseFailure(`Tag "span" must have class "tg-spoiler" at byte offset ${beginPos}`);
      }
      if (tagName === 'tg-emoji' && !/^[1-9]\d*$/.test(argument)) {
        throw new ParseFailure('Invalid custom emoji identifier specified');
      }
      open.push({ name: tagName, argument, utf16Offset, outputStart: output.length });
    } else {
      if (open.length === 0) throw new ParseFailure(`Unexpected end tag at byte offset ${beginPos}`);
      while (!isSpace(at(i)) && at(i) !== GT) i++;
      const endTagName = bytes.subarray(beginPos + 2, i).toString('utf8').toLowerCase();
      while (at(i) !== 0 && isSpace(at(i))) i++;
      if (at(i) !== GT) throw new ParseFailure(`Unclosed end tag at byte offset ${beginPos}`);
      const tag = open.pop()!;
      if (endTagName !== '' && endTagName !== tag.name) {
        throw new ParseFailure(
          `Unmatched end tag at byte offset ${beginPos}, expected "</${tag.name}>", found "</${endTagName}>"`,
        );
      }
      if (utf16Offset > tag.utf16Offset) {
        const inner = Buffer.from(output.slice(tag.outputStart)).toString('utf8');
        addEntity(entities, tag, utf16Offset - tag.utf16Offset, inner);
      }
    }
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    throw new ParseFailure(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  }
  return { text: Buffer.from(output).toString('utf8'), entities };
}

function addEntity(entities: TelegramEntity[], tag: OpenTag, length: number, inner: string): void {
  const offset = tag.utf16Offset;
  switch (tag.name) {
    case 'b':
    case 'strong':
      entities.push({ type: 'bold', offset, length });
      return;
    case 'i':
    case 'em':
      entities.push({ type: 'italic', offset, length });
      return;
    case 'u':
    case 'ins':
      entities.push({ type: 'underline', offset, length });
      return;
    case 's':
    case 'strike':
    case 'del':
      entities.push({ type: 'strikethrough', offset, length });
      return;
    case 'tg-spoiler':
    case 'span':
      entities.push({ type: 'spoiler', offset, length });
      return;
    case 'tg-emoji':
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument });
      return;
    case 'blockquote':
      entities.push({ type: tag.argument === 'expandable' ? 'expandable_blockquote' : 'blockquote', offset, length });
      return;
    case 'a':
      // Without href the link is the text itself, as on the real server.
      entities.push({ type: 'text_link', offset, length, url: tag.argument || inner });
      return;
    case 'code': {
      const entity: TelegramEntity = { type: 'code', offset, length };
      if (tag.argument) entity.language = tag.argument;
      entities.push(entity);
      return;
    }
    case 'pre': {
      // <pre><code class="language-x"> is one pre entity with a language.
      const last = entities.at(-1);
      if (last?.type === 'code' && last.offset === offset && last.length === length) {
        entities.pop();
        const entity: TelegramEntity = { type: 'pre', offset, length };
        if (last.language) entity.language = last.language;
        entities.push(entity);
        return;
      }
      entities.push({ type: 'pre', offset, length });
      return;
    }
  }
}

/** The server strips leading and trailing whitespace before measuring the text. */
function trimWhitespace(text: string, entities: TelegramEntity[]): { text: string; entities: TelegramEntity[] } {
  const trimmedStart = text.replace(/^[\s\u0000-\u0020]+/, '');
  const lead = text.length - trimmedStart.length;
  const trimmed = trimmedStart.replace(/[\s\u0000-\u0020]+$/, '');
  const kept: TelegramEntity[] = [];
  for (const entity of entities) {
    const start = Math.max(entity.offset - lead, 0);
    const end = Math.min(entity.offset + entity.length - lead, trimmed.length);
    if (end > start) kept.push({ ...entity, offset: start, length: end - start });
  }
  kept.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: trimmed, entities: kept };
}
