/**
 * A validator for Telegram's HTML parse mode, strict where Telegram fails a whole send
 * ("can't parse entities"), so a dry-run catches what the real request would reject.
 */
import { TELEGRAM_NAMED_ENTITIES, NAMED_ENTITIES, numericEntityCodePoint } from './entities.js';

/** One reason Telegram would refuse the HTML. */
export interface TelegramHtmlProblem {
  code: 'bad_html_tag' | 'bad_html_nesting' | 'bad_html_entity';
  /** One line, naming the offending piece and its position (UTF-16 offset from 0, as Telegram counts). */
  message: string;
}

const ALLOWED_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del',
  'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote',
]);
const ALLOWED_SUMMARY = 'Telegram accepts only b, i, u, s, a, code, pre, blockquote, tg-spoiler';
// A text with hundreds of bare "&" would otherwise give hundreds of lines.
const MAX_PROBLEMS = 20;

interface OpenTag {
  name: string;
  at: number;
}

interface Attribute {
  name: string;
  value: string | undefined;
  at: number;
}

/** Reads `[A-Za-z][A-Za-z0-9-]*` at `i`; returns its end. */
function readName(html: string, i: number): number {
  let j = i;
  while (j < html.length && /[A-Za-z0-9-]/.test(html[j]!)) j++;
  return j;
}

function skipSpace(html: string, i: number): number {
  let j = i;
  while (j < html.length && /\s/.test(html[j]!)) j++;
  return j;
}

/**
 * Checks HTML against Telegram's subset: tags `b strong i em u ins s strike del`,
 * `span class="tg-spoiler"`, `tg-spoiler`, `a href`, `tg-emoji emoji-id`, `code`
 * (`class="language-x"` inside `pre`), `pre`, `blockquote` (optionally `expandable`); tags
 * properly nested and closed; no blockquote in a blockquote, no link in a link, nothing in
 * `code` or `pre` except one `code` in `pre`; entities only `&lt; &gt; &amp; &quot;` and
 * numeric ones; no bare `&` or `<`. Attributes Telegram ignores are allowed. Returns one
 * problem per fault (codes `bad_html_tag`, `bad_html_nesting`, `bad_html_entity`), none when valid.
 */
export function checkTelegramHtml(html: string): TelegramHtmlProblem[] {
  const problems: TelegramHtmlProblem[] = [];
  const stack: OpenTag[] = [];
  // Names of unsupported tags already reported, so their end tags do not report again.
  const reportedUnsupported = new Set<string>();
  // Tags closed implicitly by a mismatched end tag (already reported): their own end tags are quiet.
  const closedEarly: string[] = [];
  const report = (code: TelegramHtmlProblem['code'], message: string) => problems.push({ code, message });

  /** Checks the entity starting at `i` (an `&`); returns where scanning continues. */
  const checkEntity = (i: number): number => {
    const m = /^&(?:#(\d+)|#[xX]([0-9A-Fa-f]+)|([A-Za-z][A-Za-z0-9]*));/.exec(html.slice(i, i + 40));
    if (m === null) {
      report('bad_html_entity', `bare "&" at character ${i}: write &amp;`);
      return i + 1;
    }
    const [whole, dec, hex, name] = m;
    if (name !== undefined && !TELEGRAM_NAMED_ENTITIES.has(name)) {
      const char = NAMED_ENTITIES.get(name);
      const hint = char === undefined ? '' : ` (write &#${char.codePointAt(0)}; instead)`;
      report(
        'bad_html_entity',
        `unsupported entity ${whole} at character ${i}: Telegram accepts only &lt; &gt; &amp; &quot; and numeric entities${hint}`,
      );
    } else if (name === undefined && numericEntityCodePoint((dec ?? hex)!, hex !== undefined) === undefined) {
      report('bad_html_entity', `invalid numeric entity ${whole} at character ${i}: not a Unicode character`);
    }
    return i + whole.length;
  };

  /** Checks a start tag's name, attributes and place in the open tags. */
  const checkStartTag = (name: string, at: number, attributes: Attribute[], selfClosing: boolean): boolean => {
    if (!ALLOWED_TAGS.has(name)) {
      report('bad_html_tag', `unsupported tag <${name}> at character ${at}: ${ALLOWED_SUMMARY}`);
      reportedUnsupported.add(name);
      return false;
    }
    if (selfClosing) {
      report('bad_html_tag', `self-closing tag <${name}/> at character ${at}: Telegram needs <${name}>…</${name}>`);
      return false;
    }
    const attr = (n: string) => attributes.find((a) => a.name === n);
    for (const a of attributes) {
      if (a.value === undefined && !(name === 'blockquote' && a.name === 'expandable')) {
        report('bad_html_tag', `attribute ${a.name} of <${name}> at character ${a.at} has no value`);
      }
    }
    if (name === 'span' && attr('class')?.value !== 'tg-spoiler') {
      report('bad_html_tag', `<span> at character ${at} without class="tg-spoiler": Telegram accepts span only as a spoiler`);
    }
    if (name === 'tg-emoji' && !/^\d+$/.test(attr('emoji-id')?.value ?? '')) {
      report('bad_html_tag', `<tg-emoji> at character ${at} needs a numeric emoji-id attribute`);
    }
    const parent = stack[stack.length - 1];
    const insideCode = stack.find((t) => t.name === 'code');
    const insidePre = stack.find((t) => t.name === 'pre');
    if (insideCode !== undefined) {
      report('bad_html_nesting', `<${name}> at character ${at} is inside <code> (opened at character ${insideCode.at}): Telegram allows nothing inside code`);
    } else if (insidePre !== undefined && !(name === 'code' && parent?.name === 'pre')) {
      report('bad_html_nesting', `<${name}> at character ${at} is inside <pre> (opened at character ${insidePre.at}): Telegram allows only <code> inside pre`);
    } else if (name === 'blockquote' && stack.some((t) => t.name === 'blockquote')) {
      report('bad_html_nesting', `<blockquote> at character ${at} is inside another blockquote: Telegram does not nest blockquotes`);
    } else if (name === 'a' && stack.some((t) => t.name === 'a')) {
      report('bad_html_nesting', `<a> at character ${at} is inside another link`);
    }
    return true;
  };

  /** Parses the start tag at `i` (`<` then a letter); returns where scanning continues, or -1 at an unclosed tag. */
  const startTag = (i: number): number => {
    const nameEnd = readName(html, i + 1);
    const name = html.slice(i + 1, nameEnd).toLowerCase();
    const attributes: Attribute[] = [];
    let selfClosing = false;
    let j = nameEnd;
    for (;;) {
      j = skipSpace(html, j);
      if (j >= html.length) break;
      const c = html[j]!;
      if (c === '>') break;
      if (c === '/' && html[j + 1] === '>') {
        selfClosing = true;
        j++;
        break;
      }
      const attrAt = j;
      while (j < html.length && !/[\s=>]/.test(html[j]!) && !(html[j] === '/' && html[j + 1] === '>')) j++;
      const attrName = html.slice(attrAt, j).toLowerCase();
      if (attrName === '') {
        report('bad_html_tag', `malformed tag <${name}> at character ${i}: unexpected "${html[j]}" at character ${j}`);
        j++;
        continue;
      }
      j = skipSpace(html, j);
      if (html[j] !== '=') {
        attributes.push({ name: attrName, value: undefined, at: attrAt });
        continue;
      }
      j = skipSpace(html, j + 1);
      const quote = html[j];
      let value: string;
      let valueAt: number;
      if (quote === '"' || quote === '\'') {
        const close = html.indexOf(quote, j + 1);
        if (close < 0) {
          report('bad_html_tag', `unclosed attribute value in <${name}> at character ${i}`);
          return -1;
        }
        valueAt = j + 1;
        value = html.slice(j + 1, close);
        j = close + 1;
      } else {
        valueAt = j;
        while (j < html.length && !/[\s>]/.test(html[j]!)) j++;
        value = html.slice(valueAt, j);
      }
      for (let k = 0; k < value.length; k++) {
        if (value[k] === '&') k = checkEntity(valueAt + k) - valueAt - 1;
        else if (value[k] === '<') report('bad_html_tag', `bare "<" in an attribute of <${name}> at character ${valueAt + k}: write &lt;`);
      }
      attributes.push({ name: attrName, value, at: attrAt });
    }
    if (j >= html.length) {
      report('bad_html_tag', `unclosed start tag <${name} at character ${i}: missing ">"`);
      return -1;
    }
    if (checkStartTag(name, i, attributes, selfClosing)) stack.push({ name, at: i });
    return j + 1;
  };

  /** Parses the end tag at `i` (`</`); returns where scanning continues, or -1 at an unclosed tag. */
  const endTag = (i: number): number => {
    const nameEnd = readName(html, i + 2);
    const name = html.slice(i + 2, nameEnd).toLowerCase();
    const close = skipSpace(html, nameEnd);
    if (html[close] !== '>') {
      report('bad_html_tag', `malformed end tag </${name}> at character ${i}: missing ">"`);
      return close >= html.length ? -1 : close;
    }
    const top = stack[stack.length - 1];
    if (name !== '' && !ALLOWED_TAGS.has(name)) {
      if (!reportedUnsupported.has(name)) {
        report('bad_html_tag', `unsupported tag </${name}> at character ${i}: ${ALLOWED_SUMMARY}`);
        reportedUnsupported.add(name);
      }
    } else if (top === undefined || (name !== top.name && closedEarly.includes(name) && !stack.some((t) => t.name === name))) {
      const early = closedEarly.indexOf(name);
      if (early >= 0) closedEarly.splice(early, 1);
      else report('bad_html_nesting', `end tag </${name}> at character ${i} has no start tag`);
    } else if (name === '' || name === top.name) {
      stack.pop();
    } else {
      const depth = stack.map((t) => t.name).lastIndexOf(name);
      if (depth < 0) {
        report('bad_html_nesting', `end tag </${name}> at character ${i} does not match the open <${top.name}> (character ${top.at})`);
      } else {
        report('bad_html_nesting', `end tag </${name}> at character ${i} closes <${name}> while <${top.name}> (character ${top.at}) is still open: tags must nest`);
        closedEarly.push(...stack.slice(depth + 1).map((t) => t.name));
        stack.length = depth;
      }
    }
    return close + 1;
  };

  let i = 0;
  while (i < html.length && i >= 0 && problems.length < MAX_PROBLEMS) {
    const c = html[i];
    if (c === '&') {
      i = checkEntity(i);
    } else if (c !== '<') {
      i++;
    } else if (html[i + 1] === '/') {
      i = endTag(i);
    } else if (/[A-Za-z]/.test(html[i + 1] ?? '')) {
      i = startTag(i);
    } else {
      report('bad_html_tag', `bare "<" at character ${i}: write &lt;`);
      i++;
    }
  }
  if (i >= 0 && problems.length < MAX_PROBLEMS) {
    for (const open of stack) report('bad_html_nesting', `unclosed tag <${open.name}> at character ${open.at}: add </${open.name}>`);
  }
  return problems.slice(0, MAX_PROBLEMS);
}
