// What leaves the tool, through the commands, over a case built as a person builds it (the case
// reducer, a fixed clock, real files): the calendar file read back by a real iCalendar parser
// (ical.js), evidence files with their SHA-256, the sheets, the redacted report, the script for a
// desk and the messages to send, and `-o` that never harms a file.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEvidenceAdd, runEvidenceList } from '../../src/commands/evidence.ts';
import { runMessage } from '../../src/commands/message.ts';
import { runReport } from '../../src/commands/report.ts';
import { runScript } from '../../src/commands/script.ts';
import { runTodo } from '../../src/commands/todo.ts';
import { newCase, type Action } from '../../src/core/case/case.ts';
import { TakeoverError } from '../../src/errors.ts';
import { CaseSession } from '../../src/wizard/session.ts';
import { printed, testContext, type TestContext } from '../helpers/context.ts';
import { checkRfc5545 } from '../helpers/rfc5545.ts';

let ctx: TestContext;
let outside: string;

/** 02:10 JST: the card stopped, the desk's call planned for 09:30, an order and charges recorded. */
function buildCase(c: TestContext): void {
  const pb = (id: string) => c.catalogue().playbooks.get(id)!.playbook;
  const s = new CaseSession(c, newCase({ id: '2026-11-24-0001', lang: c.lang, timeZone: 'Asia/Tokyo', now: c.now(), playbooks: [pb('case-card'), pb('case-shop')] }));
  const actions: Action[] = [
    { type: 'switch', track: 0 },
    { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24T01:55:00+09:00' },
    { type: 'set-field', key: 'card.last4', value: '1234', track: 0 },
    { type: 'set-field', key: 'account.name', value: '山田 太郎' },
    { type: 'set-field', key: 'trace.email', value: 'xyz123@163.com' },
    { type: 'answer', track: 0, step: 'stop', answer: { status: 'done' } },
    { type: 'log-contact', track: 0, step: 'stop', entry: { desk: 'card-24h', channel: 'phone:0120-111-111', start: '2026-11-24T02:12:00+09:00', reference: 'STOP-77', who: '佐藤' } },
    { type: 'plan-call', track: 0, step: 'report', contact: 'card-desk', due: new Date('2026-11-24T09:30:00+09:00'), text: 'Call the card contact centre' },
    { type: 'answer', track: 0, step: 'report', answer: { status: 'later' } },
    {
      type: 'record',
      track: 1,
      list: 'orders',
      fields: { number: '249-1234567-7654321', items: 'earphones', amount: '12,800', address: '大阪府大阪市西区1-2-3 転送センター', date: '2026-11-24T01:40:00+09:00' },
    },
    { type: 'record', track: 0, list: 'charges', fields: { date: '2026-11-24', merchant: 'AMAZON.CO.JP', amount: '12,800', currency: 'JPY', status: 'reported' } },
  ];
  s.commit(actions);
}

beforeEach(() => {
  ctx = testContext({ now: '2026-11-24T02:10:00+09:00' });
  buildCase(ctx);
  ctx.stdout.length = 0;
  outside = path.join(ctx.home, '..', `${path.basename(ctx.home)}-out`);
  mkdirSync(outside);
});
afterEach(() => ctx.cleanup());

describe('todo --ics, read back by ical.js', () => {
  it('has the 09:30 call at 09:30 JST, with its number, the safety line and a reminder at that moment', () => {
    runTodo({ ics: true }, ctx);
    const comp = new ICAL.Component(ICAL.parse(ctx.stdout.join('\n')));
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const call = events.find((e) => e.summary.includes('Card contact centre'))!;
    expect(call, events.map((e) => e.summary).join(' | ')).toBeDefined();
    expect(call.startDate.toJSDate().toISOString()).toBe('2026-11-24T00:30:00.000Z'); // 09:30 JST
    expect(call.description).toContain('0570-000-000');
    expect(call.description).toContain('back of your card');
    const alarm = call.component.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    // an absolute trigger, in UTC: the moment the desk opens, whatever the phone's zone
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Time).toJSDate().toISOString()).toBe('2026-11-24T00:30:00.000Z');
    // the papers deadline counts from the day noticed (given at 02:10), though its step is not reached yet
    const deadline = events.find((e) => e.summary.includes('Papers due'))!;
    expect(deadline, events.map((e) => e.summary).join(' | ')).toBeDefined();
    expect(deadline.startDate.toJSDate().toISOString()).toBe('2026-12-23T16:55:00.000Z'); // 12/24 01:55 JST
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('-o writes the file (0600) and says how many dates it holds', () => {
    const file = path.join(outside, 'takeover.ics');
    runTodo({ ics: true, output: file }, ctx);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ctx.stderr.join('\n')).toMatch(/Calendar file with \d+ dates? written to/);
    expect(() => new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')))).not.toThrow();
    // the file as written: a strict RFC 5545 check of its bytes (CRLF after every line, the last too)
    expect(checkRfc5545(readFileSync(file)).problems).toEqual([]);
  });
});

describe('evidence files', () => {
  it('a copy with its SHA-256, private, the original untouched; listed and in the report and the police sheet', () => {
    const original = path.join(outside, 'amazon-mail.png');
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    writeFileSync(original, bytes);
    chmodSync(original, 0o644);
    const sha = createHash('sha256').update(bytes).digest('hex');
    runEvidenceAdd({ file: original, note: 'the change notice' }, ctx);
    expect(printed(ctx)).toContain(`SHA-256: ${sha}`);
    expect(readFileSync(original).equals(bytes)).toBe(true);
    expect(statSync(original).mode & 0o777).toBe(0o644);
    const dir = ctx.store().evidenceDir('2026-11-24-0001');
    const copy = path.join(dir, 'evidence-1-amazon-mail.png');
    expect(readFileSync(copy).equals(bytes)).toBe(true);
    expect(statSync(copy).mode & 0o777).toBe(0o600);

    ctx.stdout.length = 0;
    runEvidenceList({}, ctx);
    expect(ctx.stdout.join('\n')).toContain(sha);
    ctx.stdout.length = 0;
    runReport({ md: true }, ctx);
    expect(ctx.stdout.join('\n')).toContain(sha);
    ctx.stdout.length = 0;
    runReport({ for: 'police' }, ctx);
    expect(ctx.stdout.join('\n')).toContain(`| the change notice | amazon-mail.png | ${sha} |`);
  });

  it.each([
    ['a symbolic link', (f: string) => symlinkSync('/etc/hostname', f), /symbolic link/],
    ['a folder', (f: string) => mkdirSync(f), /not a regular file/],
    ['a named pipe', (f: string) => void spawnSync('mkfifo', [f]), /not a regular file/],
    ['a file that is not there', () => undefined, /(not found|does not exist|cannot find)/i],
  ])('%s is refused (exit 2), and nothing is added', (_what, make, message) => {
    const f = path.join(outside, 'thing.png');
    make(f);
    let error: unknown;
    try {
      runEvidenceAdd({ file: f }, ctx);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TakeoverError);
    expect((error as TakeoverError).exitCode).toBe(2);
    expect((error as TakeoverError).message).toMatch(message);
    expect(ctx.store().load('2026-11-24-0001')!.records.evidence).toEqual([]);
  });
});

describe('sheets and the redacted report', () => {
  it('--for police has the attacker, the order with its delivery address, and the reference numbers', () => {
    runReport({ for: 'police' }, ctx);
    const text = ctx.stdout.join('\n');
    expect(text).toContain('xyz123@163.com');
    expect(text).toContain('| 2026-11-24 01:40 | 249-1234567-7654321 | earphones | 12,800 JPY | 大阪府大阪市西区1-2-3 転送センター |');
    expect(text).toContain('STOP-77');
  });

  it("--redact keeps the reference and order numbers and the attacker's traces (e-mail, the forwarder's address), masks the person (name, the desk worker)", () => {
    runReport({ md: true, redact: true }, ctx);
    const text = ctx.stdout.join('\n');
    for (const kept of ['STOP-77', '249-1234567-7654321', 'xyz123@163.com', '大阪府大阪市西区1-2-3 転送センター']) expect(text).toContain(kept);
    for (const masked of ['山田', '佐藤']) expect(text).not.toContain(masked);
    expect(text).toContain('[name withheld]'.replace(/[[\]]/g, (c) => `\\${c}`));
  });

  it('a Japanese redacted copy says "withheld" in Japanese', () => {
    const jctx = testContext({ now: '2026-11-24T02:10:00+09:00', lang: 'ja' });
    try {
      buildCase(jctx);
      jctx.stdout.length = 0;
      runReport({ md: true, redact: true }, jctx);
      const text = jctx.stdout.join('\n');
      expect(text).not.toContain('withheld');
      expect(text).toMatch(/伏せ|非表示|省略/);
    } finally {
      jctx.cleanup();
    }
  });

  it('--html is one page with no script and a strict content policy', () => {
    runReport({ for: 'card', html: true }, ctx);
    const html = ctx.stdout.join('\n');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img/i);
    expect(html).toContain("default-src 'none'");
  });
});

describe('what to say and what to send', () => {
  it('script for the shop desk fills in what it asks from the case', () => {
    runScript({ contact: 'shop-desk' }, ctx);
    const text = ctx.stdout.join('\n');
    expect(text).toContain('山田 太郎');
    expect(text).toContain("My account's e-mail address was changed to xyz123@163.com.");
  });

  it.each(['contacts', 'amazon', 'card'])('message %s is filled from the case, on stdout alone', (kind) => {
    runMessage({ kind }, ctx);
    const text = ctx.stdout.join('\n');
    expect(text.length).toBeGreaterThan(40);
    expect(text).not.toMatch(/\{[a-z-]+\}/); // no placeholder left
    if (kind === 'card') expect(text).toContain('1234');
    if (kind === 'amazon') expect(text).toContain('xyz123@163.com');
    if (kind === 'card') expect(text).toContain('AMAZON.CO.JP');
  });
});

describe('-o never harms a file', () => {
  const attempt = (output: string, force = false) => {
    try {
      runReport({ md: true, output, force }, ctx);
      return undefined;
    } catch (e) {
      return e as TakeoverError;
    }
  };

  it('refuses the data folder itself (the case file would be overwritten)', () => {
    const e = attempt(path.join(ctx.home, 'incidents', '2026-11-24-0001.json'));
    expect(e?.exitCode).toBe(2);
    expect(ctx.store().load('2026-11-24-0001')).toBeDefined();
  });

  it('refuses an existing file unless --force, then replaces it', () => {
    const f = path.join(outside, 'report.md');
    writeFileSync(f, 'mine');
    expect(attempt(f)?.message).toContain('already exists');
    expect(readFileSync(f, 'utf8')).toBe('mine');
    expect(attempt(f, true)).toBeUndefined();
    expect(readFileSync(f, 'utf8')).toContain('# Incident report');
  });

  it('does not write through a symbolic link, into a folder, or into a folder that does not exist', () => {
    const target = path.join(outside, 'target.txt');
    writeFileSync(target, 'keep');
    const link = path.join(outside, 'link.md');
    symlinkSync(target, link);
    expect(attempt(link, true)?.message).toContain('symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(attempt(outside)?.message).toContain('is a folder');
    expect(attempt(path.join(outside, 'nope', 'r.md'))?.message).toContain('does not exist');
    expect(existsSync(path.join(outside, 'nope'))).toBe(false);
  });
});
