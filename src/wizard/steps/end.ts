// The end of one service. What is still open there is listed (it stays on the case's list); the
// person goes on with the next service in the plan, back to the one they came from, or adds a
// service the playbook suggests.
import { inLang } from '../../core/text/render.ts';
import type { StepHandler } from './index.ts';

export const askEnd: StepHandler<'end'> = async (w, place) => {
  const { t, ctx } = w;
  const { lang, style } = ctx;
  const open = w.session.items().filter((i) => i.track === place.track);
  if (open.length) w.out(['', style.warn(t('end.openHere', { count: open.length })), style.dim(t('end.openHereHint'))]);

  const inc = w.session.incident;
  const cat = ctx.catalogue();
  const inCase = new Set(inc.tracks.map((tr) => tr.playbook));
  const suggestions = (place.step.suggest ?? []).filter((s) => !inCase.has(s.playbook) && cat.playbooks.has(s.playbook));
  if (suggestions.length) {
    w.out(['', style.bold(t('end.suggestions'))]);
    for (const s of suggestions) w.out(`  → ${inLang(cat.playbooks.get(s.playbook)!.playbook.title, lang)}: ${inLang(s.reason, lang)}`);
  }

  const track = inc.tracks[place.track]!;
  const following = w.followingTrack();
  const nextTitle = following !== undefined ? inLang(inc.tracks[following]!.title, lang) : undefined;
  const first =
    following === undefined
      ? { value: 'next', name: t('choice.finishPart') }
      : track.returnTo === following
        ? { value: 'next', name: t('choice.returnTo', { title: nextTitle! }) }
        : { value: 'next', name: t('choice.nextInPlan', { title: nextTitle! }) };
  const r = await w.askStep(place, {
    own: [
      first,
      ...suggestions.map((s) => ({
        value: `add:${s.playbook}`,
        name: t('choice.addService', { title: inLang(cat.playbooks.get(s.playbook)!.playbook.title, lang) }),
        description: inLang(s.reason, lang),
      })),
    ],
    commit: (v) => w.save([w.answerAction(place, { status: 'done' }), ...(v.startsWith('add:') ? [{ type: 'add-track' as const, playbook: v.slice(4), activate: true, why: 'suggested' }] : [])]),
  });
  return 'own' in r ? 'next' : r.result;
};
