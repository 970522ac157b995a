import type { Context } from '../context.ts';
import type { Incident } from '../core/incident.ts';
import { EXIT, TakeoverError } from '../errors.ts';

/**
 * The incident named, or the most recently active one (only unfinished ones when `openOnly`).
 * Returns undefined when there is none at all; throws for an unknown id.
 */
export function resolveIncident(ctx: Context, id: string | undefined, opts: { openOnly?: boolean } = {}): Incident | undefined {
  const store = ctx.store();
  if (!id) {
    const candidates = store
      .list()
      .filter((s) => !opts.openOnly || s.state === 'open')
      .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
    if (!candidates.length) return undefined;
    id = candidates[0]!.id;
  }
  const incident = store.load(id);
  if (!incident) throw new TakeoverError(ctx.t('resume.unknown', { id }), EXIT.usage, [ctx.t('resume.listHint')]);
  return incident;
}
