// A contact step: whom to contact now, with whether each desk is open, what to have ready and
// what to say. A desk that is closed says so, lists what can be done right now instead, and
// offers "remind me when it opens" (which plans the call and moves on). "Done" after a call asks
// for the reference number, so the call lands in the contact log.
import { contactHours, hoursStatus } from '../../core/time/hours.ts';
import { formatWhen, inLang, realNumberLine, renderContact, renderReady, renderScript } from '../../core/text/render.ts';
import type { FieldKey } from '../../core/case/fields.ts';
import type { Contact } from '../../core/playbook/schema.ts';
import { askMissingFields, knownField, quickLog } from '../forms.ts';
import type { StepHandler, StepPlace } from './index.ts';
import type { Wizard } from '../wizard.ts';

type ContactPlace = StepPlace<'contact'>;

/** How "done" reads for this step: a call, a page or app, or both kinds. */
function doneKind(contacts: Contact[]): 'called' | 'did' | 'contacted' {
  const kinds = new Set(contacts.flatMap((c) => c.channels.map((ch) => ch.kind)));
  if ([...kinds].every((k) => k === 'phone')) return 'called';
  if (!kinds.has('phone')) return 'did';
  return 'contacted';
}

/** The desks of this step that are closed now, with when they open. */
function closedDesks(w: Wizard, place: ContactPlace, contacts: Contact[]): { contact: Contact; opensAt: Date; zone: string }[] {
  const now = w.ctx.now();
  const out: { contact: Contact; opensAt: Date; zone: string }[] = [];
  for (const c of contacts) {
    const hours = contactHours(c);
    if (!hours) continue;
    const s = hoursStatus(hours, now, place.pb.timeZone);
    if (!s.open && s.opensAt) out.push({ contact: c, opensAt: s.opensAt, zone: hours.timeZone ?? place.pb.timeZone });
  }
  return out;
}

/** When a desk is closed: what else this step offers that can be done right now (open desks, self-service). */
function openNow(w: Wizard, place: ContactPlace, closed: Contact[]): string[] {
  const { t, lang } = w.ctx;
  const now = w.ctx.now();
  // Only this step's contacts: another desk of the playbook may be about something else entirely.
  const ids = place.step.contacts;
  const lines: string[] = [];
  for (const id of [...new Set(ids)]) {
    const c = w.session.contact(place.pb.id, id);
    if (!c || closed.includes(c)) continue;
    const hours = contactHours(c);
    if (hours) {
      const s = hoursStatus(hours, now, place.pb.timeZone);
      if (s.open && !s.unsure) lines.push(`  ✓ ${inLang(c.name, lang)} — ${t('hours.openNow')}`);
    } else if (c.channels.every((ch) => ch.kind === 'web' || ch.kind === 'app' || ch.kind === 'email')) {
      lines.push(`  ✓ ${inLang(c.name, lang)} — ${t('contacts.selfService')}`);
    }
  }
  return lines;
}

export const askContact: StepHandler<'contact'> = async (w, place) => {
  const { t, ctx } = w;
  const view = w.view(place.pb);
  const contacts = place.step.contacts.map((id) => w.session.contact(place.pb.id, id)).filter((c): c is Contact => !!c);
  const lookup = w.session.lookup({ track: place.track });

  const block: string[] = [];
  for (const c of contacts) block.push('', ...renderContact(c, view, { live: true, playbook: place.pb.id }));
  const real = realNumberLine(contacts, view, place.pb.intake?.group === 'card' ? place.pb : undefined);
  if (real.length) block.push('', ...real);
  const asks = [...new Set(contacts.flatMap((c) => c.asks ?? []))] as FieldKey[];
  if (asks.length) block.push('', ...renderReady(asks, lookup, view));
  for (const c of contacts) if (c.script) block.push('', ...renderScript(c, lookup, view));
  const closed = closedDesks(w, place, contacts);
  if (closed.length) {
    const alternatives = openNow(
      w,
      place,
      closed.map((x) => x.contact),
    );
    if (alternatives.length) block.push('', ctx.style.warn(t('contacts.closedAlternatives')), ...alternatives);
  }
  w.out(block);

  const missing = asks.filter((k) => !knownField(w, k, { track: place.track }));
  const kind = doneKind(contacts);
  const phoneContacts = contacts.filter((c) => c.channels.some((ch) => ch.kind === 'phone'));
  // A desk one can phone now (open, or not known to be closed): "I'm calling now" records nothing.
  const callable = phoneContacts.filter((c) => !closed.some((x) => x.contact === c));
  const own = [
    ...closed.map(({ contact, opensAt, zone }) => ({
      value: `remind:${contact.id}`,
      name: t('choice.remind', { name: inLang(contact.name, ctx.lang), time: formatWhen(opensAt, zone, view, false) }),
    })),
    ...(callable.length ? [{ value: 'calling', name: t('choice.callingNow') }] : []),
    { value: 'done', name: t(kind === 'called' ? 'choice.called' : kind === 'did' ? 'choice.done' : 'choice.contacted') },
    ...(missing.length ? [{ value: 'ready', name: t('choice.writeReady', { count: missing.length }) }] : []),
    { value: 'later', name: t('choice.later') },
    { value: 'skipped', name: t('choice.skip') },
  ];
  const where = { track: place.track, step: place.step.id };
  // A reflex Enter never records a call that was not made: the cursor starts on "call now" at a
  // desk one can call, on "remind me when it opens" when every desk with a phone is closed, and
  // on nothing otherwise.
  const start = callable.length ? 'calling' : closed.length ? `remind:${closed[0]!.contact.id}` : null;
  const r = await w.askStep(place, {
    own,
    default: start,
    log: true,
    commit: (v) => {
      if (v === 'ready' || v === 'calling') return false;
      if (v.startsWith('remind:')) {
        const hit = closed.find((x) => `remind:${x.contact.id}` === v)!;
        return w.save([
          { type: 'plan-call', ...where, contact: hit.contact.id, due: hit.opensAt, text: t('followUp.call', { name: inLang(hit.contact.name, w.ctx.lang) }) },
          w.answerAction(place, { status: 'later' }),
        ]);
      }
      return w.save(w.answerAction(place, { status: v as 'done' | 'later' | 'skipped' }));
    },
  });
  if ('result' in r) return r.result;
  if (r.own === 'ready') {
    await askMissingFields(w, missing, where);
    return 'again';
  }
  if (r.own === 'calling') return afterCall(w, place, callable);
  if (r.own.startsWith('remind:')) {
    const hit = closed.find((x) => `remind:${x.contact.id}` === r.own)!;
    w.out(ctx.style.good(`✔ ${t('followUp.saved', { name: inLang(hit.contact.name, ctx.lang), time: formatWhen(hit.opensAt, hit.zone, view, true) })}`));
    return 'next';
  }
  // Logged with the desk it was: when the step offers an app and a phone line, the person says which.
  if (r.own === 'done' && kind !== 'did' && phoneContacts.length) await quickLog(w, contacts.length > 1 ? contacts : phoneContacts, where);
  return 'next';
};

/** After "I'm calling now": how it went, asked once the call is over, with nothing chosen in advance. */
async function afterCall(w: Wizard, place: ContactPlace, callable: Contact[]): Promise<'next' | 'again'> {
  const { t } = w;
  // what to have ready and what to say were shown with the step, when the desk has them
  const shown = callable.some((c) => c.asks?.length || c.script);
  w.out(['', w.ctx.style.dim(t(shown ? 'call.whileCalling' : 'call.whileCallingPlain'))]);
  const where = { track: place.track, step: place.step.id };
  const how = await w.prompter.select({
    message: t('call.howWasIt'),
    default: null,
    choices: [
      { value: 'done', name: t('call.gotThrough') },
      { value: 'noAnswer', name: t('call.noAnswer') },
      { value: 'back', name: t('call.back') },
    ],
    commit: (v) => (v === 'done' ? w.save(w.answerAction(place, { status: 'done' })) : false),
  });
  if (how === 'back') return 'again';
  if (how === 'done') {
    await quickLog(w, callable, where);
    return 'next';
  }
  // Not through: try again now (the step stays), or go on with the call kept on the list as one to make now.
  const then = await w.prompter.select({
    message: t('prompt.whatNow'),
    default: null,
    choices: [
      { value: 'again', name: t('call.tryAgain') },
      { value: 'next', name: t('call.goOn') },
    ],
    commit: (v) => (v === 'next' ? w.save(noAnswer(w, place, callable[0]!)) : false),
  });
  if (then === 'again') return 'again';
  w.out(w.ctx.style.dim(t(callable.length > 1 ? 'call.onListOthers' : 'call.onList')));
  return 'next';
}

/** The step put off, and the call planned for now: at the top of the list while the desk is open. */
function noAnswer(w: Wizard, place: ContactPlace, contact: Contact) {
  return [
    w.answerAction(place, { status: 'later' }),
    { type: 'plan-call' as const, track: place.track, step: place.step.id, contact: contact.id, due: w.ctx.now(), text: w.t('followUp.call', { name: inLang(contact.name, w.ctx.lang) }) },
  ];
}
