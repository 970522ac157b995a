// A question step: the answer chooses the path. Nothing is chosen until the person moves or
// types a number, so a stray Enter never picks a branch. When the case already says the answer
// (the signs given at the start, a charge or an order already recorded), it is shown to keep or
// change instead of being asked again.
import type { Incident } from '../../core/case/incident.ts';
import { chargesOf, chargesOfAccount, subjectOf, type PlaybookOf } from '../../core/case/records.ts';
import type { Known, Option } from '../../core/playbook/schema.ts';
import { inLang } from '../../core/text/render.ts';
import type { StepHandler } from './index.ts';

/** True when the case already says this (a sign of the intake, or a record of this service). */
export function holds(known: Known, incident: Incident, track: number, playbook: PlaybookOf): boolean {
  if ('sign' in known) return !!incident.intake?.signs.includes(known.sign);
  if ('step' in known) return incident.tracks[track]?.answers[known.step]?.option === known.option;
  const subject = subjectOf(incident, track, playbook);
  switch (known.has) {
    case 'charge':
      // a card's charge, or money that left this bank or payment account
      return (!!subject.card && chargesOf(incident, subject.card).length > 0) || (!!subject.account && chargesOfAccount(incident, subject.account).length > 0);
    case 'order':
      return incident.records.orders.some((o) => !subject.account || o.account === subject.account.id);
    case 'trace':
      return incident.records.traces.some((x) => x.what === 'email' && (!subject.account || x.on === subject.account.id));
  }
}

/** The first option the case already answers, if any. */
export function knownOption(options: readonly Option[], incident: Incident, track: number, playbook: PlaybookOf): Option | undefined {
  return options.find((o) => o.known?.some((k) => holds(k, incident, track, playbook)));
}

export const askQuestion: StepHandler<'question'> = async (w, place) => {
  const { t, ctx } = w;
  const { lang } = ctx;
  const previous = w.session.incident.tracks[place.track]!.answers[place.step.id]?.option;
  const known = previous ? undefined : knownOption(place.step.options, w.session.incident, place.track, w.session.playbook);
  if (known) {
    const label = inLang(known.label, lang);
    // said as it came: the start's answers, an earlier answer, or what was recorded since
    const why = known.known!.find((k) => holds(k, w.session.incident, place.track, w.session.playbook))!;
    w.out(ctx.style.good(`✔ ${t('sign' in why ? 'question.known' : 'step' in why ? 'question.knownAnswered' : 'question.knownRecorded', { answer: label })}`));
    const r = await w.askStep(place, {
      message: inLang(place.step.title, lang),
      own: [
        { value: 'keep', name: t('fact.keep', { value: label }) },
        { value: 'change', name: t('question.other') },
      ],
      commit: (v) => (v === 'keep' ? w.save(w.answerAction(place, { status: 'answered', option: known.id })) : false),
    });
    if ('result' in r) return r.result;
    if (r.own === 'keep') return 'next';
  }
  const r = await w.askStep(place, {
    message: inLang(place.step.title, lang),
    own: place.step.options.map((o) => ({ value: o.id, name: inLang(o.label, lang) })),
    // Going back to a question: its earlier answer is highlighted; a new question: nothing is.
    default: previous ?? null,
    commit: (v) => w.save(w.answerAction(place, { status: 'answered', option: v })),
  });
  return 'own' in r ? 'next' : r.result;
};
