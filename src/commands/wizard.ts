// The interactive loop shared by `start` and `resume`: show the current step, ask, save at once.
import type { Prompter, Choice } from '../adapters/prompter.ts';
import type { Catalogue } from '../adapters/playbook-files.ts';
import { didYouMean } from '../core/diagnostics.ts';
import { answer, back, locate, openItems, progress, reconcile } from '../core/engine.ts';
import type { Incident, IncidentSummary, Track } from '../core/incident.ts';
import { withClocks } from '../core/clocks.ts';
import { hoursStatus } from '../core/hours.ts';
import { contactHours, formatWhen, loc, renderStep, type ViewContext } from '../core/render.ts';
import { renderStatus } from '../core/status.ts';
import { wrapBlock } from '../core/wrap.ts';
import type { Contact, Playbook, Step } from '../core/schema.ts';
import { checkTyped } from './typed.ts';
import { askLedger, askRecord, KIND_NAMES, STRUCTURED_KINDS, summarizeRecord, type StructuredKind } from './forms.ts';
import { CancelledError, EXIT, TakeoverError } from '../errors.ts';
import { stamp, type Context } from '../context.ts';

/** Thrown when the person stops (Ctrl+C): carries the id for the "continue with" line. */
export class InterruptedError extends CancelledError {
  constructor(readonly incidentId: string) {
    super();
  }
}

export function summarize(incident: Incident, catalogue: Catalogue): IncidentSummary {
  let done = 0;
  let total = 0;
  for (const tr of incident.tracks) {
    const pb = catalogue.playbooks.get(tr.playbook)?.playbook;
    if (pb) {
      const p = progress(pb, tr);
      done += p.done;
      total += p.total;
    }
  }
  return { id: incident.id, playbooks: incident.tracks.map((tr) => tr.playbook), createdAt: incident.createdAt, updatedAt: incident.updatedAt, state: incident.state, done, total };
}

export function requirePlaybook(ctx: Context, id: string): Playbook {
  const cat = ctx.catalogue();
  const { t } = ctx;
  const found = cat.playbooks.get(id);
  // A broken custom copy must not quietly fall back to the shipped playbook of the same id.
  const broken = cat.diagnostics.filter((d) => d.file.replace(/\\/g, '/').match(new RegExp(`/${id}\\.ya?ml$`)) && d.file !== found?.file);
  if (found && (!broken.length || !found.shipped)) return found.playbook;
  if (broken.length) throw new TakeoverError(t('playbook.invalid', { id }), EXIT.failure, broken.map((d) => `  ${d.file}:${d.line}:${d.column}: ${d.field}: ${d.message}`));
  const ids = [...cat.playbooks.keys()];
  const guess = didYouMean(id, ids) ?? ids.find((p) => p.startsWith(id));
  throw new TakeoverError(
    `${t('playbook.unknown', { id })}${guess ? ` ${t('playbook.didYouMean', { id: guess })}` : ''}`,
    EXIT.usage,
    [t('playbook.available'), ...ids.map((p) => `  ${p.padEnd(14)} ${loc(cat.playbooks.get(p)!.playbook.title, ctx.lang)}`)],
  );
}

export function requireTerminal(ctx: Context, command: string, playbook: string): void {
  if (ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY) return;
  throw new TakeoverError(ctx.t('tty.needed', { command }), EXIT.notInteractive, [ctx.t('tty.hint', { playbook })]);
}

type Action = 'done' | 'skipped' | 'later' | 'note' | 'back' | 'quit' | 'enter' | 'finish' | `option:${string}` | `continue:${string}` | `remind:${string}` | 'record' | 'log' | 'narrative';

export class Wizard {
  constructor(
    private readonly ctx: Context,
    private readonly prompter: Prompter,
    private incident: Incident,
  ) {}

  private get track(): Track {
    return this.incident.tracks[this.incident.active]!;
  }

  private playbook(id = this.track.playbook): Playbook {
    return requirePlaybook(this.ctx, id);
  }

  private view(pb: Playbook): ViewContext {
    const { lang, t, style, userZone } = this.ctx;
    return { lang, t, style, userZone, serviceZone: pb.timeZone, now: this.ctx.now() };
  }

  private contactLookup(pb: Playbook): (id: string) => Contact | undefined {
    const shared = this.ctx.catalogue().sharedContacts;
    return (id) => pb.contacts.find((c) => c.id === id) ?? shared.get(id);
  }

  /** Writes the incident and its index entry. Called after every change, before the next question. */
  save(): void {
    this.incident = { ...this.incident, updatedAt: stamp(this.ctx.now(), this.ctx.userZone) };
    this.ctx.store().save(this.incident, summarize(this.incident, this.ctx.catalogue()));
  }

  private nowStamp(): string {
    return stamp(this.ctx.now(), this.ctx.userZone);
  }

  private setTrack(track: Track, events: Incident['events']): void {
    const tracks = [...this.incident.tracks];
    tracks[this.incident.active] = track;
    this.incident = withClocks({ ...this.incident, tracks, events: [...this.incident.events, ...events] }, this.playbook(), this.incident.active);
    this.save();
  }

  /** Tells the person what changed in a playbook since the incident was saved, and adapts. */
  reconcileAll(): void {
    const { t, io } = this.ctx;
    this.incident.tracks.forEach((tr, i) => {
      const pb = this.playbook(tr.playbook);
      const r = reconcile(pb, tr);
      if (!r.versionChanged && !r.removed.length && !r.invalidAnswers.length) return;
      if (r.versionChanged) io.out(t('changed.version', { title: loc(pb.title, this.ctx.lang), old: tr.version, new: pb.version }));
      if (r.removed.length) io.out(t('changed.removed', { steps: r.removed.join(', ') }));
      if (r.invalidAnswers.length) io.out(t('changed.invalid', { steps: r.invalidAnswers.join(', ') }));
      const tracks = [...this.incident.tracks];
      tracks[i] = r.track;
      this.incident = {
        ...this.incident,
        tracks,
        events: [...this.incident.events, { at: this.nowStamp(), type: 'playbook-changed', track: i, detail: `version ${tr.version}->${pb.version}; removed: ${r.removed.join(',') || '-'}` }],
      };
    });
    this.save();
  }

  /** Runs until the incident is finished or the person stops. */
  async run(opts: { askNarrative?: boolean } = {}): Promise<void> {
    try {
      if (opts.askNarrative) await this.askNarrative();
      for (;;) {
        const pb = this.playbook();
        const pos = locate(pb, this.track);
        if (pos.finished) {
          this.finishIncident();
          return;
        }
        const stop = await this.ask(pb, pos.current, pos.path.length + 1);
        if (stop) return;
      }
    } catch (error) {
      if (error instanceof CancelledError && !(error instanceof InterruptedError)) throw new InterruptedError(this.incident.id);
      throw error;
    }
  }

  private finishIncident(): void {
    const { t, io } = this.ctx;
    if (this.incident.state !== 'finished') {
      this.incident = { ...this.incident, state: 'finished', events: [...this.incident.events, { at: this.nowStamp(), type: 'finished', track: this.incident.active }] };
      this.save();
    }
    io.out('');
    io.out(t('incident.allDone', { id: this.incident.id }));
  }

  /** Shows one step and handles one choice. Returns true when the person chose to stop. */
  private async ask(pb: Playbook, step: Step, n: number): Promise<boolean> {
    const { t, io, lang, style } = this.ctx;
    const p = progress(pb, this.track);
    const header = `${loc(pb.title, lang)} · ${t('step.of', { n, total: Math.max(p.total, n) })}`;
    io.out(wrapBlock(renderStep(step, this.view(pb), this.contactLookup(pb), header), io.columns - 1).join('\n'));

    if (step.kind === 'end') return this.askEnd(pb, step);

    // A charge needs its amount and currency apart (for the totals): a small form.
    if (step.kind === 'input' && step.input.record === 'charge') {
      const entries = await this.recordLoop(step, 'charge');
      if (entries.length) {
        this.record(pb, step, { status: 'answered', value: entries.join(' / ') });
        return false;
      }
    } else if (step.kind === 'input') {
      const optional = step.input.optional ? ` ${t('prompt.optional')}` : '';
      if (step.input.placeholder) io.out(style.dim(loc(step.input.placeholder, lang)));
      io.out(style.dim(t('prompt.inputHint')));
      const value = await this.prompter.input({
        message: `${loc(step.title, lang)}${optional}`,
        default: this.track.answers[step.id]?.value,
        validate: (v) => checkTyped(this.ctx, v, step.input.type),
      });
      if (value.trim()) {
        this.record(pb, step, { status: 'answered', value: value.trim() });
        // Filed in the report's table of this kind, with the step's own title as the label.
        const kind = step.input.record;
        const fields: Partial<Record<StructuredKind, Record<string, string>>> = {
          'attacker-change': { what: loc(step.title, lang), value: value.trim() },
          order: { orderNumber: value.trim() },
          evidence: { description: value.trim() },
          'sign-in-alert': { when: value.trim() },
        };
        if (kind && fields[kind as StructuredKind]) this.addRecord(step, kind as StructuredKind, fields[kind as StructuredKind]!);
        return false;
      }
    }

    const reminders = step.kind === 'contact' ? this.closedDesks(pb, step) : [];
    const message = step.kind === 'question' ? loc(step.title, lang) : t('prompt.whatNow');
    const choices = this.choicesFor(step);
    const firstCommon = choices.findIndex((c) => c.separatorBefore);
    choices.splice(firstCommon, 0, ...reminders);
    const action = await this.prompter.select<Action>({ message, choices });
    return this.apply(pb, step, action);
  }

  /**
   * For a contact step whose desk is closed now: says so, lists what can be done right now
   * instead (desks that are open, self-service pages), and returns "remind me" choices.
   */
  private closedDesks(pb: Playbook, step: Extract<Step, { kind: 'contact' }>): Choice<Action>[] {
    const { t, io, lang, style } = this.ctx;
    const lookup = this.contactLookup(pb);
    const view = this.view(pb);
    const now = view.now;
    const closed: { contact: Contact; opensAt: Date }[] = [];
    for (const id of step.contacts) {
      const c = lookup(id);
      const hours = c && contactHours(c);
      if (!c || !hours) continue;
      const s = hoursStatus(hours, now, pb.timeZone);
      if (!s.open && s.opensAt) closed.push({ contact: c, opensAt: s.opensAt });
    }
    if (!closed.length) return [];
    const stepIds = new Set(step.contacts);
    const candidates = [...step.contacts, ...pb.contacts.map((c) => c.id).filter((id) => !stepIds.has(id))];
    const openNow: string[] = [];
    for (const id of candidates) {
      const c = lookup(id);
      if (!c || closed.some((x) => x.contact.id === id)) continue;
      const hours = contactHours(c);
      if (hours) {
        const s = hoursStatus(hours, now, pb.timeZone);
        if (s.open) openNow.push(`  ✓ ${loc(c.name, lang)} — ${t('hours.openNow')}`);
      } else if (c.channels.every((ch) => ch.kind === 'web' || ch.kind === 'app' || ch.kind === 'email')) {
        openNow.push(`  ✓ ${loc(c.name, lang)} — ${t('contacts.selfService')}`);
      }
    }
    if (openNow.length) {
      io.out('');
      io.out(style.warn(t('contacts.closedAlternatives')));
      io.out(openNow.join('\n'));
    }
    return closed.map(({ contact, opensAt }) => ({
      value: `remind:${contact.id}` as Action,
      name: t('choice.remind', { name: loc(contact.name, lang), time: formatWhen(opensAt, contactHours(contact)!.timeZone ?? pb.timeZone, view, false) }),
    }));
  }

  private choicesFor(step: Step): Choice<Action>[] {
    const { t, lang } = this.ctx;
    const main: Choice<Action>[] = [];
    switch (step.kind) {
      case 'question':
        main.push(...step.options.map((o) => ({ value: `option:${o.id}` as Action, name: loc(o.label, lang) })));
        break;
      case 'action':
        main.push({ value: 'done', name: t('choice.done') }, { value: 'later', name: t('choice.later') }, { value: 'skipped', name: t('choice.skip') });
        break;
      case 'contact':
        main.push({ value: 'done', name: t('choice.contacted') }, { value: 'later', name: t('choice.later') }, { value: 'skipped', name: t('choice.skip') });
        break;
      case 'wait':
        main.push({ value: 'done', name: t('choice.waitStarted') }, { value: 'later', name: t('choice.later') });
        break;
      case 'info':
        main.push({ value: 'done', name: t('choice.next') });
        break;
      case 'input':
        main.push({ value: 'enter', name: t('choice.enter') });
        if (step.input.optional) main.push({ value: 'skipped', name: t('choice.skip') });
        main.push({ value: 'later', name: t('choice.later') });
        break;
      case 'end':
        break;
    }
    return [...main, ...this.commonChoices(step)];
  }

  private commonChoices(step?: Step): Choice<Action>[] {
    const { t } = this.ctx;
    return [
      ...(step?.kind === 'contact' ? [{ value: 'log' as Action, name: t('choice.logCall'), separatorBefore: true }] : []),
      { value: 'note', name: t('choice.note'), separatorBefore: step?.kind !== 'contact' },
      { value: 'record', name: t('choice.record') },
      { value: 'back', name: t('choice.back') },
      { value: 'quit', name: t('choice.quit') },
    ];
  }

  private record(pb: Playbook, step: Step, given: { status: 'done' | 'skipped' | 'later' | 'answered'; option?: string; value?: string }): void {
    const r = answer(pb, this.track, this.incident.active, step.id, given, this.nowStamp());
    this.setTrack(r.track, r.events);
  }

  private async apply(pb: Playbook, step: Step, action: Action): Promise<boolean> {
    const { t, io } = this.ctx;
    if (action === 'quit') {
      io.err(t('saved.progress', { id: this.incident.id }));
      return true;
    }
    if (action === 'note') {
      await this.addNote(step);
      return false;
    }
    if (action === 'record') {
      await this.recordSomething(step);
      return false;
    }
    if (action === 'log' && step.kind === 'contact') {
      await this.logContact(pb, step);
      return false;
    }
    if (action === 'narrative') {
      await this.askNarrative();
      return false;
    }
    if (action === 'back') {
      const r = back(pb, this.track, this.incident.active, this.nowStamp());
      if (r) this.setTrack(r.track, r.events);
      else io.out(t('back.none'));
      return false;
    }
    if (action === 'enter') return false; // shows the input prompt again
    if (action.startsWith('remind:')) {
      this.remind(pb, step, action.slice('remind:'.length));
      return false;
    }
    if (action.startsWith('option:')) {
      this.record(pb, step, { status: 'answered', option: action.slice('option:'.length) });
      return false;
    }
    if (action === 'done' || action === 'skipped' || action === 'later') {
      this.record(pb, step, { status: action });
      return false;
    }
    return false;
  }

  /** Structured entries for an input step that records charges, orders, changes or evidence. */
  private async recordLoop(step: Step, kind: StructuredKind): Promise<string[]> {
    const { t, io, lang } = this.ctx;
    const lines: string[] = [];
    for (;;) {
      io.out(this.ctx.style.dim(KIND_NAMES[kind][lang]));
      const fields = await askRecord(this.ctx, this.prompter, kind);
      if (!fields) return lines;
      this.addRecord(step, kind, fields);
      lines.push(summarizeRecord({ kind, fields }, lang));
      const more = await this.prompter.select({ message: t('record.more'), choices: [{ value: 'no', name: t('record.thatsAll') }, { value: 'yes', name: t('record.addAnother') }] });
      if (more === 'no') return lines;
    }
  }

  private addRecord(step: Step, kind: StructuredKind, fields: Record<string, string>): void {
    const at = this.nowStamp();
    this.incident = {
      ...this.incident,
      records: [...this.incident.records, { at, track: this.incident.active, step: step.id, kind, fields }],
      events: [...this.incident.events, { at, type: 'recorded', track: this.incident.active, step: step.id, detail: kind }],
    };
    this.save();
    this.ctx.io.out(this.ctx.t('record.saved'));
  }

  /** "Record something for the report": any kind, at any step. */
  private async recordSomething(step: Step): Promise<void> {
    const { t, lang } = this.ctx;
    const choice = await this.prompter.select<StructuredKind | 'narrative' | 'cancel'>({
      message: t('record.which'),
      choices: [
        ...STRUCTURED_KINDS.map((k) => ({ value: k, name: KIND_NAMES[k][lang] })),
        { value: 'narrative', name: t('narrative.edit') },
        { value: 'cancel', name: t('record.cancel'), separatorBefore: true },
      ],
    });
    if (choice === 'cancel') return;
    if (choice === 'narrative') return this.askNarrative();
    const fields = await askRecord(this.ctx, this.prompter, choice);
    if (fields) this.addRecord(step, choice, fields);
  }

  /** The contact ledger: a call, chat or form, with its reference number and what was promised. */
  private async logContact(pb: Playbook, step: Extract<Step, { kind: 'contact' }>): Promise<void> {
    const lookup = this.contactLookup(pb);
    const contacts = step.contacts.map(lookup).filter((c): c is Contact => !!c);
    const entry = await askLedger(this.ctx, this.prompter, contacts);
    if (!entry) return;
    const at = this.nowStamp();
    this.incident = {
      ...this.incident,
      ledger: [...this.incident.ledger, { ...entry, at, track: this.incident.active, step: step.id }],
      events: [...this.incident.events, { at, type: 'contact-logged', track: this.incident.active, step: step.id, detail: entry.contact }],
      followUps: entry.nextAction && entry.nextDate
        ? [...this.incident.followUps, { at, due: entry.nextDate, track: this.incident.active, step: step.id, contact: entry.contact, text: entry.nextAction }]
        : this.incident.followUps,
    };
    this.save();
    this.ctx.io.out(this.ctx.t('ledger.saved'));
  }

  /** "What happened", in the person's own words. Asked once at the start; editable later. */
  async askNarrative(): Promise<void> {
    const { t } = this.ctx;
    this.ctx.io.out(this.ctx.style.dim(t('narrative.hint')));
    const text = await this.prompter.input({ message: t('narrative.ask'), default: this.incident.narrative, validate: (v) => checkTyped(this.ctx, v) });
    if (!text.trim() || text.trim() === this.incident.narrative) return;
    this.incident = { ...this.incident, narrative: text.trim() };
    this.save();
  }

  /** Saves a follow-up "call X when it opens" at the desk's next opening. */
  private remind(pb: Playbook, step: Step, contactId: string): void {
    const { t, io, lang } = this.ctx;
    const contact = this.contactLookup(pb)(contactId);
    const hours = contact && contactHours(contact);
    if (!contact || !hours) return;
    const s = hoursStatus(hours, this.ctx.now(), pb.timeZone);
    if (s.open || !s.opensAt) return;
    const at = this.nowStamp();
    const name = loc(contact.name, lang);
    this.incident = {
      ...this.incident,
      followUps: [...this.incident.followUps, { at, due: stamp(s.opensAt, this.ctx.userZone), track: this.incident.active, step: step.id, contact: contactId, text: t('followUp.call', { name }) }],
      events: [...this.incident.events, { at, type: 'follow-up', track: this.incident.active, step: step.id, detail: contactId }],
    };
    this.save();
    io.out(t('followUp.saved', { name, time: formatWhen(s.opensAt, hours.timeZone ?? pb.timeZone, this.view(pb), true) }));
  }

  /** On resume: what is overdue or due within a day, before the next step. */
  showDue(): void {
    const view = { ...this.view(this.playbook()), serviceZone: this.incident.timeZone };
    const lines = renderStatus(this.incident, view, { onlyUrgent: true });
    if (!lines.length) return;
    this.ctx.io.out('');
    this.ctx.io.out(this.ctx.style.bold(this.ctx.t('status.dueNow')));
    this.ctx.io.out(lines.join('\n'));
  }

  private async addNote(step: Step): Promise<void> {
    const { t, io } = this.ctx;
    const text = await this.prompter.input({ message: t('prompt.note'), validate: (v) => checkTyped(this.ctx, v) });
    if (!text.trim()) return;
    const at = this.nowStamp();
    this.incident = {
      ...this.incident,
      notes: [...this.incident.notes, { at, track: this.incident.active, step: step.id, text: text.trim() }],
      events: [...this.incident.events, { at, type: 'note', track: this.incident.active, step: step.id }],
    };
    this.save();
    io.out(t('saved.note'));
  }

  private async askEnd(pb: Playbook, step: Step): Promise<boolean> {
    const { t, io, lang, style } = this.ctx;
    const open = openItems(pb, this.track);
    if (open.length) {
      io.out('');
      io.out(style.warn(t('incident.openItems', { count: open.length })));
      for (const o of open) io.out(`  - ${loc(o.step.title, lang)}`);
    }
    const started = new Set(this.incident.tracks.map((tr) => tr.playbook));
    const suggestions = (step.suggest ?? []).filter((s) => !started.has(s.playbook) && this.ctx.catalogue().playbooks.has(s.playbook));
    const choices: Choice<Action>[] = [
      ...suggestions.map((s) => {
        const target = this.ctx.catalogue().playbooks.get(s.playbook)!.playbook;
        return { value: `continue:${s.playbook}` as Action, name: t('choice.continueWith', { title: loc(target.title, lang) }), description: loc(s.reason, lang) };
      }),
      { value: 'finish', name: t('choice.finish') },
      ...this.commonChoices(),
    ];
    if (suggestions.length) {
      io.out('');
      for (const s of suggestions) io.out(`→ ${loc(this.ctx.catalogue().playbooks.get(s.playbook)!.playbook.title, lang)}: ${loc(s.reason, lang)}`);
    }
    const action = await this.prompter.select<Action>({ message: t('prompt.whatNow'), choices });
    if (action === 'finish') {
      this.record(pb, step, { status: 'done' });
      return false;
    }
    if (action.startsWith('continue:')) {
      this.record(pb, step, { status: 'done' });
      const next = this.playbook(action.slice('continue:'.length));
      this.addTrack(next);
      return false;
    }
    return this.apply(pb, step, action);
  }

  addTrack(pb: Playbook): void {
    const at = this.nowStamp();
    const track: Track = { playbook: pb.id, version: pb.version, title: pb.title, startedAt: at, answers: {} };
    const tracks = [...this.incident.tracks, track];
    this.incident = {
      ...this.incident,
      state: 'open',
      tracks,
      active: tracks.length - 1,
      events: [...this.incident.events, { at, type: 'track-added', track: tracks.length - 1, detail: pb.id }],
    };
    this.save();
  }

}

/** A new incident for a playbook; not saved yet. */
export function newIncident(ctx: Context, pb: Playbook): Incident {
  const at = stamp(ctx.now(), ctx.userZone);
  const day = at.slice(0, 10);
  let id = `${day}-${pb.id}-${ctx.randomSuffix()}`;
  while (ctx.store().exists(id)) id = `${day}-${pb.id}-${ctx.randomSuffix()}`;
  return {
    schema: 1,
    id,
    createdAt: at,
    updatedAt: at,
    lang: ctx.lang,
    timeZone: ctx.userZone,
    state: 'open',
    tracks: [{ playbook: pb.id, version: pb.version, title: pb.title, startedAt: at, answers: {} }],
    active: 0,
    notes: [],
    events: [{ at, type: 'started', track: 0, detail: pb.id }],
    followUps: [],
    ledger: [],
    clocks: [],
    records: [],
  };
}
