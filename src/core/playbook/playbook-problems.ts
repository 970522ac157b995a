// zod's issues with a playbook, turned into problems worded for a playbook author (message keys
// of the catalogue, so an author reads them in Japanese or English). Pure.
import type * as z from 'zod';
import { withHint, type CheckMessage, type Problem } from './diagnostics.ts';
import type { MessageKey } from '../text/messages/index.ts';
import { CHANNEL_KINDS, ContactsFile, Playbook, STEP_KINDS } from './schema.ts';
import { fieldNames } from './schema-fields.ts';

/** Every field name the format knows, read from the schema, for "did you mean" on unknown fields. */
export const KNOWN_FIELDS: readonly string[] = [...new Set([...fieldNames(Playbook), ...fieldNames(ContactsFile)])];

function valueAt(data: unknown, p: (string | number)[]): unknown {
  let cur = data;
  for (const part of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

/** Our own schema messages are catalogue keys ("check.kebab"); zod's own are mapped by their code. */
function ownMessage(issue: z.core.$ZodIssue): CheckMessage {
  if (/^check\.[A-Za-z]+$/.test(issue.message)) return { key: issue.message as MessageKey };
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' ? { key: 'check.atLeast', params: { n: Number(issue.minimum), count: Number(issue.minimum) } } : { key: 'check.tooSmall', params: { n: Number(issue.minimum) } };
    case 'too_big':
      return { key: 'check.tooBig', params: { n: Number(issue.maximum) } };
    case 'invalid_format':
      return { key: 'check.format', params: { format: String(issue.format) } };
    default:
      return { key: 'check.invalid' };
  }
}

export function zodProblems(error: z.ZodError, data: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const p = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
    const last = p[p.length - 1];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const k of issue.keys) out.push({ path: p, atKey: k, message: withHint('check.unknownField', { field: k }, k, KNOWN_FIELDS) });
        break;
      case 'invalid_type':
        if (valueAt(data, p) === undefined)
          out.push({ path: p.slice(0, -1), message: { key: last === 'ja' || last === 'en' ? 'check.missingText' : 'check.missing', params: { field: String(last) } } });
        else
          out.push({
            path: p,
            message:
              issue.expected === 'object'
                ? { key: 'check.mustBeMap' }
                : issue.expected === 'array'
                  ? { key: 'check.mustBeList' }
                  : { key: 'check.mustBeType', params: { type: String(issue.expected) } },
          });
        break;
      case 'invalid_value': {
        // a value our schema words itself (a step's clock counts from "done" only: a fact's time is a period)
        if (/^check\.[A-Za-z]+$/.test(issue.message)) {
          out.push({ path: p, message: ownMessage(issue) });
          break;
        }
        const got = valueAt(data, p);
        const values = issue.values.map((v) => String(v));
        out.push({ path: p, message: typeof got === 'string' ? withHint('check.oneOf', { values: values.join(', ') }, got, values) : { key: 'check.oneOf', params: { values: values.join(', ') } } });
        break;
      }
      case 'invalid_union': {
        const disc = (issue as { discriminator?: string }).discriminator;
        if (disc) {
          // zod 4 already ends the path with the discriminator; older versions stop at the object.
          if (p[p.length - 1] === disc) p.pop();
          const got = valueAt(data, [...p, disc]);
          const choices: readonly string[] = disc === 'kind' && p.includes('channels') ? CHANNEL_KINDS : disc === 'kind' ? STEP_KINDS : [];
          out.push(
            got === undefined
              ? { path: p, message: { key: 'check.kindMissing', params: { field: disc, values: choices.join(', ') } } }
              : { path: [...p, disc], message: withHint('check.oneOf', { values: choices.join(', ') }, String(got), choices) },
          );
        } else out.push({ path: p, message: ownMessage(issue) });
        break;
      }
      default:
        out.push({ path: p, message: ownMessage(issue) });
    }
  }
  return out;
}
