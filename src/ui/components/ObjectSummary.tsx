// A few lines about each object a jump shows: a pod's phase, containers, restarts and node; a
// node's conditions; a workload's replicas; or why there is nothing (gone, forbidden).
import { Box, Text } from 'ink';
import type { FetchedObject } from '../../session/types.js';
import { sanitize } from '../../model/sanitize.js';
import { humanDuration } from '../../model/duration.js';
import { fitToWidth } from '../../model/width.js';
import type { Theme } from '../theme.js';

export interface SummaryEntry {
  /** `Pod shop/web-7d5-x2` */
  label: string;
  /** undefined while loading. */
  result: FetchedObject | undefined;
  /** Groups of this object in the store (shown after the label). */
  groups?: number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
// Objects come straight from the API server: sanitise every string shown.
const str = (v: unknown): string => sanitize(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function conditions(status: Rec, interesting: (type: string, value: string) => boolean): string {
  return arr(status.conditions)
    .map(rec)
    .filter((c) => interesting(str(c.type), str(c.status)))
    .map((c) => `${str(c.type)}=${str(c.status)}${c.reason ? ` (${str(c.reason)}${c.message && str(c.status) !== 'True' ? `: ${str(c.message)}` : ''})` : ''}`)
    .join('  ');
}

function containerLine(cs: Rec): string {
  const state = rec(cs.state);
  const last = rec(rec(cs.lastState).terminated);
  let s: string;
  if (state.running !== undefined) s = 'Running';
  else if (state.waiting !== undefined) s = `Waiting ${str(rec(state.waiting).reason)}`.trimEnd();
  else if (state.terminated !== undefined) {
    const t = rec(state.terminated);
    s = `Terminated ${str(t.reason)} exit ${str(t.exitCode)}`;
  } else s = 'unknown';
  const restarts = num(cs.restartCount) ?? 0;
  const lastExit = last.exitCode !== undefined ? `, last exit ${str(last.exitCode)} ${str(last.reason)}`.trimEnd() : '';
  return `  ${str(cs.name)}: ${s}${cs.ready === true ? ' ready' : ''}${restarts > 0 ? ` · restarts ${restarts}${lastExit}` : ''}`;
}

/** Unpainted summary lines of one object. */
export function summarizeObject(e: SummaryEntry, now: number = Date.now()): string[] {
  const head = `${e.label}${e.groups !== undefined ? `  [${e.groups} group${e.groups === 1 ? '' : 's'}]` : ''}`;
  const r = e.result;
  if (r === undefined) return [`${head}  loading…`];
  if (!r.ok) {
    if ('gone' in r) return [`${head}  gone: no longer exists (its events remain)${r.message ? ` — ${sanitize(r.message)}` : ''}`];
    if ('forbidden' in r) return [`${head}  forbidden: not allowed to read it${r.message ? ` — ${sanitize(r.message)}` : ''}`];
    return [`${head}  could not load: ${sanitize(r.message)}`];
  }
  const o = r.object;
  const kind = str(o.kind);
  const meta = rec(o.metadata);
  const spec = rec(o.spec);
  const status = rec(o.status);
  const created = Date.parse(str(meta.creationTimestamp));
  const age = Number.isNaN(created) ? '' : `  age ${humanDuration(now - created)}`;
  if (meta.deletionTimestamp !== undefined) return [`${head}  terminating${age}`];
  switch (kind) {
    case 'Pod': {
      const statuses = [...arr(status.initContainerStatuses), ...arr(status.containerStatuses)].map(rec);
      const ready = arr(status.containerStatuses).map(rec).filter((c) => c.ready === true).length;
      const restarts = statuses.reduce((s, c) => s + (num(c.restartCount) ?? 0), 0);
      const node = str(spec.nodeName);
      const reason = status.reason ? ` (${str(status.reason)})` : '';
      return [
        `${head}  ${str(status.phase) || 'Unknown'}${reason}  ready ${ready}/${arr(status.containerStatuses).length || arr(spec.containers).length}  restarts ${restarts}  node ${node || '(not scheduled)'}${age}`,
        ...statuses.map(containerLine),
      ];
    }
    case 'Node': {
      const ready = arr(status.conditions).map(rec).find((c) => c.type === 'Ready');
      const bad = conditions(status, (t, v) => t !== 'Ready' && v === 'True');
      return [
        `${head}  Ready=${ready ? str(ready.status) : 'Unknown'}${ready && ready.status !== 'True' && ready.reason ? ` (${str(ready.reason)})` : ''}${spec.unschedulable === true ? '  unschedulable (cordoned)' : ''}${age}`,
        ...(bad !== '' ? [`  ${bad}`] : []),
      ];
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': {
      const want = num(spec.replicas) ?? 1;
      const parts = [`replicas ${want}`, `ready ${num(status.readyReplicas) ?? 0}`];
      if (kind !== 'ReplicaSet') parts.push(`updated ${num(status.updatedReplicas) ?? 0}`);
      if (kind === 'Deployment') parts.push(`available ${num(status.availableReplicas) ?? 0}`);
      const conds = conditions(status, (t, v) => v !== 'True' || t === 'Progressing');
      return [`${head}  ${parts.join(' · ')}${age}`, ...(conds !== '' ? [`  ${conds}`] : [])];
    }
    case 'DaemonSet':
      return [`${head}  desired ${num(status.desiredNumberScheduled) ?? 0} · ready ${num(status.numberReady) ?? 0} · unavailable ${num(status.numberUnavailable) ?? 0}${age}`];
    case 'Job':
      return [`${head}  active ${num(status.active) ?? 0} · succeeded ${num(status.succeeded) ?? 0} · failed ${num(status.failed) ?? 0}${age}`];
    default: {
      const conds = conditions(status, () => true);
      return [`${head}${age}`, ...(conds !== '' ? [`  ${conds}`] : [])];
    }
  }
}

export interface ObjectSummaryProps {
  entries: readonly SummaryEntry[];
  width: number;
  height: number;
  now: number;
  theme: Theme;
  note?: string | undefined;
}

/** All lines of a summary panel cut to `height` (the last one says how many were left out). */
export function summaryLines(entries: readonly SummaryEntry[], height: number, now: number, note?: string): string[] {
  const all = entries.flatMap((e) => summarizeObject(e, now));
  if (note !== undefined && note !== '') all.push(`  note: ${note}`);
  if (all.length <= height) return all;
  return [...all.slice(0, Math.max(0, height - 1)), `  … ${all.length - height + 1} more lines`];
}

/** The panel as drawn: each line fitted to the width, the objects' own lines bold. */
export function paintedSummaryLines(p: ObjectSummaryProps): string[] {
  return summaryLines(p.entries, p.height, p.now, p.note).map((l) => {
    const text = fitToWidth(l, p.width);
    return l.startsWith('  ') ? text : p.theme.bold(text);
  });
}

export function ObjectSummary(p: ObjectSummaryProps) {
  const lines = paintedSummaryLines(p);
  return (
    <Box flexDirection="column" height={lines.length}>
      {lines.map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
    </Box>
  );
}
