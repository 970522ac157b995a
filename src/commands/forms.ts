// Small forms the wizard uses to record things for the report: a charge, an order, a change the
// attacker made, a piece of evidence, a call. Every field goes through the same checks as any
// typed text (no card numbers, no passwords).
import type { Prompter } from '../adapters/prompter.ts';
import type { Context } from '../context.ts';
import { CHARGE_STATUS_NAMES, CHARGE_STATUSES, type LedgerEntry, type RecordEntry } from '../core/incident.ts';
import { loc, channelValue } from '../core/render.ts';
import type { Contact, Lang } from '../core/schema.ts';
import { parseAt } from '../core/time.ts';
import { checkTyped } from './typed.ts';
import { stamp } from '../context.ts';

export type StructuredKind = 'charge' | 'order' | 'attacker-change' | 'evidence' | 'sign-in-alert';
export const STRUCTURED_KINDS: StructuredKind[] = ['charge', 'order', 'attacker-change', 'evidence', 'sign-in-alert'];

interface Field {
  key: string;
  label: Record<Lang, string>;
  type?: 'date' | 'amount' | 'text' | 'datetime';
  required?: boolean;
  default?: string;
}

const FIELDS: Record<StructuredKind, Field[]> = {
  charge: [
    { key: 'merchant', label: { en: 'Shop name as shown on the statement', ja: '明細に出ている店名' }, required: true },
    { key: 'date', label: { en: 'Date of the charge (YYYY-MM-DD)', ja: '利用日（YYYY-MM-DD）' }, type: 'date' },
    { key: 'amount', label: { en: 'Amount (digits)', ja: '金額（数字）' }, type: 'amount', required: true },
    { key: 'currency', label: { en: 'Currency', ja: '通貨' }, default: 'JPY' },
  ],
  order: [
    { key: 'orderNumber', label: { en: 'Order number', ja: '注文番号' }, required: true },
    { key: 'items', label: { en: 'What was ordered', ja: '注文された商品' } },
    { key: 'address', label: { en: 'Delivery address used', ja: '使われた届け先の住所' } },
  ],
  'attacker-change': [
    { key: 'what', label: { en: 'What was changed (e.g. "e-mail address", "Prime sign-up")', ja: '変えられたもの（例：メールアドレス、プライム登録）' }, required: true },
    { key: 'value', label: { en: 'Changed to (e.g. the stranger\'s e-mail)', ja: '変更後の内容（例：知らないメールアドレス）' } },
  ],
  evidence: [
    { key: 'description', label: { en: 'What you kept (e.g. "Amazon notice e-mail, subject …, 2026-11-21")', ja: '残したもの（例：「Amazonからの通知メール、件名…、2026-11-21」）' }, required: true },
    { key: 'file', label: { en: 'File name of the screenshot, if any', ja: 'スクリーンショットのファイル名（あれば）' } },
  ],
  'sign-in-alert': [
    { key: 'when', label: { en: 'When (as shown in the alert)', ja: 'いつ（通知に出ている日時）' }, required: true },
    { key: 'where', label: { en: 'Where or which device (as shown)', ja: '場所や端末（通知に出ている内容）' } },
  ],
};

export const KIND_NAMES: Record<StructuredKind, Record<Lang, string>> = {
  charge: { en: 'A charge you did not make', ja: '身に覚えのない請求' },
  order: { en: 'An order you did not make', ja: '身に覚えのない注文' },
  'attacker-change': { en: 'Something the attacker changed', ja: '犯人に変えられた設定' },
  evidence: { en: 'Evidence you kept (a mail, a screenshot)', ja: '残した証拠（メール、スクリーンショット）' },
  'sign-in-alert': { en: 'A sign-in alert', ja: 'ログインの通知' },
};


function validator(ctx: Context, field: Field): (v: string) => true | string {
  return (v) => {
    const basic = checkTyped(ctx, v, field.type === 'datetime' ? undefined : field.type);
    if (basic !== true) return basic;
    if (field.required && !v.trim()) return ctx.lang === 'ja' ? 'この項目は必要です。' : 'This one is needed.';
    if (field.type === 'datetime' && v.trim() && !parseAt(v, ctx.now(), ctx.userZone)) return ctx.t('contacts.badAt', { value: v });
    return true;
  };
}

/**
 * Asks the fields of one record. Returns undefined when the person leaves the first
 * (required) field empty, which means "not now".
 */
export async function askRecord(ctx: Context, prompter: Prompter, kind: StructuredKind): Promise<Record<string, string> | undefined> {
  const fields: Record<string, string> = {};
  const list = FIELDS[kind];
  for (const [i, field] of list.entries()) {
    const hint = i === 0 && field.required ? (ctx.lang === 'ja' ? '（空のまま Enter でやめる）' : ' (leave empty to cancel)') : field.required ? '' : ` ${ctx.t('prompt.optional')}`;
    const value = await prompter.input({
      message: `${field.label[ctx.lang]}${hint}`,
      ...(field.default ? { default: field.default } : {}),
      validate: i === 0 && field.required ? (v) => (v.trim() ? validator(ctx, field)(v) : true) : validator(ctx, field),
    });
    if (i === 0 && field.required && !value.trim()) return undefined;
    if (value.trim()) fields[field.key] = value.trim();
  }
  if (kind === 'charge') {
    fields.status = await prompter.select({
      message: ctx.lang === 'ja' ? '今の状態' : 'Where does it stand?',
      choices: CHARGE_STATUSES.map((s) => ({ value: s, name: CHARGE_STATUS_NAMES[s][ctx.lang] })),
    });
  }
  return fields;
}

/** One line for a record, e.g. "2026-11-20 AMAZON MKTPLACE 12,800 JPY (found)". */
export function summarizeRecord(r: Pick<RecordEntry, 'kind' | 'fields'>, lang: Lang): string {
  const f = r.fields;
  switch (r.kind) {
    case 'charge':
      return [f.date, f.merchant, f.amount && `${f.amount} ${f.currency ?? ''}`.trim(), f.status && `(${CHARGE_STATUS_NAMES[f.status as keyof typeof CHARGE_STATUS_NAMES]?.[lang] ?? f.status})`].filter(Boolean).join(' ');
    case 'order':
      return [f.orderNumber, f.items, f.address && `→ ${f.address}`].filter(Boolean).join(' ');
    case 'attacker-change':
      return [f.what, f.value && `→ ${f.value}`].filter(Boolean).join(' ');
    case 'evidence':
      return [f.description, f.file && `[${f.file}]`].filter(Boolean).join(' ');
    case 'sign-in-alert':
      return [f.when, f.where].filter(Boolean).join(' · ');
    default:
      return f.value ?? '';
  }
}

/** Asks for one entry of the contact ledger: a call, a chat or a form sent. */
export async function askLedger(ctx: Context, prompter: Prompter, contacts: Contact[]): Promise<Omit<LedgerEntry, 'at' | 'track' | 'step'> | undefined> {
  const { lang } = ctx;
  const ja = lang === 'ja';
  const contactId =
    contacts.length === 1
      ? contacts[0]!.id
      : await prompter.select({ message: ja ? 'どこに連絡しましたか？' : 'Whom did you contact?', choices: contacts.map((c) => ({ value: c.id, name: loc(c.name, lang) })) });
  const contact = contacts.find((c) => c.id === contactId)!;
  const channelIndex =
    contact.channels.length === 1
      ? '0'
      : await prompter.select({
          message: ja ? 'どの方法で？' : 'How?',
          choices: contact.channels.map((ch, i) => ({ value: String(i), name: `${ctx.t(`channel.${ch.kind}`)}: ${channelValue(ch, lang)}` })),
        });
  const ch = contact.channels[Number(channelIndex)]!;
  const ask = async (message: string, type?: 'datetime') =>
    (await prompter.input({ message: `${message} ${ctx.t('prompt.optional')}`, validate: validator(ctx, { key: 'x', label: { en: '', ja: '' }, ...(type ? { type } : {}) }) })).trim() || undefined;
  const startText = await ask(ja ? '始めた時刻（空なら今。例 02:15、2026-11-21 02:15）' : 'When did it start? (empty = now; e.g. 02:15 or 2026-11-21 02:15)', 'datetime');
  const endText = await ask(ja ? '終わった時刻' : 'When did it end?', 'datetime');
  const who = await ask(ja ? '対応した人の名前' : 'Who answered (name)');
  const reference = await ask(ja ? '受付番号・問い合わせ番号' : 'Reference or case number (受付番号)');
  const promised = await ask(ja ? '約束されたこと・言われたこと' : 'What they promised or told you');
  const nextAction = await ask(ja ? '次にすること' : 'What you have to do next');
  const nextText = nextAction ? await ask(ja ? 'それはいつまで（例 2026-11-24 10:00）' : 'By when (e.g. 2026-11-24 10:00)', 'datetime') : undefined;
  const now = ctx.now();
  const when = (s: string | undefined) => (s ? parseAt(s, now, ctx.userZone) : undefined);
  const start = when(startText) ?? now;
  const end = when(endText);
  const next = when(nextText);
  return {
    contact: contact.id,
    channel: `${ch.kind}:${channelValue(ch, 'en')}`,
    start: stamp(start, ctx.userZone),
    ...(end ? { end: stamp(end, ctx.userZone) } : {}),
    ...(who ? { who } : {}),
    ...(reference ? { reference } : {}),
    ...(promised ? { promised } : {}),
    ...(nextAction ? { nextAction } : {}),
    ...(next ? { nextDate: stamp(next, ctx.userZone) } : {}),
  };
}
