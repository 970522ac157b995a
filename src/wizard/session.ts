// One open case in the wizard: the incident, the playbooks, and the one way to change it
// (commit: apply the actions, then save; nothing is shown as saved before the save returned).
import type { Context } from '../context.ts';
import { applyActions, refreshCase, sharedAnswers, type Action, type CaseEnv } from '../core/case/case.ts';
import { FieldError, readField, type Where } from '../core/case/records.ts';
import { FIELDS, type FieldKey } from '../core/case/fields.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import type { FieldLookup } from '../core/text/render.ts';
import { accountName, cardName, type Namer } from '../core/documents/names.ts';
import { progress, type SharedAnswers } from '../core/case/engine.ts';
import type { Incident, IncidentSummary } from '../core/case/incident.ts';
import { openItems, type OpenItem } from '../core/case/todo.ts';
import type { Contact, Playbook } from '../core/playbook/schema.ts';
import { NotSavedError } from '../adapters/store.ts';

/** A save that failed, with what the person had just given (so it can be shown and copied). */
export class AnswerNotSavedError extends NotSavedError {
  constructor(
    cause: NotSavedError,
    readonly lost: string[],
  ) {
    super(cause.message, cause.reason);
    this.name = 'AnswerNotSavedError';
  }
}

export class CaseSession {
  public incident: Incident;

  /** The case as read, brought up to date with its playbooks (its services bound, its periods derived); nothing is saved until a change. */
  constructor(
    readonly ctx: Context,
    incident: Incident,
  ) {
    this.incident = refreshCase(incident, { now: ctx.now(), playbook: this.playbook, contact: this.contact });
  }

  readonly playbook = (id: string): Playbook | undefined => this.ctx.catalogue().playbooks.get(id)?.playbook;

  playbookOfTrack(index: number): Playbook | undefined {
    const t = this.incident.tracks[index];
    return t ? this.playbook(t.playbook) : undefined;
  }

  /** A contact as one playbook sees it: its own contacts first, then the shared ones. */
  readonly contact = (playbookId: string | undefined, id: string): Contact | undefined => {
    const pb = playbookId ? this.playbook(playbookId) : undefined;
    return pb?.contacts.find((c) => c.id === id) ?? this.ctx.catalogue().sharedContacts.get(id) ?? this.anyContact(id);
  };

  private anyContact(id: string): Contact | undefined {
    for (const p of this.ctx.catalogue().playbooks.values()) {
      const c = p.playbook.contacts.find((x) => x.id === id);
      if (c) return c;
    }
    return undefined;
  }

  env(): CaseEnv {
    return { now: this.ctx.now(), playbook: this.playbook, contact: this.contact };
  }

  /** A field of the case as one service sees it ("this card", "this account"). */
  lookup(where: Where = {}): FieldLookup {
    return (key: FieldKey) => readField(this.incident, key, where, this.playbook);
  }

  /** What names the things of the case in the person's language. */
  namer(): Namer {
    return { lang: this.ctx.lang, t: this.ctx.t, playbook: this.playbook, contact: this.contact };
  }

  shared(): SharedAnswers {
    return sharedAnswers(this.incident, this.playbook);
  }

  items(): OpenItem[] {
    return openItems(this.incident, { now: this.ctx.now(), playbook: this.playbook, contact: this.contact });
  }

  summary(incident = this.incident): IncidentSummary {
    let done = 0;
    let total = 0;
    const shared = sharedAnswers(incident, this.playbook);
    for (const tr of incident.tracks) {
      const pb = this.playbook(tr.playbook);
      if (!pb) continue;
      const p = progress(pb, tr, shared);
      done += p.done;
      total += p.total;
    }
    return {
      id: incident.id,
      playbooks: incident.tracks.map((tr) => tr.playbook),
      createdAt: incident.createdAt,
      updatedAt: incident.updatedAt,
      state: incident.state,
      done,
      total,
      lang: incident.lang,
    };
  }

  /** The case as it would be after these actions (nothing saved). */
  preview(actions: Action | Action[]): Incident {
    return applyActions(this.incident, Array.isArray(actions) ? actions : [actions], this.env());
  }

  /**
   * Applies the actions and saves. Only when the save has returned is the change kept; on
   * failure the case stays as it was and the error says what was not saved.
   */
  /** The case after the actions; a value for one of several cards or accounts, none named, is for the person to say. */
  private apply(list: Action[]): Incident {
    try {
      return applyActions(this.incident, list, this.env());
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      const { t } = this.ctx;
      const namer = this.namer();
      const cards = this.incident.records.cards;
      const accounts = this.incident.records.accounts;
      if (FIELDS[e.key].on === 'card')
        throw new TakeoverError(
          t('message.whichCard'),
          EXIT.usage,
          cards.map((c) => `  --card ${c.last4 ?? '????'}  ${cardName(c, namer)}`),
        );
      if (!accounts.length) throw new TakeoverError(t('account.none'), EXIT.usage, [t('account.recordFirst')]);
      throw new TakeoverError(
        t('account.which'),
        EXIT.usage,
        accounts.map((a) => `  --account ${a.service}  ${accountName(a, namer)}`),
      );
    }
  }

  commit(actions: Action | Action[]): void {
    const list = Array.isArray(actions) ? actions : [actions];
    const next = this.apply(list);
    try {
      this.ctx.store().save(next, this.summary(next));
    } catch (e) {
      if (e instanceof NotSavedError) throw new AnswerNotSavedError(e, list.flatMap(describeLost));
      throw e;
    }
    this.incident = next;
  }
}

/** What a person typed in an action, to show again when it could not be saved. */
function describeLost(a: Action): string[] {
  switch (a.type) {
    case 'answer':
      return a.answer.value ? [a.answer.value] : [];
    case 'note':
      return [a.text];
    case 'record':
      return [
        Object.values(a.fields)
          .filter((v) => typeof v === 'string')
          .join(' · '),
      ];
    case 'log-contact':
      return [[a.entry.reference, a.entry.promised, a.entry.nextAction].filter(Boolean).join(' · ')].filter(Boolean);
    case 'set-field':
      return [a.value];
    default:
      return [];
  }
}
