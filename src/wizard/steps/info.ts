// An info step: something to know. The only answer is "next".
import type { StepHandler } from './index.ts';

export const askInfo: StepHandler<'info'> = async (w, place) => {
  const r = await w.askStep(place, {
    own: [{ value: 'done', name: w.t('choice.next') }],
    commit: () => w.save(w.answerAction(place, { status: 'done' })),
  });
  return 'own' in r ? 'next' : r.result;
};
