// `takeover record` and what reads the records, over the shipped playbooks (real YAML), a real
// store and a fixed clock: a charge 58 days old and not reported is the first thing todo and
// resume show, and it is in the calendar; the police number recorded after closing is on the
// sheets; two cards of two companies never share digits or charges; the script for a company
// says what was already done with it; the message to Amazon carries what the case holds.
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runDone } from '../../src/commands/done.ts';
import { runMessage } from '../../src/commands/message.ts';
import { runRecord, runRecordList, type RecordOptions } from '../../src/commands/record.ts';
import { runList } from '../../src/commands/list.ts';
import { displayWidth } from '../../src/core/text/wrap.ts';
import { runReport } from '../../src/commands/report.ts';
import { runResume } from '../../src/commands/resume.ts';
import { runScript } from '../../src/commands/script.ts';
import { runTodo } from '../../src/commands/todo.ts';
import { EXIT, TakeoverError } from '../../src/errors.ts';
import { CaseSession } from '../../src/wizard/session.ts';
import { newCase } from '../../src/core/case/case.ts';
import { readField } from '../../src/core/case/records.ts';
import { knownOption } from '../../src/wizard/steps/question.ts';
import { InterruptedError } from '../../src/wizard/wizard.ts';
import { testContext, type TestContext } from '../helpers/context.ts';
import { readFileSync } from 'node:fs';

const NOW = '2026-12-02T02:10:00+09:00';
/** 58 days before 2026-12-02: the window of a charge of that day ends on Fri 4 Dec. */
const CHARGED = '2026-10-05';
const contexts: TestContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

function fresh(lang: 'en' | 'ja' = 'en'): TestContext {
  const ctx = testContext({ now: NOW, lang });
  contexts.push(ctx);
  return ctx;
}
const record = (ctx: TestContext, kind: RecordOptions['kind'], opts: Partial<RecordOptions> = {}) => runRecord({ kind, ...opts }, ctx);
const out = (ctx: TestContext, run: () => unknown) => {
  ctx.stdout.length = 0;
  ctx.stderr.length = 0;
  run();
  return ctx.stdout.join('\n');
};
const usageError = (run: () => unknown): TakeoverError => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(TakeoverError);
    expect((e as TakeoverError).exitCode).toBe(EXIT.usage);
    return e as TakeoverError;
  }
  throw new Error('no error');
};

describe('a charge 58 days old, not reported', () => {
  const rakuten = () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'charge', { card: '4821', date: CHARGED, amount: '12800', merchant: 'AMAZON.CO.JP' });
    return ctx;
  };

  it('record starts a case about the card when none is open, with the card company in the plan', () => {
    const ctx = rakuten();
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    expect(inc.tracks.map((t) => t.playbook)).toEqual(['rakuten-card']);
    // the card of the plan's card service, given its digits by the command (a change in its history)
    expect(inc.records.cards).toEqual([expect.objectContaining({ id: 'card-1', issuer: 'rakuten-card', last4: '4821', by: 'plan' })]);
    expect(inc.records.charges).toEqual([expect.objectContaining({ card: 'card-1', date: CHARGED, amount: '12800', currency: 'JPY', status: 'found', by: 'command' })]);
  });

  it('is the first line of todo, with "2 days" and the last day of its window, and the desk to call', () => {
    const ctx = rakuten();
    const todo = out(ctx, () => runTodo({}, ctx));
    const lines = todo.split('\n');
    const first = lines.findIndex((l) => /^ {2}1\. /.test(l));
    expect(lines[first - 1]).toBe('Do this first');
    // the item, as printed (wrapped under its title at 100 columns)
    const item = lines.slice(first, lines.findIndex((l) => l.includes('☎')) + 1).map((l) => l.trim());
    expect(item).toEqual([
      '1. ⚑ Rakuten Card (楽天カード) ending 4821: Tell Rakuten Card about this charge: 2026-10-05',
      'AMAZON.CO.JP 12,800 JPY',
      '2 days left — by Fri 4 Dec  [rakuten-card-report-window-1]',
      '☎ Rakuten Card lost or stolen card line (24 hours) — open 24 hours',
    ]);
  });

  it('is the first thing resume offers', async () => {
    const ctx = rakuten();
    const prompter = ctx.prompterOf([{ ask: /./, answer: { ctrlC: true } }]);
    const error = await runResume({}, ctx, prompter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(prompter.asked[0]!.message).toBe('What now?');
    expect(prompter.asked[0]!.choices![0]).toBe('⚑ Rakuten Card (楽天カード) ending 4821: Tell Rakuten Card about this charge: 2026-10-05 AMAZON.CO.JP 12,800 JPY — 2 days left — by Fri 4 Dec');
  });

  it('is in the calendar file, on its last day', () => {
    const ctx = rakuten();
    const ics = out(ctx, () => runTodo({ ics: true }, ctx));
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const due = events.find((e) => e.summary.includes('Tell Rakuten Card about this charge'))!;
    expect(due, events.map((e) => e.summary).join(' | ')).toBeDefined();
    // an all-day event on its last day, Fri 4 Dec (not a timed one at the midnight after, shown on Saturday)
    expect(due.startDate.isDate).toBe(true);
    expect(due.startDate.toString()).toBe('2026-12-04');
  });

  it('told to the card company, it is off the list, and the sheet says so', () => {
    const ctx = rakuten();
    record(ctx, 'card', { last4: '4821', reported: '2026-12-02 02:05' });
    expect(out(ctx, () => runTodo({}, ctx))).not.toContain('report-window');
    const sheet = out(ctx, () => runReport({ for: 'card' }, ctx));
    expect(sheet).toContain('| Your card company | Rakuten Card (楽天カード) |');
    expect(sheet).toContain('| AMAZON.CO.JP | 12,800 JPY | reported to the company |');
  });
});

describe('a call to the card company is the charges told', () => {
  it.each(['rakuten-card-contact-center', 'rakuten-card-lost-stolen'])('a call logged to %s marks the card reported and its charges with it', (desk) => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'charge', { card: '4821', date: CHARGED, amount: '12800', merchant: 'AMAZON.CO.JP' });
    record(ctx, 'call', { target: desk, ref: 'RC-1' });
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    expect(inc.records.cards[0]!.reportedAt).toBeDefined();
    expect(inc.records.charges[0]!.status).toBe('reported');
    expect(out(ctx, () => runTodo({}, ctx))).not.toContain('Tell Rakuten Card about this charge');
  });
});

describe('the police number after closing', () => {
  it('the README example and `record police` both work on a closed case, and the police sheet shows the number', () => {
    const ctx = fresh('ja');
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const id = ctx.store().list().summaries[0]!.id;
    const session = ctx.store().load(id)!;
    expect(session.state).toBe('open');
    // closed, with the police step never reached
    runRecord({ kind: 'police', station: '品川警察署' }, ctx);
    ctx.setNow('2026-12-09T10:00:00+09:00');
    runDone({ item: 'record-police-reference', value: ['品川警察署', '第1234号'] }, ctx);
    let sheet = out(ctx, () => runReport({ for: 'police' }, ctx));
    expect(sheet).toContain('| 品川警察署 | 第1234号 |');
    runRecord({ kind: 'police', station: '品川警察署', ref: '第5678号' }, ctx);
    sheet = out(ctx, () => runReport({ for: 'police' }, ctx));
    expect(sheet).toContain('| 品川警察署 | 第5678号 |');
    // one police report, corrected: what it said before is kept
    expect(ctx.store().load(id)!.records.reports).toEqual([expect.objectContaining({ reference: '第5678号', history: [expect.objectContaining({ field: 'reference', was: '第1234号' })] })]);
  });
});

describe('two cards of two companies', () => {
  const twoCards = () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: '楽天カード', last4: '4821' });
    record(ctx, 'charge', { card: '4821', date: '2026-11-30', amount: '12800', merchant: 'AMAZON.CO.JP' });
    record(ctx, 'card', { issuer: 'JCB', last4: '1234' });
    record(ctx, 'charge', { card: '1234', date: '2026-12-01', amount: '5000', merchant: 'STEAM' });
    return ctx;
  };

  it('message card is written per card: its own digits and charges, no other card or service named', () => {
    const ctx = twoCards();
    const jcb = out(ctx, () => runMessage({ kind: 'card', card: '1234' }, ctx));
    expect(jcb).toContain('1234');
    expect(jcb).toContain('STEAM');
    for (const other of ['4821', 'AMAZON', 'Rakuten', 'Amazon']) expect(jcb).not.toContain(other);
    const rakuten = out(ctx, () => runMessage({ kind: 'card', card: '4821' }, ctx));
    expect(rakuten).toContain('4821');
    for (const other of ['1234', 'STEAM', 'JCB']) expect(rakuten).not.toContain(other);
  });

  it('without --card, message card says which cards there are (exit 2) rather than mixing them', () => {
    const ctx = twoCards();
    const e = usageError(() => runMessage({ kind: 'card' }, ctx));
    expect(e.details).toEqual(['  --card 4821  Rakuten Card (楽天カード) ending 4821', '  --card 1234  JCB ending 1234']);
  });

  it('the script for each company has that card ready, and its charges', () => {
    const ctx = twoCards();
    const rakuten = out(ctx, () => runScript({ contact: 'rakuten-card-lost-stolen' }, ctx));
    expect(rakuten).toContain('The last 4 digits of the card: 4821');
    expect(rakuten).toContain('"I am calling about my Rakuten Card ending in 4821."');
    expect(rakuten).not.toContain('1234');
    const card = out(ctx, () => runScript({ contact: 'card-company' }, ctx));
    expect(card).toContain('1234');
    expect(card).not.toContain('4821');
  });

  it("a shared desk speaks for no company: the police script carries no card company's calls; --card picks the card for the card desk", () => {
    const ctx = twoCards();
    record(ctx, 'call', { target: 'rakuten-card-lost-stolen', ref: 'RC-42' });
    const police = out(ctx, () => runScript({ contact: 'police-9110' }, ctx));
    expect(police).not.toContain('RC-42');
    expect(police).not.toContain('Rakuten Card (楽天カード)');
    const rakutenByCard = out(ctx, () => runScript({ contact: 'card-company', card: '4821' }, ctx));
    expect(rakutenByCard).toContain('4821');
    expect(rakutenByCard).not.toContain('1234');
  });

  it('each card sheet is about its own card', () => {
    const ctx = twoCards();
    const jcb = out(ctx, () => runReport({ for: 'card', card: '1234' }, ctx));
    expect(jcb).toContain('| Your card company | JCB |');
    expect(jcb).toContain('STEAM');
    expect(jcb).not.toContain('AMAZON');
  });

  it('a call to a card desk with no card named: says which cards there are (exit 2), adds no card and stops none', () => {
    const ctx = twoCards();
    const id = ctx.store().list().summaries[0]!.id;
    const e = usageError(() => record(ctx, 'call', { target: 'card-company', ref: 'J-77' }));
    expect(e.details).toEqual(['  --card 4821  Rakuten Card (楽天カード) ending 4821', '  --card 1234  JCB ending 1234']);
    const inc = ctx.store().load(id)!;
    expect(inc.records.cards).toHaveLength(2);
    expect(inc.records.calls).toEqual([]);
    expect(inc.records.cards.map((c) => c.stoppedAt)).toEqual([undefined, undefined]);
  });

  it('with --card, the call stops that card only, and only its sheet lists the call', () => {
    const ctx = twoCards();
    record(ctx, 'call', { target: 'card-company', ref: 'J-77', card: '1234' });
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    expect(inc.records.calls[0]).toMatchObject({ desk: 'card-company', about: 'card-2', reference: 'J-77' });
    expect(inc.records.cards.map((c) => [c.last4, !!c.stoppedAt])).toEqual([
      ['4821', false],
      ['1234', true],
    ]);
    expect(out(ctx, () => runReport({ for: 'card', card: '1234' }, ctx))).toContain('J-77');
    expect(out(ctx, () => runReport({ for: 'card', card: '4821' }, ctx))).not.toContain('J-77');
  });

  it('done record-<card field> with two cards and none named says which (exit 2); with --card it is recorded on that card', () => {
    const ctx = twoCards();
    const e = usageError(() => runDone({ item: 'record-card-reported-at', value: ['2026-12-02', '02:05'] }, ctx));
    expect(e.details).toHaveLength(2);
    runDone({ item: 'record-card-reported-at', value: ['2026-12-02', '02:05'], card: '4821' }, ctx);
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    expect(inc.records.cards.map((c) => c.reportedAt)).toEqual(['2026-12-02T02:05:00+09:00', undefined]);
    // its charge is reported with it; the other card's is not
    expect(inc.records.charges.map((c) => c.status)).toEqual(['reported', 'found']);
  });
});

describe('a field of an account, outside any service', () => {
  it('no account: a usage error that says how to record one, not a crash', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'JCB', last4: '1234' });
    const e = usageError(() => runDone({ item: 'record-account-name', value: ['Taro'] }, ctx));
    expect(e.message).toBe('This case has no account yet.');
    expect(e.details).toEqual(['Record it first: takeover record account <service> (amazon, google, …)']);
  });

  it('several accounts: says which (exit 2); with --account it is recorded there', () => {
    const ctx = fresh();
    record(ctx, 'account', { target: 'amazon' });
    record(ctx, 'account', { target: 'google' });
    const e = usageError(() => runDone({ item: 'record-account-name', value: ['Taro'] }, ctx));
    expect(e.details).toEqual(['  --account amazon  Amazon (Amazon.co.jp)', '  --account google  Google account / Gmail']);
    runDone({ item: 'record-account-name', value: ['Taro'], account: 'google' }, ctx);
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    expect(inc.records.accounts.map((a) => [a.service, a.name])).toEqual([
      ['amazon', undefined],
      ['google', 'Taro'],
    ]);
  });
});

describe('money that left a bank account', () => {
  const bank = () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'account', { target: 'bank' });
    record(ctx, 'charge', { account: 'bank', date: '2026-12-01', amount: '500000', merchant: 'FURIKOMI YAMADA' });
    return ctx;
  };

  it("is the bank account's, never the card's: not on the card sheet, in its own column of the report", () => {
    const ctx = bank();
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    expect(inc.records.charges[0]).toMatchObject({ account: 'account-1', merchant: 'FURIKOMI YAMADA' });
    expect(inc.records.charges[0]!.card).toBeUndefined();
    expect(out(ctx, () => runReport({ for: 'card' }, ctx))).not.toContain('FURIKOMI');
    const md = out(ctx, () => runReport({ md: true }, ctx));
    expect(md).toMatch(/\| Date \| Account \| Shop or recipient|\| Date \| Account \|/);
    expect(md).toContain('FURIKOMI YAMADA');
  });

  it('a date in another year says its year (the two-year limit of the transfer)', () => {
    const ctx = bank();
    const todo = out(ctx, () => runTodo({}, ctx));
    expect(todo).toMatch(/by Thu 30 Nov 2028/);
    expect(todo).toMatch(/by Thu 31 Dec \(/);
  });

  it("counts the bank's 30 days from the transfer; telling the bank (account.reported-at) marks it reported and ends that deadline", () => {
    const ctx = bank();
    const first = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    const deadline = first.clocks.find((c) => c.playbook === 'bank' && c.subject === 'charge-1' && c.type === 'deadline' && !c.closedAt);
    expect(deadline).toBeDefined();
    record(ctx, 'account', { target: 'bank', reported: '12/2 02:00' });
    const after = ctx.store().load(first.id)!;
    expect(after.records.charges[0]!.status).toBe('reported');
    expect(after.clocks.find((c) => c.key === deadline!.key)).toMatchObject({ closedHow: 'met' });
  });
});

describe('what was already done with a company', () => {
  it('script <playbook> says the card was paused and stopped, with the reference, and has the details ready', () => {
    const ctx = fresh();
    ctx.setNow('2026-12-02T09:45:00+09:00');
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821', paused: '2026-12-02 02:10' });
    runRecord({ kind: 'call', target: 'rakuten-card-lost-stolen', at: '2026-12-02 02:14', ref: 'RC-0042' }, ctx);
    const text = out(ctx, () => runScript({ contact: 'rakuten-card' }, ctx)).replace(/\n {2,}(?=\S)/g, ' ');
    expect(text).toContain('Already done with this company (say so when you call):');
    expect(text).toContain('• Wed 2 Dec 02:14 JST: I had the card stopped by phone.');
    expect(text).toContain('• Wed 2 Dec 02:14 JST: I contacted Rakuten Card lost or stolen card line (24 hours); reference number RC-0042.');
    expect(text).toContain('The card: Rakuten Card (楽天カード) ending 4821');
  });
});

describe('message amazon', () => {
  it('carries the orders, the Prime sign-up, the forwarding address and the references Amazon gave', () => {
    const ctx = fresh();
    record(ctx, 'order', { number: '249-1234567-7654321', date: '2026-12-02', address: '大阪府大阪市西区1-2-3 転送センター', items: 'earphones' });
    record(ctx, 'order', { prime: true, date: '2026-12-02' });
    record(ctx, 'trace', { email: 'xyz123@163.com', on: 'amazon' });
    runRecord({ kind: 'call', target: 'amazon-locked-out', ref: 'AMZ-884120' }, ctx);
    const text = out(ctx, () => runMessage({ kind: 'amazon' }, ctx));
    expect(text).toContain('xyz123@163.com');
    expect(text).toContain('- 249-1234567-7654321 earphones (2026-12-02)');
    expect(text).toContain('A membership I did not sign up for:\n- Membership signed up: Prime (2026-12-02)');
    expect(text).toContain('- 大阪府大阪市西区1-2-3 転送センター');
    expect(text).toContain('Reference numbers you gave me: AMZ-884120');
    expect(text).toContain('refund its fee');
  });
});

describe('record', () => {
  it('refuses a full card number or a password anywhere (exit 2), and saves nothing', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'JCB', last4: '1234' });
    usageError(() => record(ctx, 'charge', { card: '1234', amount: '100', merchant: '4111 1111 1111 1111' }));
    usageError(() => record(ctx, 'card', { last4: '12345' }));
    const id = ctx.store().list().summaries[0]!.id;
    expect(ctx.store().load(id)!.records.charges).toEqual([]);
  });

  it('list --json has every thing of the case; a correction by id keeps what it said before', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'JCB', last4: '1234' });
    record(ctx, 'charge', { card: '1234', date: '2026-12-01', amount: '5000', merchant: 'STEAM' });
    record(ctx, 'charge', { id: 'charge-1', amount: '5500' });
    const data = JSON.parse(out(ctx, () => runRecordList({ json: true }, ctx)));
    expect(data.schema).toBe('takeover-records/1');
    expect(data.records.charges).toEqual([expect.objectContaining({ id: 'charge-1', amount: '5500', history: [expect.objectContaining({ field: 'amount', was: '5000', by: 'command' })] })]);
    expect(out(ctx, () => runRecordList({}, ctx))).toContain('charge-1  2026-12-01 · STEAM · 5,500 JPY');
  });
});

describe('addresses in the Markdown report', () => {
  it("a call through a desk's own web page links to it; an address that is not the desk's stays text, never a link", () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const id = ctx.store().list().summaries[0]!.id;
    const inc = ctx.store().load(id)!;
    const calls = [
      { id: 'call-1', at: inc.createdAt, by: 'command' as const, desk: 'rakuten-card-self-service', channel: 'web:https://www.rakuten-card.co.jp/e-navi/', start: inc.createdAt },
      { id: 'call-2', at: inc.createdAt, by: 'command' as const, desk: 'rakuten-card-self-service', channel: 'web:https://rakuten-card.evil.example/login', start: inc.createdAt },
    ];
    ctx.store().save({ ...inc, records: { ...inc.records, calls } }, new CaseSession(ctx, inc).summary(inc));
    const md = out(ctx, () => runReport({ md: true }, ctx));
    expect(md).toContain('Web <https://www.rakuten-card.co.jp/e-navi/>');
    expect(md).not.toContain('<https://rakuten-card.evil.example');
    expect(md).toContain('https\\://rakuten-card\\.evil\\.example/login');
  });
});

describe('a typo is said, never taken for something else', () => {
  it('done with a card or an account the case does not hold: exit 2, nothing ticked off', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const before = ctx.store().list().summaries[0]!;
    const id = before.id;
    const events = ctx.store().load(id)!.events.length;
    expect(usageError(() => runDone({ item: '1', card: '1234' }, ctx)).message).toContain('No card ending 1234');
    expect(usageError(() => runDone({ item: '1', account: 'bank' }, ctx)).message).toMatch(/bank/i);
    expect(ctx.store().load(id)!.events.length).toBe(events);
  });

  it('a call with neither a desk nor anything said is refused (exit 2), not kept as an empty line', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    expect(usageError(() => record(ctx, 'call', { card: '4821' })).message).toContain('Say which desk');
    expect(ctx.store().load(ctx.store().list().summaries[0]!.id)!.records.calls).toEqual([]);
  });

  it('a sheet asked for as a file with no case at all: exit 2 and no file', () => {
    const ctx = fresh();
    const file = `${ctx.home}/police.html`;
    usageError(() => runReport({ for: 'police', html: true, output: file }, ctx));
    expect(() => readFileSync(file)).toThrow();
  });
});

describe('a closed case', () => {
  it('takes a record and stays closed; a record about a new service opens it again and says so', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const id = ctx.store().list().summaries[0]!.id;
    const session = new CaseSession(ctx, ctx.store().load(id)!);
    ctx.store().save({ ...session.incident, state: 'finished', finishedAt: NOW }, session.summary());
    record(ctx, 'police', { station: '品川警察署', ref: '第1234号' } as Partial<RecordOptions>);
    expect(ctx.store().load(id)!.state).toBe('finished');
    ctx.stderr.length = 0;
    record(ctx, 'charge', { account: 'bank', date: '2026-12-01', amount: '500000', merchant: 'FURIKOMI' });
    const after = ctx.store().load(id)!;
    expect(after.state).toBe('open');
    expect(after.finishedAt).toBeUndefined();
    expect(after.events.map((e) => e.type)).toContain('reopened');
    expect(ctx.stderr.join('\n')).toContain(`The case ${id} was closed; it is open again`);
  });
});

describe('a call recorded about a card, with no desk named', () => {
  it('is with that card company: on its sheet and script by the card, its words kept, the misuse told', () => {
    const ctx = fresh('ja');
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'card', { issuer: 'JCB', last4: '1234' });
    record(ctx, 'charge', { card: '1234', date: '2026-12-01', amount: '500', merchant: 'AMAZON PRIME' });
    record(ctx, 'call', { card: '1234', ref: 'JCB-0099', who: '田中', note: '不正利用として受付。カードは再発行' } as Partial<RecordOptions>);
    const police = out(ctx, () => runReport({ for: 'police' }, ctx));
    expect(police).toContain('JCB（下4桁 1234） に連絡（受付番号：JCB-0099）');
    expect(police).not.toContain('不正利用として受付。カードは再発行 に連絡');
    const sheet = out(ctx, () => runReport({ for: 'card', card: '1234' }, ctx));
    expect(sheet).toContain('JCB-0099');
    expect(sheet).not.toContain('4821');
    expect(out(ctx, () => runScript({ contact: 'card', card: '1234' }, ctx))).toContain('受付番号は JCB-0099 です');
    const charge = ctx.store().load(ctx.store().list().summaries[0]!.id)!.records.charges[0]!;
    expect(charge.status).toBe('reported');
  });
});

describe('a call planned in one language, the report in another', () => {
  it('names the desk in the language of the report; a planned call with words of its own keeps them', () => {
    const ctx = fresh('ja');
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const id = ctx.store().list().summaries[0]!.id;
    const session = new CaseSession(ctx, ctx.store().load(id)!);
    const due = new Date('2026-12-02T09:30:00+09:00');
    session.commit([
      { type: 'plan-call', track: 0, contact: 'rakuten-card-contact-center', due, text: 'Rakuten Card contact center に電話する' },
      { type: 'plan-call', track: 0, contact: 'rakuten-card-contact-center', due, text: '補償の書類がいつ届くか聞く' },
    ]);
    const md = out(ctx, () => runReport({ md: true }, ctx));
    expect(md).toContain('| 楽天カード コンタクトセンターに電話する |');
    expect(md).toContain('| 補償の書類がいつ届くか聞く |');
    expect(md).not.toContain('Rakuten Card contact center');
  });
});

describe('the police sheet: where it happened', () => {
  it('an account only known to share the password is said apart, never as an account hit', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'account', { target: 'Mercari', reused: true }); // no playbook: not walked, only the same password
    const sheet = out(ctx, () => runReport({ for: 'police' }, ctx));
    const where = sheet.slice(sheet.indexOf('Where: the accounts affected'), sheet.indexOf('How'));
    expect(where).toContain('Rakuten Card (楽天カード) ending 4821');
    expect(where).not.toMatch(/^- .*Mercari/m);
    expect(where).toMatch(/The same password was also used at: Mercari[^\n]*\(nothing seen there yet\)/);
  });
});

describe('takeover list in a narrow window', () => {
  it('a block per case instead of a table the window would break; a table where it fits', () => {
    for (const [columns, table] of [
      [40, false],
      [200, true],
    ] as const) {
      const ctx = testContext({ now: NOW, columns });
      contexts.push(ctx);
      record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
      const text = out(ctx, () => runList({}, ctx));
      for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThan(columns);
      expect(text.startsWith('ID ')).toBe(table);
      expect(text).toMatch(
        table ? /\d{4}-\d{2}-\d{2}-[0-9a-f]{4} +rakuten-card +2026-12-02 02:10/ : /\d{4}-\d{2}-\d{2}-[0-9a-f]{4} {2}open\n {2}Playbooks: rakuten-card\n {2}Started: 2026-12-02 02:10/,
      );
    }
  });
});

describe('a question the records answer', () => {
  it('says the answer comes from what the case recorded (not from the start), to keep or change', async () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'charge', { card: '4821', date: '2026-11-30', amount: '12800', merchant: 'AMAZON.CO.JP' });
    const prompter = ctx.prompterOf([{ ask: /./, answer: { ctrlC: true } }]);
    await runResume({}, ctx, prompter).catch(() => undefined);
    const text = ctx.stdout.join('\n');
    expect(text).toContain('✔ From what this case has recorded: There is a charge on my statement that I did not make');
    expect(text).not.toContain('From what you told at the start');
    expect(prompter.asked[0]!.choices![0]).toMatch(/^Keep: There is a charge/);
  });
});

describe('the card kept after the call to the lost-card line', () => {
  it('was not stopped: the sheet never says the company stopped it; the report to the company stands', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const id = ctx.store().list().summaries[0]!.id;
    const session = new CaseSession(ctx, ctx.store().load(id)!);
    session.commit([
      { type: 'log-contact', track: 0, entry: { desk: 'rakuten-card-lost-stolen', start: '2026-12-02T02:05:00+09:00', reference: 'RC-1' } },
      { type: 'answer', track: 0, step: 'reissue-result', answer: { status: 'answered', option: 'kept' } },
    ]);
    const card = ctx.store().load(id)!.records.cards[0]!;
    expect(card.stoppedAt).toBeUndefined();
    expect(card.reportedAt).toBe('2026-12-02T02:05:00+09:00');
    expect(card.history).toEqual([expect.objectContaining({ field: 'stoppedAt', was: '2026-12-02T02:05:00+09:00' })]);
    const sheet = out(ctx, () => runReport({ for: 'police' }, ctx));
    expect(sheet).not.toContain('stopped by the card company');
    expect(sheet).toContain('RC-1');
  });
});

describe('a reference number passed over at its step', () => {
  it('stays on the list, as the step promises, until it is recorded', () => {
    const ctx = fresh();
    const amazon = ctx.catalogue().playbooks.get('amazon')!.playbook;
    const inc = newCase({ id: '2026-12-02-0001', lang: 'en', timeZone: 'Asia/Tokyo', now: new Date(NOW), playbooks: [amazon] });
    const session = new CaseSession(ctx, inc);
    ctx.store().save(inc, session.summary());
    session.commit([
      { type: 'switch', track: 0 },
      { type: 'answer', track: 0, step: 'record-police-number', answer: { status: 'skipped' } },
    ]);
    expect(out(ctx, () => runTodo({}, ctx))).toContain('[record-police-reference]');
    runDone({ item: 'record-police-reference', value: ['品川警察署', '第1234号'] }, ctx);
    expect(out(ctx, () => runTodo({}, ctx))).not.toContain('[record-police-reference]');
  });
});

describe('a planned call taken off the list', () => {
  it('is said as taken off in the report, never as done', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    const id = ctx.store().list().summaries[0]!.id;
    const session = new CaseSession(ctx, ctx.store().load(id)!);
    session.commit({ type: 'plan-call', track: 0, contact: 'rakuten-card-contact-center', due: new Date('2026-12-02T09:30:00+09:00'), text: 'Call Rakuten Card contact center' });
    runDone({ item: 'call-rakuten-card-contact-center', drop: true }, ctx);
    const md = out(ctx, () => runReport({ md: true }, ctx));
    expect(md).toMatch(/Call Rakuten Card contact center \|[^\n]*\(taken off the list 2026-12-02 02:10\)/);
    expect(md).not.toMatch(/Call Rakuten Card contact center \|[^\n]*\(done/);
  });
});

describe("the stranger's delivery address, from an order", () => {
  it('is known to the step that asks for it (shown to keep, not asked again)', () => {
    const ctx = fresh();
    record(ctx, 'order', { target: 'amazon', number: '250-1234567', address: '千葉県市川市塩浜1-2-3 XX物流センター' } as Partial<RecordOptions>);
    const inc = ctx.store().load(ctx.store().list().summaries[0]!.id)!;
    const track = inc.tracks.findIndex((t) => t.playbook === 'amazon');
    expect(readField(inc, 'trace.address', { track }, (id) => ctx.catalogue().playbooks.get(id)?.playbook)).toBe('千葉県市川市塩浜1-2-3 XX物流センター');
  });
});

describe('the message to the card company, once the card was stopped', () => {
  it('does not ask to stop it again, and carries the numbers that company gave', () => {
    const ctx = fresh();
    record(ctx, 'card', { issuer: 'rakuten-card', last4: '4821' });
    record(ctx, 'call', { target: 'rakuten-card-lost-stolen', ref: 'RC-0208' } as Partial<RecordOptions>);
    const text = out(ctx, () => runMessage({ kind: 'card' }, ctx));
    expect(text).toContain('I had the card stopped by phone');
    expect(text).toContain('Reference numbers you gave me: RC-0208');
    expect(text).not.toContain('Please stop the card');
  });
});

describe('an option known from an earlier answer', () => {
  it('holds when that question was answered so, and only then', () => {
    const ctx = fresh();
    const mobile = ctx.catalogue().playbooks.get('mobile')!.playbook;
    const playbookOf = (id: string) => ctx.catalogue().playbooks.get(id)?.playbook;
    const inc = newCase({ id: '2026-12-02-0001', lang: 'en', timeZone: 'Asia/Tokyo', now: new Date(NOW), playbooks: [mobile] });
    const pin = mobile.steps.find((s) => s.id === 'pin-carrier')!;
    if (pin.kind !== 'question') throw new Error('pin-carrier is a question');
    const answered = (option: string) => ({ ...inc, tracks: [{ ...inc.tracks[0]!, answers: { 'which-carrier': { status: 'answered' as const, option, at: NOW } } }] });
    expect(knownOption(pin.options, answered('au'), 0, playbookOf)?.id).toBe('other');
    expect(knownOption(pin.options, answered('docomo'), 0, playbookOf)?.id).toBe('docomo');
    expect(knownOption(pin.options, inc, 0, playbookOf)).toBeUndefined();
  });
});
