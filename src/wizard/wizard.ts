// The wizard: it only asks and dispatches. It finds what to show next (a step of the active
// service, the next service in the plan, or the case menu), hands the step to the handler of its
// kind (./steps/), and handles the choices every step shares (note, record, back, other
// services, stop). Every change goes through CaseSession.commit, i.e. a pure action and a save.
import type { Choice, Prompter } from '../adapters/prompter.ts';
import type { Context } from '../context.ts';
import type { Action } from '../core/case/case.ts';
import { locate, progress } from '../core/case/engine.ts';
import { subjectOf } from '../core/case/records.ts';
import { inLang, renderStep, type ViewContext } from '../core/text/render.ts';
import type { Contact, Playbook, Step } from '../core/playbook/schema.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { CancelledError } from '../errors.ts';
import { caseMenu } from './case-menu.ts';
import { askLedger, askNote, recordSomething } from './forms.ts';
import type { CaseSession } from './session.ts';
import { STEP_HANDLERS } from './steps/index.ts';

/** Thrown when the person stops (Ctrl+C): carries the id for the "continue with" line. */
export class InterruptedError extends CancelledError {
  constructor(readonly incidentId: string) {
    super();
  }
}

/** Where the wizard stands: a step of one service. */
export interface Place {
  track: number;
  pb: Playbook;
  step: Step;
  /** the step's number on the person's path, and the estimated total */
  number: number;
  total: number;
}

/**
 * next: go on (the loop finds what comes next); again: ask the same step again without
 * printing it again; stop: "stop for now"; case: open the case menu.
 */
export type StepResult = 'next' | 'again' | 'stop' | 'case';

/** The choices every step shares, and the hand-offs a step offers. */
export type CommonValue = 'c:note' | 'c:record' | 'c:back' | 'c:case' | 'c:return' | 'c:quit' | 'c:log' | `h:${string}`;

export class Wizard {
  constructor(
    readonly ctx: Context,
    readonly session: CaseSession,
    readonly prompter: Prompter,
  ) {}

  get t() {
    return this.ctx.t;
  }

  view(pb?: Playbook): ViewContext {
    const { lang, t, style } = this.ctx;
    // Every time of the case in the case's own zone.
    const zone = this.session.incident.timeZone;
    return { lang, t, style, userZone: zone, serviceZone: pb?.timeZone ?? zone, now: this.ctx.now(), playbook: this.session.playbook, contact: this.session.contact };
  }

  /** Prints lines, wrapped to the terminal. */
  out(lines: string | string[]): void {
    const list = Array.isArray(lines) ? lines : [lines];
    this.ctx.io.out(wrapBlock(list.join('\n').split('\n'), this.ctx.io.columns - 1).join('\n'));
  }

  /** Applies actions and saves: the commit every prompt runs before it shows ✔. */
  readonly save = (actions: Action | Action[]): true => {
    this.session.commit(actions);
    return true;
  };

  answerAction(place: Place, given: Extract<Action, { type: 'answer' }>['answer']): Action {
    return { type: 'answer', track: place.track, step: place.step.id, answer: given };
  }

  /** Runs until the person stops. `resume`: open with the case menu ("what now?"). */
  async run(opts: { openWithMenu?: boolean } = {}): Promise<void> {
    try {
      let menu = !!opts.openWithMenu;
      let shown = '';
      for (;;) {
        if (menu) {
          const r = await caseMenu(this);
          if (r === 'stop') return this.stopped();
          menu = false;
          shown = '';
          continue;
        }
        const place = this.nextPlace();
        if (!place) {
          menu = true;
          continue;
        }
        // A step is printed when it comes up; "again" (after a note, say) only asks once more.
        const key = `${place.track}:${place.step.id}`;
        if (key !== shown) this.printStep(place);
        const r = await STEP_HANDLERS[place.step.kind](this, place as never);
        if (r === 'stop') return this.stopped();
        menu = r === 'case';
        shown = r === 'again' ? key : '';
      }
    } catch (error) {
      if (error instanceof CancelledError && !(error instanceof InterruptedError)) throw new InterruptedError(this.session.incident.id);
      throw error;
    }
  }

  private stopped(): void {
    // A closed case has nothing to continue: what was said when it closed stands.
    if (this.session.incident.state === 'finished') return;
    this.ctx.io.err(this.t('saved.progress', { id: this.session.incident.id }));
  }

  /**
   * The step to show now: the active service's current step; when that service is finished, the
   * service it was handed off from, else the next one in the plan. Undefined: everything in the
   * plan is done (the case menu takes over).
   */
  nextPlace(): Place | undefined {
    const s = this.session;
    for (let guard = 0; guard < s.incident.tracks.length + 2; guard++) {
      const inc = s.incident;
      const active = inc.tracks[inc.active];
      const pb = active && s.playbook(active.playbook);
      if (active && pb && active.state !== 'finished') {
        const shared = s.shared();
        const pos = locate(pb, active, shared);
        if (!pos.finished) {
          if (active.state === 'planned') this.save({ type: 'switch', track: inc.active });
          const p = progress(pb, s.incident.tracks[inc.active]!, shared);
          return { track: inc.active, pb, step: pos.current, number: pos.path.length + 1, total: Math.max(p.total, pos.path.length + 1) };
        }
      }
      const target = this.followingTrack();
      if (target === undefined) return undefined;
      const back = active?.returnTo === target;
      const title = inLang(inc.tracks[target]!.title, this.ctx.lang);
      this.out(['', this.ctx.style.bold(back ? this.t('plan.backTo', { title }) : this.t('plan.nextUp', { title, n: target + 1, count: inc.tracks.length }))]);
      this.save({ type: 'switch', track: target });
    }
    return undefined;
  }

  /** The service to go to after the active one: where it was handed off from, else the first unfinished one in plan order. */
  followingTrack(): number | undefined {
    const inc = this.session.incident;
    const active = inc.tracks[inc.active];
    const usable = (i: number) => {
      const t = inc.tracks[i];
      return !!t && t.state !== 'finished' && !!this.session.playbook(t.playbook) && i !== inc.active;
    };
    if (active?.returnTo !== undefined && usable(active.returnTo)) return active.returnTo;
    for (let i = 0; i < inc.tracks.length; i++) if (usable(i)) return i;
    return undefined;
  }

  printStep(place: Place): void {
    const header = `${inLang(place.pb.title, this.ctx.lang)} · ${this.t('step.of', { n: place.number, total: place.total })}`;
    this.out(renderStep(place.step, this.view(place.pb), header, { titleAsked: this.ctx.plain && place.step.kind === 'question' }));
  }

  /** Hand-offs offered at this step: "Stop the card now: Rakuten Card". */
  handoffChoices(place: Place): Choice<CommonValue>[] {
    if (place.step.kind === 'end') return [];
    const cat = this.ctx.catalogue();
    const tracks = this.session.incident.tracks;
    const track = tracks[place.track]!;
    return (
      (place.step.suggest ?? [])
        // not a service already finished in the case, nor the one this service returns to (offered as "back to …")
        .filter((s) => cat.playbooks.has(s.playbook) && s.playbook !== place.pb.id)
        .filter((s) => !tracks.some((t) => t.playbook === s.playbook && t.state === 'finished'))
        // nor "stop the card now" for a card already stopped (or replaced) in its own service
        .filter((s) => !this.cardStoppedIn(s.playbook))
        .filter((s) => track.returnTo === undefined || tracks[track.returnTo]?.playbook !== s.playbook)
        .map((s, i) => ({
          value: `h:${s.playbook}` as CommonValue,
          name: this.t('choice.handoff', { title: inLang(cat.playbooks.get(s.playbook)!.playbook.title, this.ctx.lang) }),
          description: inLang(s.reason, this.ctx.lang),
          separatorBefore: i === 0,
        }))
    );
  }

  /** A card service of the case whose card is already stopped or replaced. */
  private cardStoppedIn(playbook: string): boolean {
    const inc = this.session.incident;
    const track = inc.tracks.findIndex((t) => t.playbook === playbook);
    if (track < 0) return false;
    const card = subjectOf(inc, track, this.session.playbook).card;
    return !!card && !!(card.stoppedAt || card.reissuedAt);
  }

  /** The choices every step has, after its own. */
  commonChoices(place: Place, opts: { log?: boolean } = {}): Choice<CommonValue>[] {
    const { t } = this;
    const track = this.session.incident.tracks[place.track]!;
    const list: Choice<CommonValue>[] = [];
    if (opts.log) list.push({ value: 'c:log', name: t('choice.logCall') });
    list.push({ value: 'c:note', name: t('choice.note') }, { value: 'c:record', name: t('choice.record') });
    if (place.number > 1) list.push({ value: 'c:back', name: t('choice.back') });
    if (track.returnTo !== undefined && this.session.incident.tracks[track.returnTo]?.state !== 'finished') {
      list.push({ value: 'c:return', name: t('choice.returnTo', { title: inLang(this.session.incident.tracks[track.returnTo]!.title, this.ctx.lang) }) });
    }
    list.push({ value: 'c:case', name: t('choice.case') }, { value: 'c:quit', name: t('choice.quit') });
    list[0]!.separatorBefore = true;
    return list;
  }

  /** Handles a shared choice. Returns undefined for a value it does not know (the step's own). */
  async handleCommon(value: string, place: Place): Promise<StepResult | undefined> {
    if (!value.startsWith('c:') && !value.startsWith('h:')) return undefined;
    const { t } = this;
    switch (value) {
      case 'c:quit':
        return 'stop';
      case 'c:note':
        await askNote(this, { track: place.track, step: place.step.id });
        return 'again';
      case 'c:record':
        await recordSomething(this, { track: place.track, step: place.step.id });
        return 'again';
      case 'c:log': {
        const step = place.step;
        const contacts = step.kind === 'contact' ? step.contacts.map((id) => this.session.contact(place.pb.id, id)).filter((c): c is Contact => !!c) : [];
        if (contacts.length) await askLedger(this, contacts, { track: place.track, step: step.id });
        return 'again';
      }
      case 'c:back':
        try {
          this.save({ type: 'back', track: place.track });
        } catch (e) {
          if ((e as Error).name === 'CaseError') {
            this.out(t('back.none'));
            return 'again';
          }
          throw e;
        }
        return 'next';
      case 'c:case':
        return 'case';
      case 'c:return': {
        const to = this.session.incident.tracks[place.track]!.returnTo!;
        this.out([
          '',
          this.ctx.style.bold(t('plan.backTo', { title: inLang(this.session.incident.tracks[to]!.title, this.ctx.lang) })),
          this.ctx.style.dim(t('plan.staysOpen', { title: inLang(place.pb.title, this.ctx.lang) })),
        ]);
        this.save({ type: 'switch', track: to });
        return 'next';
      }
      default: {
        if (value.startsWith('h:')) {
          const id = value.slice(2);
          const title = inLang(this.ctx.catalogue().playbooks.get(id)?.playbook.title, this.ctx.lang);
          this.save({ type: 'add-track', playbook: id, activate: true, returnTo: place.track, why: 'handoff' });
          this.out(['', this.ctx.style.bold(t('handoff.switched', { title })), this.ctx.style.dim(t('handoff.comeBack', { title: inLang(place.pb.title, this.ctx.lang) }))]);
          return 'next';
        }
        return undefined;
      }
    }
  }

  /** Asks a select for a step: its own choices, the hand-offs, then the shared ones. */
  async askStep<T extends string>(
    place: Place,
    opts: { message?: string; own: Choice<T>[]; default?: T | null; log?: boolean; commit: (value: T) => boolean | void },
  ): Promise<{ own: T } | { result: StepResult }> {
    const choices: Choice<T | CommonValue>[] = [...opts.own, ...this.handoffChoices(place), ...this.commonChoices(place, { log: !!opts.log })];
    const value = await this.prompter.select<T | CommonValue>({
      message: opts.message ?? this.t('prompt.whatNow'),
      choices,
      default: opts.default === undefined ? (opts.own[0]?.value ?? null) : opts.default,
      commit: (v) => (opts.own.some((c) => c.value === v) ? opts.commit(v as T) : false),
    });
    if (opts.own.some((c) => c.value === value)) return { own: value as T };
    return { result: (await this.handleCommon(value, place)) ?? 'again' };
  }
}
