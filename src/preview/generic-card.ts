import { esc, field, textAttrs } from '../card/html.js';
import type { CardInput } from './types.js';

/** Any other channel type: each text field of its payload as it will be sent. */
export function genericStage(input: CardInput): string {
  const output = input.result.output ?? {};
  const parts = Object.entries(output).map(([key, value]) =>
    typeof value === 'string'
      ? `<small>${esc(key)}</small><pre${textAttrs(key, input.overFields, 'doc-text')}>${esc(value)}</pre>`
      : `<small>${esc(key)}</small><pre class="doc-json">${esc(JSON.stringify(value, null, 2))}</pre>`,
  );
  return `<div class="doc">${parts.join('')}</div>`;
}
