// `validate` sees through YAML (issue 19): control, bidi and zero-width characters are found in
// the parsed text of every key and value however they were written (as they are, or as the
// escapes of a double-quoted scalar: \e, \x1b, \u202e, \U0000202E, \N, \L, \P…), each at its place;
// and any tag outside the YAML core schema is refused at the tag. Table-driven, then a seeded
// property test: 1,000 mutations of a shipped playbook, each hiding one escaped character.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, visit, type Scalar } from 'yaml';
import { loadPlaybookFile } from '../../../src/adapters/playbook-files.ts';
import { loadCatalogue } from '../../../src/adapters/catalogue.ts';
import { runValidate } from '../../../src/commands/validate.ts';
import { messageText, type Diagnostic } from '../../../src/core/playbook/diagnostics.ts';
import { characterName, hiddenEscapes, parseYamlSource } from '../../../src/core/playbook/yaml-source.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import { characterClass } from '../../../src/core/text/sanitize.ts';
import { ROOT, testContext } from '../../helpers/context.ts';
import { rng } from '../../../scripts/fuzz.mjs';

const en = translator('en');
const ja = translator('ja');

type Kind = 'check.controlCharacter' | 'check.bidiCharacter' | 'check.invisibleCharacter' | 'check.separatorCharacter';
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every character a playbook may not hold, by the kind of problem it gives. */
const CLASSES: Record<Kind, number[]> = {
  'check.controlCharacter': [...range(0x00, 0x08), ...range(0x0b, 0x1f), ...range(0x7f, 0x9f)],
  'check.bidiCharacter': [...range(0x202a, 0x202e), ...range(0x2066, 0x2069), 0x200e, 0x200f, 0x061c],
  'check.invisibleCharacter': [...range(0x200b, 0x200d), ...range(0x2060, 0x2064), 0x180e, 0xfeff],
  'check.separatorCharacter': [0x2028, 0x2029],
};
const KIND_OF = new Map<number, Kind>(Object.entries(CLASSES).flatMap(([kind, cps]) => cps.map((cp) => [cp, kind as Kind] as const)));

/** YAML's one-letter escapes for these characters. */
const NAMED: Record<number, string> = { 0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x1b: '\\e', 0x85: '\\N', 0x2028: '\\L', 0x2029: '\\P' };

const hex = (cp: number, width: number, upper = false) => {
  const h = cp.toString(16).padStart(width, '0');
  return upper ? h.toUpperCase() : h;
};

/** Every way a double-quoted scalar can write this character (but as it is). */
function escapesOf(cp: number): { how: string; text: string }[] {
  const out = [
    { how: '\\u', text: `\\u${hex(cp, 4)}` },
    { how: '\\u (upper case)', text: `\\u${hex(cp, 4, true)}` },
    { how: '\\U', text: `\\U${hex(cp, 8)}` },
  ];
  if (cp <= 0xff) out.push({ how: '\\x', text: `\\x${hex(cp, 2)}` }, { how: '\\x (upper case)', text: `\\x${hex(cp, 2, true)}` });
  if (NAMED[cp]) out.push({ how: 'named', text: NAMED[cp] });
  return out;
}

/**
 * Places in a file, as YAML with § where the character goes: keys and values; double-quoted,
 * single-quoted, plain and block scalars. `escapes` says whether an escape there stands for the
 * character (only in a double-quoted scalar; elsewhere a backslash is a backslash).
 */
const PLACES: { where: string; yaml: string; escapes: boolean }[] = [
  { where: 'a double-quoted value', yaml: 'title:\n  en: "Before §after"\n', escapes: true },
  { where: 'a double-quoted key', yaml: 'title:\n  "e§n": text\n', escapes: true },
  { where: 'a double-quoted value over two lines', yaml: 'summary: "first line\n  second § line"\n', escapes: true },
  { where: 'a double-quoted value in a flow mapping', yaml: 'label: { ja: あ, en: "x§y" }\n', escapes: true },
  { where: 'a double-quoted key in a flow mapping', yaml: 'label: { ja: あ, "§en": y }\n', escapes: true },
  { where: 'a double-quoted item of a list', yaml: 'items:\n  - plain\n  - "x§y"\n', escapes: true },
  { where: 'a double-quoted pair in a flow list', yaml: 'items: ["k§": v]\n', escapes: true },
  { where: 'a double-quoted explicit key', yaml: '? "k§"\n: v\n', escapes: true },
  { where: 'a tagged double-quoted value', yaml: 'title: !!str "x§y"\n', escapes: true },
  { where: 'an anchored double-quoted value', yaml: 'title: &t "x§y"\nagain: *t\n', escapes: true },
  { where: 'a single-quoted value', yaml: "title:\n  en: 'Before §after'\n", escapes: false },
  { where: 'a single-quoted key', yaml: "title:\n  'e§n': text\n", escapes: false },
  { where: 'a plain value', yaml: 'title:\n  en: Before §after\n', escapes: false },
  { where: 'a plain key', yaml: 'title:\n  e§n: text\n', escapes: false },
  { where: 'a literal block', yaml: 'note: |\n  first line\n  x§y\n', escapes: false },
  { where: 'a folded block', yaml: 'note: >-\n  first line\n  x§y\n', escapes: false },
  { where: 'a comment', yaml: 'id: x # a §comment\n', escapes: false },
];

/** The document with § replaced, and the line and column where the replacement starts. */
function place(yaml: string, written: string) {
  const text = `id: hidden\n${yaml}`;
  const at = text.indexOf('§');
  const before = text.slice(0, at);
  return { text: text.replace('§', written), line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

const where = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.field} ${d.message.key} ${d.message.params?.char ?? d.message.params?.tag ?? ''}`);

describe('hidden characters, however they are written, wherever they are', () => {
  for (const [kind, cps] of Object.entries(CLASSES) as [Kind, number[]][]) {
    it(`${kind}: as YAML escapes in every double-quoted place, at the backslash (${cps.length} characters)`, () => {
      let n = 0;
      for (const cp of cps)
        for (const esc of escapesOf(cp))
          for (const p of PLACES.filter((x) => x.escapes)) {
            const { text, line, column } = place(p.yaml, esc.text);
            const ds = parseYamlSource(text, 'hidden.yaml').diagnostics;
            expect(where(ds), `${characterName(String.fromCodePoint(cp))} written ${esc.how} (${esc.text}) in ${p.where}`).toEqual([
              expect.stringMatching(new RegExp(`^${line}:${column} \\S+ ${kind} U\\+${hex(cp, 4, true)}\\b`)),
            ]);
            n++;
          }
      expect(n).toBeGreaterThan(cps.length * 3 * 10 - 1);
    });

    it(`${kind}: written as they are, in every place (keys, values, quoted, plain, block, comments)`, () => {
      for (const cp of cps)
        for (const p of PLACES) {
          const { text, line, column } = place(p.yaml, String.fromCodePoint(cp));
          const ds = parseYamlSource(text, 'hidden.yaml').diagnostics;
          // (a lone carriage return also ends a YAML line, so the parser may say more after it)
          expect(where(ds)[0], `${characterName(String.fromCodePoint(cp))} as it is in ${p.where}`).toMatch(new RegExp(`^${line}:${column} text ${kind} U\\+${hex(cp, 4, true)}\\b`));
          if (cp !== 0x0d) expect(ds, `${characterName(String.fromCodePoint(cp))} as it is in ${p.where}`).toHaveLength(1);
        }
    });
  }

  it('an escape outside double quotes is only a backslash and a letter: nothing to report', () => {
    for (const p of PLACES.filter((x) => !x.escapes && x.where !== 'a comment'))
      for (const written of ['\\e', '\\x1b', '\\u202e', '\\U0000200B', '\\N', '\\L']) {
        const r = parseYamlSource(place(p.yaml, written).text, 'hidden.yaml');
        expect(r.diagnostics, `${written} in ${p.where}`).toEqual([]);
        expect(JSON.stringify(r.data)).toContain(written.replace(/\\/g, '\\\\'));
      }
  });

  it('escapes that stand for ordinary characters are fine; an escaped backslash is not an escape', () => {
    for (const written of ['\\t', '\\n', '\\\\', '\\"', '\\/', '\\ ', '\\_', '\\u00e9', '\\x41', '\\U0001F600', '\\\\e', '\\\\u202e', '\\\\\\\\x1b'])
      expect(parseYamlSource(place(PLACES[0]!.yaml, written).text, 'ok.yaml').diagnostics, written).toEqual([]);
  });

  it('names the field, with the hidden character of a key made visible', () => {
    expect(where(parseYamlSource('id: x\ntitle:\n  en: "a\\e[2Jb"\n"ke\\u200by": 1\nlist:\n  - { a: "\\u2066" }\n', 'f.yaml').diagnostics)).toEqual([
      '3:9 title.en check.controlCharacter U+001B ESC',
      '4:4 ke\\u200by check.invisibleCharacter U+200B ZERO WIDTH SPACE',
      '6:11 list[0].a check.bidiCharacter U+2066 LEFT-TO-RIGHT ISOLATE',
    ]);
  });

  it('lists every one in a scalar, those written as they are and those escaped, in order (at most ten)', () => {
    const ds = parseYamlSource('a: "\\e]52;c;cHduZWQ=\\a \u202e \\e[2J"\n', 'f.yaml').diagnostics;
    expect(where(ds)).toEqual([
      '1:5 a check.controlCharacter U+001B ESC',
      '1:21 a check.controlCharacter U+0007 BEL',
      '1:24 text check.bidiCharacter U+202E RIGHT-TO-LEFT OVERRIDE',
      '1:26 a check.controlCharacter U+001B ESC',
    ]);
    expect(parseYamlSource(`a: "${'\\e'.repeat(30)}"\n`, 'f.yaml').diagnostics).toHaveLength(10);
  });

  it('says what it found, in English and Japanese', () => {
    const [d] = parseYamlSource('a: "\\e"\nb: "\\u202e"\nc: "\\u200b"\nd: "\\L"\n', 'f.yaml').diagnostics.map((x) => x.message);
    expect(messageText(d!, en)).toBe('a control character (U+001B ESC) in this text: it could act on a terminal; remove it');
    expect(messageText(d!, ja)).toBe('この文に制御文字（U+001B ESC）が含まれています。端末を操作できる文字なので、消してください');
    const all = parseYamlSource('a: "\\e"\nb: "\\u202e"\nc: "\\u200b"\nd: "\\L"\n', 'f.yaml').diagnostics;
    for (const t of [en, ja]) for (const x of all) expect(messageText(x.message, t)).not.toMatch(/\{\w+\}/);
    expect(all.map((x) => messageText(x.message, en).split(':')[0])).toEqual([
      'a control character (U+001B ESC) in this text',
      'a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE) in this text',
      'an invisible character (U+200B ZERO WIDTH SPACE) in this text',
      'a line or paragraph separator (U+2028 LINE SEPARATOR) in this text',
    ]);
  });

  it('sorts each character into its kind (characterClass, shared with the sanitiser)', () => {
    const expected: Record<Kind, string | undefined> = {
      'check.controlCharacter': 'control',
      'check.bidiCharacter': 'bidi',
      'check.invisibleCharacter': 'invisible',
      'check.separatorCharacter': undefined,
    };
    for (const [cp, kind] of KIND_OF) expect(characterClass(String.fromCodePoint(cp)), characterName(String.fromCodePoint(cp))).toBe(expected[kind]);
    for (const ch of ['a', '\t', '\n', ' ', '\u00a0', 'あ', '𠮷', '\u00e9']) expect(characterClass(ch), JSON.stringify(ch)).toBeUndefined();
  });

  it('finds the escapes of a scalar from its source (hiddenEscapes)', () => {
    expect(hiddenEscapes('"a\\eb\\\\e\\x1B\\u202E\\U00002028\\_\\N"')).toEqual([
      { at: 2, char: '\u001b' },
      { at: 8, char: '\u001b' },
      { at: 12, char: '\u202e' },
      { at: 18, char: '\u2028' },
      { at: 30, char: '\u0085' },
    ]);
  });
});

describe('tags: only those of the YAML core schema', () => {
  const TAG_MESSAGE =
    'the tag !!js/function is not in the YAML core schema (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map): remove it; a playbook holds only text, numbers, true or false, lists and mappings';

  it.each([
    ['a function', 'title: !!js/function "function () { return 1 }"\n', '2:8 title check.tag !!js/function'],
    ['bytes', 'title: !!binary aGVsbG8=\n', '2:8 title check.tag !!binary'],
    ['a date', 'checked: !!timestamp 2026-11-21\n', '2:10 checked check.tag !!timestamp'],
    ['a set', 'domains: !!set { a, b }\n', '2:10 domains check.tag !!set'],
    ['an ordered map', 'steps: !!omap [ a: 1 ]\n', '2:8 steps check.tag !!omap'],
    ['a local tag', 'title: !custom x\n', '2:8 title check.tag !custom'],
    ['a local tag on a mapping', 'title: !custom\n  en: x\n', '2:8 title check.tag !custom'],
    ['a local tag on a list item', 'list:\n  - !custom x\n', '3:5 list[0] check.tag !custom'],
    ['a tag on a key', 'title:\n  !custom en: x\n', '3:3 title.en check.tag !custom'],
    ['a tag on an explicit key', '? !!binary aGk=\n: x\n', '2:3 aGk= check.tag !!binary'],
    ['a verbatim tag', 'title: !<tag:example.com,2026:x> x\n', '2:8 title check.tag !<tag:example.com,2026:x>'],
    ['a tag on the whole document', '--- !custom\nid: x\n', '1:5 (top level) check.tag !custom'],
  ])('%s is refused at the tag', (_name, yaml, expected) => {
    const text = yaml.startsWith('---') ? yaml : `id: tags\n${yaml}`;
    const r = parseYamlSource(text, 'tags.yaml');
    expect(where(r.diagnostics)).toEqual([expected]);
    expect(r.data).toBeUndefined();
  });

  it('a tag through a %TAG handle is judged by what it stands for', () => {
    expect(where(parseYamlSource('%TAG !e! tag:yaml.org,2002:\n---\nid: x\na: !e!binary aGk=\nb: !e!str ok\n', 'f.yaml').diagnostics)).toEqual(['4:4 a check.tag !e!binary']);
  });

  it.each([
    ['!!str', 'title: !!str 2026\n', { id: 'tags', title: '2026' }],
    ['!!int', 'version: !!int "3"\n', { id: 'tags', version: 3 }],
    ['!!float', 'x: !!float 1.5\n', { id: 'tags', x: 1.5 }],
    ['!!bool', 'x: !!bool true\n', { id: 'tags', x: true }],
    ['!!null', 'x: !!null\n', { id: 'tags', x: null }],
    ['!!seq', 'x: !!seq [a]\n', { id: 'tags', x: ['a'] }],
    ['!!map', 'x: !!map { a: 1 }\n', { id: 'tags', x: { a: 1 } }],
    ['a verbatim core tag', 'x: !<tag:yaml.org,2002:str> 1\n', { id: 'tags', x: '1' }],
    ['the non-specific tag', 'x: ! 12\n', { id: 'tags', x: '12' }],
  ])('%s is fine', (_name, yaml, data) => {
    const r = parseYamlSource(`id: tags\n${yaml}`, 'tags.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.data).toEqual(data);
  });

  it('a "%YAML 1.1" line does not bring back the old types: dates and "yes" stay text, !!binary is refused', () => {
    expect(parseYamlSource('%YAML 1.1\n---\nchecked: 2026-11-21\nok: yes\n', 'f.yaml').data).toEqual({ checked: '2026-11-21', ok: 'yes' });
    expect(where(parseYamlSource('%YAML 1.1\n---\nx: !!binary aGk=\n', 'f.yaml').diagnostics)).toEqual(['3:4 x check.tag !!binary']);
  });

  it('says which tag, and what to do, in English and Japanese', () => {
    const [d] = parseYamlSource('a: !!js/function x\n', 'f.yaml').diagnostics;
    expect(messageText(d!.message, en)).toBe(TAG_MESSAGE);
    expect(messageText(d!.message, ja)).toBe(
      'タグ !!js/function は YAML のコアスキーマ（!!str、!!int、!!float、!!bool、!!null、!!seq、!!map）にありません。消してください。プレイブックに書けるのは文字列、数、true か false、リスト、マッピングだけです',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The property: 1,000 mutations of a shipped playbook, each hiding one character written as an
// escape in a random scalar (a key or a value; a double-quoted one as it is, any other converted
// to double quotes first). The validator must find each one, alone, at its backslash.

const SHIPPED = path.join(ROOT, 'playbooks', 'amazon.yaml');
const ALL_HIDDEN = [...KIND_OF.keys()];

interface Mutation {
  text: string;
  line: number;
  column: number;
  kind: Kind;
  cp: number;
  written: string;
  target: 'key' | 'value';
  style: 'double-quoted' | 'converted';
}

/** The scalars of a file (keys and values) that can carry text, with their source ranges. */
function scalarsOf(text: string): { node: Scalar; target: 'key' | 'value' }[] {
  const out: { node: Scalar; target: 'key' | 'value' }[] = [];
  visit(parseDocument(text), {
    Scalar(key, node) {
      if (node.range && node.range[1] > node.range[0] && node.value !== null) out.push({ node, target: key === 'key' ? 'key' : 'value' });
    },
  });
  return out;
}

/** Places in a double-quoted source where a new escape can go: not inside another escape. */
function insertionPoints(source: string): number[] {
  const points: number[] = [];
  for (let i = 1; i < source.length; i++) {
    points.push(i);
    if (source[i] === '\\') {
      const next = source[i + 1];
      i += next === 'x' ? 3 : next === 'u' ? 5 : next === 'U' ? 9 : 1;
    }
  }
  return points;
}

/** Text as the inside of a double-quoted YAML scalar (JSON's escapes are YAML's). */
const quoted = (s: string) => JSON.stringify(s).slice(1, -1);

function mutation(text: string, scalars: ReturnType<typeof scalarsOf>, random: () => number): Mutation {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Half in the double-quoted scalars as they are (few in a playbook), half in any other, converted.
  const doubleQuoted = scalars.filter((x) => x.node.type === 'QUOTE_DOUBLE');
  const { node, target } = pick(random() < 0.5 ? doubleQuoted : scalars.filter((x) => x.node.type !== 'QUOTE_DOUBLE'));
  const cp = pick(ALL_HIDDEN);
  const written = pick(escapesOf(cp)).text;
  const [start, end] = node.range!;
  let replacement: string;
  let at: number;
  if (node.type === 'QUOTE_DOUBLE') {
    const source = text.slice(start, end);
    const i = pick(insertionPoints(source));
    replacement = source.slice(0, i) + written + source.slice(i);
    at = start + i;
  } else {
    const value = [...String(node.value)];
    const i = Math.floor(random() * (value.length + 1));
    const before = `"${quoted(value.slice(0, i).join(''))}`;
    replacement = `${before}${written}${quoted(value.slice(i).join(''))}"`;
    at = start + before.length;
  }
  const mutated = text.slice(0, start) + replacement + text.slice(end);
  const head = mutated.slice(0, at);
  return {
    text: mutated,
    line: head.split('\n').length,
    column: at - head.lastIndexOf('\n'),
    kind: KIND_OF.get(cp)!,
    cp,
    written,
    target,
    style: node.type === 'QUOTE_DOUBLE' ? 'double-quoted' : 'converted',
  };
}

describe('property: 1,000 mutations of playbooks/amazon.yaml, each hiding one escaped character', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-hidden-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // About 15 ms a file; the timeout only guards a machine so busy that nothing would finish.
  it('validate finds every one, alone, at its backslash (seed 19)', { timeout: 300_000 }, () => {
    const original = readFileSync(SHIPPED, 'utf8');
    const shared = loadCatalogue([], { cache: false });
    const ctx = { sharedContacts: shared.sharedContacts, sharedDomains: shared.sharedDomains, knownPlaybooks: new Set(shared.playbooks.keys()) };
    const file = path.join(dir, 'amazon.yaml');
    writeFileSync(file, original);
    expect(loadPlaybookFile(file, ctx).diagnostics).toEqual([]);

    const scalars = scalarsOf(original);
    const random = rng(19);
    const missed: string[] = [];
    const seen = { key: 0, value: 0, 'double-quoted': 0, converted: 0 } as Record<string, number>;
    const kinds = new Map<Kind, number>();
    let found = 0;
    const TOTAL = 1000;
    for (let n = 0; n < TOTAL; n++) {
      const m = mutation(original, scalars, random);
      seen[m.target]!++;
      seen[m.style]!++;
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      writeFileSync(file, m.text);
      const ds = loadPlaybookFile(file, ctx).diagnostics;
      const ok = ds.length === 1 && ds[0]!.line === m.line && ds[0]!.column === m.column && ds[0]!.message.key === m.kind && ds[0]!.message.params?.char === characterName(String.fromCodePoint(m.cp));
      if (ok) found++;
      else missed.push(`#${n} ${m.written} in a ${m.style} ${m.target} at ${m.line}:${m.column}: ${JSON.stringify(where(ds))}`);
    }
    expect(missed).toEqual([]);
    expect(found).toBe(TOTAL);
    // the mutations reached keys and values, double-quoted and converted scalars, every kind
    for (const k of ['key', 'value', 'double-quoted', 'converted']) expect(seen[k], k).toBeGreaterThan(20);
    expect([...kinds.keys()].sort()).toEqual(Object.keys(CLASSES).sort());
  });
});

describe('the validate command', () => {
  it('reports the escaped clipboard write and clear screen of the issue, and fails', () => {
    const ctx = testContext({ columns: 10_000 }); // as into a pipe: whole lines
    const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-hidden-cmd-'));
    try {
      const original = readFileSync(SHIPPED, 'utf8');
      const text = original.replace(/^ {2}en: My Amazon account may have been taken over$/m, '  en: "Evil \\e]52;c;cHduZWQ=\\a \\e[2J"');
      expect(text).not.toBe(original);
      const file = path.join(dir, 'amazon.yaml');
      writeFileSync(file, text);
      expect(() => runValidate({ paths: [file] }, ctx)).toThrow();
      const lineNo = text.split('\n').findIndex((l) => l.includes('Evil'));
      const lineText = text.split('\n')[lineNo]!;
      const col = (s: string) => lineText.indexOf(s) + 1;
      expect(ctx.stderr).toEqual([
        `${file}:${lineNo + 1}:${col('\\e]')}: title.en: a control character (U+001B ESC) in this text: it could act on a terminal; remove it`,
        `${file}:${lineNo + 1}:${col('\\a')}: title.en: a control character (U+0007 BEL) in this text: it could act on a terminal; remove it`,
        `${file}:${lineNo + 1}:${col('\\e[')}: title.en: a control character (U+001B ESC) in this text: it could act on a terminal; remove it`,
        '1 file checked, 3 problems.',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      ctx.cleanup();
    }
  });
});
