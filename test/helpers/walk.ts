// Reaching any step of a playbook through the real reducer: the path from the start to a step, and
// a case of that one playbook standing there (every step before it answered as a person would).
import { expect } from 'vitest';
import { applyAction, newCase, sharedAnswers, type Action } from '../../src/core/case/case.ts';
import { locate } from '../../src/core/case/engine.ts';
import type { Incident } from '../../src/core/case/incident.ts';
import type { Playbook, Step } from '../../src/core/playbook/schema.ts';

export const TYPED: Record<string, string> = {
  text: 'x',
  email: 'stranger@example.net',
  'order-number': '250-1234567-7654321',
  reference: 'R-1',
  amount: '12800',
  date: '2026-11-20',
  datetime: '2026-11-20T01:55+09:00',
  url: 'https://example.com/',
  list: 'Amazon',
  last4: '1234',
  phone: '090-0000-0000',
};

/** The steps from the start to `target`, and the option taken at each question on the way. */
export function pathTo(pb: Playbook, target: string): { steps: string[]; choices: Record<string, string> } | undefined {
  const byId = new Map(pb.steps.map((s) => [s.id, s]));
  const queue: { id: string; steps: string[]; choices: Record<string, string> }[] = [{ id: pb.start, steps: [], choices: {} }];
  const seen = new Set<string>();
  while (queue.length) {
    const { id, steps, choices } = queue.shift()!;
    if (id === target) return { steps, choices };
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id)!;
    if (step.kind === 'question') for (const o of step.options) queue.push({ id: o.next, steps: [...steps, id], choices: { ...choices, [id]: o.id } });
    else if (step.kind !== 'end') queue.push({ id: step.next, steps: [...steps, id], choices });
  }
  return undefined;
}

/** A case of this one playbook standing at `target`, every step before it answered by the reducer. */
export function caseAt(pb: Playbook, target: string, now: Date, playbookOf: (id: string) => Playbook | undefined, lang: 'en' | 'ja' = 'en'): Incident {
  let inc = newCase({ id: '2026-11-24-0001', lang, timeZone: 'Asia/Tokyo', now: new Date(now.getTime() - 3600_000), playbooks: [pb] });
  inc = applyAction(inc, { type: 'switch', track: 0 }, { now, playbook: playbookOf });
  const path = pathTo(pb, target)!;
  for (let i = 0; i < path.steps.length; i++) {
    const pos = locate(pb, inc.tracks[0]!, sharedAnswers(inc, playbookOf));
    if (pos.current.id === target) break;
    const step = pos.current as Step;
    const answer: Extract<Action, { type: 'answer' }>['answer'] =
      step.kind === 'question' ? { status: 'answered', option: path.choices[step.id]! } : step.kind === 'input' ? { status: 'answered', value: TYPED[step.input.type]! } : { status: 'done' };
    inc = applyAction(inc, { type: 'answer', track: 0, step: step.id, answer }, { now, playbook: playbookOf });
  }
  expect(locate(pb, inc.tracks[0]!, sharedAnswers(inc, playbookOf)).current.id).toBe(target);
  return inc;
}
