import type { Context } from '../context.ts';
import { sensitiveContent } from '../core/sensitive.ts';

/** Validation for typed text: refuses card numbers and passwords, checks the input's type. */
export function checkTyped(ctx: Context, text: string, type?: string): true | string {
  const sensitive = sensitiveContent(text);
  if (sensitive === 'card') return ctx.t('sensitive.card');
  if (sensitive === 'password') return ctx.t('sensitive.password');
  const v = text.trim();
  if (!v) return true;
  if (type === 'email' && !/^[^\s@]+@[^\s@]+$/.test(v)) return ctx.t('input.email');
  if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return ctx.t('input.date');
  if (type === 'date' && Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return ctx.t('input.date');
  if (type === 'amount' && !/\d/.test(v)) return ctx.t('input.amount');
  return true;
}
