// A wait step: something that takes time (a result mail, a recovery hold). Its clock starts when
// the person says so; it ends when what it waits for happens ("the mail came"), and its length can
// be set to what the company said ("5 hours"). A wait that does not apply can be skipped.
import type { Action } from '../../core/case/case.ts';
import { clockKey } from '../../core/time/clocks.ts';
import { parseDuration, parseTypedMoment } from '../../core/time/dates.ts';
import { formatWhen, inLang } from '../../core/text/render.ts';
import type { StepHandler } from './index.ts';

export const askWait: StepHandler<'wait'> = async (w, place) => {
  const { t, ctx } = w;
  const waits = place.step.clocks.filter((c) => c.type === 'wait');
  const until = waits.find((c) => c.until)?.until;
  const r = await w.askStep(place, {
    own: [
      { value: 'start', name: t('choice.waitStart') },
      { value: 'gave', name: t('choice.waitCompanyTime') },
      { value: 'happened', name: until ? t('choice.waitHappenedWhat', { what: inLang(until, ctx.lang) }) : t('choice.waitHappened') },
      { value: 'skipped', name: t('choice.waitSkip') },
      { value: 'later', name: t('choice.later') },
    ],
    // nothing in advance: a reflex Enter neither starts a clock nor says the wait is over
    default: null,
    commit: (v) => {
      if (v === 'gave') return false;
      const answer = w.answerAction(place, { status: v === 'skipped' ? 'skipped' : v === 'later' ? 'later' : 'done' });
      const closes: Action[] = v === 'happened' ? waits.map((c) => ({ type: 'close-clock', key: clockKey(place.track, place.step.id, c.id), how: 'event' })) : [];
      return w.save([answer, ...closes]);
    },
  });
  if ('result' in r) return r.result;
  if (r.own === 'gave') {
    const now = ctx.now();
    const text = await w.prompter.input({
      message: t('wait.companyTime'),
      validate: (v) => (parseDuration(v) || parseTypedMoment(v, now, ctx.userZone) ? true : t('wait.badTime')),
      commit: (v) => {
        const d = parseDuration(v);
        const due = d !== undefined ? new Date(now.getTime() + d) : parseTypedMoment(v, now, ctx.userZone)!.at;
        return w.save([w.answerAction(place, { status: 'done' }), ...waits.slice(0, 1).map((c) => ({ type: 'set-clock' as const, key: clockKey(place.track, place.step.id, c.id), due }))]);
      },
    });
    if (text === null) return 'again';
  }
  if (r.own === 'start' || r.own === 'gave') {
    const clock = w.session.incident.clocks.find((c) => c.track === place.track && c.step === place.step.id && c.type === 'wait' && !c.closedAt);
    if (clock?.noFixedEnd) w.out(ctx.style.dim(t('wait.startedNoEnd', { label: inLang(clock.label, ctx.lang) })));
    else if (clock) w.out(ctx.style.dim(t('wait.started', { label: inLang(clock.label, ctx.lang), time: formatWhen(new Date(clock.upTo ?? clock.due), ctx.userZone, w.view(place.pb), true) })));
  }
  return 'next';
};
