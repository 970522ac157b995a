// The two sheets a desk asks for, from a case built the way a person builds it (through the case
// reducer, a fixed clock, the case-shop and case-card fixtures read from real YAML):
// - the police sheet: who / what / when / where / how, things in the order they happened (not the
//   order they were typed), the evidence with its SHA-256, the desks already contacted
// - the card sheet: the card (last four digits only), each charge and the total, when the card
//   company was told and under which reference, the periods that matter, the police number
// Goldens in Japanese (the language of both desks), plus checks that stand without them.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { applyAction, newCase, type Action } from '../../../src/core/case/case.ts';
import { renderHtml, renderMarkdown } from '../../../src/core/documents/document.ts';
import { Incident } from '../../../src/core/case/incident.ts';
import { translator } from '../../../src/core/text/messages/index.ts';
import { buildReport } from '../../../src/core/documents/report.ts';
import type { Lang, Playbook } from '../../../src/core/playbook/schema.ts';
import { cardSheet, policeSheet } from '../../../src/core/documents/sheets.ts';
import { testCatalogue } from '../../helpers/context.ts';

const cat = testCatalogue();
const playbooks = new Map([...cat.playbooks].filter(([id]) => id.startsWith('case-')).map(([id, l]) => [id, l.playbook] as [string, Playbook]));
const playbook = (id: string) => playbooks.get(id);
const CARD = '4980 0000 0000 0001'.replace(/\d$/, '4'); // a Luhn-valid Visa-like number, typed in a note

/** The case, one action at a time, each at its own time (JST). */
function theCase(lang: Lang = 'ja'): Incident {
  let inc = newCase({ id: '2026-11-24-0001', lang, timeZone: 'Asia/Tokyo', now: new Date('2026-11-24T02:10:00+09:00'), playbooks: [playbook('case-card')!, playbook('case-shop')!] });
  const steps: [string, Action][] = [
    ['02:11', { type: 'switch', track: 0 }],
    ['02:12', { type: 'set-field', key: 'case.noticed-at', value: '2026-11-24T01:55:00+09:00' }],
    ['02:12', { type: 'set-field', key: 'card.last4', value: '1234', track: 0 }],
    ['02:13', { type: 'set-field', key: 'account.name', value: '山田 太郎' }],
    ['02:14', { type: 'answer', track: 0, step: 'stop', answer: { status: 'done' } }],
    [
      '02:20',
      {
        type: 'log-contact',
        track: 0,
        step: 'stop',
        entry: { desk: 'card-24h', channel: 'phone:0120-111-111', start: '2026-11-24T02:15:00+09:00', end: '2026-11-24T02:19:00+09:00', reference: 'STOP-77', who: '佐藤' },
      },
    ],
    ['02:21', { type: 'answer', track: 0, step: 'report', answer: { status: 'later' } }],
    ['02:21', { type: 'plan-call', track: 0, step: 'report', contact: 'card-desk', due: new Date('2026-11-24T09:30:00+09:00'), text: 'カードの窓口に電話' }],
    // Typed after the call, but they happened before it: the sheet puts them in time order.
    [
      '02:25',
      {
        type: 'record',
        track: 1,
        list: 'orders',
        fields: { number: '249-1234567-7654321', items: 'イヤホン', amount: '12,800', address: '大阪府大阪市西区1-2-3 転送センター', date: '2026-11-24T01:40:00+09:00' },
      },
    ],
    ['02:26', { type: 'record', track: 0, list: 'charges', fields: { date: '2026-11-24', merchant: 'AMAZON.CO.JP', amount: '12,800', currency: 'JPY', status: 'reported' } }],
    ['02:27', { type: 'record', track: 0, list: 'charges', fields: { date: '2026-11-23', merchant: 'AMAZON MKTPLACE', amount: '3,480円', currency: 'JPY', status: 'found' } }],
    ['02:28', { type: 'record', track: 1, list: 'traces', fields: { what: 'sign-in', when: '2026-11-23T23:58:00+09:00', value: '中国・上海' } }],
    ['02:29', { type: 'switch', track: 1 }],
    ['02:30', { type: 'answer', track: 1, step: 'noticed', answer: { status: 'answered', value: '2026-11-24T01:55:00+09:00' } }],
    ['02:31', { type: 'answer', track: 1, step: 'check-card', answer: { status: 'done' } }],
    ['02:32', { type: 'answer', track: 1, step: 'attacker', answer: { status: 'answered', value: 'xyz123@163.com' } }],
    ['02:33', { type: 'record', track: 1, list: 'traces', fields: { what: 'change', label: '登録メールアドレス', value: 'xyz123@163.com' } }],
    ['02:34', { type: 'note', track: 1, step: 'attacker', text: `カード ${CARD} の請求もあった` }],
    ['02:35', { type: 'set-field', key: 'case.narrative', value: '深夜にAmazonからメールアドレス変更の通知が届きました。サインインできず、知らない注文が入っていました。' }],
    [
      '02:36',
      { type: 'record', list: 'evidence', by: 'command', fields: { originalName: 'amazon-mail.png', stored: 'e1-amazon-mail.png', size: 48213, sha256: 'a'.repeat(64), note: '変更通知メールの画面' } },
    ],
  ];
  // The next morning: the desk is called, the police give a number.
  const morning: [string, Action][] = [
    [
      '09:40',
      {
        type: 'log-contact',
        track: 0,
        step: 'report',
        entry: { desk: 'card-desk', channel: 'phone:0570-000-000', start: '2026-11-24T09:31:00+09:00', end: '2026-11-24T09:38:00+09:00', reference: 'CC-2026-1124', promised: '書類を郵送します' },
      },
    ],
    ['09:41', { type: 'answer', track: 0, step: 'report', answer: { status: 'done' } }],
    ['09:42', { type: 'answer', track: 0, step: 'papers', answer: { status: 'later' } }],
    ['11:02', { type: 'set-field', key: 'police.reference', value: '第1234号' }],
  ];
  for (const [hhmm, action] of [...steps, ...morning]) inc = applyAction(inc, action, { now: new Date(`2026-11-24T${hhmm}:00+09:00`), playbook });
  return Incident.parse(inc);
}

function sheets(lang: Lang = 'ja', redact = false) {
  const incident = theCase(lang);
  const t = translator(lang);
  const model = buildReport({ incident, playbooks, sharedContacts: cat.sharedContacts, lang, t, redact });
  return { incident, model, police: policeSheet(model, incident, t), card: cardSheet(model, incident, t) };
}

const md = new MarkdownIt({ html: false });
/** The rows of the table under a heading (by its text), cells as written. */
function tableUnder(markdown: string, heading: string): string[][] {
  const tokens = md.parse(markdown, {});
  const start = tokens.findIndex((tok, i) => tok.type === 'heading_open' && tokens[i + 1]?.content === heading);
  expect(start, `heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = start + 3; i < tokens.length && tokens[i]!.type !== 'heading_open'; i++) {
    const tok = tokens[i]!;
    if (tok.type === 'tr_open') rows.push([]);
    if (tok.type === 'inline' && rows.length && (tokens[i - 1]!.type === 'td_open' || tokens[i - 1]!.type === 'th_open')) rows[rows.length - 1]!.push(tok.content);
    if (tok.type === 'table_close') break;
  }
  return rows;
}

describe('the police sheet', () => {
  const { police } = sheets('ja');
  const text = renderMarkdown(police);
  const ja = translator('ja');

  it('puts what happened in the order it happened, whatever order it was typed in (a day without a time first in its day)', () => {
    const rows = tableUnder(text, ja('sheet.police.when')).slice(1);
    expect(rows.map((r) => r[0])).toEqual([
      '2026-11-23',
      '2026-11-23 23:58',
      '2026-11-24',
      '2026-11-24 01:40',
      '2026-11-24 01:55',
      '2026-11-24 02:14',
      '2026-11-24 02:14',
      '2026-11-24 02:15',
      '2026-11-24 09:31',
    ]);
    expect(rows.map((r) => r[1])).toEqual([
      ja('sheet.ev.charge', { merchant: 'AMAZON MKTPLACE', amount: '3,480円' }),
      ja('sheet.ev.signIn', { where: '中国・上海' }),
      ja('sheet.ev.charge', { merchant: 'AMAZON.CO.JP', amount: '12,800 JPY' }),
      ja('sheet.ev.order', { order: '249-1234567-7654321', items: 'イヤホン' }),
      ja('sheet.ev.noticed'),
      ja('sheet.ev.cardStopped', { card: '試験カード（下4桁 1234）' }),
      ja('sheet.ev.cardTold', { card: '試験カード（下4桁 1234）' }),
      ja('sheet.ev.contacted', { contact: 'カード紛失・盗難窓口', reference: 'STOP-77' }),
      ja('sheet.ev.contacted', { contact: 'カードのお問い合わせ窓口', reference: 'CC-2026-1124' }),
    ]);
  });

  it('says how: the address the other person put on the account, once, and the order with its delivery address', () => {
    expect(text.split('xyz123@163.com').length - 1).toBe(1);
    expect(tableUnder(text, ja('report.orders'))[1]).toEqual(['2026-11-24 01:40', '249-1234567-7654321', 'イヤホン', '12,800 JPY', '大阪府大阪市西区1-2-3 転送センター']);
  });

  it('lists the evidence with its SHA-256, and leaves blanks for what only the person writes by hand', () => {
    expect(tableUnder(text, ja('sheet.police.evidence'))[1]).toEqual(['変更通知メールの画面', 'amazon-mail.png', 'a'.repeat(64)]);
    expect(tableUnder(text, ja('sheet.police.who')).map((r) => r[0])).toEqual(['', ja('sheet.name'), ja('sheet.address'), ja('sheet.phone')]);
  });

  it('never shows a card number typed in a note', () => {
    const all = [text, renderMarkdown(sheets('ja').card), renderHtml(police)].join('\n');
    expect(all.replace(/\D/g, '')).not.toContain(CARD.replace(/\D/g, ''));
  });
});

describe('the card sheet', () => {
  const { card } = sheets('ja');
  const text = renderMarkdown(card);
  const ja = translator('ja');

  it('names the card by its company and last four digits only, and says how and when it was stopped', () => {
    expect(tableUnder(text, ja('sheet.card.card')).slice(1)).toEqual([
      [ja('fact.card.issuer'), '試験カード'],
      [ja('fact.card.last4'), '1234'],
      [ja('report.stopped'), ja('card.stop.phone-stop', { time: '2026-11-24 02:14' })],
      [ja('fact.case.noticed-at'), '2026-11-24 01:55'],
    ]);
  });

  it('lists each charge and the total per currency (12,800 + 3,480円 = 16,280 JPY)', () => {
    expect(
      tableUnder(text, ja('sheet.card.charges'))
        .slice(1, 3)
        .map((r) => r.slice(0, 3)),
    ).toEqual([
      ['2026-11-24', 'AMAZON.CO.JP', '12,800 JPY'],
      ['2026-11-23', 'AMAZON MKTPLACE', '3,480円'],
    ]);
    expect(text).toContain(`| ${ja('report.total')} | 16,280 JPY |`);
  });

  it('says when the card company was told and under which references (the card desks only, not the shop)', () => {
    const rows = tableUnder(text, ja('sheet.card.told')).slice(1);
    expect(rows).toEqual([
      [ja('fact.card.reported-at'), '2026-11-24 02:14'],
      ['2026-11-24 02:15 カード紛失・盗難窓口', `${ja('report.reference')}: STOP-77`],
      ['2026-11-24 09:31 カードのお問い合わせ窓口', `${ja('report.reference')}: CC-2026-1124`],
    ]);
  });

  it('gives each charge not told yet its window, the papers deadline from the day noticed and the cover window from the moment it was told', () => {
    const rows = tableUnder(text, ja('sheet.card.periods')).slice(1);
    expect(rows).toEqual([
      // told with the card at 02:14: over; the charge recorded after that is still to be told
      ['この利用を伝える：2026-11-24 AMAZON.CO.JP 12,800 JPY', '2026-11-24 00:00', '2027-01-23 (済み 2026-11-24 02:26)'],
      ['この利用を伝える：2026-11-23 AMAZON MKTPLACE 3,480円', '2026-11-23 00:00', '2027-01-22'],
      ['書類の期限', '2026-11-24 01:55', '2026-12-24 01:55'],
      ['補償の対象期間', '2026-11-24 02:14', `${ja('report.window')} 2026-09-25 02:14`],
    ]);
  });

  it('carries the police number once the police gave it', () => {
    expect(tableUnder(text, ja('sheet.card.police')).slice(1)).toEqual([
      [ja('fact.police.station'), '—'],
      [ja('fact.police.reference'), '第1234号'],
    ]);
  });
});

describe('both sheets', () => {
  it.each(['ja', 'en'] as const)('golden Markdown (%s)', async (lang) => {
    const { police, card } = sheets(lang);
    await expect(renderMarkdown(police)).toMatchFileSnapshot(`../../fixtures/report/police.${lang}.md`);
    await expect(renderMarkdown(card)).toMatchFileSnapshot(`../../fixtures/report/card.${lang}.md`);
  });

  it('a redacted copy masks the person and keeps what the desk needs and what the attacker left', () => {
    const { police, card } = sheets('ja', true);
    const text = renderMarkdown(police) + renderMarkdown(card);
    expect(text).not.toContain('山田');
    expect(text).not.toContain('佐藤');
    // the delivery address of an order the person did not make is the attacker's (a forwarder): kept
    for (const kept of ['249-1234567-7654321', 'STOP-77', 'CC-2026-1124', '第1234号', 'xyz123@163.com', '大阪府大阪市西区1-2-3 転送センター']) expect(text).toContain(kept);
  });

  it('an HTML sheet has no script, no outside resource and a strict content policy', () => {
    const html = renderHtml(sheets('ja').police);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\/(?!www\.)/i);
  });
});
