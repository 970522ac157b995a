// Finding the case a command is about: by id (or a unique beginning of it), or the latest one.
// A damaged file never stops the others from being used: it is named and skipped.
import type { Context } from '../context.ts';
import type { AccountRecord, CardRecord, Incident } from '../core/case/incident.ts';
import { serviceOfName } from '../core/case/records.ts';
import { accountName, cardName } from '../core/documents/names.ts';
import type { CaseSession } from '../wizard/session.ts';
import type { Playbook } from '../core/playbook/schema.ts';
import { didYouMean, formatDiagnostic } from '../core/playbook/diagnostics.ts';
import { inLang } from '../core/text/render.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { INCIDENT_ID } from '../core/case/ids.ts';

/**
 * The case named, or the most recently active readable one (only open ones when `openOnly`).
 * Returns undefined when there is none at all; throws a usage error for an unknown or malformed id.
 */
export function resolveIncident(ctx: Context, id: string | undefined, opts: { openOnly?: boolean } = {}): Incident | undefined {
  const { t } = ctx;
  const store = ctx.store();
  if (id !== undefined) {
    if (!INCIDENT_ID.test(id)) throw new TakeoverError(t('incident.badId', { id }), EXIT.usage, [t('resume.listHint')]);
    const exact = store.load(id);
    if (exact) return exact;
    const { summaries } = store.list();
    const matches = summaries.filter((s) => s.id.startsWith(id));
    if (matches.length === 1) return store.load(matches[0]!.id);
    if (matches.length > 1)
      throw new TakeoverError(
        t('incident.ambiguous', { id }),
        EXIT.usage,
        matches.map((m) => `  ${m.id}`),
      );
    const guess = didYouMean(
      id,
      summaries.map((s) => s.id),
    );
    throw new TakeoverError(`${t('resume.unknown', { id })}${guess ? ` ${t('playbook.didYouMean', { id: guess })}` : ''}`, EXIT.usage, [t('resume.listHint')]);
  }
  const { summaries, damaged } = store.list();
  const candidates = summaries.filter((s) => !opts.openOnly || s.state === 'open').sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  for (const d of damaged) ctx.io.err(ctx.style.warn(t('incident.skippedDamaged', { file: d.file })));
  for (const c of candidates) {
    try {
      const inc = store.load(c.id);
      if (inc) return inc;
    } catch (e) {
      ctx.io.err(ctx.style.warn(t('incident.skippedDamaged', { file: store.incidentFile(c.id) })));
      void e;
    }
  }
  return undefined;
}

/** The playbook with this id, or a usage error with "did you mean" and the list. A broken custom copy is an error, never a silent fallback. */
export function requirePlaybook(ctx: Context, id: string): Playbook {
  const cat = ctx.catalogue();
  const { t } = ctx;
  const found = cat.playbooks.get(id);
  const broken = cat.diagnostics.filter((d) => d.file.replace(/\\/g, '/').match(new RegExp(`/${id.replace(/[^a-z0-9-]/g, '')}\\.ya?ml$`)) && d.file !== found?.file);
  if (found && (!broken.length || !found.shipped)) return found.playbook;
  if (broken.length)
    throw new TakeoverError(
      t('playbook.invalid', { id }),
      EXIT.failure,
      broken.map((d) => `  ${formatDiagnostic(d, t)}`),
    );
  const ids = [...cat.playbooks.keys()];
  const guess = didYouMean(id, ids) ?? ids.find((p) => p.startsWith(id));
  throw new TakeoverError(`${t('playbook.unknown', { id })}${guess ? ` ${t('playbook.didYouMean', { id: guess })}` : ''}`, EXIT.usage, [
    t('playbook.available'),
    ...ids.map((p) => `  ${p.padEnd(14)} ${inLang(cat.playbooks.get(p)!.playbook.title, ctx.lang)}`),
  ]);
}

/** start and resume ask questions: they need a terminal on both ends. */
export function requireTerminal(ctx: Context, command: string, playbook?: string): void {
  if (ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY) return;
  throw new TakeoverError(ctx.t('tty.needed', { command }), EXIT.notInteractive, [playbook ? ctx.t('tty.hint', { playbook }) : ctx.t('tty.hintTodo')]);
}

/** The card a message or sheet is about: the one named by its digits, or the only one; with several, the person says which. */
export function resolveCard(session: CaseSession, last4: string | undefined, ctx: Context): CardRecord | undefined {
  const cards = session.incident.records.cards;
  if (last4) {
    const card = cards.find((c) => c.last4 === last4.normalize('NFKC').trim());
    if (!card) throw new TakeoverError(ctx.t('message.noSuchCard', { last4 }), EXIT.usage);
    return card;
  }
  if (cards.length <= 1) return cards[0];
  throw new TakeoverError(
    ctx.t('message.whichCard'),
    EXIT.usage,
    cards.map((c) => `  --card ${c.last4 ?? '????'}  ${cardName(c, session.namer())}`),
  );
}

/** The account a value is about: the one of the service named, or the only one; with several or none, the person says which. */
export function resolveAccount(session: CaseSession, service: string | undefined, ctx: Context): AccountRecord {
  const accounts = session.incident.records.accounts;
  if (service) {
    const id = serviceOfName(service, session.playbook);
    const account = accounts.find((a) => a.service === id);
    if (!account) throw new TakeoverError(ctx.t('account.noSuch', { service }), EXIT.usage, [ctx.t('account.recordFirst')]);
    return account;
  }
  if (accounts.length === 1) return accounts[0]!;
  if (!accounts.length) throw new TakeoverError(ctx.t('account.none'), EXIT.usage, [ctx.t('account.recordFirst')]);
  throw new TakeoverError(
    ctx.t('account.which'),
    EXIT.usage,
    accounts.map((a) => `  --account ${a.service}  ${accountName(a, session.namer())}`),
  );
}
