// An input step: something to write down. A fact the case already holds is shown, not asked
// again ("keep / change"). An empty Enter skips an optional input; Esc opens the other choices.
// A charge goes through a small form (amount and currency apart, for the totals).
import type { FieldKey } from '../../core/case/fields.ts';
import { reusedServices, subjectOf } from '../../core/case/records.ts';
import { chargeLine, orderLine, serviceName } from '../../core/documents/names.ts';
import { checkInput, MAX_TYPED, normalizeInput } from '../../core/text/input-check.ts';
import { sensitiveContent } from '../../core/text/sensitive.ts';
import { CancelledError } from '../../errors.ts';
import { inLang, momentText } from '../../core/text/render.ts';
import { cleanTyped } from '../../core/text/sanitize.ts';
import { askRecord, knownField, shownField } from '../forms.ts';
import type { Wizard } from '../wizard.ts';
import type { StepResult } from '../wizard.ts';
import type { StepHandler, StepPlace } from './index.ts';

type InputPlace = StepPlace<'input'>;

/**
 * The step's other choices (Esc, or an empty Enter where the box cannot be left empty). After an
 * empty Enter, Enter again moves on (skip, or later) instead of looping back to the same box.
 */
async function menu(w: Parameters<StepHandler<'input'>>[0], place: InputPlace, after: 'esc' | 'empty' = 'esc'): Promise<StepResult> {
  const { t } = w;
  const own = [{ value: 'type', name: t('choice.enter') }, ...(place.step.input.optional ? [{ value: 'skipped', name: t('choice.skip') }] : []), { value: 'later', name: t('choice.later') }];
  const r = await w.askStep(place, {
    own,
    // after an empty box, "later" keeps it on the list: a second reflex Enter never skips it
    default: after === 'empty' ? 'later' : 'type',
    commit: (v) => (v === 'type' ? false : w.save(w.answerAction(place, { status: v as 'skipped' | 'later' }))),
  });
  if ('own' in r) return r.own === 'type' ? 'again' : 'next';
  return r.result;
}

/** The orders of this service's account, or the charges of its card or account, that the case holds, one line each. */
function heldRecords(w: Parameters<StepHandler<'input'>>[0], kind: 'charge' | 'order', track: number): string[] {
  const inc = w.session.incident;
  const subject = subjectOf(inc, track, w.session.playbook);
  if (kind === 'order') return inc.records.orders.filter((o) => !o.subscription && (!subject.account || !o.account || o.account === subject.account.id)).map((o) => orderLine(o, w.t));
  return inc.records.charges.filter((c) => (subject.card ? c.card === subject.card.id : subject.account ? c.account === subject.account.id : true)).map(chargeLine);
}

export const askInput: StepHandler<'input'> = async (w, place) => {
  const { t, ctx } = w;
  const { input } = place.step;
  const lang = ctx.lang;

  // Charges and orders: as many as there are, each through its form (one record each).
  if (input.record === 'charge' || input.record === 'order') {
    const kind = input.record;
    // those the case already holds (recorded at the start, by a command, in another step): shown,
    // and an empty first box then means "that is all", not "skip"
    const heldNow = () => heldRecords(w, kind, place.track);
    const held = heldNow();
    if (held.length) w.out(ctx.style.good(`✔ ${t('record.held', { kind: t(`record.kind.${kind}`), list: held.join(' / ') })}`));
    for (;;) {
      w.out(ctx.style.dim(t(`record.kind.${kind}`)));
      const fields = await askRecord(w, kind, { track: place.track, step: place.step.id }, { step: true });
      if (!fields) break;
      const more = await w.prompter.select({
        message: t('record.more'),
        choices: [
          { value: 'no', name: t('record.thatsAll') },
          { value: 'yes', name: t('record.addAnother') },
        ],
      });
      if (more === 'no') break;
    }
    const all = heldNow();
    if (all.length) {
      w.save(w.answerAction(place, { status: 'answered', value: all.join(' / ') }));
      return 'next';
    }
    return menu(w, place, 'empty');
  }

  // A field the case already holds: keep it (Enter) or change it.
  const fact = input.fact as FieldKey | undefined;
  const own = w.session.incident.tracks[place.track]!.answers[place.step.id];
  const where = { track: place.track };
  const known = fact ? (knownField(w, fact, where) ?? derivedValue(w, fact)) : undefined;
  if (fact && known && !own) {
    const shown = shownField(w, fact, where) ?? known;
    w.out(ctx.style.good(`✔ ${t('fact.already', { what: t(`fact.${fact}`), value: shown })}`));
    const r = await w.askStep(place, {
      message: t('fact.keepQuestion'),
      own: [
        { value: 'keep', name: t('fact.keep', { value: shown }) },
        { value: 'change', name: t('fact.change') },
      ],
      commit: (v) => (v === 'keep' ? w.save(w.answerAction(place, { status: 'answered', value: known })) : false),
    });
    if ('result' in r) return r.result;
    if (r.own === 'keep') return 'next';
  }

  if (input.placeholder) w.out(ctx.style.dim(inLang(input.placeholder, lang)));
  // the plain line prompts say themselves how to reach the other choices (? instead of Esc)
  if (!ctx.plain) w.out(ctx.style.dim(t(input.optional ? 'input.hintOptional' : 'input.hintRequired')));
  else if (input.optional) w.out(t('input.hintOptionalPlain'));
  const env = { t, now: ctx.now(), zone: ctx.userZone };
  // Text left typed in this box when the person stopped last time comes back in the box.
  const draft = w.session.incident.draft;
  const left = draft?.track === place.track && draft.step === place.step.id ? draft.text : undefined;
  if (left) w.out(ctx.style.dim(t('input.draftBack')));
  const previous = left ?? own?.value ?? known;
  const value = await keepDraft(w, place, () =>
    w.prompter.input({
      message: `${inLang(place.step.title, lang)}${input.optional ? t('prompt.optional') : ''}`,
      ...(previous ? { prefill: previous } : {}),
      allowMenu: true,
      validate: (v) => {
        const c = checkInput(v, input.type, env);
        if (c !== true) return c;
        return !input.optional && !v.trim() ? t('input.requiredOrEsc') : true;
      },
      commit: (v) => {
        const clean = normalizeInput(cleanTyped(v), input.type, { now: ctx.now(), zone: ctx.userZone });
        if (!clean) return w.save(w.answerAction(place, { status: 'skipped' }));
        return w.save(w.answerAction(place, { status: 'answered', value: clean }));
      },
    }),
  );
  if (value === null) return menu(w, place);
  // "今日 1:50" or "yesterday 23:30": say which moment was saved, so a slip shows at once.
  const saved = w.session.incident.tracks[place.track]!.answers[place.step.id]?.value;
  if ((input.type === 'date' || input.type === 'datetime') && saved && value.trim() !== saved) {
    const words = momentText(saved, w.view(place.pb));
    if (words) w.out(ctx.style.dim(t('input.readAs', { value: words })));
  }
  return 'next';
};

/**
 * A value the case knows without having been asked: the sites with the same password are the
 * services of the case marked so (at the start, "the same password everywhere").
 */
function derivedValue(w: Wizard, key: FieldKey): string | undefined {
  if (key !== 'case.reused-sites') return undefined;
  const names = reusedServices(w.session.incident).map((a) => serviceName(a.service, w.session.namer()));
  return names.length ? names.join(w.t('list.join')) : undefined;
}

/**
 * Asks, and when the person stops (Ctrl+C) with text typed and not yet entered, keeps it as the
 * case's draft for this step — unless it holds what is never stored (a card number, a password).
 */
async function keepDraft<T>(w: Wizard, place: InputPlace, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (e) {
    const text = e instanceof CancelledError && e.draft ? cleanTyped(e.draft) : '';
    if (text && !sensitiveContent(text) && text.length <= MAX_TYPED) {
      try {
        w.save({ type: 'draft', track: place.track, step: place.step.id, text });
      } catch {
        // the draft is a courtesy: stopping must not fail because it could not be kept
      }
    }
    throw e;
  }
}
