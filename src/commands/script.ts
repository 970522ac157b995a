import type { Context } from '../context.ts';
import { FACTS, type FactKey } from '../core/case/facts.ts';
import { inLang, renderContact, renderReady, renderScript } from '../core/text/render.ts';
import type { Contact } from '../core/playbook/schema.ts';
import { sanitize } from '../core/text/sanitize.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { CaseSession } from '../wizard/session.ts';
import { resolveIncident } from './incidents.ts';

export interface ScriptOptions {
  contact?: string;
  incident?: string;
}

/**
 * `takeover script [contact]`: for one desk (or every desk of the case that asks for details or has
 * words to say), its numbers and hours now, what to have ready, filled from the case, and what to say.
 */
export function runScript(opts: ScriptOptions, ctx: Context): void {
  const { t, io, lang, style } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) throw new TakeoverError(t('list.none'), EXIT.ok);
  const session = new CaseSession(ctx, incident);
  const view = { lang, t, style, userZone: ctx.userZone, serviceZone: incident.timeZone, now: ctx.now() };
  const cat = ctx.catalogue();

  let contacts: { contact: Contact; shop: boolean }[];
  if (opts.contact) {
    const found = session.contact(undefined, opts.contact);
    if (!found) throw new TakeoverError(t('script.unknown', { id: opts.contact }), EXIT.usage, [t('script.hint')]);
    const owner = [...cat.playbooks.values()].find((p) => p.playbook.contacts.some((c) => c.id === opts.contact));
    contacts = [{ contact: found, shop: owner?.playbook.intake?.group === 'shop' }];
  } else {
    const seen = new Set<string>();
    contacts = [];
    for (const tr of incident.tracks) {
      const pb = session.playbook(tr.playbook);
      if (!pb) continue;
      const ids = pb.steps.flatMap((s) => (s.kind === 'contact' ? s.contacts : []));
      for (const id of ids) {
        const c = session.contact(pb.id, id);
        if (!c || seen.has(c.id) || (!c.asks?.length && !c.script)) continue;
        seen.add(c.id);
        contacts.push({ contact: c, shop: pb.intake?.group === 'shop' });
      }
    }
    if (!contacts.length) throw new TakeoverError(t('script.none'), EXIT.ok);
  }

  const orders = incident.records.filter((r) => r.kind === 'order' && r.fields.orderNumber).map((r) => sanitize(r.fields.orderNumber!));
  const blocks: string[] = [];
  for (const { contact, shop } of contacts) {
    blocks.push('', style.heading(inLang(contact.name, lang)), ...renderContact(contact, view).slice(1));
    const asks = (contact.asks ?? []).filter((k): k is FactKey => k in FACTS);
    const ready = renderReady(asks, incident.facts, view);
    if (shop && orders.length) ready.push(`  • ${t('script.orders')}: ${orders.join(', ')}`);
    if (ready.length) blocks.push('', ...(asks.length ? ready : [style.bold(t('ready.title')), ...ready]));
    const script = renderScript(contact, incident.facts, view);
    if (script.length) blocks.push('', ...script);
  }
  io.out(wrapBlock(blocks.join('\n').replace(/^\n/, '').split('\n'), io.columns - 1).join('\n'));
}
