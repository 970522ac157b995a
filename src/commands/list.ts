import type { Context } from '../context.ts';
import { displayWidth as width } from '../core/text/wrap.ts';

export interface ListOptions {
  json?: boolean;
}

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** `takeover list`: the saved cases, newest activity first, and any file that cannot be read. Reads the index. */
export function runList(opts: ListOptions, ctx: Context): void {
  const { io, t } = ctx;
  const { summaries, damaged } = ctx.store().list();
  const items = summaries.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  if (opts.json) {
    io.json({ schema: 2, incidents: items.map(({ bytes: _b, ...s }) => s), damaged: damaged.map((d) => ({ id: d.id, file: d.file })) });
    return;
  }
  if (!items.length && !damaged.length) {
    io.err(t('list.none'));
    return;
  }
  const rows = [
    t('list.header').split('|'),
    ...items.map((s) => [s.id, s.playbooks.join(', '), when(s.createdAt), when(s.updatedAt), `${s.done}/${s.total}`, t(`state.${s.state}`)]),
    ...damaged.map((d) => [d.id, '', '', '', '', t('state.damaged')]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  const total = widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1);
  // too wide for the window: one block per case, a field a line, instead of a table the window would break
  if (total > io.columns - 1) {
    const [header, ...body] = rows;
    // a column heading as a label: "PLAYBOOKS" → "Playbooks"
    const label = (h: string) => h.charAt(0) + h.slice(1).toLowerCase();
    body.forEach((r, i) => {
      if (i) io.out('');
      io.out(ctx.style.bold(`${r[0]}  ${r[5]}`));
      for (const j of [1, 2, 3, 4]) if (r[j]) io.out(`  ${label(header![j]!)}: ${r[j]}`);
    });
  } else
    rows.forEach((r, i) => {
      const line = r
        .map((c, j) => c + ' '.repeat(widths[j]! - width(c)))
        .join('  ')
        .trimEnd();
      io.out(i === 0 ? ctx.style.bold(line) : line);
    });
  for (const d of damaged) io.err(ctx.style.warn(t('list.damaged', { file: d.file })));
}
