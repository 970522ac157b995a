// Word-wrapping by display width (string-width: East Asian wide characters, emoji, joined emoji and
// decomposed kana are measured as a terminal shows them). CJK text may break between any two
// characters; Latin words are kept whole. Japanese line-breaking rules (kinsoku) are kept: closing
// punctuation such as 。 and ー never starts a line, and an opening bracket never ends one.
import stringWidth from 'string-width';

const ANSI = /\u001b\[[0-9;]*m/y;

/** How many terminal columns a text takes (colour codes count as nothing). */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

/** Closing punctuation and small kana that must not start a line (kinsoku). */
const NO_START = /^[、。，．・：；？！）」』】〕ー々〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ)\],.;:!?]/u;
/** Opening brackets that must not end a line. */
const NO_END = /[（「『【〔〈《“‘([]$/u;

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** Tokens: colour codes, spaces, Latin words (kept whole), and single wide graphemes (break anywhere). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let word = '';
  const flush = () => {
    if (word) out.push(word);
    word = '';
  };
  let i = 0;
  while (i < line.length) {
    ANSI.lastIndex = i;
    const code = ANSI.exec(line);
    if (code) {
      flush();
      out.push(code[0]);
      i += code[0].length;
      continue;
    }
    const next = line.indexOf('\u001b', i + 1);
    const chunk = line.slice(i, next < 0 ? line.length : next);
    for (const { segment } of graphemes.segment(chunk)) {
      if (/^\s+$/u.test(segment)) {
        flush();
        if (/^\s+$/u.test(out[out.length - 1] ?? 'x')) out[out.length - 1] += segment;
        else out.push(segment);
      } else if (stringWidth(segment) >= 2) {
        flush();
        out.push(segment);
      } else word += segment;
    }
    flush();
    i += chunk.length;
  }
  return out;
}

/**
 * Wraps one line to `width` columns; continuation lines get `indent`. A line never grows past
 * `width` to honour kinsoku: the character before a 。 or a small kana goes down with it instead.
 */
export function wrapLine(line: string, width: number, indent = ''): string[] {
  if (width < 20 || stringWidth(line) <= width) return [line];
  const out: string[] = [];
  let cur: string[] = [];
  const text = (t: string[]) => t.join('');
  const isSpace = (t: string) => /^\s+$/u.test(t);
  for (const tok of tokens(line)) {
    if (stringWidth(text(cur) + tok) <= width || text(cur).trim() === '' || isSpace(tok) || tok.startsWith('\u001b')) {
      cur.push(tok);
      continue;
    }
    // Break before `tok`, moving back while the break would start a line with closing
    // punctuation or end one with an opening bracket (keeping at least one token on the line).
    const carry = [tok];
    const first = () => carry.find((t) => !t.startsWith('\u001b')) ?? '';
    while (cur.length > 1 && (NO_START.test(first()) || NO_END.test(cur[cur.length - 1]!))) carry.unshift(cur.pop()!);
    out.push(text(cur).trimEnd());
    while (carry.length && isSpace(carry[0]!)) carry.shift();
    cur = [indent, ...carry];
  }
  if (text(cur).trim()) out.push(text(cur).trimEnd());
  return out;
}

/** Wraps every line of a block, keeping each line's own leading spaces as the indent. */
export function wrapBlock(lines: string[], width: number): string[] {
  return lines.flatMap((l) => wrapLine(l, width, /^\s*/.exec(l)![0]));
}
