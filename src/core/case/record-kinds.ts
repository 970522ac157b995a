// The kinds of things a person can record at any time (the "record something" menu, and
// `takeover record <kind>`): their fields, in the order they are asked, and where each is kept.
// Labels are in the message catalogue (record.kind.<kind>, field.<kind>.<field>). Pure data.
import type { RecordList } from './incident.ts';

export type FieldInput = 'text' | 'date' | 'datetime' | 'amount' | 'email' | 'last4' | 'reference' | 'phone';

export interface FormField {
  key: string;
  type?: FieldInput;
  required?: boolean;
  default?: string;
  /** a choice instead of a typed value (labels: <choicePrefix>.<value>) */
  choices?: readonly string[];
  choicePrefix?: string;
}

export interface RecordForm {
  list: RecordList;
  /** fields every record of this kind has (a membership is an order with subscription: true) */
  extra?: Record<string, unknown>;
  fields: FormField[];
}

export const CHARGE_STATUS_CHOICES = ['found', 'reported', 'refunded', 'refused'] as const;
export const TRACE_CHOICES = ['email', 'address', 'phone', 'device', 'change'] as const;

export const RECORD_FORMS = {
  charge: {
    list: 'charges',
    fields: [
      { key: 'merchant', required: true },
      { key: 'date', type: 'date' },
      // yen unless the amount says otherwise ("$59.99" is kept as typed); --currency on the command line
      { key: 'amount', type: 'amount', required: true },
      { key: 'status', choices: CHARGE_STATUS_CHOICES, choicePrefix: 'charge' },
    ],
  },
  order: {
    list: 'orders',
    fields: [{ key: 'number', required: true }, { key: 'items' }, { key: 'amount', type: 'amount' }, { key: 'address' }, { key: 'date', type: 'date' }],
  },
  subscription: {
    list: 'orders',
    extra: { subscription: true },
    fields: [
      { key: 'items', required: true },
      { key: 'date', type: 'date' },
      { key: 'amount', type: 'amount' },
    ],
  },
  trace: {
    list: 'traces',
    fields: [{ key: 'what', choices: TRACE_CHOICES, choicePrefix: 'trace' }, { key: 'value', required: true }, { key: 'label' }],
  },
  'sign-in': {
    list: 'traces',
    extra: { what: 'sign-in' },
    fields: [{ key: 'when', type: 'datetime', required: true }, { key: 'value' }],
  },
  evidence: { list: 'evidence', fields: [{ key: 'description', required: true }, { key: 'file' }] },
  card: {
    list: 'cards',
    fields: [
      { key: 'issuer', required: true },
      { key: 'last4', type: 'last4' },
    ],
  },
  police: {
    list: 'reports',
    extra: { body: 'police' },
    fields: [
      { key: 'station', required: true },
      { key: 'reference', type: 'reference' },
    ],
  },
} as const satisfies Record<string, RecordForm>;

export type FormKind = keyof typeof RECORD_FORMS;
export const FORM_KINDS = Object.keys(RECORD_FORMS) as FormKind[];

/** The fields of a kind as they are stored: the typed ones, then what every record of the kind has. */
export function formFields(kind: FormKind, typed: Record<string, string>): Record<string, unknown> {
  const form: RecordForm = RECORD_FORMS[kind];
  const out: Record<string, unknown> = { ...(form.extra ?? {}) };
  for (const f of form.fields) {
    const v = typed[f.key] ?? f.default;
    if (v !== undefined && v !== '') out[f.key] = f.key === 'currency' ? v.toUpperCase() : v;
  }
  // a trace without its own kind is a change the stranger made
  if (kind === 'trace' && !out.what) out.what = 'change';
  if (kind === 'charge' && !out.status) out.status = 'found';
  if (kind === 'charge' && !out.currency) out.currency = 'JPY';
  return out;
}
