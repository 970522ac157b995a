// The hand check of a case's long lists (events, notes) must say exactly what zod says: every
// valid item passes, and every broken one is sent to zod. Table-driven, then seeded mutations.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Event, Incident, IncidentSummary, isEventShape, isNoteShape, isSummaryShape, Note, parseIncident } from '../../../src/core/case/incident.ts';
import { ROOT } from '../../helpers/context.ts';

const fixture = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json'), 'utf8')) as Record<string, unknown>;
const AT = '2026-11-21T02:10:00+09:00';

describe('events and notes checked by hand agree with zod', () => {
  it.each([
    ['a plain event', { at: AT, type: 'note', track: 0, step: 'x' }],
    ['with a previous answer', { at: AT, type: 'changed', track: 0, step: 'x', detail: 'done', previous: { status: 'later', at: AT } }],
    ['an unknown type', { at: AT, type: 'hacked' }],
    ['a time without an offset', { at: '2026-11-21T02:10:00', type: 'note' }],
    ['a date only', { at: '2026-11-21', type: 'note' }],
    ['an extra key', { at: AT, type: 'note', evil: 1 }],
    ['a track that is not a whole number', { at: AT, type: 'note', track: 0.5 }],
    ['a track as text', { at: AT, type: 'note', track: '0' }],
    ['a previous answer with an extra key', { at: AT, type: 'changed', previous: { status: 'done', at: AT, x: 1 } }],
    ['a previous answer with a bad status', { at: AT, type: 'changed', previous: { status: 'maybe', at: AT } }],
    ['null', null],
    ['a list', []],
    ['detail as a number', { at: AT, type: 'note', detail: 3 }],
  ])('event: %s', (_name, value) => {
    expect(isEventShape(value)).toBe(Event.safeParse(value).success);
  });

  it.each([
    ['a plain note', { at: AT, track: 0, step: 'x', text: 'hello' }],
    ['no text', { at: AT }],
    ['text as a number', { at: AT, text: 1 }],
    ['an extra key', { at: AT, text: 'a', b: 1 }],
    ['a bad time', { at: 'yesterday', text: 'a' }],
  ])('note: %s', (_name, value) => {
    expect(isNoteShape(value)).toBe(Note.safeParse(value).success);
  });

  it.each([
    ['a summary', { id: 'x', playbooks: ['amazon'], createdAt: AT, updatedAt: AT, state: 'open', done: 1, total: 2, bytes: 300 }],
    ['without bytes', { id: 'x', playbooks: [], createdAt: AT, updatedAt: AT, state: 'finished', done: 0, total: 1 }],
    ['a bad state', { id: 'x', playbooks: [], createdAt: AT, updatedAt: AT, state: 'gone', done: 0, total: 1 }],
    ['a playbook that is not text', { id: 'x', playbooks: [1], createdAt: AT, updatedAt: AT, state: 'open', done: 0, total: 1 }],
    ['an extra key', { id: 'x', playbooks: [], createdAt: AT, updatedAt: AT, state: 'open', done: 0, total: 1, x: 1 }],
    ['a fraction', { id: 'x', playbooks: [], createdAt: AT, updatedAt: AT, state: 'open', done: 0.5, total: 1 }],
  ])('index entry: %s', (_name, value) => {
    expect(isSummaryShape(value)).toBe(IncidentSummary.safeParse(value).success);
  });

  it('parseIncident and Incident.safeParse agree on 2,000 mutated cases (seed 42), and give the same data', () => {
    let s = 42;
    const random = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 0x100000000;
    };
    const poison: unknown[] = [undefined, null, 0, 1.5, '', 'x', AT, '2026-13-45T99:99', [], {}, { at: AT }, true];
    for (let i = 0; i < 2000; i++) {
      const inc = structuredClone(fixture) as Record<string, unknown> & { events: Record<string, unknown>[]; notes: Record<string, unknown>[] };
      const list = random() < 0.5 ? inc.events : inc.notes;
      const item = list[Math.floor(random() * list.length)]!;
      const keys = [...Object.keys(item), 'extra', 'previous', 'track'];
      const key = keys[Math.floor(random() * keys.length)]!;
      if (random() < 0.8) item[key] = poison[Math.floor(random() * poison.length)];
      else delete item[key];
      const fast = parseIncident(inc);
      const slow = Incident.safeParse(inc);
      expect(fast.success, `mutation ${i}: ${key}`).toBe(slow.success);
      if (fast.success && slow.success) expect(fast.data).toEqual(slow.data);
    }
  });
});
