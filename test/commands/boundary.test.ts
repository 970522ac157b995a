// Nothing raw on any path. A case file poisoned by hand (every free-text field of every record,
// note, follow-up and fact carries random strings of escape sequences, C0 and C1 controls, bidi
// overrides, zero-width and tag characters) is read by every command that shows a case, in every
// format: terminal text, --json, Markdown, HTML, the calendar, and files written with -o. No
// output holds one raw character of those classes (JSON escapes them as \uXXXX; the calendar keeps
// only its CRLF), and the data survives: JSON read back holds the same strings.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/adapters/catalogue.ts';
import { runList } from '../../src/commands/list.ts';
import { runMessage } from '../../src/commands/message.ts';
import { runRecord, runRecordList } from '../../src/commands/record.ts';
import { runReport } from '../../src/commands/report.ts';
import { runScript } from '../../src/commands/script.ts';
import { runStatus } from '../../src/commands/status.ts';
import { runTodo } from '../../src/commands/todo.ts';
import { runDone } from '../../src/commands/done.ts';
import { Incident } from '../../src/core/case/incident.ts';
import { testContext } from '../helpers/context.ts';

const catalogue = loadCatalogue([], { cache: false });

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLASSES: string[][] = [
  // escape sequences: set title, clipboard write (OSC 52), clear screen, cursor moves, colours, conceal
  ['\u001b]0;owned\u0007', '\u001b]52;c;cHduZWQ=\u0007', '\u001b[2J', '\u001b[H', '\u001b[1A', '\u001b[31m', '\u001b[8m', '\u001bP1;2|x\u001b\\', '\u001b7'],
  // C0 (not newline or tab) and DEL
  ['\u0007', '\u0008', '\u000b', '\u000c', '\u000d', '\u001b', '\u0000', '\u007f'],
  // C1, the 8-bit CSI and OSC among them
  ['\u0085', '\u009b2J', '\u009d0;x\u009c', '\u0090', '\u009f'],
  // bidi overrides, embeddings, isolates, marks
  ['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'],
  // zero-width and invisible characters, tag characters
  ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u{e0041}\u{e0042}'],
];
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]|\udb40[\udc00-\udc7f]/;
/** The same, but allowing the CRLF a calendar file needs. */
const RAW_ICS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]|\r(?!\n)|\udb40[\udc00-\udc7f]/;

function poison(rand: () => number): string {
  let s = 'x';
  for (let i = 0; i < 4; i++) {
    const cls = CLASSES[Math.floor(rand() * CLASSES.length)]!;
    s += `${cls[Math.floor(rand() * cls.length)]!}y`;
  }
  return s;
}

/** Free text of a case: where a hand-edited or shared file could put anything. */
const FREE = new Set([
  'text',
  'note',
  'merchant',
  'items',
  'value',
  'reference',
  'who',
  'promised',
  'nextAction',
  'station',
  'name',
  'description',
  'address',
  'number',
  'signInEmail',
  'emailBefore',
  'recoveryEmail',
  'label',
  'file',
  'phone',
]);

function poisonCase(json: Record<string, unknown>, rand: () => number): number {
  let n = 0;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (typeof v === 'string' && FREE.has(k)) {
          (node as Record<string, unknown>)[k] = `${v}${poison(rand)}`;
          n++;
        } else walk(v);
      }
    }
  };
  walk(json.records);
  walk(json.notes);
  walk(json.followUps);
  walk(json.facts);
  return n;
}

const contexts: ReturnType<typeof testContext>[] = [];
afterAll(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

describe.each([1, 2, 3, 4, 5])('a poisoned case file (seed %i)', (seed) => {
  const ctx = testContext({ now: '2026-12-02T02:10:00+09:00', columns: 80 });
  contexts.push(ctx);
  ctx.catalogue = () => catalogue;
  const rand = random(seed);
  // files written by -o go in a folder of their own beside the data folder, removed at the end
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'takeover-boundary-out-'));
  contexts.push({ cleanup: () => rmSync(outDir, { recursive: true, force: true }) } as ReturnType<typeof testContext>);
  const outside = (name: string) => path.join(outDir, name);
  // a case with one of everything, recorded the normal way
  runRecord({ kind: 'card', issuer: 'rakuten-card', last4: '4821' }, ctx);
  runRecord({ kind: 'charge', card: '4821', date: '2026-11-30', amount: '12800', merchant: 'AMAZON.CO.JP' }, ctx);
  runRecord({ kind: 'order', service: 'amazon', number: '250-1234567-7654321', items: 'gift cards', address: 'forwarder, Ichikawa' } as never, ctx);
  runRecord({ kind: 'trace', email: 'xxxxx@163.com', on: 'amazon' } as never, ctx);
  runRecord({ kind: 'call', target: 'rakuten-card-lost-stolen', ref: 'RC-1', who: 'Sato', note: 'stopped' } as never, ctx);
  runRecord({ kind: 'police', station: 'Shinagawa', ref: '1234' } as never, ctx);
  runDone({ item: 'record-narrative', value: ['Someone ordered gift cards.'] }, ctx);
  const id = ctx.store().list().summaries[0]!.id;
  const file = ctx.store().incidentFile(id);
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const poisoned = poisonCase(json, rand);
  writeFileSync(file, JSON.stringify(json));
  const stored = JSON.stringify(Incident.parse(json).records);

  const outputs: [string, () => unknown][] = [
    ['todo', () => runTodo({}, ctx)],
    ['todo --json', () => runTodo({ json: true }, ctx)],
    ['status', () => runStatus({}, ctx)],
    ['status --json', () => runStatus({ json: true }, ctx)],
    ['report --md', () => runReport({}, ctx)],
    ['report --html', () => runReport({ html: true }, ctx)],
    ['report --json', () => runReport({ json: true }, ctx)],
    ['report --for police', () => runReport({ for: 'police' }, ctx)],
    ['report --for card --html', () => runReport({ for: 'card', html: true }, ctx)],
    ['record list', () => runRecordList({}, ctx)],
    ['record list --json', () => runRecordList({ json: true }, ctx)],
    ['list --json', () => runList({ json: true }, ctx)],
    ['script rakuten-card', () => runScript({ contact: 'rakuten-card' }, ctx)],
    ['message amazon', () => runMessage({ kind: 'amazon' }, ctx)],
    ['message card', () => runMessage({ kind: 'card' }, ctx)],
  ];

  it(`poisons the case (${poisoned} fields), which still reads as a case`, () => {
    expect(poisoned).toBeGreaterThan(10);
    expect(RAW.test(stored)).toBe(true);
  });

  it.each(outputs)('%s: nothing raw on stdout or stderr', (_name, run) => {
    ctx.stdout.length = 0;
    ctx.stderr.length = 0;
    run();
    const all = [...ctx.stdout, ...ctx.stderr].join('\n');
    expect(all.length).toBeGreaterThan(0);
    const hit = RAW.exec(all);
    expect(hit ? `U+${hit[0].codePointAt(0)!.toString(16)} near ${JSON.stringify(all.slice(Math.max(0, hit.index - 30), hit.index + 10))}` : undefined).toBeUndefined();
  });

  it('--json keeps the data: the records read back hold the same strings', () => {
    ctx.stdout.length = 0;
    runRecordList({ json: true }, ctx);
    expect(JSON.stringify(JSON.parse(ctx.stdout.join('\n')).records)).toBe(stored);
  });

  it('todo --ics on stdout and in a file: only CRLF, nothing raw', () => {
    ctx.stdout.length = 0;
    runTodo({ ics: true }, ctx);
    expect(RAW_ICS.exec(ctx.stdout.join(''))).toBeNull();
    const out = outside(`todo.ics`);
    runTodo({ ics: true, output: out }, ctx);
    expect(RAW_ICS.exec(readFileSync(out, 'utf8'))).toBeNull();
  });

  it.each([
    ['md', {}],
    ['html', { html: true }],
    ['json', { json: true }],
  ] as const)('report -o (%s): nothing raw in the file', (kind, opts) => {
    const out = outside(`report.${kind}`);
    runReport({ ...opts, output: out }, ctx);
    expect(RAW.exec(readFileSync(out, 'utf8'))).toBeNull();
  });
});
