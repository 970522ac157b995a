import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybookFile, loadCatalogue } from '../../src/adapters/playbook-files.ts';
import { deriveClocks, dueItems } from '../../src/core/clocks.ts';
import type { Incident, Track } from '../../src/core/incident.ts';
import { translator } from '../../src/core/messages/index.ts';
import { renderStatus } from '../../src/core/status.ts';
import { plainStyle } from '../../src/core/style.ts';
import { parseAt, isoInZone } from '../../src/core/time.ts';

const fixture = path.join('test', 'fixtures', 'playbooks', 'walkthrough.yaml');
const pb = loadPlaybookFile(fixture, { sharedContacts: loadCatalogue([]).sharedContacts }).playbook!;

function track(answers: Track['answers']): Track {
  return { playbook: pb.id, version: 1, title: pb.title, startedAt: '2026-11-21T02:10:00+09:00', answers };
}

describe('deriveClocks', () => {
  it('starts nothing before the wait step is done', () => {
    expect(deriveClocks(pb, track({}), 0, 'Asia/Tokyo')).toEqual([]);
    expect(deriveClocks(pb, track({ watch: { status: 'later', at: '2026-11-21T02:10:00+09:00' } }), 0, 'Asia/Tokyo')).toEqual([]);
  });

  it('measures a wait from the moment the step was done, and a window back from the date the person entered', () => {
    const clocks = deriveClocks(
      pb,
      track({
        'noticed-date': { status: 'answered', value: '2026-11-20', at: '2026-11-21T02:12:00+09:00' },
        watch: { status: 'done', at: '2026-11-21T02:15:00+09:00' },
      }),
      0,
      'Asia/Tokyo',
    );
    expect(clocks).toEqual([
      expect.objectContaining({ id: 'watch-week', type: 'wait', from: '2026-11-21T02:15:00+09:00', due: '2026-11-28T02:15:00+09:00' }),
      // 60 days back from 2026-11-20 00:00 JST
      expect.objectContaining({ id: 'card-window', type: 'window', from: '2026-11-20T00:00:00+09:00', due: '2026-09-21T00:00:00+09:00' }),
    ]);
  });

  it.each([
    // zone of the person        wait done at (UTC)          due shown in their zone
    ['America/Los_Angeles', '2026-10-30T17:00:00Z', '2026-11-06T09:00:00-08:00'], // crosses the US DST end (Nov 1)
    ['Europe/London', '2026-03-25T12:00:00Z', '2026-04-01T13:00:00+01:00'], // crosses the UK DST start (Mar 29)
  ])('a person in %s sees the due time in their own zone and offset', (zone, doneAt, due) => {
    const clocks = deriveClocks(pb, track({ watch: { status: 'done', at: doneAt } }), 0, zone);
    expect(clocks[0]!.due).toBe(due);
    // Seven days counted in the service's zone (JST, no DST) = exactly 168 hours.
    expect(Date.parse(clocks[0]!.due) - Date.parse(doneAt)).toBe(7 * 24 * 3600 * 1000);
  });

  it('a 60-day window reaching back over a leap day', () => {
    const clocks = deriveClocks(pb, track({ 'noticed-date': { status: 'answered', value: '2028-03-15', at: '2028-03-15T09:00:00+09:00' }, watch: { status: 'done', at: '2028-03-15T09:05:00+09:00' } }), 0, 'Asia/Tokyo');
    expect(clocks.find((c) => c.id === 'card-window')!.due).toBe('2028-01-15T00:00:00+09:00');
  });
});

describe('dueItems and the status screen', () => {
  const base: Incident = {
    schema: 1, id: '2026-11-21-walkthrough-0001', createdAt: '2026-11-21T02:10:00+09:00', updatedAt: '2026-11-21T02:20:00+09:00', lang: 'en', timeZone: 'Asia/Tokyo', state: 'open',
    tracks: [track({})], active: 0, notes: [], events: [], ledger: [], records: [],
    clocks: [
      { id: 'result', track: 0, step: 'watch', type: 'wait', label: { ja: '結果のメール', en: 'Result by e-mail' }, from: '2026-11-21T02:20:00+09:00', due: '2026-11-22T02:20:00+09:00' },
      { id: 'docs', track: 0, step: 'watch', type: 'deadline', label: { ja: '書類の提出', en: 'Send the documents' }, from: '2026-11-20T00:00:00+09:00', due: '2026-12-20T00:00:00+09:00' },
      { id: 'window', track: 0, step: 'watch', type: 'window', label: { ja: '補償期間', en: 'Covered period' }, from: '2026-11-21T02:20:00+09:00', due: '2026-09-22T02:20:00+09:00' },
    ],
    followUps: [{ at: '2026-11-21T02:21:00+09:00', due: '2026-11-21T09:30:00+09:00', track: 0, text: 'Call Rakuten Card contact center' }],
  };

  it.each([
    // now (JST)                      overdue                         soon                                  later
    ['2026-11-21T02:30:00+09:00', [], ['Call Rakuten Card contact center', 'Result by e-mail'], ['Send the documents']],
    ['2026-11-21T10:00:00+09:00', ['Call Rakuten Card contact center'], ['Result by e-mail'], ['Send the documents']],
    ['2026-12-21T10:00:00+09:00', ['Call Rakuten Card contact center', 'Result by e-mail', 'Send the documents'], [], []],
  ])('at %s', (now, overdue, soon, later) => {
    const items = dueItems(base, new Date(now));
    const names = (state: string) => items.filter((i) => i.state === state).map((i) => i.followUp?.text ?? i.clock!.label.en);
    expect(names('overdue')).toEqual(overdue);
    expect(names('soon')).toEqual(soon);
    expect(names('later')).toEqual(later);
    expect(names('window')).toEqual(['Covered period']);
  });

  it('renders times in the person\'s zone with relative durations, and JST alongside when they differ', () => {
    const view = { lang: 'en' as const, t: translator('en'), style: plainStyle, userZone: 'America/Los_Angeles', serviceZone: 'Asia/Tokyo', now: new Date('2026-11-21T02:30:00+09:00') };
    const text = renderStatus({ ...base, timeZone: 'America/Los_Angeles' }, view).join('\n');
    expect(text).toContain('Due within 24 hours');
    // 09:30 JST on Sat 21 Nov = 16:30 PST on Fri 20 Nov; 7 h from 02:30 JST
    expect(text).toMatch(/Call Rakuten Card contact center — .*16:30 PST.*\(in 7 h\)/);
    const ja = renderStatus(base, { ...view, lang: 'ja', t: translator('ja'), userZone: 'Asia/Tokyo' }).join('\n');
    expect(ja).toContain('24時間以内');
    expect(ja).toContain('あと7時間');
  });
});

describe('parseAt', () => {
  const now = new Date('2026-11-21T02:10:00+09:00');
  it.each([
    ['2026-11-23T10:00:00+09:00', 'Asia/Tokyo', '2026-11-23T01:00:00.000Z'],
    ['2026-11-23 10:00', 'Asia/Tokyo', '2026-11-23T01:00:00.000Z'],
    ['2026-11-23 10:00', 'America/Los_Angeles', '2026-11-23T18:00:00.000Z'],
    ['10:00', 'Asia/Tokyo', '2026-11-21T01:00:00.000Z'],
    // 02:10 JST on the 21st is still the 20th in London: "today" is the person's today.
    ['9:30', 'Europe/London', '2026-11-20T09:30:00.000Z'],
  ])('%s in %s', (text, zone, expected) => {
    expect(parseAt(text, now, zone)?.toISOString()).toBe(expected);
  });
  it.each(['tomorrow', '25:00', '2026-02-30 10:00', '2026-13-01 10:00', ''])('refuses %j', (text) => {
    expect(parseAt(text, now, 'Asia/Tokyo')).toBeUndefined();
  });
  it('isoInZone writes UTC as +00:00', () => {
    expect(isoInZone(new Date('2026-11-21T00:00:00Z'), 'UTC')).toBe('2026-11-21T00:00:00+00:00');
  });
});
