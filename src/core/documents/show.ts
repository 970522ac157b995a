// A playbook as a readable checklist (for printing, screen readers, or a terminal that cannot
// prompt). Pure: `now` only decides the "open now / closed now" lines.
import { describeHours } from '../time/hours.ts';
import { renderMarkdown, type Block, type Doc } from './document.ts';
import type { Translate } from '../text/messages/index.ts';
import { channelValue, confidenceCaution, inLang, realNumberLine, renderContact, type ViewContext } from '../text/render.ts';
import type { Contact, Duration, Lang, Playbook, Step } from '../playbook/schema.ts';

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
  if (step.kind === 'question') return step.options.map((o) => `${inLang(o.label, lang)} → ${t('show.goTo', { n: number.get(o.next) ?? '?' })}`);
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
  return (step.clocks ?? []).map((c) => {
    // A wait with no fixed end is never given one figure: the figure is only what was seen once.
    const length = c.upTo ? t('hours.range', { from: durationText(c.duration, t), to: durationText(c.upTo, t) }) : durationText(c.duration, t);
    return `⏱ ${inLang(c.label, lang)}: ${c.noFixedEnd ? t('show.noFixedEnd', { seen: length }) : length}`;
  });
}

/** Plain-text checklist for the terminal. */
/** The desks of a contact step, its own or shared. */
function stepContacts(step: Extract<Step, { kind: 'contact' }>, pb: Playbook, shared: ReadonlyMap<string, Contact>): Contact[] {
  return step.contacts.map((id) => pb.contacts.find((c) => c.id === id) ?? shared.get(id)).filter((c): c is Contact => !!c);
}

export function renderPlaybookText(pb: Playbook, shared: ReadonlyMap<string, Contact>, ctx: ViewContext, playbookTitle: (id: string) => string | undefined): string {
  const { t, lang, style } = ctx;
  const cardPb = pb.intake?.group === 'card' ? pb : undefined;
  const number = new Map(pb.steps.map((s, i) => [s.id, i + 1]));
  const out: string[] = [style.heading(inLang(pb.title, lang)), inLang(pb.summary, lang), ''];
  out.push(style.bold(t('show.steps')));
  pb.steps.forEach((s, i) => {
    out.push('', `${style.bold(`${i + 1}.`)} [${t(`kind.${s.kind}`)}] ${style.bold(inLang(s.title, lang))}`);
    if (s.body)
      out.push(
        ...inLang(s.body, lang)
          .trimEnd()
          .split('\n')
          .map((l) => `   ${l}`),
      );
    if (s.kind === 'input') out.push(`   ☐ ______________________`);
    if (s.kind === 'contact') {
      // The checklist is printed and called from: each contact step says where the real number is.
      const desks = stepContacts(s, pb, shared);
      out.push(`   → ${desks.map((c) => inLang(c.name, lang)).join(ctx.t('list.join'))}`);
      out.push(...realNumberLine(desks, ctx, cardPb, true).map((l) => `   ⚠ ${l}`));
    }
    out.push(...clockLines(s, t, lang).map((l) => `   ${l}`));
    out.push(...choicesLine(s, number, t, lang).map((l) => `   • ${l}`));
    for (const sg of s.suggest ?? []) out.push(`   ${t('show.suggest')}: takeover start ${sg.playbook} (${playbookTitle(sg.playbook) ?? sg.playbook}) — ${inLang(sg.reason, lang)}`);
  });
  out.push('', style.bold(t('show.contacts')));
  const contacts = contactsOfPlaybook(pb, shared);
  out.push(...realNumberLine(contacts, ctx, cardPb));
  for (const c of contacts) out.push('', ...renderContact(c, ctx));
  return out.join('\n');
}

/** The playbook as a document: a checklist to print (HTML, A4) or share (Markdown). */
export function playbookDocument(pb: Playbook, shared: ReadonlyMap<string, Contact>, ctx: ViewContext, playbookTitle: (id: string) => string | undefined): Doc {
  const cardPb = pb.intake?.group === 'card' ? pb : undefined;
  const { t, lang } = ctx;
  const number = new Map(pb.steps.map((s, i) => [s.id, i + 1]));
  const blocks: Block[] = [
    { kind: 'paragraph', text: inLang(pb.summary, lang) },
    { kind: 'heading', text: t('show.steps') },
  ];
  pb.steps.forEach((s, i) => {
    blocks.push({ kind: 'subheading', text: `${i + 1}. ${inLang(s.title, lang)}` }, { kind: 'small', text: t(`kind.${s.kind}`) });
    if (s.body) blocks.push({ kind: 'paragraph', text: inLang(s.body, lang) });
    const items: string[] = [];
    if (s.kind !== 'end' && s.kind !== 'question' && s.kind !== 'info') items.push(`☐ ${t('choice.done')}`);
    if (s.kind === 'contact') {
      const desks = stepContacts(s, pb, shared);
      items.push(...desks.map((c) => inLang(c.name, lang)), ...realNumberLine(desks, ctx, cardPb, true).map((l) => `⚠ ${l}`));
    }
    items.push(...clockLines(s, t, lang), ...choicesLine(s, number, t, lang));
    for (const sg of s.suggest ?? []) items.push(`${t('show.suggest')}: takeover start ${sg.playbook} (${playbookTitle(sg.playbook) ?? sg.playbook}) — ${inLang(sg.reason, lang)}`);
    if (items.length) blocks.push({ kind: 'list', items });
  });
  const contacts = contactsOfPlaybook(pb, shared);
  blocks.push({ kind: 'heading', text: t('show.contacts') });
  for (const line of realNumberLine(contacts, ctx, cardPb)) blocks.push({ kind: 'notice', text: line });
  for (const c of contacts) {
    blocks.push({ kind: 'subheading', text: inLang(c.name, lang) });
    if (c.note) blocks.push({ kind: 'paragraph', text: inLang(c.note, lang) });
    const items: { text: string; url?: string }[] = [];
    if (c.hours) items.push({ text: `${t('hours.label')}: ${describeHours(c.hours, t)}` });
    for (const ch of c.channels) {
      const caution = confidenceCaution(ch, t);
      const head = `${t(`channel.${ch.kind}`)}${ch.label ? ` (${inLang(ch.label, lang)})` : ''}`;
      const tail = `${caution ? ` — ⚠ ${caution}` : ''}${ch.note ? ` — ${inLang(ch.note, lang)}` : ''}`;
      items.push(ch.kind === 'web' ? { text: `${head}${tail}`, url: ch.url } : { text: `${head}: ${channelValue(ch, lang)}${tail}` });
    }
    const sources = new Map(c.channels.map((ch) => [`${ch.source} ${ch.checked}`, ch]));
    for (const ch of sources.values()) {
      // "https://… (what it says there)": the address as a link, the rest as text.
      const m = /^(https:\/\/\S+)\s*(.*)$/.exec(ch.source);
      const rest = m ? m[2]! : ch.source;
      items.push({ text: `${t('show.source', { checked: ch.checked })}${rest ? `: ${rest}` : ''}`, ...(m ? { url: m[1]! } : {}) });
    }
    blocks.push({ kind: 'links', items });
  }
  return { lang, title: inLang(pb.title, lang), subtitle: `${pb.id} · ${t('report.version')} ${pb.version}`, blocks };
}

/** Markdown checklist, for printing or sharing. */
export function renderPlaybookMarkdown(pb: Playbook, shared: ReadonlyMap<string, Contact>, ctx: ViewContext, playbookTitle: (id: string) => string | undefined): string {
  return renderMarkdown(playbookDocument(pb, shared, ctx, playbookTitle));
}

/** The playbook as data (`show --json`): what the YAML says after checking, with the shared contacts it uses. */
export function playbookData(pb: Playbook, shared: ReadonlyMap<string, Contact>): { schema: 'takeover-playbook/1'; playbook: Playbook; sharedContacts: Contact[] } {
  return { schema: 'takeover-playbook/1', playbook: pb, sharedContacts: contactsOfPlaybook(pb, shared).filter((c) => !pb.contacts.includes(c)) };
}
