import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybookFile } from '../../../src/adapters/playbook-files.ts';
import { loadCatalogue } from '../../../src/adapters/catalogue.ts';
import { deriveClocks } from '../../../src/core/time/clocks.ts';
import type { Track } from '../../../src/core/case/incident.ts';

const fixture = path.join('test', 'fixtures', 'playbooks', 'walkthrough.yaml');
const pb = loadPlaybookFile(fixture, { sharedContacts: loadCatalogue([]).sharedContacts }).playbook!;

function track(answers: Track['answers']): Track {
  return { playbook: pb.id, version: 1, title: pb.title, state: 'active', addedAt: '2026-11-21T02:10:00+09:00', startedAt: '2026-11-21T02:10:00+09:00', answers };
}
const inZone = (zone: string) => ({ facts: {}, timeZone: zone });
const NONE = new Map();

describe('deriveClocks', () => {
  it('starts nothing before the wait step is done', () => {
    expect(deriveClocks(pb, track({}), 0, inZone('Asia/Tokyo'), NONE)).toEqual([]);
    expect(deriveClocks(pb, track({ watch: { status: 'later', at: '2026-11-21T02:10:00+09:00' } }), 0, inZone('Asia/Tokyo'), NONE)).toEqual([]);
  });

  it('measures a wait from the moment the step was done (a date the person entered starts nothing: that is a period)', () => {
    const clocks = deriveClocks(
      pb,
      track({
        'noticed-date': { status: 'answered', value: '2026-11-20', at: '2026-11-21T02:12:00+09:00' },
        watch: { status: 'done', at: '2026-11-21T02:15:00+09:00' },
      }),
      0,
      inZone('Asia/Tokyo'),
      NONE,
    );
    expect(clocks).toEqual([expect.objectContaining({ id: 'watch-week', type: 'wait', from: '2026-11-21T02:15:00+09:00', due: '2026-11-28T02:15:00+09:00' })]);
  });

  it.each([
    // zone of the person        wait done at (UTC)          due shown in their zone
    ['America/Los_Angeles', '2026-10-30T17:00:00Z', '2026-11-06T09:00:00-08:00'], // crosses the US DST end (Nov 1)
    ['Europe/London', '2026-03-25T12:00:00Z', '2026-04-01T13:00:00+01:00'], // crosses the UK DST start (Mar 29)
  ])('a person in %s sees the due time in their own zone and offset', (zone, doneAt, due) => {
    const clocks = deriveClocks(pb, track({ watch: { status: 'done', at: doneAt } }), 0, inZone(zone), NONE);
    expect(clocks[0]!.due).toBe(due);
    // Seven days counted in the service's zone (JST, no DST) = exactly 168 hours.
    expect(Date.parse(clocks[0]!.due) - Date.parse(doneAt)).toBe(7 * 24 * 3600 * 1000);
  });
});
