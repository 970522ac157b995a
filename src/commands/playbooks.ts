import type { Context } from '../context.ts';
import { inLang } from '../core/text/render.ts';
import { displayWidth as width } from '../core/text/wrap.ts';

export interface PlaybooksOptions {
  json?: boolean;
}

/** `takeover playbooks`: every playbook that can be started, shipped and custom. */
export function runPlaybooks(opts: PlaybooksOptions, ctx: Context): void {
  const { io, lang, t } = ctx;
  const cat = ctx.catalogue();
  const list = [...cat.playbooks.values()].sort((a, b) => Number(b.shipped) - Number(a.shipped) || a.playbook.id.localeCompare(b.playbook.id));
  if (opts.json) {
    io.json({ schema: 1, playbooks: list.map((p) => ({ id: p.playbook.id, version: p.playbook.version, title: p.playbook.title, summary: p.playbook.summary, file: p.file, shipped: p.shipped })) });
    return;
  }
  const idWidth = Math.max(...list.map((p) => width(p.playbook.id)));
  for (const p of list) {
    const custom = p.shipped ? '' : ctx.style.dim(`  ${t('playbooks.custom', { file: p.file })}`);
    io.out(`${ctx.style.bold(p.playbook.id.padEnd(idWidth))}  ${inLang(p.playbook.title, lang)}${custom}`);
  }
  for (const s of cat.shadowed) io.err(ctx.style.warn(t('playbook.shadows', { id: s.id, file: s.file, replaces: s.replaces })));
  if (cat.diagnostics.length) io.err(ctx.style.warn(t('catalogue.problems')));
}
