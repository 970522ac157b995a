// The incident report: a pure function of (playbooks, incident). It shows the times things
// happened, never the time of rendering. Everything a person typed is escaped.
import type { Incident, Track } from './incident.ts';
import { locate } from './engine.ts';
import { escapeMarkdown as e, table } from './markdown.ts';
import type { Translate } from './messages.ts';
import { loc } from './render.ts';
import type { Lang, Playbook, Step } from './schema.ts';

export interface ReportInput {
  incident: Incident;
  /** the playbooks by id, as they are now (a missing one is reported, not fatal) */
  playbooks: ReadonlyMap<string, Playbook>;
  lang: Lang;
  t: Translate;
}

const L = {
  en: { title: 'Incident report', id: 'Incident', started: 'Started', updated: 'Last activity', state: 'State', zone: 'Time zone', service: 'Service', version: 'playbook version', step: 'Step', status: 'Status', answer: 'Answer', time: 'Time', notes: 'Notes', missing: 'playbook not available', older: 'Answers to steps that are no longer in the playbook', timeline: 'Timeline', event: 'Event' },
  ja: { title: 'インシデント報告書', id: '記録ID', started: '開始', updated: '最終更新', state: '状態', zone: 'タイムゾーン', service: 'サービス', version: '手順書の版', step: '手順', status: '状態', answer: '回答', time: '日時', notes: 'メモ', missing: '手順書が見つかりません', older: '手順書から無くなった手順への回答', timeline: '経過', event: 'できごと' },
} as const;

function answerText(step: Step | undefined, a: Track['answers'][string], lang: Lang): string {
  if (a.value !== undefined) return a.value;
  if (a.option && step?.kind === 'question') return loc(step.options.find((o) => o.id === a.option)?.label, lang) || a.option;
  return '';
}

/** Markdown report. */
export function renderReportMarkdown({ incident, playbooks, lang, t }: ReportInput): string {
  const l = L[lang];
  const out: string[] = [`# ${l.title}: ${e(incident.id)}`, ''];
  out.push(
    ...table(
      ['', ''],
      [
        [l.id, incident.id],
        [l.started, incident.createdAt],
        [l.updated, incident.updatedAt],
        [l.state, t(`state.${incident.state}`)],
        [l.zone, incident.timeZone],
      ],
    ),
    '',
  );
  incident.tracks.forEach((track, ti) => {
    const pb = playbooks.get(track.playbook);
    out.push(`## ${e(loc(track.title, lang))} (${e(track.playbook)}, ${l.version} ${track.version})`, '');
    if (!pb) out.push(`*${l.missing}*`, '');
    const steps = new Map(pb?.steps.map((s) => [s.id, s]) ?? []);
    const onPath = pb ? [...locate(pb, track).path, ...(track.answers[locate(pb, track).current.id] ? [locate(pb, track).current.id] : [])] : [];
    const rows = onPath.map((id) => {
      const a = track.answers[id]!;
      return [loc(steps.get(id)?.title, lang) || id, t(`status.${a.status}`), answerText(steps.get(id), a, lang), a.at];
    });
    if (pb && !locate(pb, track).finished) {
      const cur = locate(pb, track).current;
      if (!track.answers[cur.id]) rows.push([loc(cur.title, lang), t('status.notYet'), '', '']);
    }
    out.push(...table([l.step, l.status, l.answer, l.time], rows), '');
    const older = Object.entries(track.answers).filter(([id]) => !steps.has(id));
    if (older.length) {
      out.push(`### ${l.older}`, '', ...table([l.step, l.status, l.answer, l.time], older.map(([id, a]) => [id, t(`status.${a.status}`), answerText(undefined, a, lang), a.at])), '');
    }
    const notes = incident.notes.filter((n) => n.track === ti);
    if (notes.length) {
      out.push(`### ${l.notes}`, '', ...table([l.time, l.step, l.notes], notes.map((n) => [n.at, loc(steps.get(n.step)?.title, lang) || n.step, n.text])), '');
    }
  });
  out.push(`## ${l.timeline}`, '', ...table([l.time, l.event, l.step], incident.events.map((ev) => [ev.at, ev.type + (ev.detail ? ` (${ev.detail})` : ''), ev.step ?? ''])), '');
  return out.join('\n');
}
