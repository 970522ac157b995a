// One handler per step kind: each shows its step's own choices and dispatches the answer.
import type { StepKind, Step } from '../../core/playbook/schema.ts';
import type { Place, StepResult, Wizard } from '../wizard.ts';
import { askAction } from './action.ts';
import { askContact } from './contact.ts';
import { askEnd } from './end.ts';
import { askInfo } from './info.ts';
import { askInput } from './input.ts';
import { askQuestion } from './question.ts';
import { askWait } from './wait.ts';

export type StepPlace<K extends StepKind> = Place & { step: Extract<Step, { kind: K }> };
export type StepHandler<K extends StepKind> = (w: Wizard, place: StepPlace<K>) => Promise<StepResult>;

export const STEP_HANDLERS: { [K in StepKind]: StepHandler<K> } = {
  action: askAction,
  info: askInfo,
  question: askQuestion,
  input: askInput,
  contact: askContact,
  wait: askWait,
  end: askEnd,
};
