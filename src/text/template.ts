/**
 * Channel templates such as `<b>{title}</b>\n\n{lead}\n\n{url}`: placeholders are filled
 * with escaped values while the template's own markup is kept as written.
 */

const TOKEN = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces each `{name}` that `values` has with `escape(value)`. The template text itself is
 * not escaped (it may hold the target's markup); an unknown `{name}` stays as written;
 * `{{` and `}}` give literal braces.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  escape: (s: string) => string,
): string {
  return template.replace(TOKEN, (token, name: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    if (name === undefined || !Object.hasOwn(values, name)) return token;
    return escape(values[name] ?? '');
  });
}

/** The placeholder names a template uses, each once, in order of first use (for config validation). */
export function templatePlaceholders(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(TOKEN)) if (m[1] !== undefined) names.add(m[1]);
  return [...names];
}
