import type { Context } from '../context.ts';
import { displayWidth as width } from '../core/wrap.ts';

export interface ListOptions {
  json?: boolean;
}

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** `takeover list`: the saved incidents, newest activity first. Reads only the index file. */
export function runList(opts: ListOptions, ctx: Context): void {
  const { io, t } = ctx;
  const items = ctx.store().list().sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  if (opts.json) {
    io.out(JSON.stringify({ schema: 1, incidents: items }, null, 2));
    return;
  }
  if (!items.length) {
    io.out(t('list.none'));
    return;
  }
  const rows = [t('list.header').split('|'), ...items.map((s) => [s.id, s.playbooks.join(', '), when(s.createdAt), when(s.updatedAt), `${s.done}/${s.total}`, t(`state.${s.state}`)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  rows.forEach((r, i) => {
    const line = r.map((c, j) => c + ' '.repeat(widths[j]! - width(c))).join('  ').trimEnd();
    io.out(i === 0 ? ctx.style.bold(line) : line);
  });
}

