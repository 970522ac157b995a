// Word-wrapping by display width: CJK characters take two columns and may break anywhere;
// Latin words are kept whole. Styled (ANSI) text is measured without its escape codes.

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Closing punctuation that must not start a line (kinsoku). */
const NO_START = /^[、。，．・：；？！）」』】〕ー々〉》”’)\],.;:!?]/;

/** Wraps one line to `width` columns; continuation lines get `indent`. */
export function wrapLine(line: string, width: number, indent = ''): string[] {
  if (width < 20 || displayWidth(line) <= width) return [line];
  // Tokens: runs of non-space non-CJK (words), single CJK characters, and spaces.
  const tokens = line.match(/\u001b\[[0-9;]*m|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+|\s+|./gu) ?? [line];
  const out: string[] = [];
  let cur = '';
  for (const tok of tokens) {
    const next = cur + tok;
    if (displayWidth(next) > width && cur.trim() !== '' && !/^\s+$/.test(tok) && !NO_START.test(tok)) {
      // An opening bracket must not end a line: carry it over with the token.
      const carry = /[（「『【〔(\[]$/u.exec(cur)?.[0] ?? '';
      out.push(cur.slice(0, cur.length - carry.length).trimEnd());
      cur = indent + carry + tok;
    } else cur = next;
  }
  if (cur.trim()) out.push(cur.trimEnd());
  return out;
}

/** Wraps every line of a block, keeping each line's own leading spaces as the indent. */
export function wrapBlock(lines: string[], width: number): string[] {
  return lines.flatMap((l) => {
    const lead = /^\s*/.exec(l)![0];
    return wrapLine(l, width, lead);
  });
}
