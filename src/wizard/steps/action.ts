// An action step: something to do. Done, later (it stays on the list), or skip. Nothing is chosen
// in advance: a reflex Enter never says something was done.
import type { StepHandler } from './index.ts';

export const askAction: StepHandler<'action'> = async (w, place) => {
  const { t } = w;
  const r = await w.askStep(place, {
    own: [
      { value: 'done', name: t('choice.done') },
      { value: 'later', name: t('choice.later') },
      { value: 'skipped', name: t('choice.skip') },
    ],
    default: null,
    commit: (v) => w.save(w.answerAction(place, { status: v as 'done' | 'later' | 'skipped' })),
  });
  return 'own' in r ? 'next' : r.result;
};
