// A small stored case for the store's own tests (locks, durability): one Amazon track, nothing else.
import { INCIDENT_SCHEMA, type Incident } from '../../src/core/case/incident.ts';
import { emptyRecords } from '../../src/core/case/records.ts';

/** A case made at `created`, with the answers given (none by default). */
export function storedCase(id: string, created: string, answers: Incident['tracks'][number]['answers'] = {}): Incident {
  return {
    schema: INCIDENT_SCHEMA,
    id,
    createdAt: created,
    updatedAt: created,
    lang: 'en',
    timeZone: 'Asia/Tokyo',
    state: 'open',
    tracks: [{ playbook: 'amazon', version: 1, title: { ja: 'アマゾン', en: 'Amazon' }, state: 'active', addedAt: created, startedAt: created, answers }],
    active: 0,
    facts: {},
    waived: {},
    notes: [],
    events: [{ at: created, type: 'started', track: 0 }],
    followUps: [],
    clocks: [],
    records: emptyRecords(),
  };
}
