// "What is due, overdue and next" for an incident, as text. Pure: `now` is passed in.
import { dueItems, type DueItem } from './clocks.ts';
import { humanDuration } from './hours.ts';
import type { Incident } from './incident.ts';
import { formatWhen, loc, type ViewContext } from './render.ts';

const W = {
  en: { overdue: 'Overdue', soon: 'Due within 24 hours', later: 'Coming up', window: 'Periods to know', nothing: 'Nothing is due. No waits, deadlines or follow-ups are running.', ago: '{d} ago', inD: 'in {d}', expected: 'expected by', between: 'expected between {a} and {b}', due: 'due', from: 'from', call: 'Follow-up', covered: 'covered from' },
  ja: { overdue: '期限切れ', soon: '24時間以内', later: 'この先の予定', window: '知っておく期間', nothing: '期限のあるものはありません。待ち時間・期限・予定はまだありません。', ago: '{d}前', inD: 'あと{d}', expected: '目安', between: '目安 {a}〜{b}', due: '期限', from: '起点', call: '予定', covered: '対象期間の始まり' },
} as const;

function relative(at: Date, ctx: ViewContext): string {
  const w = W[ctx.lang];
  const ms = at.getTime() - ctx.now.getTime();
  const d = humanDuration(Math.abs(ms), ctx.lang);
  return ms <= 0 ? w.ago.replace('{d}', d) : w.inD.replace('{d}', d);
}

export function describeDueItem(item: DueItem, ctx: ViewContext): string {
  const w = W[ctx.lang];
  const zone = ctx.userZone;
  const when = (d: Date) => formatWhen(d, zone, ctx, true);
  if (item.followUp) return `☐ ${w.call}: ${item.followUp.text} — ${when(item.due)} (${relative(item.due, ctx)})`;
  const c = item.clock!;
  const label = loc(c.label, ctx.lang);
  if (c.type === 'window') return `• ${label}: ${w.covered} ${when(item.due)}`;
  if (item.upTo) return `⏱ ${label}: ${w.between.replace('{a}', when(item.due)).replace('{b}', when(item.upTo))} (${relative(item.upTo, ctx)})`;
  return `⏱ ${label}: ${c.type === 'deadline' ? w.due : w.expected} ${when(item.due)} (${relative(item.due, ctx)})`;
}

/** The status screen: overdue, due soon, coming up, windows. Empty sections are left out. */
export function renderStatus(incident: Incident, ctx: ViewContext, opts: { onlyUrgent?: boolean } = {}): string[] {
  const w = W[ctx.lang];
  const items = dueItems(incident, ctx.now);
  const sections: [keyof typeof w & ('overdue' | 'soon' | 'later' | 'window'), DueItem[]][] = [
    ['overdue', items.filter((i) => i.state === 'overdue')],
    ['soon', items.filter((i) => i.state === 'soon')],
    ['later', items.filter((i) => i.state === 'later')],
    ['window', items.filter((i) => i.state === 'window')],
  ];
  const out: string[] = [];
  for (const [key, list] of sections) {
    if (!list.length || (opts.onlyUrgent && (key === 'later' || key === 'window'))) continue;
    const head = key === 'overdue' ? ctx.style.bad(w[key]) : key === 'soon' ? ctx.style.warn(w[key]) : ctx.style.bold(w[key]);
    out.push(head, ...list.map((i) => `  ${describeDueItem(i, ctx)}`), '');
  }
  if (!out.length && !opts.onlyUrgent) out.push(w.nothing);
  return out;
}
