import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/text/escape.js';
import { fillTemplate, templatePlaceholders } from '../../src/text/template.js';

const values = {
  title: 'Tom & Jerry <live>',
  lead: 'Lead',
  body: 'Body',
  url: 'https://example.org/a?b=1&c=2',
  hashtags: '#Ukraine #Київ',
};

describe('fillTemplate', () => {
  it('escapes values but not the template markup', () => {
    expect(fillTemplate('<b>{title}</b>\n\n{lead}', values, escapeHtml)).toBe('<b>Tom &amp; Jerry &lt;live&gt;</b>\n\nLead');
  });

  it('fills every known placeholder, each time it appears', () => {
    expect(fillTemplate('{title}|{lead}|{body}|{url}|{hashtags}|{title}', values, (s) => s)).toBe(
      'Tom & Jerry <live>|Lead|Body|https://example.org/a?b=1&c=2|#Ukraine #Київ|Tom & Jerry <live>',
    );
  });

  it('leaves an unknown placeholder as written', () => {
    expect(fillTemplate('{title} {author} {}', values, (s) => s.toUpperCase())).toBe('TOM & JERRY <LIVE> {author} {}');
  });

  it('does not treat inherited properties as values', () => {
    expect(fillTemplate('{constructor} {toString}', values, (s) => s)).toBe('{constructor} {toString}');
  });

  it('turns {{ and }} into literal braces', () => {
    expect(fillTemplate('{{title}} {{{title}}} }}', values, (s) => s)).toBe('{title} {Tom & Jerry <live>} }');
  });

  it('does not re-expand placeholders inside values', () => {
    expect(fillTemplate('{a}', { a: '{b}', b: 'no' }, (s) => s)).toBe('{b}');
  });

  it('accepts any key of values', () => {
    expect(fillTemplate('{channel_name}', { channel_name: 'x' }, (s) => `[${s}]`)).toBe('[x]');
  });
});

describe('templatePlaceholders', () => {
  it('lists names used, each once, in order', () => {
    expect(templatePlaceholders('<b>{title}</b> {lead} {title} {url}')).toEqual(['title', 'lead', 'url']);
  });

  it('ignores escaped braces', () => {
    expect(templatePlaceholders('{{title}} {body}')).toEqual(['body']);
    expect(templatePlaceholders('no placeholders {')).toEqual([]);
  });
});
