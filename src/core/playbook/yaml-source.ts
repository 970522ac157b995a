// Playbook text → YAML document with positions, refusing what a hostile file could do: aliases
// that expand without end (a "billion laughs"), nesting deep enough to exhaust the stack, keys
// that are not plain words, tags outside the YAML core schema, and characters that could act on a
// terminal or hide text, whether written as they are or as YAML escapes ("\e", "\u202e", "\N"…).
// Every problem comes back with its line and column; nothing here throws on any input. Pure.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Parser, type Document, type Node, type Scalar } from 'yaml';
import { formatField, type Diagnostic, type Problem } from './diagnostics.ts';
import { characterClass, UNSAFE_CHARACTER } from '../text/sanitize.ts';

/** How deep a playbook may nest (the shipped ones go about 8 deep). */
export const MAX_DEPTH = 40;
/** How many aliases a playbook may use, and how many nodes they may expand to. */
export const MAX_ALIASES = 50;
/** How many hidden characters and tags are listed for one file. */
const MAX_LISTED = 10;

export interface YamlSource {
  doc: Document.Parsed | undefined;
  lines: LineCounter;
  /** the plain data, when the text is sound */
  data: unknown;
  /** problems with the text itself (syntax, hostile content), already placed */
  diagnostics: Diagnostic[];
}

const first = <T>(xs: T[]): T[] => xs.slice(0, 1);

/**
 * A character no playbook text may hold: whatever `sanitize` removes (C0 controls but newline and
 * tab, DEL, C1 controls, bidi controls, zero-width characters), and the line and paragraph
 * separators U+2028 and U+2029 (YAML's "\L" and "\P"), which a terminal does not show as a break.
 */
const HIDDEN = new RegExp(`${UNSAFE_CHARACTER.source}|[\u2028\u2029]`);
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'g');

/**
 * The tags a playbook may use: those of the YAML 1.2 core schema (written `!!str` or in full), and
 * the non-specific `!`, which only makes a value plain text, a list or a mapping. Anything else —
 * `!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!js/function`, a local `!custom` — is a problem:
 * a playbook holds only text, numbers, true/false, null, lists and mappings.
 */
const CORE_TAGS: ReadonlySet<string> = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => `tag:yaml.org,2002:${t}`)]);

/** The YAML escapes of a double-quoted scalar that stand for a single character (\x, \u, \U aside). */
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', r: '\r', v: '\v', N: '\u0085', L: '\u2028', P: '\u2029' };

const C0_NAMES = 'NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'.split(' ');
const C1_NAMES = 'PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST OSC PM APC'.split(' ');
const NAMES: Readonly<Record<number, string>> = {
  0x7f: 'DEL',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** "U+001B ESC", "U+202E RIGHT-TO-LEFT OVERRIDE": the code point and its name. */
export function characterName(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const name = cp < 0x20 ? C0_NAMES[cp] : cp >= 0x80 && cp < 0xa0 ? C1_NAMES[cp - 0x80] : NAMES[cp];
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${name ? ` ${name}` : ''}`;
}

/** The problem for one hidden character: what kind it is, and which. */
function hiddenMessage(ch: string): Diagnostic['message'] {
  const kind = characterClass(ch);
  const key =
    kind === 'control'
      ? 'check.controlCharacter'
      : kind === 'bidi'
        ? 'check.bidiCharacter'
        : kind === 'invisible'
          ? 'check.invisibleCharacter'
          : ch === '\u2028' || ch === '\u2029'
            ? 'check.separatorCharacter'
            : 'check.unsafeCharacter';
  return { key, params: { char: characterName(ch) } };
}

/** Hidden characters written as they are, anywhere in the file (comments too), with their positions. */
function rawHiddenCharacters(text: string, file: string, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of text.matchAll(HIDDEN_ALL)) {
    // A carriage return before a newline is a Windows line ending, not a hidden character.
    if (m[0] === '\r' && text[m.index + 1] === '\n') continue;
    const pos = lines.linePos(m.index);
    out.push({ file, line: pos.line, column: pos.col, field: 'text', message: hiddenMessage(m[0]) });
    if (out.length >= MAX_LISTED) break;
  }
  return out;
}

/** The escapes in the source of a double-quoted scalar (quotes included) that stand for a hidden character: where each starts, and the character. */
export function hiddenEscapes(source: string): { at: number; char: string }[] {
  const out: { at: number; char: string }[] = [];
  for (let i = 1; i < source.length - 1; i++) {
    if (source[i] !== '\\') continue;
    const next = source[i + 1] ?? '';
    const length = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    let char: string | undefined;
    if (length) {
      const hex = source.slice(i + 2, i + 2 + length);
      const cp = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (cp <= 0x10ffff) char = String.fromCodePoint(cp);
    } else char = NAMED_ESCAPES[next];
    if (char !== undefined && HIDDEN.test(char)) out.push({ at: i, char });
    // Whatever follows the backslash belongs to this escape ("\\e" is a backslash, then "e").
    i += 1 + length;
  }
  return out;
}

/** Every tag written in the file, in order, with its offset (read from the parser's token stream). */
function tagTokens(text: string): { offset: number; source: string }[] {
  const out: { offset: number; source: string }[] = [];
  const stack: unknown[] = [];
  for (const token of new Parser().parse(text)) stack.push(token);
  while (stack.length) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (const x of t) stack.push(x);
      continue;
    }
    const o = t as { type?: unknown; offset?: unknown; source?: unknown };
    if (o.type === 'tag' && typeof o.offset === 'number' && typeof o.source === 'string') out.push({ offset: o.offset, source: o.source });
    else for (const v of Object.values(o)) if (v && typeof v === 'object') stack.push(v);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** A path part made safe to print: hidden characters as \uXXXX, and not too long. */
function visible(part: string | number): string | number {
  if (typeof part === 'number') return part;
  const shown = part.replace(HIDDEN_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  // Index the lines first, so even a file the parser refuses gets positions.
  let offset = 0;
  for (const line of text.split('\n')) {
    lines.addNewLine(offset);
    offset += line.length + 1;
  }
  // Hidden characters written as they are. The file is still parsed, so those written as escapes
  // are listed with them; but when it cannot be parsed, these come first (they are often the cause).
  const raw = rawHiddenCharacters(text, file, lines);

  let doc: Document.Parsed;
  const parseLines = new LineCounter();
  try {
    // The core schema whatever the file says (a "%YAML 1.1" line would otherwise turn on dates,
    // "yes" as true, merge keys), and no tags beyond it: "!!binary" stays text, and is reported.
    doc = parseDocument(text, { lineCounter: parseLines, prettyErrors: false, uniqueKeys: true, schema: 'core', resolveKnownTags: false });
  } catch (e) {
    if (raw.length) return { doc: undefined, lines, data: undefined, diagnostics: raw };
    return {
      doc: undefined,
      lines,
      data: undefined,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          field: 'YAML',
          message: { key: e instanceof RangeError ? 'check.tooDeep' : 'check.yaml', params: { message: String((e as Error).message).split('\n')[0]!, max: MAX_DEPTH } },
        },
      ],
    };
  }
  const syntax: Diagnostic[] = doc.errors.map((e) => {
    let pos = parseLines.linePos(e.pos[0]);
    // An unclosed quote is reported where the file ends; point at the line that opened it.
    if (/quote/i.test(e.message) && e.pos[0] >= text.trimEnd().length - 1) {
      const lineNo = text.split('\n').findIndex((l) => (l.replace(/\\"/g, '').match(/"/g) ?? []).length % 2 === 1 || (/:\s*'/.test(l) && (l.match(/'/g) ?? []).length % 2 === 1));
      if (lineNo >= 0) pos = { line: lineNo + 1, col: text.split('\n')[lineNo]!.search(/["']/) + 1 };
    }
    const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { file, line: pos.line, column: pos.col, field: 'YAML', message: { key: 'check.yaml', params: { message: msg } } };
  });
  // Later syntax errors are nearly always knock-on effects of the first one: report that one.
  syntax.sort((a, b) => a.line - b.line || a.column - b.column);
  if (raw.length && (syntax.length || !doc.contents)) return { doc, lines: parseLines, data: undefined, diagnostics: raw };
  if (syntax.length) return { doc, lines: parseLines, data: undefined, diagnostics: first(syntax) };

  // Walk the tree without recursion. Structure (depth, aliases, keys that are not plain words):
  // the first problem found. Content (hidden characters in the parsed text of every key and value,
  // tags outside the core schema): every one, at its place.
  const structure: Diagnostic[] = [];
  const content: Diagnostic[] = [];
  const badTags: { node: Node; path: (string | number)[] }[] = [];
  const place = (node: Node | null | undefined, key: 'check.tooDeep' | 'check.alias' | 'check.complexKey') => {
    if (structure.length) return;
    const p = parseLines.linePos(node?.range?.[0] ?? 0);
    structure.push({ file, line: p.line, column: p.col, field: 'YAML', message: { key, params: { max: key === 'check.tooDeep' ? MAX_DEPTH : MAX_ALIASES } } });
  };
  const hidden = (at: number, ch: string, path: (string | number)[]) => {
    const p = parseLines.linePos(at);
    content.push({ file, line: p.line, column: p.col, field: formatField(path.map(visible)), message: hiddenMessage(ch) });
  };
  const checkScalar = (s: Scalar, path: (string | number)[]) => {
    if (typeof s.value !== 'string' || !HIDDEN.test(s.value) || !s.range) return;
    // Each escape that stands for a hidden character, at its backslash.
    const source = text.slice(s.range[0], s.range[1]);
    const left = new Map<string, number>();
    for (const m of s.value.matchAll(HIDDEN_ALL)) left.set(m[0], (left.get(m[0]) ?? 0) + 1);
    if (s.type === 'QUOTE_DOUBLE')
      for (const e of hiddenEscapes(source)) {
        hidden(s.range[0] + e.at, e.char, path);
        left.set(e.char, (left.get(e.char) ?? 0) - 1);
      }
    // Those written as they are were listed with their own positions already.
    for (const m of source.matchAll(HIDDEN_ALL)) if (!(m[0] === '\r' && source[m.index + 1] === '\n')) left.set(m[0], (left.get(m[0]) ?? 0) - 1);
    // Anything still unaccounted for came some other way: point at the scalar.
    for (const [ch, n] of left) if (n > 0) hidden(s.range[0], ch, path);
  };
  const stack: { node: Node | null | undefined; depth: number; path: (string | number)[] }[] = [{ node: doc.contents as Node | null, depth: 0, path: [] }];
  let aliases = 0;
  while (stack.length) {
    const { node, depth, path } = stack.pop()!;
    if (!node) continue;
    if (depth > MAX_DEPTH) {
      place(node, 'check.tooDeep');
      continue;
    }
    if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) place(node, 'check.alias');
      continue;
    }
    if ('tag' in node && typeof node.tag === 'string' && !CORE_TAGS.has(node.tag)) badTags.push({ node, path });
    if (isScalar(node)) checkScalar(node, path);
    else if (isMap(node) || isSeq(node)) {
      node.items.forEach((item: unknown, i: number) => {
        if (!isPair(item)) {
          stack.push({ node: item as Node, depth: depth + 1, path: [...path, i] });
          return;
        }
        // A pair in a list ("[a: b]") sits at its index; in a mapping, under its key.
        const at = isSeq(node) ? [...path, i] : path;
        const key = item.key as Node | null;
        const keyText = isScalar(key) ? String(key.value) : '?';
        // A key is a plain word: not a list or a map, and not a scalar that reads as something else.
        if (key !== null && (!isScalar(key) || (key.value !== null && typeof key.value === 'object'))) place(key, 'check.complexKey');
        else if (key !== null) stack.push({ node: key, depth: depth + 1, path: [...at, keyText] });
        stack.push({ node: item.value as Node | null, depth: depth + 1, path: [...at, keyText] });
      });
    }
  }
  if (badTags.length) {
    // A node's range starts after its tag: the tag is the last one written before the node.
    const tokens = tagTokens(text);
    for (const { node, path } of badTags) {
      const start = node.range?.[0] ?? 0;
      let token: { offset: number; source: string } | undefined;
      for (const t of tokens) if (t.offset < start) token = t;
      const written = token && doc.directives.tagName(token.source, () => {}) === (node as { tag?: string }).tag ? token : undefined;
      const p = parseLines.linePos(written?.offset ?? start);
      const tag = written?.source ?? String((node as { tag?: string }).tag);
      content.push({ file, line: p.line, column: p.col, field: formatField(path.map(visible)), message: { key: 'check.tag', params: { tag: tag.length > 40 ? `${tag.slice(0, 39)}…` : tag } } });
    }
  }
  if (raw.length || content.length) {
    const all = [...raw, ...content].sort((a, b) => a.line - b.line || a.column - b.column);
    return { doc, lines: parseLines, data: undefined, diagnostics: all.slice(0, MAX_LISTED) };
  }
  if (structure.length) return { doc, lines: parseLines, data: undefined, diagnostics: structure };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const key = e instanceof RangeError ? 'check.tooDeep' : /alias/i.test(String((e as Error).message)) ? 'check.alias' : 'check.yaml';
    return {
      doc,
      lines: parseLines,
      data: undefined,
      diagnostics: [
        { file, line: 1, column: 1, field: 'YAML', message: { key, params: { message: String((e as Error).message).split('\n')[0]!, max: key === 'check.alias' ? MAX_ALIASES : MAX_DEPTH } } },
      ],
    };
  }
  return { doc, lines: parseLines, data, diagnostics: [] };
}

/** The position of the node at `p` (or of the key `atKey` inside it), falling back to the closest parent. */
export function positionOf(source: YamlSource, p: (string | number)[], atKey?: string): { line: number; column: number } {
  const doc = source.doc;
  if (!doc) return { line: 1, column: 1 };
  let probe = [...p];
  for (;;) {
    const node = probe.length ? doc.getIn(probe, true) : doc.contents;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      let offset = (node.range as [number, number, number])[0];
      if (atKey !== undefined && isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === atKey);
        const k = pair && isPair(pair) && isScalar(pair.key) ? pair.key.range : undefined;
        if (k) offset = k[0];
      } else if (probe.length) {
        // Point at the key of this value when there is one, which is where the eye goes.
        const parent = probe.length > 1 ? doc.getIn(probe.slice(0, -1), true) : doc.contents;
        const last = probe[probe.length - 1];
        if (isMap(parent) && typeof last === 'string') {
          const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === last);
          const k = pair && isPair(pair) && isScalar(pair.key) ? pair.key.range : undefined;
          if (k) offset = k[0];
        }
      }
      const pos = source.lines.linePos(offset);
      return { line: pos.line, column: pos.col };
    }
    if (!probe.length) return { line: 1, column: 1 };
    probe = probe.slice(0, -1);
  }
}

/** Problems placed in the file. */
export function placeProblems(source: YamlSource, file: string, problems: Problem[]): Diagnostic[] {
  return problems.map((pr) => ({ file, ...positionOf(source, pr.path, pr.atKey), field: formatField(pr.atKey ? [...pr.path, pr.atKey] : pr.path), message: pr.message }));
}
