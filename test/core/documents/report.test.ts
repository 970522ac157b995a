// The incident report, rendered from a fixture incident over the walkthrough fixture playbook
// (read from real YAML, never the shipped playbooks, so copy edits do not break the goldens).
//
// - golden files (Markdown in both languages, redacted Markdown, the --json model)
// - purity: same output twice, whatever the clock or process.env.TZ says
// - hostile text in every field a person types: the Markdown keeps its headings and tables,
//   the HTML carries no script, link, image or control character, no full card number leaks
// - the --json model: schema, totals per currency, typed text kept as plain text
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt, { type Token } from 'markdown-it';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../../../src/adapters/catalogue.ts';
import { loadPlaybookFile } from '../../../src/adapters/playbook-files.ts';
import { applyAction, type Action } from '../../../src/core/case/case.ts';
import { Incident } from '../../../src/core/case/incident.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import { buildReport, REPORT_SCHEMA, type ReportInput, type ReportModel } from '../../../src/core/documents/report.ts';
import { renderReportMarkdown, reportMarkdown } from '../../../src/core/documents/report-doc.ts';
import { redactText } from '../../../src/core/documents/redact.ts';
import type { Contact, Lang, Playbook } from '../../../src/core/playbook/schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const CARD = '4111 1111 1111 1111';
const CARD_DIGITS = '4111111111111111';

let playbooks: Map<string, Playbook>;
let sharedContacts: Map<string, Contact>;
let fixture: Incident;
/** a playbook whose input steps are filed by the report (record: noticed-at / reference / narrative) */
let records: Playbook;

beforeAll(() => {
  const catalogue = loadCatalogue([path.join(FIXTURES, 'playbooks')]);
  const walkthrough = catalogue.playbooks.get('walkthrough');
  expect(walkthrough?.file).toBe(path.join(FIXTURES, 'playbooks', 'walkthrough.yaml'));
  expect(catalogue.diagnostics.filter((d) => d.file.startsWith(path.join(FIXTURES, 'playbooks')))).toEqual([]);
  // Only the fixture playbook: the report must not depend on the shipped ones.
  playbooks = new Map([['walkthrough', walkthrough!.playbook]]);
  sharedContacts = catalogue.sharedContacts;
  fixture = Incident.parse(JSON.parse(readFileSync(path.join(FIXTURES, 'report', 'incident.json'), 'utf8')));
  const r = loadPlaybookFile(path.join(FIXTURES, 'report', 'report-records.yaml'), { sharedContacts, knownPlaybooks: new Set(['walkthrough']) });
  expect(r.diagnostics).toEqual([]);
  records = r.playbook!;
});

function input(incident: Incident, lang: Lang = 'en', redact = false): ReportInput {
  return { incident, playbooks: new Map([...playbooks, [records.id, records]]), sharedContacts, lang, t: translator(lang), redact };
}

/** The fixture plus a second track over report-records, its three inputs answered with `typed` (through the case reducer). */
function withRecordTrack(typed: { noticed: string; caseNumber: string; story: string }): Incident {
  const pbs = new Map([...playbooks, [records.id, records]]);
  const env = (hhmm: string) => ({ now: new Date(`2026-11-21T${hhmm}:00+09:00`), playbook: (id: string) => pbs.get(id) });
  const ans = (step: string, value: string): Action => ({ type: 'answer', track: 1, step, answer: { status: 'answered', value } });
  const steps: [string, Action][] = [
    ['11:00', { type: 'add-track', playbook: records.id, activate: true }],
    ['11:01', ans('noticed', typed.noticed)],
    ['11:02', ans('case-number', typed.caseNumber)],
    ['11:03', ans('story', typed.story)],
  ];
  return Incident.parse(steps.reduce((inc, [hhmm, a]) => applyAction(inc, a, env(hhmm)), clone(fixture)));
}

const clone = <T>(x: T): T => structuredClone(x);

/** Every string anywhere inside a value. */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

// ---------------------------------------------------------------------------------------------
// Markdown, read back with markdown-it

const parsers = { 'html: false': new MarkdownIt({ html: false }), 'html: true': new MarkdownIt({ html: true }) };
const md = parsers['html: false'];

/** "h2 Timeline", ... in document order. */
function headings(tokens: Token[]): string[] {
  const out: string[] = [];
  tokens.forEach((tok, i) => {
    if (tok.type === 'heading_open') out.push(`${tok.tag} ${tokens[i + 1]?.content ?? ''}`);
  });
  return out;
}

/** For each table: the number of cells in each row (header row first). */
function tableShapes(tokens: Token[]): number[][] {
  const tables: number[][] = [];
  let rows: number[] | undefined;
  let cells = 0;
  for (const tok of tokens) {
    if (tok.type === 'table_open') rows = [];
    else if (tok.type === 'table_close') {
      tables.push(rows!);
      rows = undefined;
    } else if (tok.type === 'tr_open') cells = 0;
    else if (tok.type === 'th_open' || tok.type === 'td_open') cells++;
    else if (tok.type === 'tr_close') rows!.push(cells);
  }
  return tables;
}

/** For each table: its rows, each a list of cell contents (as written in the Markdown). */
function tableCells(tokens: Token[]): string[][][] {
  const tables: string[][][] = [];
  let rows: string[][] = [];
  tokens.forEach((tok, i) => {
    if (tok.type === 'table_open') rows = [];
    else if (tok.type === 'table_close') tables.push(rows);
    else if (tok.type === 'tr_open') rows.push([]);
    else if (tok.type === 'th_open' || tok.type === 'td_open') rows[rows.length - 1]!.push(tokens[i + 1]?.type === 'inline' ? tokens[i + 1]!.content : '');
  });
  return tables;
}

/** The visible text of rendered HTML: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The visible text of one Markdown document (html: false). */
const textOf = (markdown: string) => visibleText(md.render(markdown));

/** True when a full card number appears in some line, comparing digits only. */
const leaksCard = (text: string) => text.split('\n').some((line) => line.replace(/\D/g, '').includes(CARD_DIGITS));

// ---------------------------------------------------------------------------------------------

describe('the fixture incident', () => {
  it('is a valid incident (zod) with all times written with +09:00', () => {
    const raw: unknown = JSON.parse(readFileSync(path.join(FIXTURES, 'report', 'incident.json'), 'utf8'));
    expect(Incident.safeParse(raw).success).toBe(true);
    const stamps = strings(fixture).filter((s) => /^\d{4}-\d{2}-\d{2}T/.test(s));
    expect(stamps.length).toBeGreaterThan(20);
    for (const s of stamps) expect(s).toMatch(/\+09:00$/);
  });
});

// Generated with `vitest -u`, then read line by line. Two goldens were corrected by hand where the
// output was wrong, so they fail until the product is fixed (see the explicit tests below):
// - report.redacted.en.md: "Next action" said "ask for Sato"; the name is withheld as in "Who answered"
// - report.ja.md: charge statuses were the stored ids "found" / "reported"; the Japanese report
//   uses the wording of the charge form (src/commands/forms.ts STATUS_NAMES)
describe('golden files', () => {
  it('English Markdown', async () => {
    await expect(reportMarkdown(input(fixture, 'en'))).toMatchFileSnapshot('../../fixtures/report/report.en.md');
  });
  it('Japanese Markdown', async () => {
    await expect(reportMarkdown(input(fixture, 'ja'))).toMatchFileSnapshot('../../fixtures/report/report.ja.md');
  });
  it('redacted English Markdown', async () => {
    await expect(reportMarkdown(input(fixture, 'en', true))).toMatchFileSnapshot('../../fixtures/report/report.redacted.en.md');
  });
  it('the --json model', async () => {
    await expect(`${JSON.stringify(buildReport(input(fixture, 'en')), null, 2)}\n`).toMatchFileSnapshot('../../fixtures/report/report.en.json');
  });
});

describe('what the report says (independent of the goldens)', () => {
  it('totals each currency on its own: JPY 12,800 + 3,480円 = 16,280 (2), USD 59.99 (1)', () => {
    const model = buildReport(input(fixture));
    expect(model.totals).toEqual([
      { currency: 'JPY', amount: 16280, count: 2 },
      { currency: 'USD', amount: 59.99, count: 1 },
    ]);
    const text = textOf(renderReportMarkdown(model, translator('en')));
    expect(text).toContain(' 2 16,280 JPY ');
    expect(text).toContain(' 1 59.99 USD ');
  });

  it('shows only the times things happened (every "YYYY-MM-DD HH:MM" comes from the incident), never the time of rendering', () => {
    const stamps = strings(fixture).filter((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s));
    const happened = new Set(stamps.map((s) => s.slice(0, 16).replace('T', ' ')));
    for (const lang of ['en', 'ja'] as const) {
      for (const redact of [false, true]) {
        const text = textOf(reportMarkdown(input(fixture, lang, redact)));
        const shown = [...text.matchAll(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g)].map((m) => m[0]);
        expect(shown.length).toBeGreaterThan(15);
        for (const s of shown) expect(happened, `${lang}${redact ? ' redacted' : ''}: ${s}`).toContain(s);
        // ISO stamps are shown exactly as written
        const isos = [...text.matchAll(/\d{4}-\d{2}-\d{2}T[\d:]+(?:Z|[+-]\d{2}:\d{2})/g)].map((m) => m[0]);
        expect(isos.length).toBeGreaterThan(10);
        for (const iso of isos) expect(stamps).toContain(iso);
        // the call: 09:40–09:55, as recorded (not when it was logged, 09:58)
        expect(text).toContain('2026-11-21 09:40–09:55');
      }
    }
  });

  it('lists what is open (the call planned for the step put off, the deadline, the next step) and the answers in order', () => {
    const model = buildReport(input(fixture));
    expect(model.openItems.map((o) => o.title)).toEqual([
      'Call Amazon suspicious-message reports',
      'Example: I received a suspicious e-mail: Report to the card issuer by',
      'Example: I received a suspicious e-mail: next step: Watch your account for a week.',
    ]);
    const steps = model.services[0]!.steps;
    expect(steps.map((s) => [s.id, s.status, s.answer])).toEqual([
      ['clicked-link', 'answered', 'Yes, and I typed my password'],
      ['change-password', 'done', undefined],
      ['record-sender', 'answered', 'stranger@example.net'],
      ['report', 'later', undefined],
      ['noticed-date', 'answered', '2026-11-20'],
      ['watch', 'not-yet', undefined],
    ]);
    expect(steps.find((s) => s.id === 'watch')).not.toHaveProperty('at');
  });

  it('writes a charge status in the language of the report, not as the stored id ("found", "reported")', () => {
    const charges = tableCells(md.parse(reportMarkdown(input(fixture, 'ja')), {})).find((t) => t[0]?.[1] === '店名（明細の表記）')!;
    const statuses = charges.slice(1).map((row) => row[3]!);
    expect(statuses).toHaveLength(3);
    for (const s of statuses) {
      expect(['found', 'reported', 'refunded', 'refused']).not.toContain(s);
      expect(s).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  describe('redacted copy', () => {
    const redacted = () => reportMarkdown(input(fixture, 'en', true));
    const plain = () => reportMarkdown(input(fixture, 'en', false));

    it('says it is redacted and keeps the structure: same headings, same table shapes', () => {
      const r = md.parse(redacted(), {});
      const p = md.parse(plain(), {});
      expect(headings(r)).toEqual(headings(p));
      expect(tableShapes(r)).toEqual(tableShapes(p));
      expect(buildReport(input(fixture, 'en', true)).redacted).toBe(true);
      expect(textOf(redacted())).toContain('Personal details in this copy are masked for sharing.');
    });

    it('masks the e-mail local part: stranger@example.net → s***@example.net', () => {
      const model = buildReport(input(fixture, 'en', true));
      expect(model.services[0]!.steps.find((s) => s.id === 'record-sender')?.answer).toBe('s***@example.net');
      expect(textOf(redacted())).toContain('s***@example.net');
      expect(redacted()).not.toContain('stranger');
    });

    it('masks all but the last four digits of a phone number', () => {
      const model = buildReport(input(fixture, 'en', true));
      const note = model.services[0]!.steps.find((s) => s.id === 'record-sender')!.notes[0]!.text;
      expect(note).toBe('A text message with the same link came from ***-****-5678.');
      expect(textOf(redacted())).toContain('***-****-5678');
      expect(redacted().replace(/\D/g, '')).not.toContain('09012345678');
    });

    it("keeps the delivery address of an order: it is the attacker's (a forwarding warehouse), not the person's", () => {
      const model = buildReport(input(fixture, 'en', true));
      expect(model.orders[0]!.address).toBe('東京都新宿区西新宿2-8-1');
      expect(redacted()).toContain('東京都新宿区西新宿2-8-1');
    });

    it("keeps the attacker's e-mail address and a reference number of 8 or more digits, wherever they appear", () => {
      const inc = clone(fixture);
      inc.records.calls[0]!.reference = '2026-00012345';
      inc.notes[0]!.text = 'They gave 2026-00012345 and the mail came from evil123@163.com';
      const model = buildReport(input(Incident.parse(inc), 'en', true));
      expect(model.contacts[0]!.reference).toBe('2026-00012345');
      expect(model.services[0]!.steps.flatMap((s) => s.notes.map((n) => n.text))).toContain('They gave 2026-00012345 and the mail came from evil123@163.com');
      expect(model.traces.find((t) => t.what === 'change')!.value).toBe('evil123@163.com');
    });

    it.each(['2026-00012345', '123456789012', '第2026-0001234号'])('keeps a police reference number of 8 or more digits (%s) in the model and the Markdown', (reference) => {
      const inc = clone(fixture);
      inc.records.reports = [{ id: 'report-1', at: inc.createdAt, by: 'command', body: 'police', station: 'Shinagawa', reference }];
      const md = reportMarkdown(input(Incident.parse(inc), 'en', true));
      expect(buildReport(input(Incident.parse(inc), 'en', true)).reports[0]!.reference).toBe(reference);
      expect(md).toContain(reference);
      expect(md).not.toMatch(/\*{4}-?\*{4}/);
    });

    it('withholds the name of the person who answered the call, wherever it was typed', () => {
      const model = buildReport(input(fixture, 'en', true));
      expect(model.contacts[0]!.who).toBe('[name withheld]');
      // The same name typed into "what to do next" ("ask for Sato") must not give it away.
      expect(JSON.stringify(model)).not.toContain('Sato');
      expect(redacted()).not.toContain('Sato');
    });

    it('does not mangle dates that are not personal (the day the person noticed it)', () => {
      // A date is not a phone number: "2026-11-20" must not become "****-11-20".
      const model = buildReport(input(fixture, 'en', true));
      expect(model.services[0]!.steps.find((s) => s.id === 'noticed-date')?.answer).toBe('2026-11-20');
    });

    it('redactText masks cards, e-mails, phone numbers and Japanese addresses in free text', () => {
      expect(redactText(`card ${CARD}`)).toBe('card **** 1111');
      expect(redactText('mail taro.yamada@example.com')).toBe('mail t***@example.com');
      expect(redactText('call +81 90-1234-5678')).toBe('call +** **-****-5678');
      expect(redactText('届け先は東京都新宿区西新宿2-8-1です')).not.toMatch(/2-8-1/);
    });
  });
});

describe('purity', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives identical output when rendered twice, and does not change its input', () => {
    const before = clone(fixture);
    for (const lang of ['en', 'ja'] as const) {
      for (const redact of [false, true]) {
        expect(reportMarkdown(input(fixture, lang, redact))).toBe(reportMarkdown(input(fixture, lang, redact)));
        expect(buildReport(input(fixture, lang, redact))).toEqual(buildReport(input(fixture, lang, redact)));
        const model = buildReport(input(fixture, lang, redact));
        const snapshot = clone(model);
        renderReportMarkdown(model, translator(lang));
        expect(model).toEqual(snapshot);
      }
    }
    expect(fixture).toEqual(before);
  });

  it('does not depend on process.env.TZ', () => {
    const saved = process.env.TZ;
    const render = () => [reportMarkdown(input(fixture, 'en')), reportMarkdown(input(fixture, 'ja')), reportMarkdown(input(fixture, 'en', true)), JSON.stringify(buildReport(input(fixture, 'en')))];
    try {
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = render();
      expect(new Date('2026-11-21T00:00:00Z').getTimezoneOffset()).toBe(-540);
      process.env.TZ = 'America/Los_Angeles';
      expect(new Date('2026-11-21T00:00:00Z').getTimezoneOffset()).toBe(480); // the change took effect
      expect(render()).toEqual(tokyo);
      process.env.TZ = 'UTC';
      expect(render()).toEqual(tokyo);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('does not depend on the clock: "now" never shows', () => {
    const at2026 = reportMarkdown(input(fixture, 'en'));
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-07-04T12:34:00Z'));
    const later = reportMarkdown(input(fixture, 'en'));
    expect(later).toBe(at2026);
    expect(later).not.toContain('2031');
    expect(JSON.stringify(buildReport(input(fixture, 'ja', true)))).not.toContain('2031');
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile input

/** name, what is typed, what the Markdown shows, what the JSON model keeps (newlines stay there) */
const HOSTILE: [name: string, payload: string, visible: string, kept: string][] = [
  ['pipes', 'a | b || c |', 'a | b || c |', 'a | b || c |'],
  ['backticks', 'run `rm -rf /` and ```x```', 'run `rm -rf /` and ```x```', 'run `rm -rf /` and ```x```'],
  ['a heading', '# heading', '# heading', '# heading'],
  ['a script tag', '<script>alert(1)</script>', '<script>alert(1)</script>', '<script>alert(1)</script>'],
  ['a javascript: link', '[x](javascript:alert(1))', '[x](javascript:alert(1))', '[x](javascript:alert(1))'],
  ['an image', '![i](http://evil/x.png)', '![i](http://evil/x.png)', '![i](http://evil/x.png)'],
  ['a newline and a heading', 'a\n# b', 'a # b', 'a\n# b'],
  ['an ANSI colour', '\x1b[31mred\x1b[0m', 'red', 'red'],
  ['an OSC 8 hyperlink', '\x1b]8;;http://evil\x07click\x1b]8;;\x07', 'click', 'click'],
  ['a full card number', CARD, '**** 1111', '**** 1111'],
  [
    'all of them',
    `| \`x\` # h <script>alert(1)</script> [x](javascript:alert(1)) ![i](http://evil/x.png)\n# b \x1b[31mred\x1b[0m \x1b]8;;http://evil\x07click\x1b]8;;\x07 ${CARD}`,
    '| `x` # h <script>alert(1)</script> [x](javascript:alert(1)) ![i](http://evil/x.png) # b red click **** 1111',
    '| `x` # h <script>alert(1)</script> [x](javascript:alert(1)) ![i](http://evil/x.png)\n# b red click **** 1111',
  ],
];

/** The fixture with the payload typed into a note, the narrative, a charge's merchant, the call's "promised" and every other typed field. */
function hostile(payload: string): Incident {
  const inc = clone(fixture);
  const text = `before ${payload} after`;
  inc.notes[0]!.text = text;
  inc.facts.narrative = { value: text, at: '2026-11-21T02:10:00+09:00' };
  inc.records.charges[0]!.merchant = text;
  const call = inc.records.calls[0]!;
  call.promised = text;
  call.who = text;
  call.reference = text;
  call.nextAction = text;
  inc.followUps[0]!.text = text;
  inc.tracks[0]!.answers['record-sender']!.value = text;
  inc.records.orders[0]!.items = text;
  inc.records.traces.find((r) => r.what === 'change')!.value = text;
  const evidence = inc.records.evidence[0]!;
  evidence.description = text;
  evidence.file = text;
  return Incident.parse(inc);
}

describe.each(HOSTILE)('hostile text: %s', (_name, payload, visible, kept) => {
  const cases = [
    ['en', false],
    ['ja', false],
    ['en', true],
  ] as const;

  describe.each(Object.entries(parsers))('Markdown read with markdown-it (%s)', (_mode, parser) => {
    it.each(cases)('%s, redact=%s: same headings and table shapes as the benign report; no script, link, image or control code', (lang, redact) => {
      const benign = parser.parse(reportMarkdown(input(fixture, lang, redact)), {});
      const markdown = reportMarkdown(input(hostile(payload), lang, redact));
      const tokens = parser.parse(markdown, {});

      expect(headings(tokens)).toEqual(headings(benign));
      const shapes = tableShapes(tokens);
      expect(shapes).toEqual(tableShapes(benign));
      for (const rows of shapes) for (const n of rows) expect(n).toBe(rows[0]);

      // Nothing typed turns into a link, an image or raw HTML.
      const all = tokens.flatMap((tok) => [tok, ...(tok.children ?? [])]);
      expect(all.filter((tok) => tok.type === 'image' || tok.type === 'html_block' || tok.type === 'html_inline')).toEqual([]);
      for (const link of all.filter((tok) => tok.type === 'link_open')) expect(link.attrGet('href')).toMatch(/^https:\/\/www\.amazon\.co\.jp\//);

      const html = parser.render(markdown);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
      expect(html).not.toMatch(/[\x1b\x07]/);
      expect(markdown).not.toMatch(/[\x1b\x07]/);

      expect(leaksCard(markdown)).toBe(false);
      for (const tok of tokens.filter((x) => x.type === 'inline')) expect(tok.content.replace(/\D/g, '')).not.toContain(CARD_DIGITS);
      expect(visibleText(html).replace(/\D/g, '')).not.toContain(CARD_DIGITS);
    });
  });

  it('the typed text still shows, literally, in the rendered report', () => {
    const text = textOf(reportMarkdown(input(hostile(payload), 'en')));
    // the narrative paragraph, a note, the merchant, what was promised, ...
    expect(text.split(`before ${visible} after`).length - 1).toBeGreaterThanOrEqual(10);
  });

  it.each([false, true])('the JSON model (redact=%s) holds no control codes and no full card number', (redact) => {
    const model = buildReport(input(hostile(payload), 'en', redact));
    const json = JSON.stringify(model, null, 2);
    for (const s of strings(model)) {
      expect(s).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(s.replace(/\D/g, '')).not.toContain(CARD_DIGITS);
    }
    expect(json).not.toMatch(/\\u00(1b|07)/i);
    expect(json.replace(/\D/g, '')).not.toContain(CARD_DIGITS);
    if (!redact) {
      const typed = `before ${kept} after`;
      expect([model.incident.narrative, model.contacts[0]!.promised, model.charges[0]!.merchant, model.services[0]!.steps[1]!.notes[0]!.text, model.followUps[0]!.text]).toEqual(Array(5).fill(typed));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('answers that are facts of the case (fact: noticed-at, police-reference, narrative)', () => {
  it('shows the day noticed, the case number and the extra story', () => {
    const inc = withRecordTrack({ noticed: '2026-11-20', caseNumber: 'K-2026-0042', story: 'The police took a statement.' });
    const model = buildReport(input(inc, 'en'));
    expect(model.incident.noticedAt).toBe('2026-11-20');
    expect(model.incident.narrative).toBe('The police took a statement.');
    // the story written first is not lost: it is kept, and shown under the new one
    expect(model.incident.narrativeEarlier).toEqual([{ value: fixture.facts.narrative!.value, at: fixture.facts.narrative!.at }]);
    expect(model.references.map((r) => r.value)).toEqual(['R-12345', 'K-2026-0042']);
    const text = textOf(reportMarkdown(input(inc, 'en')));
    expect(text).toContain('First noticed 2026-11-20');
    expect(text).toContain('K-2026-0042');
  });

  describe.each(HOSTILE)('hostile %s typed into all three', (_name, payload, _visible, kept) => {
    const hostileRecords = () => {
      const text = `before ${payload} after`;
      return withRecordTrack({ noticed: text, caseNumber: text, story: text });
    };
    const benignRecords = () => withRecordTrack({ noticed: '2026-11-19', caseNumber: 'K-1', story: 'x' });

    it.each([false, true])('Markdown (redact=%s): same headings and tables, no HTML, link, image or control code', (redact) => {
      const markdown = reportMarkdown(input(hostileRecords(), 'en', redact));
      const benign = md.parse(reportMarkdown(input(benignRecords(), 'en', redact)), {});
      const tokens = md.parse(markdown, {});
      expect(headings(tokens)).toEqual(headings(benign));
      expect(tableShapes(tokens)).toEqual(tableShapes(benign));
      const html = md.render(markdown);
      expect(html).not.toMatch(/<script|<img|href\s*=\s*["']?\s*javascript:|[\x1b\x07]/i);
      expect(markdown).not.toMatch(/[\x1b\x07]/);
    });

    it.each([false, true])('the case number and the story (redact=%s) are cleaned like any typed text', (redact) => {
      const model = buildReport(input(hostileRecords(), 'en', redact));
      const typed = [model.references.at(-1)!.value, model.incident.narrative!];
      for (const s of typed) {
        expect(s).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
        expect(s.replace(/\D/g, '')).not.toContain(CARD_DIGITS);
      }
      if (!redact) expect(typed).toEqual([`before ${kept} after`, `before ${kept} after`]);
    });

    // The "first noticed" answer is the one typed field that skips clean(): buildReport keeps
    // `noticedAt = a.value` as typed, so control codes and a full card number reach the JSON
    // model, and the card number reaches the Markdown summary table.
    it('the day noticed is cleaned like any typed text (JSON model and Markdown)', () => {
      const model = buildReport(input(hostileRecords(), 'en'));
      expect(model.incident.noticedAt).toBe(`before ${kept} after`);
      const markdown = renderReportMarkdown(model, translator('en'));
      expect(leaksCard(markdown)).toBe(false);
      for (const s of strings(model)) expect(s).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(JSON.stringify(model).replace(/\D/g, '')).not.toContain(CARD_DIGITS);
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('the --json model', () => {
  it(`is ${REPORT_SCHEMA}, in the language asked, with totals per currency`, () => {
    const model: ReportModel = buildReport(input(fixture, 'ja'));
    expect(model.schema).toBe('takeover-report/3');
    expect(model.language).toBe('ja');
    expect(model.redacted).toBe(false);
    expect(model.totals).toEqual([
      { currency: 'JPY', amount: 16280, count: 2 },
      { currency: 'USD', amount: 59.99, count: 1 },
    ]);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('keeps every field a person typed as plain text (no Markdown escaping)', () => {
    const inc = clone(fixture);
    const punct = "Mr. O'Brien (desk #3) said: *all* orders | 50% off_now! <b>ok</b> & [done]";
    inc.records.calls[0]!.promised = punct;
    inc.notes[1]!.text = punct;
    const model = buildReport(input(Incident.parse(inc), 'en'));
    expect(model.contacts[0]!.promised).toBe(punct);
    expect(model.services[0]!.steps.find((s) => s.id === 'record-sender')!.notes[0]!.text).toBe(punct);

    const m = buildReport(input(fixture, 'en'));
    const typed = {
      narrative: m.incident.narrative,
      notes: m.services[0]!.steps.flatMap((s) => s.notes.map((n) => n.text)),
      sender: m.services[0]!.steps.find((s) => s.id === 'record-sender')!.answer,
      noticed: m.services[0]!.steps.find((s) => s.id === 'noticed-date')!.answer,
      who: m.contacts[0]!.who,
      reference: m.contacts[0]!.reference,
      promised: m.contacts[0]!.promised,
      nextAction: m.contacts[0]!.nextAction,
      charges: m.charges.map((c) => [c.date, c.merchant, c.amount, c.currency]),
      order: [m.orders[0]!.orderNumber, m.orders[0]!.items, m.orders[0]!.address],
      change: [m.traces[0]!.label, m.traces[0]!.value],
      evidence: [m.evidence[0]!.description, m.evidence[0]!.file],
      followUp: m.followUps[0]!.text,
    };
    const f = fixture;
    const charge = (i: number) => f.records.charges[i]!;
    expect(typed).toEqual({
      narrative: f.facts.narrative!.value,
      notes: f.notes.map((n) => n.text),
      sender: 'stranger@example.net',
      noticed: '2026-11-20',
      who: 'Sato',
      reference: 'R-12345',
      promised: f.records.calls[0]!.promised,
      nextAction: f.records.calls[0]!.nextAction,
      charges: [0, 1, 2].map((i) => [charge(i).date, charge(i).merchant, charge(i).amount, charge(i).currency]),
      order: [f.records.orders[0]!.number, f.records.orders[0]!.items, '東京都新宿区西新宿2-8-1'],
      change: ['E-mail address', 'evil123@163.com'],
      evidence: [f.records.evidence[0]!.description, f.records.evidence[0]!.file],
      followUp: f.followUps[0]!.text,
    });
    expect(m.references).toEqual([{ service: 'Example: I received a suspicious e-mail', label: 'Amazon suspicious-message reports', value: 'R-12345', at: '2026-11-21T09:40:00+09:00' }]);
    expect(m.contacts[0]).toMatchObject({ start: '2026-11-21T09:40:00+09:00', end: '2026-11-21T09:55:00+09:00', nextDate: '2026-11-23T10:00:00+09:00' });
    expect(m.deadlines).toEqual([
      { label: 'Report to the card issuer by', type: 'deadline', from: '2026-11-20T00:00:00+09:00', due: '2027-01-19T00:00:00+09:00', service: 'Example: I received a suspicious e-mail' },
    ]);
  });
});
