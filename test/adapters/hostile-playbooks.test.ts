// Playbook files made to hurt: an alias bomb, a link to /dev/zero, a pipe, a huge file, nesting
// that would exhaust the stack, keys that are not words, escape sequences and bidi tricks, and a
// seeded fuzz of mutated playbooks. Each must give a placed diagnostic and never throw or hang.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFolders, loadPlaybookFile, MAX_PLAYBOOK_BYTES } from '../../src/adapters/playbook-files.ts';
import { loadCatalogue } from '../../src/adapters/catalogue.ts';
import { messageText } from '../../src/core/playbook/diagnostics.ts';
import { translator } from '../../src/core/text/messages/index.ts';
import { ROOT } from '../helpers/context.ts';
import { mutate, rng } from '../../scripts/fuzz.mjs';

const en = translator('en');
const shared = loadCatalogue([], { cache: false });
const ctx = { sharedContacts: shared.sharedContacts, sharedDomains: shared.sharedDomains, knownPlaybooks: new Set(shared.playbooks.keys()) };
const FIXTURE = readFileSync(path.join(ROOT, 'test', 'fixtures', 'playbooks', 'walkthrough.yaml'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function check(name: string, text: string | Buffer) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const r = loadPlaybookFile(file, ctx);
  return { ...r, text: r.diagnostics.map((d) => `${d.line}:${d.column} ${d.field}: ${messageText(d.message, en)}`) };
}

describe('hostile files', () => {
  it('an alias bomb is refused with its position, quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    const t0 = Date.now();
    const r = check('bomb.yaml', `${lines.join('\n')}\n`);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.playbook).toBeUndefined();
    expect(r.text.join('\n')).toMatch(/YAML: uses too many aliases \(more than 50\)/);
    expect(r.diagnostics[0]!.line).toBeGreaterThan(1);
  });

  it('a link to /dev/zero is not read (it would never end)', () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    const r = loadPlaybookFile(path.join(dir, 'zero.yaml'), ctx);
    expect(r.diagnostics.map((d) => messageText(d.message, en))).toEqual(['is not a regular file (a folder, a device or a pipe), so it was not read']);
  });

  it('a named pipe is not read (it would wait forever)', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = loadPlaybookFile(fifo, ctx);
    expect(r.diagnostics.map((d) => d.message.key)).toEqual(['check.notRegular']);
  });

  it('a playbook saved with Windows line endings (CRLF) is read as it is', () => {
    const r = check('walkthrough.yaml', FIXTURE.replace(/\n/g, '\r\n'));
    expect(r.text.filter((x) => /U\+000D/.test(x))).toEqual([]);
    // a lone carriage return still is a hidden character
    const lone = check('walkthrough.yaml', FIXTURE.replace('title: { ja: 見本', 'title: { ja: 見\r本'));
    expect(lone.text.some((x) => /U\+000D/.test(x))).toBe(true);
  });

  it('a file larger than a playbook can be is refused without reading it all', () => {
    const r = check('huge.yaml', Buffer.alloc(MAX_PLAYBOOK_BYTES + 10, 'a'));
    expect(r.text).toEqual([`1:1 (file): is too large to be a playbook (${Math.ceil((MAX_PLAYBOOK_BYTES + 10) / 1024)} KB; at most 1024 KB)`]);
  });

  it.each([
    ['flow lists', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['block lists', Array.from({ length: 900 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x'],
    ['flow maps', `${'{a: '.repeat(3000)}1${'}'.repeat(3000)}`],
  ])('nesting of %s that would exhaust the stack is refused', (_name, text) => {
    const r = check('deep.yaml', text);
    expect(r.playbook).toBeUndefined();
    expect(r.text.join('\n')).toMatch(/nested too deeply|not valid YAML/);
  });

  it('a key that is a list (a Node warning before) is refused with its position, and nothing goes to stderr', () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const r = check('complex.yaml', `id: complex\n? [a, b]\n: value\n`);
      expect(r.text).toEqual(['2:3 YAML: a key must be a plain word, not a list or a mapping']);
      // found by the fault harness in 5,000 mutations: a key tagged as bytes (a tag outside the core schema)
      const tagged = check('tagged.yaml', `id: tagged\ntitle: { ja: あ, !!binary  en: b }\n`);
      expect(tagged.text).toEqual([
        '2:17 title.en: the tag !!binary is not in the YAML core schema (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map): remove it; a playbook holds only text, numbers, true or false, lists and mappings',
      ]);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  const CONTROL = 'in this text: it could act on a terminal; remove it';
  it.each([
    ['ESC (a colour)', '\u001b[31m', `a control character (U+001B ESC) ${CONTROL}`],
    ['OSC 52 (writes the clipboard)', '\u001b]52;c;ZWNobw==\u0007', `a control character (U+001B ESC) ${CONTROL}`],
    ['BEL', '\u0007', `a control character (U+0007 BEL) ${CONTROL}`],
    ['a C1 control', '\u009b', `a control character (U+009B CSI) ${CONTROL}`],
    ['RIGHT-TO-LEFT OVERRIDE', '\u202e', 'a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE) in this text: it could make the text read in another order; remove it'],
    ['ZERO WIDTH SPACE', '\u200b', 'an invisible character (U+200B ZERO WIDTH SPACE) in this text: it cannot be seen; remove it'],
    ['a tag character (hidden text)', '\u{e0041}', 'an invisible character (U+E0041) in this text: it cannot be seen; remove it'],
  ])('%s in a title is reported at its line and column', (_name, char, message) => {
    const text = FIXTURE.replace('title: { ja: 見本：不審なメールを受け取った, en: "Example: I received', `title: { ja: 見本：不審なメールを受け取った, en: "Example:${char} I received`);
    const r = check('walkthrough.yaml', text);
    const line = text.split('\n').findIndex((l) => l.includes(char)) + 1;
    const column = text.split('\n')[line - 1]!.indexOf(char) + 1;
    expect(r.playbook).toBeUndefined();
    expect(r.text[0]).toBe(`${line}:${column} text: ${message}`);
  });

  // The same characters written as YAML escapes in a double-quoted scalar (issue 19): found in the
  // parsed text, each at its backslash, with the field it is in.
  it.each([
    [
      'OSC 52 and a clear screen',
      'Evil \\e]52;c;cHduZWQ=\\a \\e[2J',
      [
        ['\\e]', 'a control character (U+001B ESC)'],
        ['\\a', 'a control character (U+0007 BEL)'],
        ['\\e[', 'a control character (U+001B ESC)'],
      ],
    ],
    ['RIGHT-TO-LEFT OVERRIDE', '\\u202e', [['\\u202e', 'a bidi control (U+202E RIGHT-TO-LEFT OVERRIDE)']]],
    ['a C1 control', 'a\\x9bb', [['\\x9b', 'a control character (U+009B CSI)']]],
    ['ZERO WIDTH SPACE', 'a\\U0000200Bb', [['\\U0000200B', 'an invisible character (U+200B ZERO WIDTH SPACE)']]],
  ])('%s written as escapes in a title is reported at each escape', (_name, escaped, found) => {
    const text = FIXTURE.replace('en: "Example: I received', `en: "Example: ${escaped} I received`);
    const r = check('walkthrough.yaml', text);
    const lineNo = text.split('\n').findIndex((l) => l.includes(escaped));
    const lineText = text.split('\n')[lineNo]!;
    let from = lineText.indexOf(escaped);
    const expected = (found as string[][]).map(([written, what]) => {
      const column = lineText.indexOf(written!, from) + 1;
      from = column;
      return `${lineNo + 1}:${column} title.en: ${what}`;
    });
    expect(r.playbook).toBeUndefined();
    expect(r.text.map((x) => x.replace(/ in this text: .*$/, ''))).toEqual(expected);
  });

  it('a tag outside the core schema on a value is refused at the tag (!!js/function)', () => {
    const text = FIXTURE.replace('en: "Example: I received', 'en: !!js/function "Example: I received');
    const r = check('walkthrough.yaml', text);
    const lineNo = text.split('\n').findIndex((l) => l.includes('!!js/function'));
    expect(r.playbook).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.line, d.column, d.field, d.message.key, d.message.params?.tag])).toEqual([
      [lineNo + 1, text.split('\n')[lineNo]!.indexOf('!!js/function') + 1, 'title.en', 'check.tag', '!!js/function'],
    ]);
  });
});

describe('fuzz: mutated playbooks never throw', () => {
  // Its own budget (the deadline below) and a vitest timeout above it, so a busy machine cannot fail it.
  it('1,000 mutations of a real playbook (seed 1124): a result every time, within the time', { timeout: 90_000 }, () => {
    const r = rng(1124);
    const deadline = Date.now() + 60_000;
    let n = 0;
    for (; n < 1000 && Date.now() < deadline; n++) {
      const text = mutate(FIXTURE, r);
      const result = check('walkthrough.yaml', text);
      expect(result.playbook !== undefined || result.diagnostics.length > 0, `mutation ${n}`).toBe(true);
      for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    }
    expect(n).toBeGreaterThanOrEqual(200);
  });

  it('the stack overflow found by fuzzing (a deep alias chain) stays fixed', () => {
    const text = `${Array.from({ length: 400 }, (_, i) => `k${i}: &a${i} ${i ? `[*a${i - 1}]` : 'x'}`).join('\n')}\n`;
    const r = check('chain.yaml', text);
    expect(r.playbook).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});

describe('folders', () => {
  it('a folder of hostile files still gives a catalogue, with every file reported', () => {
    symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'id: [unclosed\n');
    const cat = addFolders([{ dir, shipped: false }]);
    expect(cat.diagnostics.map((d) => path.basename(d.file)).sort()).toEqual(['bad.yaml', 'zero.yaml']);
  });

  it('a folder that does not exist is recorded, not silently skipped', () => {
    expect(addFolders([{ dir: path.join(dir, 'nope'), shipped: false }]).missingDirs).toEqual([path.join(dir, 'nope')]);
  });

  it('a playbook of your own with a shipped id is recorded as replacing it', () => {
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'playbooks');
    const card = readFileSync(path.join(fixtures, 'case-card.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'case-card.yaml'), card.replace(/^version: 1$/m, 'version: 9'));
    const cat = addFolders([{ dir, shipped: false }], loadCatalogue([fixtures], { cache: false }));
    expect(cat.diagnostics.filter((d) => d.file.startsWith(dir))).toEqual([]);
    expect(cat.shadowed).toEqual([{ id: 'case-card', file: path.join(dir, 'case-card.yaml'), replaces: path.join(fixtures, 'case-card.yaml') }]);
    expect(cat.playbooks.get('case-card')?.playbook.version).toBe(9);
  });
});
