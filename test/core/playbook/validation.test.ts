// Playbook validation, both passes (schema, then graph), read from real YAML files.
// Every broken fixture in test/fixtures/broken/ is broken in exactly one way (see its first line).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { didYouMean, distance, formatDiagnostic as formatWith, formatField, messageText, type Diagnostic as KeyedDiagnostic, type Problem } from '../../../src/core/playbook/diagnostics.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import { checkGraph } from '../../../src/core/playbook/graph.ts';
import { STEP_KINDS, type Contact } from '../../../src/core/playbook/schema.ts';
import { loadContactsFile as loadContactsKeyed, loadPlaybookFile, shippedPlaybookDir } from '../../../src/adapters/playbook-files.ts';
import { loadCatalogue } from '../../../src/adapters/catalogue.ts';

// The checks speak in message keys; these tests read them in English, as an author would.
const en = translator('en');
type Diagnostic = Omit<KeyedDiagnostic, 'message'> & { message: string };
const inEnglish = (ds: KeyedDiagnostic[]): Diagnostic[] => ds.map((d) => ({ ...d, message: messageText(d.message, en) }));
const problemsInEnglish = (ps: Problem[]) => ps.map((p) => ({ ...p, message: messageText(p.message, en) }));
const formatDiagnostic = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}: ${d.field}: ${d.message}`;
function loadContactsFile(file: string) {
  const r = loadContactsKeyed(file);
  return { ...r, diagnostics: inEnglish(r.diagnostics) };
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BROKEN = path.join(ROOT, 'test', 'fixtures', 'broken');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'playbooks');
const SHIPPED = path.join(ROOT, 'playbooks');

const shared = loadContactsFile(path.join(SHIPPED, 'shared', 'contacts.yaml'));
const sharedContacts: ReadonlyMap<string, Contact> = new Map(shared.contacts.map((c) => [c.id, c]));
const knownPlaybooks: ReadonlySet<string> = new Set(['example', 'amazon', 'rakuten-card', 'email', 'walkthrough', 'walkthrough-two']);
const ctx = { sharedContacts, knownPlaybooks };
const graphProblems = (...a: Parameters<typeof checkGraph>) => problemsInEnglish(checkGraph(...a));

function load(file: string) {
  const r = loadPlaybookFile(file, ctx);
  return { ...r, diagnostics: inEnglish(r.diagnostics) };
}

function lineOf(file: string, line: number): string | undefined {
  return readFileSync(file, 'utf8').split('\n')[line - 1];
}

/** The text at the diagnostic's line:column, leading blanks dropped. */
function textAt(file: string, d: Diagnostic): string {
  return (lineOf(file, d.line) ?? '').slice(d.column - 1).trimStart();
}

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'takeover-validation-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('shared contacts file', () => {
  it('loads without diagnostics and defines the contacts the fixtures use', () => {
    expect(shared.diagnostics).toEqual([]);
    expect(sharedContacts.has('antiphishing-council')).toBe(true);
    expect(shared.domains.length).toBeGreaterThan(0);
  });

  it('reports a duplicate contact id with its line', () => {
    const file = path.join(tmp, 'contacts.yaml');
    const channel = `    channels:\n      - { kind: phone, number: "188", source: "https://example.com", checked: 2026-11-21, confidence: official }\n`;
    writeFileSync(file, `officialDomains: [example.com]\ncontacts:\n  - id: desk\n    name: { ja: 窓口, en: Desk }\n${channel}  - id: desk\n    name: { ja: 窓口2, en: Desk 2 }\n${channel}`);
    const r = loadContactsFile(file);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file, line: 7, column: 5, field: 'contacts[1].id' });
    expect(lineOf(file, 7)).toBe('  - id: desk');
    expect(r.diagnostics[0]!.message).toContain('duplicate contact id "desk"');
  });
});

describe('valid playbooks', () => {
  it.each([
    ['docs/examples/example.yaml', 'example'],
    ['test/fixtures/playbooks/walkthrough.yaml', 'walkthrough'],
    ['test/fixtures/playbooks/walkthrough-two.yaml', 'walkthrough-two'],
  ])('%s validates with zero diagnostics', (rel, id) => {
    const r = load(path.join(ROOT, rel));
    expect(r.diagnostics).toEqual([]);
    expect(r.playbook?.id).toBe(id);
  });

  it('keeps YAML dates as YYYY-MM-DD text and fills defaults', () => {
    const pb = load(path.join(FIXTURES, 'walkthrough.yaml')).playbook!;
    const channel = pb.contacts[0]!.channels[0]!;
    expect(channel.checked).toBe('2026-11-21');
    const watch = pb.steps.find((s) => s.id === 'watch')!;
    expect(watch.clocks?.map((c) => c.from)).toEqual(['done']);
    const noticed = pb.steps.find((s) => s.id === 'noticed-date')!;
    expect(noticed.kind === 'input' && noticed.input.optional).toBe(false);
  });

  it('accepts a file with a byte-order mark', () => {
    const file = path.join(tmp, 'walkthrough-two.yaml');
    writeFileSync(file, `\uFEFF${readFileSync(path.join(FIXTURES, 'walkthrough-two.yaml'), 'utf8')}`);
    expect(load(file).diagnostics).toEqual([]);
  });
});

interface Case {
  file: string;
  line: number;
  column: number;
  field: string;
  message: string;
  /** what the eye finds at line:column */
  at: string;
}

// Each row: the diagnostic the author must see. Other diagnostics may follow from the same mistake.
const CASES: Case[] = [
  { file: 'unknown-key.yaml', line: 13, column: 5, field: 'steps[0].nxt', message: 'unknown field "nxt"; remove it or fix its spelling (did you mean "next"?)', at: 'nxt:' },
  { file: 'unknown-key.yaml', line: 10, column: 5, field: 'steps[0]', message: '"next" is missing', at: 'id: first' },
  { file: 'missing-en.yaml', line: 5, column: 1, field: 'summary', message: '"en" is missing; give the text in both Japanese "ja" and English "en"', at: 'summary:' },
  { file: 'unknown-next.yaml', line: 13, column: 5, field: 'steps[0].next', message: 'unknown step "lsat" (did you mean "last"?)', at: 'next: lsat' },
  {
    file: 'unknown-contact.yaml',
    line: 13,
    column: 16,
    field: 'steps[0].contacts[0]',
    message: 'unknown contact "police-911"; define it under "contacts" or in the shared contacts file (did you mean "police-9110"?)',
    at: 'police-911]',
  },
  { file: 'unreachable.yaml', line: 14, column: 5, field: 'steps[1].id', message: 'step "orphan" can never be reached from "first"', at: 'id: orphan' },
  { file: 'loop.yaml', line: 17, column: 5, field: 'steps[1].options', message: 'step "step-b" leads back to an earlier step', at: 'options:' },
  { file: 'one-option.yaml', line: 13, column: 5, field: 'steps[0].options', message: 'a question needs at least two options', at: 'options:' },
  { file: 'bad-hours.yaml', line: 14, column: 22, field: 'contacts[0].hours.weekly[0].ranges[0].open', message: 'must be a time written as HH:MM', at: 'open: "9:30"' },
  { file: 'bad-phone.yaml', line: 13, column: 9, field: 'contacts[0].channels[0].number', message: 'must be a phone number', at: 'number: 03-1234-ABCD' },
  { file: 'bad-url.yaml', line: 13, column: 9, field: 'contacts[0].channels[0].url', message: 'must be a full URL', at: 'url: example.com/help' },
  { file: 'wrong-id.yaml', line: 2, column: 1, field: 'id', message: 'the id "some-other-name" must equal the file name "wrong-id"', at: 'id: some-other-name' },
  { file: 'duplicate-step.yaml', line: 14, column: 5, field: 'steps[1].id', message: 'duplicate step id "first"', at: 'id: first' },
  { file: 'clock-from.yaml', line: 22, column: 9, field: 'steps[1].clocks[0].from', message: 'a time counted from a fact of the case is a period', at: 'from: { step: first }' },
  { file: 'period-card-only.yaml', line: 13, column: 5, field: 'periods[0].from', message: 'belongs in a card playbook', at: 'from: charge.date' },
  { file: 'yaml-indent.yaml', line: 12, column: 1, field: 'YAML', message: 'Sequence item without - indicator (the file is not valid YAML', at: 'title:' },
];

describe('broken playbooks', () => {
  it.each(CASES)('$file → $line:$column $field: …$message…', (c) => {
    const file = path.join(BROKEN, c.file);
    const r = load(file);
    expect(r.playbook).toBeUndefined();
    const d = r.diagnostics.find((x) => x.field === c.field && x.message.includes(c.message));
    expect(d, `no diagnostic "${c.field}: …${c.message}…" among:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`).toBeDefined();
    expect(d).toMatchObject({ file, line: c.line, column: c.column });
    expect(textAt(file, d!)).toMatch(new RegExp(`^${c.at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('covers every fixture in test/fixtures/broken', () => {
    const covered = new Set([...CASES.map((c) => c.file), 'unknown-kind.yaml', 'yaml-quote.yaml']);
    expect(
      readdirSync(BROKEN)
        .filter((f) => f.endsWith('.yaml'))
        .sort(),
    ).toEqual([...covered].sort());
  });

  it('reports an unknown step kind at the kind line', () => {
    const file = path.join(BROKEN, 'unknown-kind.yaml');
    const d = load(file).diagnostics.find((x) => x.field === 'steps[0].kind');
    expect(d).toMatchObject({ line: 11, column: 5 });
    expect(textAt(file, d!)).toMatch(/^kind: acton/);
    expect(d!.message).toContain(`must be one of: ${STEP_KINDS.join(', ')}`);
  });

  // BUG (src/adapters/playbook-files.ts, zodProblems, case 'invalid_union'): zod 4 already puts the
  // discriminator in issue.path (["steps", 0, "kind"]), so the code looks the value up at
  // steps[0].kind.kind, finds nothing and says '"kind" is missing' even though "kind: acton" is there,
  // and the did-you-mean hint is never given.
  it('suggests "action" for "kind: acton" instead of calling the kind missing', () => {
    const d = load(path.join(BROKEN, 'unknown-kind.yaml')).diagnostics.find((x) => x.field === 'steps[0].kind');
    expect(d!.message).toContain('did you mean "action"?');
    expect(d!.message).not.toContain('missing');
  });

  // Same bug for channel kinds.
  it('suggests "phone" for a channel with "kind: phon"', () => {
    const text = readFileSync(path.join(BROKEN, 'bad-phone.yaml'), 'utf8').replace('id: bad-phone', 'id: channel-kind').replace('kind: phone', 'kind: phon');
    const file = path.join(tmp, 'channel-kind.yaml');
    writeFileSync(file, text);
    const d = load(file).diagnostics.find((x) => x.field === 'contacts[0].channels[0].kind');
    expect(d!.message).toContain('did you mean "phone"?');
  });

  it('says "kind" is missing when a step has no kind, pointing at the step', () => {
    const text = readFileSync(path.join(BROKEN, 'unknown-kind.yaml'), 'utf8').replace('id: unknown-kind', 'id: no-kind').replace('    kind: acton\n', '');
    const file = path.join(tmp, 'no-kind.yaml');
    writeFileSync(file, text);
    const [d, ...rest] = load(file).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: 10, column: 5 });
    expect(d!.message).toContain('"kind" is missing; it must be one of: action, info');
    expect(lineOf(file, d!.line)).toContain('- id: first');
  });

  // BUG (src/adapters/playbook-files.ts, parseYaml): a YAML error is placed at e.pos[0]; for an
  // unclosed quote the yaml library puts that at the end of the scalar, which runs to the end of the
  // file, so the diagnostic names line 17, the empty line after the last one, instead of line 12
  // where the quote was opened.
  it('reports an unclosed quote on the line where the quote opens', () => {
    const file = path.join(BROKEN, 'yaml-quote.yaml');
    const r = load(file);
    expect(lineOf(file, 12)).toContain('en: "First }');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]!.line).toBe(12);
  });

  it('reports an unclosed quote as a YAML error (and nothing from the schema pass)', () => {
    const r = load(path.join(BROKEN, 'yaml-quote.yaml'));
    expect(r.playbook).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) expect(d.field).toBe('YAML');
    expect(r.diagnostics[0]!.message).toContain('Missing closing "quote');
  });

  // BUG (src/core/playbook/schema.ts, TimeRange): the refine "close must be later than open" still runs when
  // "open" already failed its HH:MM check, and compares the strings: "9:30" < "17:00" is false, so a
  // second, false diagnostic appears for a range (9:30–17:00) that is in the right order.
  it('reports "9:30" once, without a false "close must be later than open"', () => {
    const r = load(path.join(BROKEN, 'bad-hours.yaml'));
    expect(r.diagnostics.map((d) => d.message)).not.toContainEqual(expect.stringContaining('close must be later than open'));
  });

  const names = (f: string) => {
    const m = /(?:^|\.)([A-Za-z]+)$/.exec(f);
    return m?.[1];
  };

  // Every diagnostic must name a line that shows the offending key or value.
  it.each(readdirSync(BROKEN).filter((f) => f.endsWith('.yaml') && f !== 'yaml-quote.yaml'))('%s: every diagnostic names a real line', (name) => {
    const file = path.join(BROKEN, name);
    const lines = readFileSync(file, 'utf8').split('\n');
    const r = load(file);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      const where = formatDiagnostic(d);
      expect(d.file, where).toBe(file);
      expect(d.line, where).toBeGreaterThanOrEqual(1);
      expect(d.line, where).toBeLessThanOrEqual(lines.length);
      const text = lines[d.line - 1]!;
      expect(text.trim(), where).not.toBe('');
      expect(d.column, where).toBeLessThanOrEqual(text.length);
      const key = names(d.field);
      if (d.field === 'YAML') continue;
      // a field ending in a name: that key is on the line; ending in [n]: the line starts a list item
      if (key) expect(text, where).toContain(`${key}:`);
      else expect(text, where).toMatch(/^\s*- |\[/);
    }
  });

  it('yaml-quote.yaml: every diagnostic names a real line (see the unclosed-quote bug above)', () => {
    const file = path.join(BROKEN, 'yaml-quote.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const d of load(file).diagnostics) expect(lines[d.line - 1]?.trim()).toBeTruthy();
  });

  it('reports a file that cannot be read', () => {
    const file = path.join(tmp, 'missing.yaml');
    const r = load(file);
    expect(r.playbook).toBeUndefined();
    expect(r.diagnostics).toEqual([{ file, line: 1, column: 1, field: '(file)', message: expect.stringContaining('cannot be read (ENOENT)') }]);
  });
});

describe('checkGraph', () => {
  const walkthrough = load(path.join(FIXTURES, 'walkthrough.yaml')).playbook!;

  it('finds nothing wrong in the walkthrough fixture', () => {
    expect(graphProblems(walkthrough, ctx)).toEqual([]);
  });

  it('checks suggested playbooks only when the known ones are given', () => {
    expect(graphProblems(walkthrough, { sharedContacts })).toEqual([]);
    const problems = graphProblems(walkthrough, { sharedContacts, knownPlaybooks: new Set(['walkthrough', 'example']) });
    const end = walkthrough.steps.findIndex((s) => s.id === 'done');
    expect(problems).toEqual([{ path: ['steps', end, 'suggest', 0, 'playbook'], message: 'unknown playbook "walkthrough-two" (did you mean "walkthrough"?)' }]);
  });

  it('refuses a local contact that shadows a shared one', () => {
    const local = walkthrough.contacts[0]!;
    const problems = graphProblems(walkthrough, { sharedContacts: new Map([...sharedContacts, [local.id, local]]) });
    expect(problems).toEqual([{ path: ['contacts', 0, 'id'], message: expect.stringContaining(`contact id "${local.id}" is already defined in the shared contacts`) }]);
  });

  it('reports an unknown start with a hint', () => {
    const problems = graphProblems({ ...walkthrough, start: 'clicked-lnk' }, ctx);
    expect(problems).toContainEqual({ path: ['start'], message: 'unknown step "clicked-lnk" (did you mean "clicked-link"?)' });
  });

  it('reports a step that leads to itself', () => {
    const steps = walkthrough.steps.map((s) => (s.id === 'about-reports' && s.kind === 'info' ? { ...s, next: 'about-reports' } : s));
    const i = steps.findIndex((s) => s.id === 'about-reports');
    const problems = graphProblems({ ...walkthrough, steps }, ctx);
    expect(problems).toContainEqual({ path: ['steps', i, 'next'], message: 'a step cannot lead to itself' });
  });

  it('reports a duplicate option id', () => {
    const steps = walkthrough.steps.map((s) => (s.kind === 'question' ? { ...s, options: s.options.map((o) => ({ ...o, id: 'same' })) } : s));
    expect(graphProblems({ ...walkthrough, steps }, ctx)).toEqual([{ path: ['steps', 0, 'options', 1, 'id'], message: 'duplicate option id "same" in this question' }]);
  });
});

describe('loadCatalogue', () => {
  it('finds the shipped folder next to the sources', () => {
    expect(shippedPlaybookDir()).toBe(SHIPPED);
  });

  it('adds the playbooks of extra folders, marked as not shipped, without problems in them', () => {
    const cat = loadCatalogue([FIXTURES]);
    expect(cat.diagnostics.filter((d) => d.file.startsWith(FIXTURES))).toEqual([]);
    expect(cat.playbooks.get('walkthrough')).toMatchObject({ shipped: false, file: path.join(FIXTURES, 'walkthrough.yaml') });
    expect(cat.playbooks.get('walkthrough-two')?.shipped).toBe(false);
    expect(cat.playbooks.get('amazon')).toMatchObject({ shipped: true, file: path.join(SHIPPED, 'amazon.yaml') });
    // the example of the format is documentation, not a playbook for a person in trouble
    expect(cat.playbooks.has('example')).toBe(false);
    expect(cat.sharedContacts.has('antiphishing-council')).toBe(true);
  });

  it('leaves out broken files and reports them', () => {
    const cat = loadCatalogue([BROKEN]);
    const brokenIds = readdirSync(BROKEN).map((f) => f.replace(/\.yaml$/, ''));
    for (const id of brokenIds) expect(cat.playbooks.has(id), id).toBe(false);
    const files = new Set(cat.diagnostics.filter((d) => d.file.startsWith(BROKEN)).map((d) => path.basename(d.file)));
    expect([...files].sort()).toEqual(readdirSync(BROKEN).sort());
  });

  it('lets a later folder override a shipped playbook with the same id', () => {
    const mine = path.join(tmp, 'mine');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'amazon.yaml'), readFileSync(path.join(SHIPPED, 'amazon.yaml'), 'utf8').replace(/^version: \d+\b/m, 'version: 70'));
    // files starting with "_" or "." are not playbooks
    copyFileSync(path.join(BROKEN, 'loop.yaml'), path.join(mine, '_draft.yaml'));
    const cat = loadCatalogue([mine]);
    expect(cat.playbooks.get('amazon')).toMatchObject({ shipped: false, file: path.join(mine, 'amazon.yaml') });
    expect(cat.playbooks.get('amazon')!.playbook.version).toBe(70);
    expect(cat.shadowed).toEqual([{ id: 'amazon', file: path.join(mine, 'amazon.yaml'), replaces: path.join(SHIPPED, 'amazon.yaml') }]);
    expect(cat.diagnostics.filter((d) => d.file.startsWith(mine))).toEqual([]);
  });
});

describe('diagnostics helpers', () => {
  it('formats a diagnostic as file:line:column: field: message', () => {
    expect(formatWith({ file: 'a/b.yaml', line: 3, column: 7, field: 'steps[0].next', message: { key: 'check.unknownStep', params: { id: 'x' }, hint: 'y' } }, en)).toBe(
      'a/b.yaml:3:7: steps[0].next: unknown step "x" (did you mean "y"?)',
    );
    expect(formatWith({ file: 'a/b.yaml', line: 3, column: 7, field: 'steps[0].next', message: { key: 'check.unknownStep', params: { id: 'x' }, hint: 'y' } }, translator('ja'))).toBe(
      'a/b.yaml:3:7: steps[0].next: ステップ「x」はありません （「y」のことですか？）',
    );
  });

  it.each([
    [['steps', 0, 'options', 1, 'next'], 'steps[0].options[1].next'],
    [['title'], 'title'],
    [[], '(top level)'],
  ] as const)('formatField(%j) = %s', (p, out) => {
    expect(formatField([...p])).toBe(out);
  });

  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['nxt', 'next', 1],
  ])('distance(%s, %s) = %i', (a, b, d) => {
    expect(distance(a, b)).toBe(d);
    expect(distance(b, a)).toBe(d);
  });

  it.each<{ word: string; candidates: readonly string[]; expected: string | undefined }>([
    { word: 'nxt', candidates: ['id', 'next', 'kind'], expected: 'next' },
    { word: 'acton', candidates: STEP_KINDS, expected: 'action' },
    { word: 'Qestion', candidates: STEP_KINDS, expected: 'question' },
    { word: 'reset-pasword', candidates: ['reset-password', 'report'], expected: 'reset-password' },
    { word: 'zzzzzz', candidates: STEP_KINDS, expected: undefined },
    { word: 'x', candidates: [], expected: undefined },
  ])('didYouMean($word) = $expected', ({ word, candidates, expected }) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });
});
