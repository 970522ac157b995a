import type { Context } from '../context.ts';
import { wrapBlock } from '../core/text/wrap.ts';
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
  if (opts.json) return void ctx.io.out(JSON.stringify(playbookData(pb, cat.sharedContacts), null, 2));
  if (opts.html) return void ctx.io.out(renderHtml(playbookDocument(pb, cat.sharedContacts, view, title)).trimEnd());
  ctx.io.out(opts.md ? renderPlaybookMarkdown(pb, cat.sharedContacts, view, title) : wrapBlock(renderPlaybookText(pb, cat.sharedContacts, view, title).split('\n'), ctx.io.columns - 1).join('\n'));
}
