import type { Context } from '../context.ts';
import type { FieldKey } from '../core/case/fields.ts';
import type { Incident } from '../core/case/incident.ts';
import { chargesOf, isCardPlaybook, type Where } from '../core/case/records.ts';
import { cardName, cardStop, chargeLine, deskName, orderLine } from '../core/documents/names.ts';
import { fieldText, inLang, isCardDesk, realNumberLine, renderContact, renderReady, renderScript, type ViewContext } from '../core/text/render.ts';
import type { Contact, Playbook } from '../core/playbook/schema.ts';
import { sanitize } from '../core/text/sanitize.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { CaseSession } from '../wizard/session.ts';
import { resolveCard, resolveIncident } from './incidents.ts';

export interface ScriptOptions {
  /** a desk id, or a playbook id (all its desks) */
  contact?: string;
  incident?: string;
  /** the card a card desk is called about (its last 4 digits), when the case has several */
  card?: string;
}

interface Desk {
  contact: Contact;
  /** the playbook the desk belongs to (the company) */
  owner?: Playbook;
}

/** The playbook whose desk this is: its own contacts, or its steps use it. */
function ownerOf(session: CaseSession, id: string): Playbook | undefined {
  const all = [...session.ctx.catalogue().playbooks.values()].map((p) => p.playbook);
  const inCase = session.incident.tracks.map((t) => session.playbook(t.playbook)).filter((p): p is Playbook => !!p);
  return all.find((p) => p.contacts.some((c) => c.id === id)) ?? inCase.find((p) => p.steps.some((s) => s.kind === 'contact' && s.contacts.includes(id)));
}

/** Where the desk's fields are read: the service of the case about that company (its card or account). */
function whereOf(session: CaseSession, owner: Playbook | undefined): Where {
  if (!owner) return {};
  const track = session.incident.tracks.findIndex((t) => t.playbook === owner.id);
  if (track >= 0) return { track };
  const card = isCardPlaybook(owner) ? session.incident.records.cards.find((c) => c.issuer === owner.id) : undefined;
  return card ? { card: card.id } : {};
}

/** What was already done with this company, in the person's words: the card paused or stopped, each call and its reference. */
function alreadyDone(session: CaseSession, owner: Playbook | undefined, where: Where, view: ViewContext): string[] {
  const { t } = view;
  const inc: Incident = session.incident;
  const lines: string[] = [];
  const card = where.card ? inc.records.cards.find((c) => c.id === where.card) : where.track !== undefined ? inc.records.cards.find((c) => c.id === inc.tracks[where.track!]?.subject) : undefined;
  const stop = card && cardStop(card);
  if (stop) lines.push(t(`script.done.${stop.how}`, { time: fieldText('card.stopped-at', stop.at, view)! }));
  const desks = new Set(owner?.contacts.map((c) => c.id));
  // the calls to this company's desks, and those recorded about this card without a desk
  for (const call of inc.records.calls.filter((c) => (c.desk ? desks.has(c.desk) : !!card && c.about === card.id)))
    lines.push(
      t(call.reference ? 'script.done.callRef' : 'script.done.call', {
        time: fieldText('card.stopped-at', call.start, view)!,
        desk: call.desk ? deskName(call.desk, session.namer(), owner?.id) : cardName(card!, session.namer()),
        reference: sanitize(call.reference ?? ''),
      }),
    );
  return lines.length ? [view.style.bold(t('script.alreadyDone')), ...lines.map((l) => `  • ${l}`)] : [];
}

/** The details a desk may want besides what it asks for: the orders at a shop, the card's own charges at a card company. */
function extraReady(session: CaseSession, owner: Playbook | undefined, where: Where, view: ViewContext): string[] {
  const inc = session.incident;
  if (owner?.intake?.group === 'shop') {
    const account = inc.records.accounts.find((a) => a.service === owner.id);
    const orders = inc.records.orders.filter((o) => !account || o.account === account.id || !o.account);
    return orders.length ? [`${view.t('script.orders')}: ${orders.map((o) => orderLine(o, view.t)).join(view.t('list.join'))}`] : [];
  }
  const card = where.card ? inc.records.cards.find((c) => c.id === where.card) : where.track !== undefined ? inc.records.cards.find((c) => c.id === inc.tracks[where.track!]?.subject) : undefined;
  if (!card) return [];
  const charges = chargesOf(inc, card);
  return [`${view.t('script.card')}: ${cardName(card, session.namer())}`, ...(charges.length ? [`${view.t('script.charges')}: ${charges.map(chargeLine).join(' / ')}`] : [])];
}

/** The desks to show: one named, every desk of a playbook named, or every desk of the case that asks for details or has words to say. */
function desksFor(session: CaseSession, id: string | undefined, ctx: Context): Desk[] {
  const { t } = ctx;
  const playbookDesks = (pb: Playbook) =>
    [...new Set(pb.steps.flatMap((s) => (s.kind === 'contact' ? s.contacts : [])))]
      .map((d) => session.contact(pb.id, d))
      .filter((c): c is Contact => !!c && (!!c.asks?.length || !!c.script))
      .map((contact) => ({ contact, owner: ownerOf(session, contact.id) ?? pb }));
  if (id) {
    const pb = session.playbook(id);
    if (pb) return playbookDesks(pb);
    const found = session.contact(undefined, id);
    if (!found) throw new TakeoverError(t('script.unknown', { id }), EXIT.usage, [t('script.hint')]);
    return [{ contact: found, owner: ownerOf(session, id) }];
  }
  const seen = new Set<string>();
  const out: Desk[] = [];
  for (const tr of session.incident.tracks) {
    const pb = session.playbook(tr.playbook);
    if (!pb) continue;
    for (const d of playbookDesks(pb)) {
      if (seen.has(d.contact.id)) continue;
      out.push(d);
      seen.add(d.contact.id);
    }
  }
  if (!out.length) throw new TakeoverError(t('script.none'), EXIT.ok);
  return out;
}

/**
 * `takeover script [desk | playbook]`: for one desk (or each desk of a company, or of the case),
 * its numbers and hours now and where to check them, what was already done with that company,
 * what to have ready (filled from the case) and what to say.
 */
export function runScript(opts: ScriptOptions, ctx: Context): void {
  const { t, io, lang, style } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) throw new TakeoverError(t('list.none'), EXIT.ok);
  const session = new CaseSession(ctx, incident);
  const view: ViewContext = { lang, t, style, userZone: session.incident.timeZone, serviceZone: session.incident.timeZone, now: ctx.now(), playbook: session.playbook, contact: session.contact };
  const named = opts.card ? resolveCard(session, opts.card, ctx) : undefined;
  const cards = session.incident.records.cards;
  const blocks: string[] = [];
  const doneFor = new Set<string>();
  for (const { contact, owner } of desksFor(session, opts.contact, ctx)) {
    // A company's own desk speaks for that company's card or account. A desk shared by several
    // (your card company, the police) is about no company: a card desk gets one block per card
    // (or the card named with --card), anything else what the case holds.
    const own = !!owner?.contacts.some((c) => c.id === contact.id);
    const cardDesk = isCardDesk(contact, isCardPlaybook(owner) ? owner : undefined);
    // (a shared card desk is for the cards whose company has no desk of its own in a playbook)
    const otherCards = cards.filter((c) => !c.issuer || !isCardPlaybook(session.playbook(c.issuer)) || c.issuer === 'card');
    const forCards = otherCards.length ? otherCards : cards;
    const wheres: Where[] = named && cardDesk ? [{ card: named.id }] : cardDesk && !own && forCards.length ? forCards.map((c) => ({ card: c.id })) : [own ? whereOf(session, owner) : {}];
    for (const where of wheres) {
      const card = where.card ? cards.find((c) => c.id === where.card) : undefined;
      blocks.push(
        '',
        style.heading(`${inLang(contact.name, lang)}${card && !own ? ` — ${cardName(card, session.namer())}` : ''}`),
        ...renderContact(contact, view, { live: true, ...(owner ? { playbook: owner.id } : {}) }).slice(1),
      );
      blocks.push('', ...realNumberLine([contact], view, isCardPlaybook(owner) ? owner : undefined));
      const key = own ? owner!.id : card ? card.id : undefined;
      if (key && !doneFor.has(key)) {
        doneFor.add(key);
        const done = alreadyDone(session, own ? owner : undefined, where, view);
        if (done.length) blocks.push('', ...done);
      }
      const ready = renderReady((contact.asks ?? []) as FieldKey[], session.lookup(where), view, extraReady(session, own ? owner : undefined, where, view));
      if (ready.length) blocks.push('', ...ready);
      const script = renderScript(contact, session.lookup(where), view);
      if (script.length) blocks.push('', ...script);
    }
  }
  io.out(wrapBlock(blocks.join('\n').replace(/^\n/, '').split('\n'), io.columns - 1).join('\n'));
}
