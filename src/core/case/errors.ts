// The errors of a change that does not fit the case (a step that is not there, a clock that is not
// running, a field with nowhere to go). Commands turn them into usage errors.

export class CaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseError';
  }
}
