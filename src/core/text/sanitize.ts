// The one sanitiser for text that came from a file (a playbook, a saved case) or from the
// keyboard, before it reaches a terminal or a document. It removes what could act on a terminal
// or disguise text: escape sequences (colours, cursor moves, clearing the screen, setting the
// title, writing the clipboard), other control characters (C0 except newline and tab, DEL, C1),
// bidirectional overrides and isolates, and zero-width characters.

// A whole sequence goes when it is complete; an unterminated one loses only its introducer, so the
// text after it is kept.
const ESCAPES =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[P^_X][^\u001b\u009c]*(?:\u001b\\|\u009c)|\u001b[ -/]*[0-~]?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c]*(?:\u0007|\u009c)/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]/g;

/** One regular expression for any character `sanitize` removes (for reporting their positions). */
export const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]|\udb40[\udc00-\udc7f]/;

const CONTROL_CLASS = new RegExp(`^${CONTROLS.source}`);
const BIDI_CLASS = /^[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;
const INVISIBLE_CLASS = new RegExp(`^${INVISIBLE.source}`);

/**
 * What kind of character `sanitize` removes this one is (its first character): a control character
 * (C0 but newline and tab, DEL, C1), a bidirectional control (overrides, embeddings, isolates,
 * marks), or an invisible one (zero-width and the like); undefined for a character it keeps.
 */
export function characterClass(ch: string): 'control' | 'bidi' | 'invisible' | undefined {
  if (CONTROL_CLASS.test(ch)) return 'control';
  if (BIDI_CLASS.test(ch)) return 'bidi';
  if (INVISIBLE_CLASS.test(ch) || /^\udb40[\udc00-\udc7f]/.test(ch)) return 'invisible';
  return undefined;
}

/** Tag characters (U+E0000–E007F): invisible text some terminals and models read. */
const TAGS = /\udb40[\udc00-\udc7f]/g;

/** Text safe to print: no escape sequences, no control characters but newline and tab, nothing invisible. */
export function sanitize(text: string): string {
  // Nearly all text has nothing to remove: one test instead of four replacements.
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(/\r\n?/g, '\n').replace(ESCAPES, '').replace(CONTROLS, '').replace(INVISIBLE, '').replace(TAGS, '');
}

const NEEDS_WORK = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff\r\udb40]/;

// ---------------------------------------------------------------------------------------------
// One cleaner per medium: what leaves the program, whatever its origin, passes through one.

/** Colour codes takeover itself writes (bold, dim, underline, foreground colours, resets): nothing that hides or moves text. */
const OWN_SGR = /\u001b\[([0-9;]*)m/g;
const SAFE_SGR_PARAM = /^(?:0|1|2|4|22|24|3[0-7]|39|9[0-7])?$/;

/** For the terminal: everything `sanitize` removes is removed; with colour, plain colour codes are kept. */
export function forTerminal(text: string, color: boolean): string {
  if (!color || !text.includes('\u001b')) return sanitize(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(OWN_SGR)) {
    out += sanitize(text.slice(last, m.index));
    if (m[1]!.split(';').every((p) => SAFE_SGR_PARAM.test(p))) out += m[0];
    last = m.index! + m[0].length;
  }
  return out + sanitize(text.slice(last));
}

/** Characters JSON.stringify leaves raw that could act on a terminal or hide text. */
const JSON_UNSAFE = /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]|\udb40[\udc00-\udc7f]/g;

/** JSON text with every such character written as \uXXXX (the data is unchanged; only how it is written). */
export function escapeJson(json: string): string {
  // each UTF-16 unit of the match (a tag character is a pair) as its own \uXXXX
  return json.replace(JSON_UNSAFE, (c) =>
    c
      .split('')
      .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}

/** Any value as JSON for output: indented, and escaped by `escapeJson`. */
export function toJson(value: unknown): string {
  return escapeJson(JSON.stringify(value, null, 2));
}

/** A calendar file: cleaned like text, but its CRLF line ends are kept (RFC 5545 wants them). */
export function forCalendar(ics: string): string {
  return ics
    .split('\r\n')
    .map((line) => sanitize(line))
    .join('\r\n');
}

/** Typed text, cleaned for saving: sanitized, and trimmed. */
export function cleanTyped(text: string): string {
  return sanitize(text).trim();
}

/** A name for a character that `sanitize` removes, for error messages: "U+001B (ESC)". */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const names: Record<number, string> = {
    0x1b: 'ESC',
    0x07: 'BEL',
    0x9b: 'CSI',
    0x9d: 'OSC',
    0x202e: 'RIGHT-TO-LEFT OVERRIDE',
    0x202d: 'LEFT-TO-RIGHT OVERRIDE',
    0x200b: 'ZERO WIDTH SPACE',
    0x200d: 'ZERO WIDTH JOINER',
    0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
    0x2066: 'LEFT-TO-RIGHT ISOLATE',
    0x2067: 'RIGHT-TO-LEFT ISOLATE',
    0x2068: 'FIRST STRONG ISOLATE',
    0x2069: 'POP DIRECTIONAL ISOLATE',
  };
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${names[cp] ? ` (${names[cp]})` : ''}`;
}
