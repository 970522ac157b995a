import type { Context } from '../context.ts';
import { openItems } from '../core/engine.ts';
import { loc } from '../core/render.ts';
import { renderStatus } from '../core/status.ts';
import { resolveIncident } from './incidents.ts';

export interface StatusOptions {
  incident?: string;
  json?: boolean;
}

/** `takeover status [incident]`: what is due, overdue and next, and what is still open. */
export function runStatus(opts: StatusOptions, ctx: Context): void {
  const { io, t, lang } = ctx;
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) {
    io.out(t('list.none'));
    return;
  }
  const cat = ctx.catalogue();
  if (opts.json) {
    io.out(JSON.stringify({ schema: 1, id: incident.id, clocks: incident.clocks, followUps: incident.followUps }, null, 2));
    return;
  }
  const now = ctx.now();
  io.out(ctx.style.heading(`${incident.id} · ${incident.tracks.map((tr) => loc(tr.title, lang)).join(' / ')}`));
  io.out('');
  const view = { lang, t, style: ctx.style, userZone: ctx.userZone, serviceZone: incident.timeZone, now };
  io.out(renderStatus(incident, view).join('\n'));
  incident.tracks.forEach((tr) => {
    const pb = cat.playbooks.get(tr.playbook)?.playbook;
    const open = pb ? openItems(pb, tr) : [];
    if (!open.length) return;
    io.out('');
    io.out(ctx.style.warn(t('incident.openItems', { count: open.length })));
    for (const o of open) io.out(`  - ${loc(o.step.title, lang)}`);
  });
}
