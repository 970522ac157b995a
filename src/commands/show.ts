import type { Context } from '../context.ts';
import { inLang } from '../core/text/render.ts';
import { playbookData, playbookDocument, renderPlaybookMarkdown, renderPlaybookText } from '../core/documents/show.ts';
import { renderHtml } from '../core/documents/document.ts';
import { plainStyle } from '../core/text/style.ts';
import { requirePlaybook } from './incidents.ts';

export interface ShowOptions {
  playbook: string;
  md?: boolean;
  json?: boolean;
  html?: boolean;
}

/** `takeover show <playbook>`: the whole playbook as a checklist, without prompting. */
export function runShow(opts: ShowOptions, ctx: Context): void {
  const pb = requirePlaybook(ctx, opts.playbook);
  const cat = ctx.catalogue();
  const plain = opts.md || opts.json || opts.html;
  const view = { lang: ctx.lang, t: ctx.t, style: plain ? plainStyle : ctx.style, userZone: ctx.userZone, serviceZone: pb.timeZone, now: ctx.now() };
  const title = (id: string) => {
    const p = cat.playbooks.get(id)?.playbook;
    return p ? inLang(p.title, ctx.lang) : undefined;
  };
  if (opts.json) return void ctx.io.json(playbookData(pb, cat.sharedContacts));
  if (opts.html) return void ctx.io.data(renderHtml(playbookDocument(pb, cat.sharedContacts, view, title)).trimEnd());
  if (opts.md) ctx.io.data(renderPlaybookMarkdown(pb, cat.sharedContacts, view, title));
  else ctx.io.out(renderPlaybookText(pb, cat.sharedContacts, view, title));
}
