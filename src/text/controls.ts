/**
 * Control characters in an article's text. They are invisible, yet they reach the platforms
 * (a BEL or an ESC colour sequence in a Telegram post or a WordPress title) and the editor's
 * terminal. The choice (see README, "For editors"): NUL is refused with the line it is on, since
 * it never belongs in text and often means a damaged or binary file; every other control
 * character is removed, except tab and line feed; vertical tab, form feed and NEL (U+0085),
 * which Unicode counts as line breaks, become line feeds.
 */

/** C0 controls but tab and line feed, DEL, and the C1 controls. */
const CONTROLS = /[\u0001-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Line breaks by Unicode's rules that are control characters. */
const CONTROL_LINE_BREAKS = /[\u000B\u000C\u0085]/g;

/** `text` without control characters (line-breaking ones become `\n`); NUL is left for the caller to refuse. */
export function removeControls(text: string): string {
  return text.replace(CONTROL_LINE_BREAKS, '\n').replace(CONTROLS, '');
}

/** The index of the first NUL character, or -1. */
export function nulIndex(text: string): number {
  return text.indexOf('\u0000');
}
