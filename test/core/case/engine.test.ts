// The wizard state machine, driven over the walkthrough fixture read from real YAML.
//
// walkthrough: clicked-link (question: yes → change-password, no → record-sender)
//   → change-password (action) → record-sender (optional email input) → report (contact)
//   → noticed-date (required date input) → watch (wait) → about-reports (info) → done (end)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContactsFile, loadPlaybookFile } from '../../../src/adapters/playbook-files.ts';
import { allowedStatuses, answerStep, back, deferredSteps, EngineError, locate, nextOf, progress, reconcile } from '../../../src/core/case/engine.ts';
import { Track, type Answer } from '../../../src/core/case/incident.ts';
import type { Playbook, Step } from '../../../src/core/playbook/schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const T0 = '2026-11-21T02:10:00+09:00';
const at = (minute: number) => `2026-11-21T02:${String(10 + minute).padStart(2, '0')}:00+09:00`;

let pb: Playbook;
let two: Playbook;
beforeAll(() => {
  const shared = loadContactsFile(path.join(ROOT, 'playbooks', 'shared', 'contacts.yaml'));
  const ctx = { sharedContacts: new Map(shared.contacts.map((c) => [c.id, c])) };
  const r = loadPlaybookFile(path.join(ROOT, 'test', 'fixtures', 'playbooks', 'walkthrough.yaml'), ctx);
  const r2 = loadPlaybookFile(path.join(ROOT, 'test', 'fixtures', 'playbooks', 'walkthrough-two.yaml'), ctx);
  expect(r.diagnostics).toEqual([]);
  expect(r2.diagnostics).toEqual([]);
  pb = r.playbook!;
  two = r2.playbook!;
});

function emptyTrack(p: Playbook = pb): Track {
  return { playbook: p.id, version: p.version, title: p.title, state: 'active', addedAt: T0, startedAt: T0, answers: {} };
}

/** The engine's answer, with the replaced answer as the "event" the case keeps. */
function answer(p: Playbook, track: Track, _trackIndex: number, stepId: string, given: Given, when: string): { track: Track; previous?: Answer } {
  return answerStep(p, track, stepId, given, when);
}

type Given = Omit<Answer, 'at'>;
const done: Given = { status: 'done' };

/** Answers the current step each time, checking that it is the expected one; collects the events. */
function walk(track: Track, moves: [string, Given][], p: Playbook = pb): { track: Track; replaced: (Answer | undefined)[] } {
  const replaced: (Answer | undefined)[] = [];
  moves.forEach(([stepId, given], i) => {
    expect(locate(p, track).current.id, `before move ${i}`).toBe(stepId);
    const r = answer(p, track, 0, stepId, given, at(i));
    track = r.track;
    replaced.push(r.previous);
  });
  return { track, replaced };
}

const toEnd: [string, Given][] = [
  ['clicked-link', { status: 'answered', option: 'no' }],
  ['record-sender', { status: 'answered', value: 'scam@example.net' }],
  ['report', done],
  ['noticed-date', { status: 'answered', value: '2026-11-20' }],
  ['watch', done],
  ['about-reports', done],
  ['done', done],
];

function step(id: string, p: Playbook = pb): Step {
  const s = p.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

describe('locate', () => {
  it('starts at the start step on an empty track', () => {
    expect(locate(pb, emptyTrack())).toEqual({ current: step('clicked-link'), path: [], finished: false });
    expect(locate(two, emptyTrack(two)).current.id).toBe('first');
  });

  it.each([
    ['yes', 'change-password'],
    ['no', 'record-sender'],
  ])('option "%s" of the question leads to %s', (option, expected) => {
    const { track } = walk(emptyTrack(), [['clicked-link', { status: 'answered', option }]]);
    expect(locate(pb, track)).toMatchObject({ current: { id: expected }, path: ['clicked-link'], finished: false });
  });

  it('moves forward one step per answer, following next', () => {
    const { track } = walk(emptyTrack(), [
      ['clicked-link', { status: 'answered', option: 'yes' }],
      ['change-password', done],
      ['record-sender', { status: 'skipped' }],
      ['report', done],
    ]);
    expect(locate(pb, track)).toMatchObject({ current: { id: 'noticed-date' }, path: ['clicked-link', 'change-password', 'record-sender', 'report'] });
  });

  it('stops at an input that was answered without a value', () => {
    // not something answer() lets through, but a hand-edited file can hold it
    const track: Track = { ...emptyTrack(), answers: { 'clicked-link': { status: 'answered', option: 'no', at: T0 }, 'record-sender': { status: 'answered', at: T0 } } };
    expect(locate(pb, track).current.id).toBe('record-sender');
    expect(nextOf(step('record-sender'), { status: 'answered', at: T0 })).toBeUndefined();
    expect(nextOf(step('record-sender'), { status: 'skipped', at: T0 })).toBe('report');
  });

  it('ignores answers to steps that are not on the path', () => {
    const track: Track = { ...emptyTrack(), answers: { 'change-password': { status: 'done', at: T0 }, report: { status: 'done', at: T0 } } };
    expect(locate(pb, track)).toMatchObject({ current: { id: 'clicked-link' }, path: [] });
  });
});

describe('answer', () => {
  it('records the answer with its time, replacing nothing', () => {
    const r = answer(pb, emptyTrack(), 2, 'clicked-link', { status: 'answered', option: 'yes' }, T0);
    expect(r.track.answers).toEqual({ 'clicked-link': { status: 'answered', option: 'yes', at: T0 } });
    expect(r.previous).toBeUndefined();
    expect(() => Track.parse(r.track)).not.toThrow();
  });

  it('does not change the track it was given', () => {
    const track = emptyTrack();
    const before = structuredClone(track);
    answer(pb, track, 0, 'clicked-link', { status: 'answered', option: 'yes' }, T0);
    expect(track).toEqual(before);
  });

  it.each<{ stepId: string; given: Given; error: string }>([
    { stepId: 'clicked-link', given: { status: 'later' }, error: '"later" is not an answer for a question step' },
    { stepId: 'clicked-link', given: { status: 'done' }, error: '"done" is not an answer for a question step' },
    { stepId: 'noticed-date', given: { status: 'skipped' }, error: '"skipped" is not an answer for a input step' },
    { stepId: 'about-reports', given: { status: 'later' }, error: '"later" is not an answer for a info step' },
    { stepId: 'done', given: { status: 'skipped' }, error: '"skipped" is not an answer for a end step' },
    { stepId: 'change-password', given: { status: 'answered' }, error: '"answered" is not an answer for a action step' },
    { stepId: 'clicked-link', given: { status: 'answered', option: 'maybe' }, error: 'unknown option "maybe" for step "clicked-link"' },
    { stepId: 'clicked-link', given: { status: 'answered' }, error: 'unknown option "undefined"' },
    { stepId: 'noticed-date', given: { status: 'answered' }, error: 'an input answer needs a value' },
    { stepId: 'noticed-date', given: { status: 'answered', value: '   ' }, error: 'an input answer needs a value' },
    { stepId: 'no-such-step', given: { status: 'done' }, error: 'unknown step "no-such-step"' },
  ])('rejects on $stepId: $error', ({ stepId, given, error }) => {
    expect(() => answer(pb, emptyTrack(), 0, stepId, given, T0)).toThrow(EngineError);
    expect(() => answer(pb, emptyTrack(), 0, stepId, given, T0)).toThrow(error);
  });

  it.each<[string, Answer['status'][]]>([
    ['clicked-link', ['answered']],
    ['change-password', ['done', 'skipped', 'later']],
    ['record-sender', ['answered', 'skipped', 'later']],
    ['noticed-date', ['answered', 'later']],
    ['report', ['done', 'skipped', 'later']],
    ['watch', ['done', 'skipped', 'later']],
    ['about-reports', ['done']],
    ['done', ['done']],
  ])('allows on %s: %j', (id, statuses) => {
    expect(allowedStatuses(step(id)).sort()).toEqual([...statuses].sort());
    for (const status of statuses) {
      const given: Given = status === 'answered' ? (id === 'clicked-link' ? { status, option: 'no' } : { status, value: 'x' }) : { status };
      expect(() => answer(pb, emptyTrack(), 0, id, given, T0)).not.toThrow();
    }
  });
});

describe('later and steps put off', () => {
  it('"later" moves on and keeps the step among the steps put off', () => {
    const { track } = walk(emptyTrack(), [
      ['clicked-link', { status: 'answered', option: 'yes' }],
      ['change-password', { status: 'later' }],
      ['record-sender', { status: 'skipped' }],
    ]);
    expect(locate(pb, track).current.id).toBe('report');
    expect(deferredSteps(pb, track)).toEqual([step('change-password')]);
  });

  it('a step answered later is no longer put off, and the answer it replaced is returned', () => {
    let { track } = walk(emptyTrack(), [
      ['clicked-link', { status: 'answered', option: 'yes' }],
      ['change-password', { status: 'later' }],
    ]);
    const r = answer(pb, track, 0, 'change-password', done, at(9));
    track = r.track;
    expect(deferredSteps(pb, track)).toEqual([]);
    expect(r.previous).toEqual(expect.objectContaining({ status: 'later' }));
    expect(locate(pb, track).current.id).toBe('record-sender');
  });

  it('a "later" on a branch no longer taken is not put off any more', () => {
    let { track } = walk(emptyTrack(), [
      ['clicked-link', { status: 'answered', option: 'yes' }],
      ['change-password', { status: 'later' }],
    ]);
    track = answer(pb, track, 0, 'clicked-link', { status: 'answered', option: 'no' }, at(5)).track;
    expect(deferredSteps(pb, track)).toEqual([]);
    expect(track.answers['change-password']?.status).toBe('later');
  });
});

describe('back', () => {
  const moves: [string, Given][] = [
    ['clicked-link', { status: 'answered', option: 'yes' }],
    ['change-password', done],
  ];

  it('does nothing at the first step', () => {
    expect(back(pb, emptyTrack())).toBeUndefined();
  });

  it('sets revisit to the previous step and locate shows it, keeping the old answer', () => {
    const { track } = walk(emptyTrack(), moves);
    const r = back(pb, track)!;
    expect(r.revisit).toBe('change-password');
    expect(locate(pb, r)).toMatchObject({ current: { id: 'change-password' }, path: ['clicked-link'], finished: false });
    expect(r.answers['change-password']).toEqual({ status: 'done', at: at(1) });
  });

  it('twice goes back two steps', () => {
    const { track } = walk(emptyTrack(), moves);
    const once = back(pb, track)!;
    const twice = back(pb, once)!;
    expect(twice.revisit).toBe('clicked-link');
    expect(locate(pb, twice)).toMatchObject({ current: { id: 'clicked-link' }, path: [] });
  });

  it('re-answering returns the replaced answer and clears revisit', () => {
    const first = walk(emptyTrack(), moves);
    const b = back(pb, first.track)!;
    const r = answer(pb, b, 0, 'change-password', { status: 'later' }, at(6));
    expect(r.track.revisit).toBeUndefined();
    expect(r.track.answers['change-password']).toEqual({ status: 'later', at: at(6) });
    expect(r.previous).toEqual({ status: 'done', at: at(1) });
    expect(locate(pb, r.track).current.id).toBe('record-sender');
  });

  it('re-answering a question with another option follows the new branch', () => {
    const first = walk(emptyTrack(), moves);
    const b1 = back(pb, first.track)!;
    const b2 = back(pb, b1)!;
    const r = answer(pb, b2, 0, 'clicked-link', { status: 'answered', option: 'no' }, at(7));
    expect(r.previous).toMatchObject({ status: 'answered', option: 'yes' });
    expect(locate(pb, r.track)).toMatchObject({ current: { id: 'record-sender' }, path: ['clicked-link'] });
    // the answer on the branch left behind stays in the file
    expect(r.track.answers['change-password']?.status).toBe('done');
  });
});

describe('progress and finishing', () => {
  it.each<{ name: string; moves: [string, Given][]; done: number; total: number }>([
    // the estimate follows the first option (yes) of each unanswered question: 8 steps
    { name: 'empty', moves: [], done: 0, total: 8 },
    { name: 'yes branch', moves: [['clicked-link', { status: 'answered', option: 'yes' }]], done: 1, total: 8 },
    { name: 'no branch', moves: [['clicked-link', { status: 'answered', option: 'no' }]], done: 1, total: 7 },
    {
      name: 'a later does not count as done',
      moves: [
        ['clicked-link', { status: 'answered', option: 'yes' }],
        ['change-password', { status: 'later' }],
        ['record-sender', { status: 'skipped' }],
      ],
      done: 2,
      total: 8,
    },
    { name: 'at the end step', moves: toEnd.slice(0, -1), done: 6, total: 7 },
    { name: 'finished', moves: toEnd, done: 7, total: 7 },
  ])('$name: $done of $total', ({ moves, done: d, total }) => {
    const { track } = walk(emptyTrack(), moves);
    expect(progress(pb, track)).toEqual({ done: d, total });
  });

  it('answering the end step finishes the track', () => {
    const before = walk(emptyTrack(), toEnd.slice(0, -1)).track;
    expect(locate(pb, before)).toMatchObject({ current: { id: 'done' }, finished: false });
    const { track, replaced } = walk(emptyTrack(), toEnd);
    expect(locate(pb, track)).toEqual({
      current: step('done'),
      path: ['clicked-link', 'record-sender', 'report', 'noticed-date', 'watch', 'about-reports'],
      finished: true,
    });
    expect(replaced).toEqual(Array(7).fill(undefined));
    expect(() => Track.parse(track)).not.toThrow();
  });

  it('walkthrough-two finishes in two answers', () => {
    const { track } = walk(
      emptyTrack(two),
      [
        ['first', done],
        ['last', done],
      ],
      two,
    );
    expect(locate(two, track).finished).toBe(true);
    expect(progress(two, track)).toEqual({ done: 2, total: 2 });
  });
});

describe('reconcile with a changed playbook', () => {
  /** A deep copy of the fixture with its steps rewritten. */
  function changed(edit: (steps: Step[]) => Step[], version = pb.version): Playbook {
    const copy = structuredClone(pb);
    return { ...copy, version, steps: edit(copy.steps) };
  }
  const relink =
    (from: string, to: string) =>
    (s: Step): Step =>
      s.kind !== 'end' && s.kind !== 'question' && s.next === from ? { ...s, next: to } : s;

  /** answered up to noticed-date, on the "yes" branch */
  function answeredTrack(): Track {
    return walk(emptyTrack(), [
      ['clicked-link', { status: 'answered', option: 'yes' }],
      ['change-password', done],
      ['record-sender', { status: 'skipped' }],
      ['report', done],
      ['noticed-date', { status: 'answered', value: '2026-11-20' }],
    ]).track;
  }

  it('with nothing changed reports nothing', () => {
    const track = answeredTrack();
    expect(reconcile(pb, track)).toEqual({ track, removed: [], versionChanged: false, invalidAnswers: [] });
  });

  it('a bumped version is reported and recorded', () => {
    const track = answeredTrack();
    const r = reconcile(
      changed((s) => s, 2),
      track,
    );
    expect(r).toMatchObject({ removed: [], invalidAnswers: [], versionChanged: true });
    expect(r.track.version).toBe(2);
    expect(r.track.answers).toEqual(track.answers);
    expect(track.version).toBe(1);
  });

  it('a removed step: its answer is kept and reported, and the walk goes on', () => {
    const track = answeredTrack();
    const next = changed((steps) => steps.filter((s) => s.id !== 'change-password').map(relink('change-password', 'record-sender')), 2);
    // the question's "yes" option led to the removed step: send it on
    const q = next.steps[0]!;
    if (q.kind !== 'question') throw new Error('fixture changed');
    q.options[0]!.next = 'record-sender';
    const r = reconcile(next, track);
    expect(r.removed).toEqual(['change-password']);
    expect(r.invalidAnswers).toEqual([]);
    expect(r.versionChanged).toBe(true);
    expect(r.track.answers['change-password']).toEqual(track.answers['change-password']);
    expect(locate(next, r.track)).toMatchObject({ current: { id: 'watch' }, path: ['clicked-link', 'record-sender', 'report', 'noticed-date'] });
  });

  it('a renamed step: the old answer is kept and reported, and locate stops at the renamed (unanswered) step', () => {
    const track = answeredTrack();
    const next = changed((steps) => steps.map((s) => (s.id === 'report' ? { ...s, id: 'report-scam' } : s)).map(relink('report', 'report-scam')), 2);
    const r = reconcile(next, track);
    expect(r.removed).toEqual(['report']);
    expect(r.track.answers.report).toEqual({ status: 'done', at: at(3) });
    expect(locate(next, r.track)).toMatchObject({ current: { id: 'report-scam' }, path: ['clicked-link', 'change-password', 'record-sender'] });
    expect(progress(next, r.track).done).toBe(3);
  });

  it('a removed question option: the answer is invalid and the question is asked again', () => {
    const track = answeredTrack();
    const next = changed(
      (steps) =>
        steps.map((s) =>
          s.kind === 'question' ? { ...s, options: s.options.filter((o) => o.id !== 'yes').concat({ id: 'not-sure', label: { ja: 'わからない', en: 'Not sure' }, next: 'change-password' }) } : s,
        ),
      2,
    );
    const r = reconcile(next, track);
    expect(r.invalidAnswers).toEqual(['clicked-link']);
    expect(r.removed).toEqual([]);
    expect(r.track.answers['clicked-link']).toEqual({ status: 'answered', option: 'yes', at: at(0) });
    expect(locate(next, r.track)).toMatchObject({ current: { id: 'clicked-link' }, path: [] });
    // answering it again continues over the answers already given
    const again = answer(next, r.track, 0, 'clicked-link', { status: 'answered', option: 'not-sure' }, at(9));
    expect(again.previous).toMatchObject({ option: 'yes' });
    expect(locate(next, again.track).current.id).toBe('watch');
  });

  it('a step that became a question makes its old answer invalid', () => {
    const track = answeredTrack();
    const next = changed((steps) =>
      steps.map((s): Step =>
        s.id === 'report'
          ? {
              kind: 'question',
              id: 'report',
              title: s.title,
              options: [
                { id: 'a', label: s.title, next: 'noticed-date' },
                { id: 'b', label: s.title, next: 'noticed-date' },
              ],
            }
          : s,
      ),
    );
    const r = reconcile(next, track);
    expect(r.invalidAnswers).toEqual(['report']);
    expect(locate(next, r.track).current.id).toBe('report');
  });

  it('a revisit pointing at a removed step is dropped', () => {
    const track: Track = { ...answeredTrack(), revisit: 'report' };
    const next = changed((steps) => steps.filter((s) => s.id !== 'report').map(relink('report', 'noticed-date')));
    const r = reconcile(next, track);
    expect(r.track.revisit).toBeUndefined();
    expect(track.revisit).toBe('report');
    expect(locate(next, r.track).current.id).toBe('watch');
  });
});
