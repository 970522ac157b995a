import type { Context } from '../context.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { hoursStatus } from '../core/time/hours.ts';
import { channelValue, contactHours, inLang, renderContact } from '../core/text/render.ts';
import { contactsOfPlaybook } from '../core/documents/show.ts';
import { isoInZone, parseTypedMoment } from '../core/time/dates.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { requirePlaybook } from './incidents.ts';

export interface ContactsOptions {
  playbook?: string;
  at?: string;
  json?: boolean;
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
  const seen = new Set<string>();
  for (const pb of playbooks) {
    const contacts = contactsOfPlaybook(pb, cat.sharedContacts).filter((c) => opts.playbook || !seen.has(c.id));
    if (!contacts.length) continue;
    const view = { lang, t, style: ctx.style, userZone: ctx.userZone, serviceZone: pb.timeZone, now };
    if (!opts.json) io.out(`\n${ctx.style.heading(inLang(pb.title, lang))}`);
    for (const c of contacts) {
      seen.add(c.id);
      const hours = contactHours(c);
      if (opts.json) {
        const s = hours ? hoursStatus(hours, now, pb.timeZone) : undefined;
        json.push({
          playbook: pb.id,
          id: c.id,
          name: c.name,
          status: s
            ? s.open
              ? { open: true, closesAt: s.closesAt ? isoInZone(s.closesAt, pb.timeZone) : null }
              : { open: false, opensAt: s.opensAt ? isoInZone(s.opensAt, pb.timeZone) : null, reason: s.reason }
            : null,
          channels: c.channels.map((ch) => ({ kind: ch.kind, value: channelValue(ch, lang), confidence: ch.confidence, source: ch.source, checked: ch.checked })),
        });
      } else io.out(wrapBlock(['', ...renderContact(c, view)], io.columns - 1).join('\n'));
    }
  }
  if (opts.json) io.out(JSON.stringify({ schema: 2, at: isoInZone(now, ctx.userZone), contacts: json }, null, 2));
  else io.out(['', t('contact.realNumber')].join('\n'));
}
