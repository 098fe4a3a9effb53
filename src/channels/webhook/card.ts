import { esc, field, textAttrs } from '../../card/html.js';
import type { CardInput } from '../types.js';

/** A webhook's JSON document, with its `text` shown as receivers get it. */
export function webhookStage(input: CardInput): string {
  const output = input.result.output ?? {};
  const text = field(output, 'text') ?? '';
  const { text: _text, ...rest } = output;
  return `<div class="doc"><small>text</small><pre${textAttrs('text', input.overFields, 'doc-text')}>${esc(text)}</pre>`
    + `<small>the rest of the JSON document</small><pre class="doc-json">${esc(JSON.stringify(rest, null, 2))}</pre></div>`;
}
