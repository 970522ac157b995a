// Word-wrapping by display width: East Asian wide characters, emoji, joined emoji and decomposed
// kana are measured as a terminal shows them. CJK text may break between any two characters; Latin
// words are kept whole. Japanese line-breaking rules (kinsoku) are kept: closing punctuation such as
// 。 and ー never starts a line, and an opening bracket never ends one.
//
// Widths come from get-east-asian-width, the table string-width itself is built on (the tests check
// every case against string-width). string-width is not loaded at run time: building its Unicode
// regular expressions and its segmenter costs about 30 ms at every start. Grapheme clusters are only
// formed (with Intl.Segmenter, made on first need) when a text has marks, joiners or emoji.
import { eastAsianWidth } from 'get-east-asian-width';

const ANSI = /\u001b\[[0-9;]*m/y;

const PLAIN_ASCII = /^[\x20-\x7e]*$/;
/** Characters that combine with their neighbours or draw as one picture: these need grapheme clusters. */
const CLUSTERED = /[\p{M}\p{Cf}\p{Extended_Pictographic}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u{1f1e6}-\u{1f1ff}]/u;
const INVISIBLE = /^[\p{M}\p{Cf}\p{Cc}\p{Default_Ignorable_Code_Point}]+$/u;
/** Drawn as a two-column picture: emoji presentation asked for (VS16), a flag, a keycap. */
const PICTURE = /\p{Extended_Pictographic}\ufe0f|^[\u{1f1e6}-\u{1f1ff}]{2}$|^[\d#*]\ufe0f?\u20e3$/u;
const PICTOGRAPHS = /\p{Extended_Pictographic}/gu;

let segmenter: Intl.Segmenter | undefined;
const clusters = (s: string) => [...(segmenter ??= new Intl.Segmenter('ja', { granularity: 'grapheme' })).segment(s)].map((x) => x.segment);

/** The columns one code point takes: 0 for controls, 2 for wide and fullwidth, 1 otherwise. */
function codePointWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  return eastAsianWidth(cp);
}

/** The columns one grapheme cluster takes (a letter with its marks, an emoji with its joiners). */
function clusterWidth(cluster: string): number {
  if (INVISIBLE.test(cluster)) return 0;
  if (PICTURE.test(cluster) || (cluster.includes('\u200d') && (cluster.match(PICTOGRAPHS)?.length ?? 0) >= 2)) return 2;
  // the first visible code point decides; marks after it add nothing
  for (const ch of cluster) if (!INVISIBLE.test(ch)) return codePointWidth(ch.codePointAt(0)!);
  return 0;
}

/** The pieces a line is drawn in: code points, or grapheme clusters where characters combine. */
function pieces(s: string): string[] {
  return CLUSTERED.test(s) ? clusters(s) : [...s];
}

/** How many terminal columns a text takes (colour codes count as nothing). */
export function displayWidth(s: string): number {
  // Most text on screen is plain ASCII: counting it needs nothing more.
  if (PLAIN_ASCII.test(s)) return s.length;

  const text = s.includes('\u001b') ? s.replace(/\u001b\[[0-9;]*m/g, '') : s;
  if (!CLUSTERED.test(text)) {
    let n = 0;
    for (const ch of text) n += codePointWidth(ch.codePointAt(0)!);
    return n;
  }
  return clusters(text).reduce((n, c) => n + clusterWidth(c), 0);
}

/** Closing punctuation and small kana that must not start a line (kinsoku). */
const NO_START = /^[、。，．・：；？！）」』】〕ー々〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ)\],.;:!?]/u;
/** Opening brackets that must not end a line. */
const NO_END = /[（「『【〔〈《“‘([]$/u;
/** Units that stay with the number before them: "12月29日" never breaks as "12月29" / "日". */
const UNIT = /^[年月日時分秒円件個回]/u;

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
    for (const segment of pieces(chunk)) {
      if (/^\s+$/u.test(segment)) {
        flush();
        if (/^\s+$/u.test(out[out.length - 1] ?? 'x')) out[out.length - 1] += segment;
        else out.push(segment);
      } else if (segment.charCodeAt(0) >= 0x80 && displayWidth(segment) >= 2) {
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
  if (width < 20 || displayWidth(line) <= width) return [line];
  const out: string[] = [];
  // Each token is measured once; the line's width is kept as it grows (no re-measuring).
  const widthOf = (t: string) => (t.startsWith('\u001b') ? 0 : displayWidth(t));
  let cur: string[] = [];
  let curWidth = 0;
  const text = (t: string[]) => t.join('');
  const isSpace = (t: string) => /^\s+$/u.test(t);
  const isText = (t: string) => !isSpace(t) && !t.startsWith('\u001b');
  let hasText = false;
  // A word wider than a whole line (a long web address) starts a line of its own and is broken
  // where it must, character by character; LONG marks where such a word begins.
  const room = width - displayWidth(indent);
  const LONG = '\u0000';
  const all = tokens(line).flatMap((t) => (isText(t) && t.length > 1 && widthOf(t) > room ? [LONG, ...pieces(t)] : [t]));
  for (const tok of all) {
    if (tok === LONG) {
      if (hasText && text(cur).trim()) {
        out.push(text(cur).trimEnd());
        cur = [indent];
        curWidth = displayWidth(indent);
        hasText = false;
      }
      continue;
    }
    const w = widthOf(tok);
    if (curWidth + w <= width || !hasText || !isText(tok)) {
      cur.push(tok);
      curWidth += w;
      hasText ||= isText(tok);
      continue;
    }
    // Break before `tok`, moving back while the break would start a line with closing
    // punctuation or end one with an opening bracket (keeping at least one token on the line).
    const carry = [tok];
    const first = () => carry.find((t) => !t.startsWith('\u001b')) ?? '';
    const holds = () => NO_START.test(first()) || NO_END.test(cur[cur.length - 1]!) || (UNIT.test(first()) && /\d$/.test(cur[cur.length - 1]!));
    while (cur.length > 1 && holds()) carry.unshift(cur.pop()!);
    out.push(text(cur).trimEnd());
    while (carry.length && isSpace(carry[0]!)) carry.shift();
    cur = [indent, ...carry];
    curWidth = cur.reduce((n, t) => n + widthOf(t), 0);
    hasText = cur.some(isText);
  }
  if (text(cur).trim()) out.push(text(cur).trimEnd());
  return out;
}

/** Wraps every line of a block, keeping each line's own leading spaces as the indent. */
export function wrapBlock(lines: string[], width: number): string[] {
  return lines.flatMap((l) => wrapLine(l, width, hangingIndent(l)));
}

/** A wrapped line continues under its text: past the leading spaces, and past a list mark ("4. ", "• ", "☐ "). */
export function hangingIndent(line: string): string {
  const mark = /^(\s*)(?:\d{1,3}\.|[•☐✔⚠›-]) (?=\S)/.exec(line);
  return mark ? ' '.repeat(displayWidth(mark[0])) : /^\s*/.exec(line)![0];
}
