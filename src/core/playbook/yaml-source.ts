// Playbook text → YAML document with positions, refusing what a hostile file could do: aliases
// that expand without end (a "billion laughs"), nesting deep enough to exhaust the stack, keys
// that are not plain words, and characters that could act on a terminal or hide text. Every
// problem comes back with its line and column; nothing here throws on any input. Pure.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { formatField, type Diagnostic, type Problem } from './diagnostics.ts';
import { describeCharacter, UNSAFE_CHARACTER } from '../text/sanitize.ts';

/** How deep a playbook may nest (the shipped ones go about 8 deep). */
export const MAX_DEPTH = 40;
/** How many aliases a playbook may use, and how many nodes they may expand to. */
export const MAX_ALIASES = 50;

export interface YamlSource {
  doc: Document.Parsed | undefined;
  lines: LineCounter;
  /** the plain data, when the text is sound */
  data: unknown;
  /** problems with the text itself (syntax, hostile content), already placed */
  diagnostics: Diagnostic[];
}

const first = <T>(xs: T[]): T[] => xs.slice(0, 1);

/** Characters that could act on a terminal or disguise text, with their positions (at most ten). */
function unsafeCharacters(text: string, file: string, lines: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  const re = new RegExp(UNSAFE_CHARACTER.source, 'g');
  for (const m of text.matchAll(re)) {
    // A carriage return before a newline is a Windows line ending, not a hidden character.
    if (m[0] === '\r' && text[m.index! + 1] === '\n') continue;
    const pos = lines.linePos(m.index!);
    out.push({ file, line: pos.line, column: pos.col, field: 'text', message: { key: 'check.unsafeCharacter', params: { char: describeCharacter(m[0]) } } });
    if (out.length >= 10) break;
  }
  return out;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  // Index the lines first, so even a file the parser refuses gets positions.
  let offset = 0;
  for (const line of text.split('\n')) {
    lines.addNewLine(offset);
    offset += line.length + 1;
  }
  const unsafe = unsafeCharacters(text, file, lines);
  if (unsafe.length) return { doc: undefined, lines, data: undefined, diagnostics: unsafe };

  let doc: Document.Parsed;
  const parseLines = new LineCounter();
  try {
    doc = parseDocument(text, { lineCounter: parseLines, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
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
  if (syntax.length) return { doc, lines: parseLines, data: undefined, diagnostics: first(syntax) };

  // Walk the tree without recursion: depth, aliases, and keys that are not plain words.
  const problems: Diagnostic[] = [];
  const place = (node: Node | null | undefined, key: 'check.tooDeep' | 'check.alias' | 'check.complexKey') => {
    const p = parseLines.linePos(node?.range?.[0] ?? 0);
    problems.push({ file, line: p.line, column: p.col, field: 'YAML', message: { key, params: { max: key === 'check.tooDeep' ? MAX_DEPTH : MAX_ALIASES } } });
  };
  const stack: { node: Node | null | undefined; depth: number }[] = [{ node: doc.contents as Node | null, depth: 0 }];
  let aliases = 0;
  while (stack.length && !problems.length) {
    const { node, depth } = stack.pop()!;
    if (!node) continue;
    if (depth > MAX_DEPTH) place(node, 'check.tooDeep');
    else if (isAlias(node)) {
      if (++aliases > MAX_ALIASES) place(node, 'check.alias');
    } else if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        // A key is a plain word: not a list or a map, and not a scalar that reads as something else
        // (`!!binary en:` is bytes, which JavaScript would turn into text with a Node warning).
        if (item.key !== null && (!isScalar(item.key) || (item.key.value !== null && typeof item.key.value === 'object'))) place(item.key as Node, 'check.complexKey');
        stack.push({ node: item.value as Node | null, depth: depth + 1 });
      }
    } else if (isSeq(node) || isCollection(node)) {
      for (const item of (node as { items: unknown[] }).items) stack.push({ node: isPair(item) ? (item.value as Node) : (item as Node), depth: depth + 1 });
    }
  }
  if (problems.length) return { doc, lines: parseLines, data: undefined, diagnostics: problems };

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
