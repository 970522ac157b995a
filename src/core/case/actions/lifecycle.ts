// The case as a whole: closed, opened again, resumed, or brought up to date with its playbooks. Pure.
import { reconcile } from '../engine.ts';
import type { Incident } from '../incident.ts';
import { withTrack, type Change } from './common.ts';

export type LifecycleAction = { type: 'finish' } | { type: 'reopen' } | { type: 'resumed' } | { type: 'reconcile' };

export function applyLifecycle(incident: Incident, a: LifecycleAction, c: Change): Incident {
  switch (a.type) {
    case 'finish':
      if (incident.state === 'finished') return incident;
      c.events.push({ at: c.at, type: 'finished' });
      return { ...incident, state: 'finished', finishedAt: c.at };
    case 'reopen': {
      if (incident.state === 'open') return incident;
      c.events.push({ at: c.at, type: 'reopened' });
      const { finishedAt: _f, ...rest } = incident;
      return { ...rest, state: 'open' };
    }
    case 'resumed':
      c.events.push({ at: c.at, type: 'resumed', track: incident.active });
      return incident;
    case 'reconcile': {
      let next = incident;
      incident.tracks.forEach((t, i) => {
        const pb = c.env.playbook(t.playbook);
        if (!pb) return;
        const r = reconcile(pb, t);
        if (!r.versionChanged && !r.removed.length && !r.invalidAnswers.length) return;
        next = withTrack(next, i, r.track);
        c.events.push({
          at: c.at,
          type: 'playbook-changed',
          track: i,
          detail: `version ${t.version}->${pb.version}; removed: ${r.removed.join(',') || '-'}; changed questions: ${r.invalidAnswers.join(',') || '-'}`,
        });
      });
      return next;
    }
  }
}
