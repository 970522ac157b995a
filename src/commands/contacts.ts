import type { Context } from '../context.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { hoursStatus } from '../core/time/hours.ts';
import { channelValue, contactHours, inLang, renderContact } from '../core/text/render.ts';
import { contactsOfPlaybook } from '../core/documents/show.ts';
import { isoInZone, parseTypedMoment } from '../core/time/dates.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import type { Contact, Lang } from '../core/playbook/schema.ts';
import { requirePlaybook } from './incidents.ts';

export interface ContactsOptions {
  playbook?: string;
  at?: string;
  json?: boolean;
}

/** One desk as data: its status now (or at --at), with what is not confirmed, and its channels. */
function contactJson(c: Contact, playbook: string | undefined, zone: string, now: Date, lang: Lang): unknown {
  const hours = contactHours(c);
  const s = hours ? hoursStatus(hours, now, zone) : undefined;
  const iso = (d: Date | undefined) => (d ? isoInZone(d, zone) : null);
  return {
    playbook: playbook ?? null,
    shared: !playbook,
    id: c.id,
    name: c.name,
    status: s
      ? s.open
        ? { open: true, closesAt: iso(s.closesAt), ...(s.unsure ? { unsure: true } : {}) }
        : { open: false, opensAt: iso(s.opensAt), reason: s.reason, ...(s.unsure ? { unsure: true } : {}), ...(s.sureOpensAt ? { sureOpensAt: iso(s.sureOpensAt) } : {}) }
      : null,
    ...(c.whenClosed ? { whenClosed: c.whenClosed } : {}),
    channels: c.channels.map((ch) => ({ kind: ch.kind, value: channelValue(ch, lang), confidence: ch.confidence, source: ch.source, checked: ch.checked })),
  };
}

/** `takeover contacts [playbook] [--at TIME] [--json]`: every contact, open or closed now (or at TIME). */
export function runContacts(opts: ContactsOptions, ctx: Context): void {
  const { io, lang, t } = ctx;
  let now = ctx.now();
  if (opts.at) {
    const at = parseTypedMoment(opts.at, now, ctx.userZone)?.at;
    if (!at) throw new TakeoverError(t('contacts.badAt', { value: opts.at }), EXIT.usage);
    now = at;
  }
  const cat = ctx.catalogue();
  const playbooks = opts.playbook ? [requirePlaybook(ctx, opts.playbook)] : [...cat.playbooks.values()].map((p) => p.playbook);
  const json: unknown[] = [];
  // Each playbook's own desks under its heading; the desks shared by several (the police, your
  // card company, 188) once, under their own heading, so none reads as belonging to one service.
  const shared = new Map<string, Contact>();
  const section = (title: string, pbId: string | undefined, zone: string, contacts: Contact[]) => {
    if (!contacts.length) return;
    const lookup = (_pb: string | undefined, id: string) => (pbId ? cat.playbooks.get(pbId)?.playbook.contacts.find((c) => c.id === id) : undefined) ?? cat.sharedContacts.get(id);
    const view = { lang, t, style: ctx.style, userZone: ctx.userZone, serviceZone: zone, now, contact: lookup };
    if (!opts.json) io.out(`\n${ctx.style.heading(title)}`);
    for (const c of contacts) {
      if (opts.json) json.push(contactJson(c, pbId, zone, now, lang));
      else io.out(wrapBlock(['', ...renderContact(c, view, { live: true, ...(pbId ? { playbook: pbId } : {}) })], io.columns - 1).join('\n'));
    }
  };
  for (const pb of playbooks) {
    const all = contactsOfPlaybook(pb, cat.sharedContacts);
    for (const c of all) if (!pb.contacts.includes(c)) shared.set(c.id, c);
    section(inLang(pb.title, lang), pb.id, pb.timeZone, pb.contacts);
  }
  const zone = playbooks[0]?.timeZone ?? 'Asia/Tokyo';
  section(t(opts.playbook ? 'contacts.sharedUsed' : 'contacts.shared'), undefined, zone, [...shared.values()]);
  if (opts.json) io.json({ schema: 2, at: isoInZone(now, ctx.userZone), contacts: json });
  else io.out(['', t('contact.realNumber')].join('\n'));
}
