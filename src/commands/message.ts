import type { Context } from '../context.ts';
import { MESSAGE_KINDS, outgoingMessage, type MessageKind } from '../core/documents/outgoing.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { CaseSession } from '../wizard/session.ts';
import { resolveCard, resolveIncident } from './incidents.ts';

export interface MessageOptions {
  kind: string;
  incident?: string;
  /** for `card`: the last 4 digits of the card it is about */
  card?: string;
}

/** `takeover message contacts|amazon|card [--card NNNN]`: a ready-to-send message, filled from the case, on stdout (to copy or pipe). */
export function runMessage(opts: MessageOptions, ctx: Context): void {
  const { t, io } = ctx;
  if (!(MESSAGE_KINDS as readonly string[]).includes(opts.kind)) throw new TakeoverError(t('outgoing.unknown', { kind: opts.kind, kinds: MESSAGE_KINDS.join(', ') }), EXIT.usage);
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) throw new TakeoverError(t('list.none'), EXIT.usage);
  const session = new CaseSession(ctx, incident);
  // Every time in the case's own zone, whatever the computer's.
  const view = { lang: ctx.lang, t, style: ctx.style, userZone: incident.timeZone, serviceZone: incident.timeZone, now: ctx.now() };
  const card = opts.kind === 'card' ? resolveCard(session, opts.card, ctx) : undefined;
  io.data(outgoingMessage(opts.kind as MessageKind, { incident: session.incident, view, playbook: session.playbook, ...(card ? { card } : {}) }));
  io.err(ctx.style.dim(t(`outgoing.hint.${opts.kind as MessageKind}`)));
}
