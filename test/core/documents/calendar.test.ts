// The calendar file (`takeover todo --ics`) as a phone reads it:
// - when its reminders fire, rule by rule (a table), and never from 21:00 to 08:00 for any moment;
// - a case built at 02:10 in Japanese (multi-byte text, so lines are folded inside Japanese):
//   a strict RFC 5545 check of the bytes written by `-o` (CRLF on every line, the last one too,
//   75 octets, never folded inside a UTF-8 character, no floating time), the checker itself shown
//   to catch each fault;
// - read back by ical.js in child processes whose zone is America/Los_Angeles and Asia/Tokyo: the
//   same instants in both (a calendar written in floating local time would differ, and does).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TZDate } from '@date-fns/tz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTodo } from '../../../src/commands/todo.ts';
import { newCase, type Action } from '../../../src/core/case/case.ts';
import { daytimeFrom, isQuiet, reminderTimes, type Reminded } from '../../../src/core/documents/calendar.ts';
import { CaseSession } from '../../../src/wizard/session.ts';
import { checkRfc5545 } from '../../helpers/rfc5545.ts';
import { ROOT, testContext, type TestContext } from '../../helpers/context.ts';

const TOKYO = 'Asia/Tokyo';
const LA = 'America/Los_Angeles';
const NIGHT = '2026-11-24T02:10:00+09:00';

/** Local "YYYY-MM-DD HH:mm" of an instant in a zone. */
function local(at: Date, zone: string): string {
  const d = new TZDate(at, zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
const minutesOf = (at: Date, zone: string) => {
  const d = new TZDate(at, zone);
  return d.getHours() * 60 + d.getMinutes();
};

describe('when reminders fire (the person’s zone; never from 21:00 to 08:00)', () => {
  // [what, the moment, the rest, now, zone, expected local times]
  type Row = [string, Reminded, string, string, string[]];
  const from = (at: string): Reminded => ({ kind: 'from', at: new Date(at) });
  const by = (at: string, more: { lastDay?: string; urgentFrom?: string } = {}): Reminded => ({
    kind: 'by',
    at: new Date(at),
    ...(more.lastDay ? { lastDay: more.lastDay } : {}),
    ...(more.urgentFrom ? { urgentFrom: new Date(more.urgentFrom) } : {}),
  });
  const rows: Row[] = [
    // something that becomes possible: at the moment in the daytime, else 09:00 the morning after
    ['a call when the desk opens at 09:30: at 09:30', from('2026-11-24T09:30:00+09:00'), NIGHT, TOKYO, ['2026-11-24 09:30']],
    ['a wait that ends at 02:11: 09:00 that morning', from('2026-11-25T02:11:00+09:00'), NIGHT, TOKYO, ['2026-11-25 09:00']],
    ['a wait that ends at 22:40: 09:00 the next day', from('2026-11-25T22:40:00+09:00'), NIGHT, TOKYO, ['2026-11-26 09:00']],
    ['one that ends at 21:00 sharp is at night', from('2026-11-25T21:00:00+09:00'), NIGHT, TOKYO, ['2026-11-26 09:00']],
    ['one that ends at 20:59 is not', from('2026-11-25T20:59:00+09:00'), NIGHT, TOKYO, ['2026-11-25 20:59']],
    ['one that ends at 08:00 sharp is in the day', from('2026-11-25T08:00:00+09:00'), NIGHT, TOKYO, ['2026-11-25 08:00']],
    ['one that ends at 07:59 waits for 09:00', from('2026-11-25T07:59:00+09:00'), NIGHT, TOKYO, ['2026-11-25 09:00']],
    ['a call planned at 02:30 at a 24-hour desk: 09:00', from('2026-11-24T02:30:00+09:00'), NIGHT, TOKYO, ['2026-11-24 09:00']],
    ['a wait that ended at 00:30, before the file was made at 02:10: 09:00 that morning', from('2026-11-24T00:30:00+09:00'), NIGHT, TOKYO, ['2026-11-24 09:00']],
    ['one whose daytime moment has passed: none', from('2026-11-23T15:00:00+09:00'), NIGHT, TOKYO, []],
    // something to do by a time: 09:00 on the first of its last days and on its last day
    [
      'tell the card company about a charge, last day 19 Jan (urgent from the 12th): 12 and 19 Jan at 09:00',
      by('2027-01-20T00:00:00+09:00', { lastDay: '2027-01-19', urgentFrom: '2027-01-12T00:00:00+09:00' }),
      NIGHT,
      TOKYO,
      ['2027-01-12 09:00', '2027-01-19 09:00'],
    ],
    [
      'papers due at 01:55 on 24 Dec: the 17th and the 23rd at 09:00 (not at 01:55)',
      by('2026-12-24T01:55:00+09:00', { urgentFrom: '2026-12-17T01:55:00+09:00' }),
      NIGHT,
      TOKYO,
      ['2026-12-17 09:00', '2026-12-23 09:00'],
    ],
    ['no urgent time given: three days before, and the last day', by('2026-12-10T17:00:00+09:00'), NIGHT, TOKYO, ['2026-12-07 09:00', '2026-12-10 09:00']],
    ['due at 09:30: its last reminder the day before (09:00 would leave 30 minutes)', by('2026-12-10T09:30:00+09:00'), NIGHT, TOKYO, ['2026-12-06 09:00', '2026-12-09 09:00']],
    ['due at 10:00: 09:00 that day leaves an hour', by('2026-12-10T10:00:00+09:00'), NIGHT, TOKYO, ['2026-12-07 09:00', '2026-12-10 09:00']],
    ['a pause in the app that lifts at 02:14 tomorrow: 09:00 today, once', by('2026-11-25T02:14:00+09:00', { urgentFrom: '2026-11-24T02:14:00+09:00' }), NIGHT, TOKYO, ['2026-11-24 09:00']],
    [
      'already in its last days: the next 09:00 stands for the first reminder',
      by('2026-11-27T00:00:00+09:00', { lastDay: '2026-11-26', urgentFrom: '2026-11-19T00:00:00+09:00' }),
      NIGHT,
      TOKYO,
      ['2026-11-24 09:00', '2026-11-26 09:00'],
    ],
    ['its last day, seen at 10:00: nothing left to fire', by('2026-11-25T00:00:00+09:00', { lastDay: '2026-11-24' }), '2026-11-24T10:00:00+09:00', TOKYO, []],
    // another zone, across the end of summer time (1 Nov 2026 in Los Angeles)
    ['Los Angeles, a wait that ends at 01:30 on the night summer time ends: 09:00 PST', from('2026-11-01T01:30:00-07:00'), '2026-10-31T12:00:00-07:00', LA, ['2026-11-01 09:00']],
    ['Los Angeles, a deadline: 09:00 local either side of the change', by('2026-11-03T12:00:00-08:00'), '2026-10-25T12:00:00-07:00', LA, ['2026-10-31 09:00', '2026-11-03 09:00']],
  ];
  it.each(rows)('%s', (_name, what, now, zone, expected) => {
    const times = reminderTimes(what, zone, new Date(now));
    expect(times.map((t) => local(t, zone))).toEqual(expected);
    for (const t of times) expect(isQuiet(minutesOf(t, zone)), local(t, zone)).toBe(false);
  });

  it('for any moment, in Tokyo and in Los Angeles, no reminder at night, none in the past, none twice; a wait’s is never before it', () => {
    // a small deterministic generator (no dependence on the machine's randomness)
    let seed = 0x2018_0108;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const base = Date.parse('2026-01-01T00:00:00Z');
    let reminders = 0;
    for (let i = 0; i < 4000; i++) {
      const zone = i % 2 ? TOKYO : LA;
      const now = new Date(base + next() * 330 * 86_400_000);
      const at = new Date(now.getTime() + (next() - 0.1) * 70 * 86_400_000);
      const what: Reminded = i % 3 ? { kind: 'from', at } : { kind: 'by', at, ...(next() < 0.5 ? { urgentFrom: new Date(at.getTime() - next() * 10 * 86_400_000) } : {}) };
      const times = reminderTimes(what, zone, now);
      reminders += times.length;
      for (const t of times) {
        expect(isQuiet(minutesOf(t, zone)), `${what.kind} ${local(at, zone)} → ${local(t, zone)} ${zone}`).toBe(false);
        expect(t.getTime()).toBeGreaterThan(now.getTime());
        if (what.kind === 'from') expect(t.getTime()).toBeGreaterThanOrEqual(at.getTime());
        else expect(t.getTime()).toBeLessThan(at.getTime());
      }
      expect(new Set(times.map((t) => t.getTime())).size).toBe(times.length);
      if (what.kind === 'from') expect(daytimeFrom(at, zone).getTime() - at.getTime()).toBeLessThan(13 * 3_600_000);
    }
    // most moments are still to come: the rules above were checked on thousands of reminders
    expect(reminders).toBeGreaterThan(2000);
  });
});

/**
 * The case at 02:10 JST, in Japanese: the card stopped, the desk's call planned for when it opens
 * (09:30), a charge of four days ago not yet told (its 60 days count to a last day), the shop's
 * 24-hour wait started at 02:11 (it ends at 02:11 the next night), a desk's "call back" at 22:30.
 */
function buildCase(c: TestContext): void {
  const pb = (id: string) => c.catalogue().playbooks.get(id)!.playbook;
  const s = new CaseSession(c, newCase({ id: '2026-11-24-0001', lang: 'ja', timeZone: TOKYO, now: c.now(), playbooks: [pb('case-card'), pb('case-shop')] }));
  const night: Action[] = [
    { type: 'switch', track: 0 },
    { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24T01:55:00+09:00' },
    { type: 'set-field', key: 'card.last4', value: '1234', track: 0 },
    { type: 'answer', track: 0, step: 'stop', answer: { status: 'done' } },
    {
      type: 'log-contact',
      track: 0,
      step: 'stop',
      entry: {
        desk: 'card-24h',
        channel: 'phone:0120-111-111',
        start: '2026-11-24T02:05:00+09:00',
        reference: 'STOP-77',
        nextAction: '再発行のカードが届かなければ、紛失・盗難窓口にもう一度電話して受付番号 STOP-77 を伝える',
        nextDate: '2026-11-30T22:30:00+09:00',
      },
    },
    { type: 'plan-call', track: 0, step: 'report', contact: 'card-desk', due: new Date('2026-11-24T09:30:00+09:00'), text: 'カードのお問い合わせ窓口に電話' },
    { type: 'answer', track: 0, step: 'report', answer: { status: 'later' } },
    { type: 'record', track: 0, list: 'charges', fields: { date: '2026-11-20', merchant: 'アマゾン・マーケットプレイス（ギフト券）', amount: '12,800', currency: 'JPY', status: 'found' } },
    { type: 'switch', track: 1 },
    { type: 'answer', track: 1, step: 'noticed', answer: { status: 'answered', value: '2026-11-24T01:55:00+09:00' } },
    { type: 'answer', track: 1, step: 'check-card', answer: { status: 'done' } },
    { type: 'answer', track: 1, step: 'attacker', answer: { status: 'skipped' } },
    { type: 'answer', track: 1, step: 'call-desk', answer: { status: 'done' } },
  ];
  s.commit(night);
  c.setNow('2026-11-24T02:11:00+09:00');
  s.commit([{ type: 'answer', track: 1, step: 'wait-result', answer: { status: 'done' } }]);
}

interface ReadBack {
  zone: string;
  offset: number;
  events: { uid: string; summary: string; start: string; allDay: boolean; end: string; alarms: string[] }[];
}

/** ical.js in a child process whose zone is `tz`: each event's start and its alarms' triggers as UTC instants (a day for all-day events). */
function readBack(file: string, tz: string): ReadBack {
  const script = `
    import ICAL from 'ical.js';
    import { readFileSync } from 'node:fs';
    const comp = new ICAL.Component(ICAL.parse(readFileSync(process.argv[1], 'utf8')));
    const t = (v) => (v.isDate ? v.toString() : v.toJSDate().toISOString());
    const events = comp.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return { uid: e.uid, summary: e.summary, start: t(e.startDate), allDay: e.startDate.isDate, end: t(e.endDate),
        alarms: v.getAllSubcomponents('valarm').map((a) => t(a.getFirstPropertyValue('trigger'))) };
    });
    console.log(JSON.stringify({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone, offset: new Date(2026, 10, 24).getTimezoneOffset(), events }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TZ: tz }, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`ical.js in ${tz} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ReadBack;
}

describe('the calendar file of a case at 02:10, in Japanese', { timeout: 60_000 }, () => {
  let ctx: TestContext;
  let file: string;
  let bytes: Buffer;
  beforeAll(() => {
    ctx = testContext({ now: NIGHT, lang: 'ja' });
    buildCase(ctx);
    ctx.setNow('2026-11-24T02:12:00+09:00');
    const outside = path.join(ctx.home, '..', `${path.basename(ctx.home)}-ics`);
    mkdirSync(outside);
    file = path.join(outside, 'takeover.ics');
    runTodo({ ics: true, output: file }, ctx);
    bytes = readFileSync(file);
  });
  afterAll(() => ctx.cleanup());

  it('passes a strict RFC 5545 check: CRLF on every line and the last, at most 75 octets, never folded inside a character, no floating time', () => {
    const { problems, physical, lines } = checkRfc5545(bytes);
    expect(problems).toEqual([]);
    expect(bytes.subarray(-15).toString()).toBe('END:VCALENDAR\r\n');
    // The Japanese text was folded: a line cut between two multi-byte characters, each whole.
    const foldsInJapanese = physical.filter((b, i) => i > 0 && b[0] === 0x20 && b[1]! >= 0xc0 && physical[i - 1]!.at(-1)! >= 0x80);
    expect(foldsInJapanese.length).toBeGreaterThan(0);
    expect(Math.max(...physical.map((b) => b.length))).toBeGreaterThan(70);
    // Every time is an instant in UTC or a whole day.
    for (const l of lines.filter((x) => ['DTSTART', 'DTEND', 'DTSTAMP', 'TRIGGER'].includes(x.name))) expect(l.value, `${l.name} line ${l.line}`).toMatch(/^\d{8}(T\d{6}Z)?$|^[-+]?P/);
    expect(lines.some((l) => l.name === 'SUMMARY' && /カード/.test(l.value))).toBe(true);
  });

  it('the checker itself catches each fault it looks for', () => {
    const good = bytes.toString('utf8');
    const cases: [string, string | Buffer, RegExp][] = [
      ['no CRLF after the last line', good.replace(/\r\n$/, ''), /last line does not end with CRLF/],
      ['a bare LF', good.replace('\r\nVERSION', '\nVERSION'), /CR or LF that is not part of a CRLF/],
      ['a line of 76 octets', good.replace('PRODID:', `X-LONG:${'a'.repeat(69)}\r\nPRODID:`), /76 octets/],
      ['a floating start', good.replace(/DTSTART:(\d{8}T\d{6})Z/, 'DTSTART:$1'), /floating/],
      ['an unescaped comma', good.replace(/SUMMARY:([^\r]*)/, 'SUMMARY:$1, x'), /unescaped ","/],
      ['an alarm without its trigger', good.replace(/TRIGGER[^\r]*\r\n/, ''), /VALARM has 0 TRIGGER/],
    ];
    for (const [name, text, problem] of cases) expect(checkRfc5545(text).problems.join('\n'), name).toMatch(problem);
    // A fold between the bytes of one character: cut "カ" (E3 82 AB) after its first byte.
    const at = bytes.indexOf(Buffer.from('カ'));
    const cut = Buffer.concat([bytes.subarray(0, at + 1), Buffer.from('\r\n '), bytes.subarray(at + 1)]);
    expect(checkRfc5545(cut).problems.join('\n')).toMatch(/inside a UTF-8 character|not valid UTF-8/);
  });

  it('holds every dated item, once, with the call at 09:30 JST and reminders only in the daytime', () => {
    const back = readBack(file, TOKYO);
    const byUid = new Map(back.events.map((e) => [e.uid.replace('2026-11-24-0001-', '').replace('@takeover', ''), e]));
    expect([...byUid.keys()].sort()).toEqual(['call-card-desk', 'case-card-papers-deadline', 'case-card-report-window-1', 'case-shop-result', 'next-1'].sort());
    const at = (uid: string) => byUid.get(uid)!;
    const jst = (iso: string) => local(new Date(iso), TOKYO);
    // the call: at the desk's opening, reminded then
    expect(jst(at('call-card-desk').start)).toBe('2026-11-24 09:30');
    expect(at('call-card-desk').alarms.map(jst)).toEqual(['2026-11-24 09:30']);
    // the shop's wait ends at 02:11 the next night: the event says so, the reminder waits for 09:00
    expect(jst(at('case-shop-result').start)).toBe('2026-11-25 02:11');
    expect(at('case-shop-result').alarms.map(jst)).toEqual(['2026-11-25 09:00']);
    // the desk's "call back" at 22:30: 09:00 the next morning
    expect(at('next-1').alarms.map(jst)).toEqual(['2026-12-01 09:00']);
    // a period's end: the charge of 20 Nov, 60 days → its last day is 19 Jan, a whole day
    expect(at('case-card-report-window-1')).toMatchObject({ allDay: true, start: '2027-01-19', end: '2027-01-20' });
    expect(at('case-card-report-window-1').alarms.map(jst)).toEqual(['2027-01-12 09:00', '2027-01-19 09:00']);
    expect(at('case-card-report-window-1').summary).toContain('アマゾン・マーケットプレイス（ギフト券）');
    // the papers: 30 days from 01:55 → 24 Dec 01:55; reminded the week before and the day before, at 09:00
    expect(jst(at('case-card-papers-deadline').start)).toBe('2026-12-24 01:55');
    expect(at('case-card-papers-deadline').alarms.map(jst)).toEqual(['2026-12-17 09:00', '2026-12-23 09:00']);
    for (const e of back.events) for (const a of e.alarms) expect(isQuiet(minutesOf(new Date(a), TOKYO)), `${e.uid} ${jst(a)}`).toBe(false);
  });

  it('read back in Los Angeles and in Tokyo: the same instants (nothing floats)', () => {
    const la = readBack(file, LA);
    const tokyo = readBack(file, TOKYO);
    expect([la.zone, la.offset, tokyo.zone, tokyo.offset]).toEqual([LA, 480, TOKYO, -540]);
    expect(la.events).toEqual(tokyo.events);
    expect(la.events.find((e) => e.uid.includes('call-card-desk'))!.start).toBe('2026-11-24T00:30:00.000Z');
  });

  it('the same file in floating local time would move by 17 hours between the two zones (what the read-back catches)', () => {
    const floating = path.join(path.dirname(file), 'floating.ics');
    const text = bytes.toString('utf8').replace(/(DTSTART|DTEND|TRIGGER;VALUE=DATE-TIME):(\d{8}T\d{6})Z/g, '$1:$2');
    writeFileSync(floating, text);
    const la = readBack(floating, LA).events.find((e) => e.uid.includes('call-card-desk'))!;
    const tokyo = readBack(floating, TOKYO).events.find((e) => e.uid.includes('call-card-desk'))!;
    expect(Date.parse(la.start) - Date.parse(tokyo.start)).toBe(17 * 3_600_000);
    expect(checkRfc5545(text).problems.join('\n')).toMatch(/floating/);
  });
});
