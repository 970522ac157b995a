// A playbook as a readable checklist (for printing, screen readers, or a terminal that cannot
// prompt). Pure: `now` only decides the "open now / closed now" lines.
import { describeHours } from './hours.ts';
import { escapeMarkdown } from './markdown.ts';
import type { Translate } from './messages/index.ts';
import { channelValue, confidenceCaution, hoursLine, loc, renderContact, type ViewContext } from './render.ts';
import type { Contact, Duration, Lang, Playbook, Step } from './schema.ts';

export function contactsOfPlaybook(pb: Playbook, shared: ReadonlyMap<string, Contact>): Contact[] {
  const ids = new Set<string>();
  for (const s of pb.steps) if (s.kind === 'contact') s.contacts.forEach((c) => ids.add(c));
  const own = pb.contacts;
  const fromShared = [...ids]
    .filter((id) => !pb.contacts.some((c) => c.id === id))
    .map((id) => shared.get(id))
    .filter((c): c is Contact => !!c);
  return [...own, ...fromShared];
}

function choicesLine(step: Step, number: Map<string, number>, t: Translate, lang: Lang): string[] {
  if (step.kind === 'question') return step.options.map((o) => `${loc(o.label, lang)} → ${t('show.goTo', { n: number.get(o.next) ?? '?' })}`);
  if (step.kind === 'end') return [];
  const n = number.get(step.next);
  return n === (number.get(step.id) ?? 0) + 1 ? [] : [`${t('show.then')}: ${t('show.goTo', { n: n ?? '?' })}`];
}

/** A length as written in a playbook: "30 d", "5 h" / "30日", "5時間". */
export function durationText(d: Duration, t: Translate): string {
  const parts = [d.days ? t('duration.days', { n: d.days }) : '', d.hours ? t('duration.hours', { n: d.hours }) : '', d.minutes ? t('duration.minutes', { n: d.minutes }) : ''].filter(Boolean);
  return parts.join(t('duration.join'));
}

function clockLines(step: Step, t: Translate, lang: Lang): string[] {
  return (step.clocks ?? []).map((c) => `⏱ ${loc(c.label, lang)}: ${durationText(c.duration, t)}`);
}

/** Plain-text checklist for the terminal. */
export function renderPlaybookText(pb: Playbook, shared: ReadonlyMap<string, Contact>, ctx: ViewContext, playbookTitle: (id: string) => string | undefined): string {
  const { t, lang, style } = ctx;
  const number = new Map(pb.steps.map((s, i) => [s.id, i + 1]));
  const out: string[] = [style.heading(loc(pb.title, lang)), loc(pb.summary, lang), ''];
  out.push(style.bold(t('show.steps')));
  pb.steps.forEach((s, i) => {
    out.push('', `${style.bold(`${i + 1}.`)} [${t(`kind.${s.kind}`)}] ${style.bold(loc(s.title, lang))}`);
    if (s.body)
      out.push(
        ...loc(s.body, lang)
          .trimEnd()
          .split('\n')
          .map((l) => `   ${l}`),
      );
    if (s.kind === 'input') out.push(`   ☐ ______________________`);
    if (s.kind === 'contact') out.push(`   → ${s.contacts.map((id) => loc((pb.contacts.find((c) => c.id === id) ?? shared.get(id))?.name, lang)).join(', ')}`);
    out.push(...clockLines(s, t, lang).map((l) => `   ${l}`));
    out.push(...choicesLine(s, number, t, lang).map((l) => `   • ${l}`));
    for (const sg of s.suggest ?? []) out.push(`   ${t('show.suggest')}: takeover start ${sg.playbook} (${playbookTitle(sg.playbook) ?? sg.playbook}) — ${loc(sg.reason, lang)}`);
  });
  out.push('', style.bold(t('show.contacts')));
  for (const c of contactsOfPlaybook(pb, shared)) out.push('', ...renderContact(c, ctx));
  return out.join('\n');
}

/** Markdown checklist, for printing or sharing. */
export function renderPlaybookMarkdown(pb: Playbook, shared: ReadonlyMap<string, Contact>, ctx: ViewContext, playbookTitle: (id: string) => string | undefined): string {
  const { t, lang } = ctx;
  const e = escapeMarkdown;
  const number = new Map(pb.steps.map((s, i) => [s.id, i + 1]));
  const out: string[] = [`# ${e(loc(pb.title, lang))}`, '', e(loc(pb.summary, lang)), '', `## ${t('show.steps')}`, ''];
  pb.steps.forEach((s, i) => {
    out.push(`### ${i + 1}. ${e(loc(s.title, lang))}`, '', `*${t(`kind.${s.kind}`)}*`, '');
    if (s.body) out.push(e(loc(s.body, lang)), '');
    if (s.kind !== 'end' && s.kind !== 'question' && s.kind !== 'info') out.push('- [ ] ' + t('choice.done'), '');
    if (s.kind === 'contact') out.push(...s.contacts.map((id) => `- ${e(loc((pb.contacts.find((c) => c.id === id) ?? shared.get(id))?.name, lang))}`), '');
    const clocks = clockLines(s, t, lang);
    if (clocks.length) out.push(...clocks.map((l) => `- ${e(l)}`), '');
    const choices = choicesLine(s, number, t, lang);
    if (choices.length) out.push(...choices.map((l) => `- ${e(l)}`), '');
    for (const sg of s.suggest ?? []) out.push(`- ${t('show.suggest')}: \`takeover start ${sg.playbook}\` (${e(playbookTitle(sg.playbook) ?? sg.playbook)}) — ${e(loc(sg.reason, lang))}`, '');
  });
  out.push(`## ${t('show.contacts')}`, '');
  for (const c of contactsOfPlaybook(pb, shared)) {
    out.push(`### ${e(loc(c.name, lang))}`, '');
    if (c.note) out.push(e(loc(c.note, lang)), '');
    if (c.hours) out.push(`- ${t('hours.label')}: ${e(describeHours(c.hours, t))} — ${e(hoursLine(c.hours, ctx).text)}`);
    for (const ch of c.channels) {
      const caution = confidenceCaution(ch, t);
      out.push(`- ${t(`channel.${ch.kind}`)}${ch.label ? ` (${e(loc(ch.label, lang))})` : ''}: ${e(channelValue(ch, lang))}${caution ? ` — ⚠ ${e(caution)}` : ''}`);
      if (ch.note) out.push(`  - ${e(loc(ch.note, lang))}`);
      out.push(`  - source: ${e(ch.source)} (checked ${ch.checked})`);
    }
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
