// A question step: the answer chooses the path. Nothing is chosen until the person moves or
// types a number, so a stray Enter never picks a branch.
import { inLang } from '../../core/text/render.ts';
import type { StepHandler } from './index.ts';

export const askQuestion: StepHandler<'question'> = async (w, place) => {
  const { lang } = w.ctx;
  const previous = w.session.incident.tracks[place.track]!.answers[place.step.id]?.option;
  const r = await w.askStep(place, {
    message: inLang(place.step.title, lang),
    own: place.step.options.map((o) => ({ value: o.id, name: inLang(o.label, lang) })),
    // Going back to a question: its earlier answer is highlighted; a new question: nothing is.
    default: previous ?? null,
    commit: (v) => w.save(w.answerAction(place, { status: 'answered', option: v })),
  });
  return 'own' in r ? 'next' : r.result;
};
