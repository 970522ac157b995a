// Reading a case written by an older takeover: each migration is a pure function from one schema
// version to the next, applied in turn, and the result is checked like any case read from disk.
import { LEGACY_FIELD_NAMES } from './fields.ts';
import { INCIDENT_SCHEMA, parseIncident, type Incident } from './incident.ts';

type Raw = Record<string, unknown>;
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

/** Version 1 (one playbook after another, no facts, follow-ups without ids) → version 2 (the case). */
function v1to2(old: Raw): Raw {
  const tracks = list(old.tracks).map((tr) => ({
    playbook: tr.playbook,
    version: tr.version,
    title: tr.title,
    state: tr.finishedAt ? 'finished' : 'active',
    addedAt: tr.startedAt,
    startedAt: tr.startedAt,
    answers: tr.answers,
    ...(tr.revisit ? { revisit: tr.revisit } : {}),
    ...(tr.finishedAt ? { finishedAt: tr.finishedAt } : {}),
  }));
  const facts: Raw = {};
  const narrative = typeof old.narrative === 'string' ? old.narrative : undefined;
  if (narrative) facts.narrative = { value: narrative, at: old.createdAt };
  // v1 recorded the noticed date through `record: noticed-at` inputs; the playbooks named those steps.
  list(old.tracks).forEach((tr, i) => {
    for (const [step, a] of Object.entries((tr.answers ?? {}) as Record<string, Raw>)) {
      if (/noticed/.test(step) && typeof a.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(a.value) && !facts['noticed-at']) facts['noticed-at'] = { value: a.value, at: a.at, track: i, step };
    }
  });
  const followUps = list(old.followUps).map((f, i) => ({
    id: `f${i + 1}`,
    kind: f.contact ? 'call' : 'next',
    at: f.at,
    due: f.due,
    track: f.track,
    ...(f.step ? { step: f.step } : {}),
    ...(f.contact ? { contact: f.contact } : {}),
    text: f.text,
    ...(f.done ? { done: f.done, closedBy: 'done' } : {}),
  }));
  const events = list(old.events).map((e) => (e.type === 'follow-up' ? { ...e, type: 'call-planned' } : e));
  const clocks = list(old.clocks).map((c) => ({ ...c, key: `${String(c.track)}:${String(c.step)}:${String(c.id)}` }));
  const { narrative: _n, ...rest } = old;
  return {
    ...rest,
    schema: 2,
    ...(old.state === 'finished' ? { finishedAt: old.updatedAt } : {}),
    tracks,
    facts,
    waived: {},
    events,
    followUps,
    clocks,
    records: list(old.records).filter((r) => r.kind !== 'noticed-at' && r.kind !== 'narrative'),
    evidence: [],
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
/** Drops the keys whose value is undefined (a record never holds an empty field). */
const compact = (o: Raw): Raw => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The v2 channel "app:Amazon app or website → …" kept rendered text; v3 keeps only what it refers to. */
function channelV3(stored: unknown): string | undefined {
  const s = str(stored);
  if (!s) return undefined;
  const m = /^(phone|web|chat|email|app):(.*)$/.exec(s);
  if (!m) return s;
  return m[1] === 'app' ? 'app' : `${m[1]}:${m[2]}`;
}

/**
 * Version 2 (facts in one flat list, a ledger, records by table) → version 3 (the things of the
 * case: cards, accounts, charges, orders, traces, calls, reports, evidence). A fact recorded in a
 * service belongs to that service's card or account; the rest keeps its place.
 */
function v2to3(old: Raw): Raw {
  const tracks = list(old.tracks);
  const facts = obj(old.facts);
  const fact = (k: string) => obj(facts[k]);
  const playbookOfTrack = (i: unknown) => (typeof i === 'number' ? str(tracks[i]?.playbook) : undefined);
  const origin = (f: Raw, fallbackAt: unknown): Raw => ({
    at: str(f.at) ?? fallbackAt,
    by: typeof f.track === 'number' || str(f.step) ? 'step' : 'migration',
    ...(typeof f.track === 'number' ? { track: f.track } : {}),
    ...(str(f.step) ? { step: f.step } : {}),
  });
  const history = (f: Raw, field: string): Raw[] => list(f.earlier).map((e) => compact({ at: e.at, by: 'migration', field, was: str(e.value) }));
  const withHistory = (r: Raw, h: Raw[]): Raw => (h.length ? { ...r, history: h } : r);
  const records = { cards: [] as Raw[], accounts: [] as Raw[], charges: [] as Raw[], orders: [] as Raw[], traces: [] as Raw[], calls: [] as Raw[], reports: [] as Raw[], evidence: [] as Raw[] };
  const at0 = old.createdAt;

  // The card: its issuer typed, or the card playbook of the service where its digits were given.
  const cardFacts = ['card-issuer', 'card-last4', 'card-reported-at'].filter((k) => str(fact(k).value));
  let cardId: string | undefined;
  if (cardFacts.length) {
    const first = fact(cardFacts[0]!);
    const fromService = cardFacts.map((k) => playbookOfTrack(fact(k).track)).find((p) => p && p !== 'card');
    cardId = 'card-1';
    records.cards.push(
      withHistory(
        compact({
          id: cardId,
          ...origin(first, at0),
          issuer: str(fact('card-issuer').value) ?? fromService,
          last4: str(fact('card-last4').value),
          reportedAt: str(fact('card-reported-at').value),
        }),
        [...history(fact('card-issuer'), 'issuer'), ...history(fact('card-last4'), 'last4'), ...history(fact('card-reported-at'), 'reportedAt')],
      ),
    );
  }

  // The account the person's own details and the attacker's address were given for.
  const accountFacts: [string, string][] = [
    ['account-name', 'name'],
    ['email-before', 'emailBefore'],
    ['registered-address', 'address'],
    ['registered-phone', 'phone'],
  ];
  const accountIds = new Map<string, string>();
  const accountFor = (service: string, f: Raw): string => {
    let id = accountIds.get(service);
    if (!id) {
      id = `account-${records.accounts.length + 1}`;
      accountIds.set(service, id);
      records.accounts.push({ id, ...origin(f, at0), service });
    }
    return id;
  };
  for (const [k, key] of accountFacts) {
    const f = fact(k);
    if (!str(f.value)) continue;
    const service = playbookOfTrack(f.track) ?? 'amazon';
    const id = accountFor(service, f);
    const acc = records.accounts.find((a) => a.id === id)!;
    acc[key] = f.value;
    const h = history(f, key);
    if (h.length) acc.history = [...list(acc.history), ...h];
  }
  const attacker = fact('attacker-email');
  if (str(attacker.value)) {
    const service = playbookOfTrack(attacker.track);
    const on = service ? accountFor(service, attacker) : undefined;
    for (const email of String(attacker.value)
      .split(/[,、，\s]+/)
      .filter(Boolean))
      records.traces.push(withHistory(compact({ id: `trace-${records.traces.length + 1}`, ...origin(attacker, at0), what: 'email', value: email, on }), history(attacker, 'value')));
  }
  const police = fact('police-reference');
  if (str(police.value)) records.reports.push(withHistory(compact({ id: 'report-1', ...origin(police, at0), body: 'police', reference: police.value }), history(police, 'reference')));

  for (const l of list(old.ledger)) {
    records.calls.push(
      compact({
        id: `call-${records.calls.length + 1}`,
        ...origin(l, at0),
        desk: str(l.contact),
        channel: channelV3(l.channel),
        start: l.start,
        end: str(l.end),
        who: str(l.who),
        reference: str(l.reference),
        promised: str(l.promised),
        nextAction: str(l.nextAction),
        nextDate: str(l.nextDate),
      }),
    );
  }
  const shopAccount = () => [...accountIds.entries()].find(([s]) => s === 'amazon')?.[1];
  for (const r of list(old.records)) {
    const fields = obj(r.fields);
    const f = (k: string) => str(fields[k]);
    const o = origin(r, at0);
    switch (r.kind) {
      case 'charge':
        records.charges.push(
          compact({
            id: `charge-${records.charges.length + 1}`,
            ...o,
            card: cardId,
            date: f('date'),
            merchant: f('merchant'),
            amount: f('amount'),
            currency: (f('currency') ?? 'JPY').toUpperCase(),
            status: f('status') ?? 'found',
          }),
        );
        break;
      case 'order': {
        const service = playbookOfTrack(r.track);
        records.orders.push(
          compact({
            id: `order-${records.orders.length + 1}`,
            ...o,
            account: service ? accountFor(service, r) : shopAccount(),
            number: f('orderNumber'),
            items: f('items'),
            amount: f('amount'),
            address: f('address'),
            date: f('date'),
          }),
        );
        break;
      }
      case 'attacker-change': {
        const service = playbookOfTrack(r.track);
        records.traces.push(compact({ id: `trace-${records.traces.length + 1}`, ...o, what: 'change', label: f('what'), value: f('value') ?? '', on: service ? accountFor(service, r) : undefined }));
        break;
      }
      case 'sign-in-alert':
        records.traces.push(compact({ id: `trace-${records.traces.length + 1}`, ...o, what: 'sign-in', value: f('where') ?? '', when: f('when') }));
        break;
      case 'evidence':
        records.evidence.push(compact({ id: `evidence-${records.evidence.length + 1}`, ...o, description: f('description'), file: f('file') }));
        break;
      case 'reference':
        records.calls.push(compact({ id: `call-${records.calls.length + 1}`, ...o, start: r.at, reference: f('value'), note: f('label') }));
        break;
    }
  }
  for (const e of list(old.evidence)) {
    records.evidence.push(
      compact({
        id: `evidence-${records.evidence.length + 1}`,
        at: e.at,
        by: 'command',
        stored: str(e.stored),
        originalName: str(e.originalName),
        size: e.size,
        sha256: str(e.sha256),
        note: str(e.note),
      }),
    );
  }

  const caseFacts: Raw = {};
  for (const k of ['noticed-at', 'narrative', 'reused-sites']) if (facts[k] !== undefined) caseFacts[k] = facts[k];
  const waived: Raw = {};
  for (const [k, v] of Object.entries(obj(old.waived))) waived[LEGACY_FIELD_NAMES[k] ?? k] = v;
  const clocks = list(old.clocks).filter((c) => c.type !== 'window');
  const { ledger: _l, evidence: _e, records: _r, ...rest } = old;
  return { ...rest, schema: 3, facts: caseFacts, waived, records, clocks };
}

export const MIGRATIONS: Record<number, (old: Raw) => Raw> = { 1: v1to2, 2: v2to3 };

export function migrateIncident(raw: unknown): { ok: true; incident: Incident; migrated: boolean } | { ok: false; error: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'the file does not hold an incident' };
  let data = raw as Raw;
  let version = typeof data.schema === 'number' ? data.schema : 0;
  const from = version;
  if (version > INCIDENT_SCHEMA) return { ok: false, error: `it was written by a newer takeover (schema ${version}); update takeover to read it` };
  while (version < INCIDENT_SCHEMA) {
    const step = MIGRATIONS[version];
    if (!step) return { ok: false, error: `no migration from schema ${version}` };
    data = step(data);
    version = data.schema as number;
  }
  const parsed = parseIncident(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, error: `${first.path.join('.') || '(top level)'}: ${first.message}` };
  }
  return { ok: true, incident: parsed.data, migrated: from !== INCIDENT_SCHEMA };
}
