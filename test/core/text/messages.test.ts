// The message catalogue: both languages complete and alike, every key built from a list of the
// schema exists, no key is left unused, plurals through Intl.PluralRules, and the language choice.
import { PLAN_REASONS } from '../../../src/core/case/plan.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, ANSWER_STATUSES, CHARGE_STATUSES, ORDER_STATUSES, TRACE_KINDS, REPORT_BODIES, RECORD_LISTS } from '../../../src/core/case/incident.ts';
import { CATALOGUES, detectLang, pickForm, translator, type MessageKey } from '../../../src/core/text/messages/index.ts';
import { FIELD_KEYS } from '../../../src/core/case/fields.ts';
import { RECHECK_DAYS, RECHECKS } from '../../../src/core/case/case.ts';
import { MESSAGE_KINDS } from '../../../src/core/documents/outgoing.ts';
import { SIGNS } from '../../../src/core/playbook/signs.ts';
import { CHANNEL_KINDS, CONFIDENCE, STEP_KINDS } from '../../../src/core/playbook/schema.ts';
import { RECORD_FORMS, FORM_KINDS } from '../../../src/core/case/record-kinds.ts';
import { SECTIONS } from '../../../src/core/text/todo-view.ts';
import { ROOT } from '../../helpers/context.ts';
import { STOP_KINDS } from '../../../src/core/documents/names.ts';

const en = CATALOGUES.en;
const ja = CATALOGUES.ja;
const texts = (m: (typeof en)[MessageKey]) => (typeof m === 'string' ? [m] : [m.one, m.other]);
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** Keys built at run time from a list (`kind.${step.kind}`): the list comes from the schema or the code that builds them. */
const FAMILIES: Record<string, readonly (string | number)[]> = {
  kind: STEP_KINDS,
  channel: CHANNEL_KINDS,
  confidence: CONFIDENCE,
  event: EVENT_TYPES,
  status: [...ANSWER_STATUSES, 'notYet'],
  timeline: ANSWER_STATUSES,
  charge: CHARGE_STATUSES,
  fact: FIELD_KEYS,
  order: ORDER_STATUSES,
  trace: TRACE_KINDS,
  'report.body': REPORT_BODIES,
  'record.list': RECORD_LISTS,
  'card.stop': STOP_KINDS,
  'outgoing.card.stop': STOP_KINDS,
  'script.done': STOP_KINDS,
  sign: SIGNS,
  'plan.why': PLAN_REASONS,
  'record.kind': [...FORM_KINDS, 'narrative'],
  day: [0, 1, 2, 3, 4, 5, 6],
  month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  'todo.section': SECTIONS.map((s) => s.key),
  state: ['open', 'finished', 'damaged'],
  recheck: [...new Set(Object.values(RECHECKS).flat())],
  'recheck.when': RECHECK_DAYS,
  'outgoing.hint': MESSAGE_KINDS,
};
const familyKeys = [
  ...Object.entries(FAMILIES).flatMap(([prefix, list]) => list.map((x) => `${prefix}.${x}`)),
  ...Object.entries(RECORD_FORMS).flatMap(([kind, form]) => form.fields.map((f) => `field.${kind}.${f.key}`)),
];

describe('the catalogue', () => {
  it('has the same keys in Japanese and English', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it('has the same {placeholders} and no empty text in both languages', () => {
    // Format patterns choose from the parts they are given: "09:30" / "9:30", "Dec 29" / "12月29日".
    const FORMATS: Record<string, string[]> = {
      'hours.time': ['h', 'hh', 'mm'],
      'hours.monthDay': ['month', 'm', 'd'],
      'when.day': ['weekday', 'd', 'm', 'month'],
      'when.dayYear': ['weekday', 'd', 'm', 'month', 'year'],
    };
    const problems: string[] = [];
    for (const key of Object.keys(en) as MessageKey[]) {
      const e = texts(en[key]);
      const j = texts(ja[key]);
      if ([...e, ...j].some((s) => !s.trim() && key !== 'duration.join')) problems.push(`${key}: empty`);
      const [pe, pj] = [placeholders(e.join(' ')), placeholders(j.join(' '))];
      if (FORMATS[key]) {
        for (const p of [...pe, ...pj]) if (!FORMATS[key]!.includes(p)) problems.push(`${key}: {${p}} is not one of the parts given`);
      } else if (JSON.stringify(pj) !== JSON.stringify(pe)) problems.push(`${key}: ja has ${pj}, en has ${pe}`);
    }
    expect(problems).toEqual([]);
  });

  it('has every key built from a list of the schema', () => {
    expect(familyKeys.filter((k) => !(k in en))).toEqual([]);
  });

  it('has no key that nothing uses', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (f.name.endsWith('.ts') && !p.includes(`${path.sep}messages${path.sep}`)) files.push(p);
      }
    };
    walk(path.join(ROOT, 'src'));
    const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = new Set(familyKeys);
    for (const m of code.matchAll(/['`]([a-z][a-zA-Z0-9]*(?:[.-][a-zA-Z0-9]+)+)['`]/g)) used.add(m[1]!);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});

describe('the translator', () => {
  it.each([
    ['en', 1, 'Write down the detail they will ask for (1 missing)'],
    ['en', 3, 'Write down the details they will ask for (3 missing)'],
    ['ja', 1, '聞かれることを書いておく（1件まだ）'],
    ['ja', 3, '聞かれることを書いておく（3件まだ）'],
  ] as const)('%s, count %i: the plural form from Intl.PluralRules', (lang, count, text) => {
    expect(translator(lang)('choice.writeReady', { count })).toBe(text);
  });

  it('leaves an unknown {placeholder} as it is', () => {
    expect(pickForm('a {x} b', 'en')).toBe('a {x} b');
    expect(translator('en')('saved.progress', {})).toContain('{id}');
  });
});

describe('detectLang', () => {
  it.each<[string | undefined, Record<string, string>, string | undefined, string]>([
    ['en', { LANG: 'ja_JP.UTF-8' }, undefined, 'en'],
    [undefined, { TAKEOVER_LANG: 'ja', LANG: 'en_US.UTF-8' }, undefined, 'ja'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'ja', 'ja'],
    [undefined, { LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' }, undefined, 'ja'],
    [undefined, { LC_MESSAGES: 'ja_JP', LANG: 'C' }, undefined, 'ja'],
    [undefined, { LANG: 'ja_JP.UTF-8' }, undefined, 'ja'],
    [undefined, { LANG: 'C.UTF-8' }, undefined, 'en'],
    [undefined, {}, undefined, 'en'],
    [undefined, { TAKEOVER_LANG: 'fr', LANG: 'ja_JP.UTF-8' }, undefined, 'ja'],
  ])('--lang %s, env %j, saved %s → %s', (flag, env, saved, lang) => {
    expect(detectLang(flag, env, saved)).toBe(lang);
  });
});
