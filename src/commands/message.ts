import type { Context } from '../context.ts';
import { MESSAGE_KINDS, outgoingMessage, type MessageKind } from '../core/documents/outgoing.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { resolveIncident } from './incidents.ts';

export interface MessageOptions {
  kind: string;
  incident?: string;
}

/** `takeover message contacts|amazon|card`: a ready-to-send message, filled from the case, on stdout (to copy or pipe). */
export function runMessage(opts: MessageOptions, ctx: Context): void {
  const { t, io } = ctx;
  if (!(MESSAGE_KINDS as readonly string[]).includes(opts.kind)) throw new TakeoverError(t('outgoing.unknown', { kind: opts.kind, kinds: MESSAGE_KINDS.join(', ') }), EXIT.usage);
  const incident = resolveIncident(ctx, opts.incident);
  if (!incident) throw new TakeoverError(t('list.none'), EXIT.usage);
  const view = { lang: ctx.lang, t, style: ctx.style, userZone: ctx.userZone, serviceZone: incident.timeZone, now: ctx.now() };
  io.out(outgoingMessage(opts.kind as MessageKind, incident, view));
  io.err(ctx.style.dim(t(`outgoing.hint.${opts.kind as MessageKind}`)));
}
