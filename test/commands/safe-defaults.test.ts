// A reflex Enter never records something that did not happen. Every contact step of every shipped
// playbook (real YAML), reached by the real reducer, is opened with `resume` at 02:10 and at 10:00
// on a weekday; the person presses Enter once, then stops. No call is logged, the step is not
// "done", nothing is stamped on a card or an account; at a closed desk Enter plans the call for
// when it opens, at a desk one can phone it only says "I'm calling now".
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/adapters/catalogue.ts';
import { runResume } from '../../src/commands/resume.ts';
import type { Incident } from '../../src/core/case/incident.ts';
import { CaseSession } from '../../src/wizard/session.ts';
import { testContext, type TestContext } from '../helpers/context.ts';
import { caseAt } from '../helpers/walk.ts';

const catalogue = loadCatalogue([], { cache: false });
const shipped = [...catalogue.playbooks.values()].map((p) => p.playbook);
const playbookOf = (id: string) => catalogue.playbooks.get(id)?.playbook;
const contexts: TestContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

const contactSteps = shipped.flatMap((pb) => pb.steps.filter((s) => s.kind === 'contact').map((s) => [pb.id, s.id] as const));

describe.each([
  ['02:10', '2026-11-24T02:10:00+09:00'],
  ['10:00', '2026-11-24T10:00:00+09:00'],
])('at %s on a Tuesday, one Enter on a contact step', (_at, iso) => {
  it.each(contactSteps)('%s / %s records nothing that did not happen', async (pbId, stepId) => {
    const pb = playbookOf(pbId)!;
    const now = new Date(iso);
    const ctx = testContext({ now: iso });
    contexts.push(ctx);
    ctx.catalogue = () => catalogue;
    const start = caseAt(pb, stepId, now, playbookOf);
    ctx.store().save(start, new CaseSession(ctx, start).summary(start));
    const enterOnce = [
      { ask: /./, answer: { enter: true } },
      { ask: /./, answer: { enter: true } },
      { ask: /./, answer: { ctrlC: true } },
    ] as const;
    let prompter = ctx.prompterOf([{ ask: /./, answer: { ctrlC: true } }]);
    await runResume({}, ctx, prompter).catch(() => undefined);
    // Something urgent first (a pause about to lift): resume opens the case menu; the person goes on to the step.
    const menu = prompter.asked[0]!.message === 'What now?';
    prompter = ctx.prompterOf([...(menu ? [{ ask: 'What now?', answer: { pick: 'Continue' } }] : []), ...enterOnce]);
    await runResume({}, ctx, prompter).catch(() => undefined);
    const after = ctx.store().load(start.id)!;
    const step = prompter.asked[menu ? 1 : 0]!;
    expect(step.message, 'the step is what resume asks first').toBe('What would you like to do?');
    // Nothing happened that the person did not do.
    expect(after.records.calls).toEqual([]);
    expect(after.tracks[0]!.answers[stepId]?.status, 'the step is not done').not.toBe('done');
    const stamped = (inc: Incident) =>
      [...inc.records.cards, ...inc.records.accounts].flatMap((r) =>
        ['pausedAt', 'stoppedAt', 'reportedAt', 'reissuedAt', 'securedAt'].filter((k) => (r as Record<string, unknown>)[k] !== undefined).map((k) => `${r.id}.${k}`),
      );
    expect(stamped(after), 'nothing newly stamped').toEqual(stamped(start));
    // What Enter did: planned the call for when the desk opens, said "I'm calling now", or nothing.
    const picked = step.answer as string | undefined;
    if (picked) expect(picked).toMatch(/^(Remind me to call .* when it opens|I'm calling now)/);
    else expect(step.enterPickedNothing).toBe(true);
  });
});
