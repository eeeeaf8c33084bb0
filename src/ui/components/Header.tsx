// Two lines on top: where we are connected and how the source is doing; what the store holds,
// the event rate, and how the table is ordered.
import { Box, Text } from 'ink';
import type { SourceStatus } from '../../kube/types.js';
import type { Totals } from '../../store/aggregate.js';
import type { ClusterState } from '../../session/types.js';
import { displayWidth } from '../../model/width.js';
import type { Span, Theme, Tone } from '../theme.js';
import { PaintMemo } from './paint-memo.js';

export interface HeaderProps {
  context: string;
  cluster: string;
  namespaces: readonly string[];
  apiGroup: string;
  status: SourceStatus;
  /** Several clusters in one view: one short state each instead of the one status. */
  clusters?: readonly ClusterState[];
  totals: Totals;
  spark: string;
  perSecond: number;
  sortLabel: string;
  following: boolean;
  newCount: number;
  warningsOnly: boolean;
  /** Similar messages folded (f). */
  folded?: boolean;
  /** kevtui replay: the recording's clock, in place of the source's state. */
  replay?: { now: number; speed: number; playing: boolean; ended: boolean };
  width: number;
  now: number;
  theme: Theme;
}

/** What to check when the server has not answered for long (the header's second line then). */
export const SLOW_SERVER_HINT = 'check VPN/proxy (HTTPS_PROXY) and the server address; still trying';

/** Whether the server has said nothing for longer than the source's limit. */
export function serverSilent(s: SourceStatus, now: number): boolean {
  return s.unansweredSince !== undefined && s.slowAfterMs !== undefined && now - s.unansweredSince >= s.slowAfterMs && s.state !== 'error' && s.state !== 'forbidden';
}

/** The source's state in a few words, with a tone. */
export function statusText(s: SourceStatus, now: number): { text: string; tone: Tone } {
  const server = s.server ?? 'the API server';
  const waited = s.unansweredSince !== undefined ? Math.max(0, Math.floor((now - s.unansweredSince) / 1000)) : undefined;
  // Silence is the one thing a blank screen cannot tell apart from slowness: say it (and, below, what to check).
  if (serverSilent(s, now)) return { text: `no answer from ${server} for ${waited} s —`, tone: 'warning' };
  switch (s.state) {
    case 'watching':
      return { text: `● watching${s.fallback ? ` (${s.fallback})` : ''}`, tone: 'ok' };
    case 'listing':
      if (s.listed === undefined) return { text: s.detail || 'listing events…', tone: 'accent' };
      return { text: `listing events… ${groupDigits(s.listed)}${s.total !== undefined ? ` of ${groupDigits(s.total)}` : ' so far'}`, tone: 'accent' };
    case 'connecting':
      return { text: `connecting to ${server}${waited !== undefined ? ` (${waited} s)` : '…'}`, tone: 'accent' };
    case 'reconnecting': {
      const secs = s.retryAt !== undefined ? Math.max(0, Math.ceil((s.retryAt - now) / 1000)) : undefined;
      const base = secs !== undefined ? `reconnecting in ${secs}s` : 'reconnecting';
      return { text: `${base}${s.attempt !== undefined ? ` (attempt ${s.attempt})` : ''}${s.detail ? `: ${s.detail.replace(/^reconnecting[^:]*:\s*/, '')}` : ''}`, tone: 'warning' };
    }
    case 'forbidden':
      return { text: `forbidden${s.detail ? `: ${s.detail}` : ''}`, tone: 'error' };
    case 'error':
      return { text: `error${s.detail ? `: ${s.detail}` : ''}`, tone: 'error' };
    case 'stopped':
      return { text: 'stopped', tone: 'muted' };
  }
}

/** `replay 14:05:12 ×4 ▶` (local time; ⏸ paused, `end` once the recording is over). */
export function replayText(r: NonNullable<HeaderProps['replay']>): { text: string; tone: Tone } {
  const d = new Date(r.now);
  const clock = Number.isFinite(r.now) ? [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':') : '--:--:--';
  const speed = r.speed >= 1 ? String(r.speed) : `1/${Math.round(1 / r.speed)}`;
  return { text: `replay ${clock} ×${speed} ${r.playing ? '▶' : r.ended ? '⏸ end' : '⏸'}`, tone: r.playing ? 'ok' : 'warning' };
}

export const SORT_LABEL: Record<string, string> = {
  triage: 'triage',
  lastSeen: 'last seen',
  count: 'count',
  firstSeen: 'first seen',
  severity: 'severity',
};

/** One cluster's state in a word or two: `●` watching, `✗ forbidden`, `… 3 s`, `↻ 4s`. */
export function clusterMark(s: SourceStatus, now: number): { text: string; tone: Tone; failing: boolean; ok: boolean } {
  if (serverSilent(s, now)) return { text: '… no answer', tone: 'warning', failing: false, ok: false };
  switch (s.state) {
    case 'watching':
      return { text: '●', tone: 'ok', failing: false, ok: true };
    case 'listing':
    case 'connecting':
      return { text: '…', tone: 'accent', failing: false, ok: false };
    case 'reconnecting':
      return { text: `↻${s.retryAt !== undefined ? ` ${Math.max(0, Math.ceil((s.retryAt - now) / 1000))}s` : ''}`, tone: 'warning', failing: false, ok: false };
    case 'forbidden':
      return { text: '✗ forbidden', tone: 'error', failing: true, ok: false };
    case 'error':
      return { text: `✗ ${/\b401\b|unauthori[sz]ed/i.test(s.detail) ? 'unauthorized' : /expired/i.test(s.detail) ? 'expired' : 'error'}`, tone: 'error', failing: true, ok: false };
    case 'stopped':
      return { text: '■ stopped', tone: 'muted', failing: false, ok: false };
  }
}

/**
 * `a ● b ● c ✗ forbidden` when it fits in `room` cells; else counts, failing ones named:
 * `19 watching · 1 failing: c forbidden`.
 */
export function clusterSpans(clusters: readonly ClusterState[], now: number, room: number): Span[] {
  const marks = clusters.map((c) => ({ c, m: clusterMark(c.status, now) }));
  const each: Span[] = [];
  marks.forEach(({ c, m }, i) => {
    each.push({ text: `${i > 0 ? '  ' : ''}${c.label} ` }, { text: m.text, tone: m.tone });
  });
  if (each.reduce((n, s) => n + displayWidth(s.text), 0) <= room) return each;
  const ok = marks.filter((x) => x.m.ok).length;
  const bad = marks.filter((x) => x.m.failing);
  const waiting = marks.length - ok - bad.length;
  const out: Span[] = [{ text: `${ok} watching`, tone: ok > 0 ? 'ok' : undefined }];
  if (waiting > 0) out.push({ text: ` · ${waiting} waiting`, tone: 'accent' });
  if (bad.length > 0) {
    out.push({ text: ` · ${bad.length} failing: `, tone: 'error' });
    bad.forEach(({ c, m }, i) => out.push({ text: `${i > 0 ? ', ' : ''}${c.label} ${m.text.replace('✗ ', '')}`, tone: 'error' }));
  }
  return out;
}

/** `12,345`: toLocaleString('en-US')'s answer; counts (safe non-negative integers) without Intl,
 *  which costs more than the rest of the line (five counts a frame). */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || Object.is(n, -0)) return n.toLocaleString('en-US');
  const s = String(n);
  let out = s.slice(0, ((s.length - 1) % 3) + 1);
  for (let i = out.length; i < s.length; i += 3) out += ',' + s.slice(i, i + 3);
  return out;
}

export function headerLines(p: HeaderProps): [string, string] {
  const ns = p.namespaces.length === 0 || (p.namespaces.length === 1 && p.namespaces[0] === '') ? 'all namespaces' : `ns ${p.namespaces.join(',')}`;
  const api = p.apiGroup === 'events' ? 'events.k8s.io/v1' : 'v1 events';
  const st = p.replay !== undefined ? replayText(p.replay) : statusText(p.status, p.now);
  const many = p.clusters !== undefined && p.clusters.length > 1 ? p.clusters : undefined;
  // Several clusters: their states first (what must not be missed), the scope after them.
  const where: Span[] = many !== undefined ? [
    { text: 'kevtui ', bold: true },
    { text: `${many.length} clusters`, tone: 'accent' },
    { text: ' · ' },
    ...clusterSpans(many, p.now, p.width - displayWidth(`kevtui ${many.length} clusters · `)),
    { text: ` · ${ns} · ${api}` },
  ] : [
    { text: 'kevtui ', bold: true },
    { text: p.context, tone: 'accent' },
    { text: p.cluster !== '' && p.cluster !== p.context ? ` (${p.cluster})` : '' },
    { text: ` · ${ns} · ${api} · ` },
    { text: st.text, tone: st.tone },
  ];
  const t = p.totals;
  // What the user must not misread comes first (cut from the right on narrow terminals).
  const what: Span[] = [
    p.following ? { text: 'FOLLOW', tone: 'ok', bold: true } : { text: `PAUSED${p.newCount > 0 ? ` · ${p.newCount} new` : ''}`, tone: 'warning', inverse: true },
    p.warningsOnly ? { text: '  WARNINGS ONLY', tone: 'warning', bold: true } : { text: '' },
    p.folded === true ? { text: '  folded', tone: 'accent', bold: true } : { text: '' },
    { text: `  sort ${SORT_LABEL[p.sortLabel] ?? p.sortLabel}  ` },
    { text: `${groupDigits(t.groups)} groups · ${groupDigits(t.events)} events · ` },
    { text: `${groupDigits(t.warningGroups)} warning${t.warningGroups === 1 ? '' : 's'}`, tone: t.warningGroups > 0 ? 'warning' : undefined },
    // What the caps (--max-groups, --max-memory) dropped: the view is not everything that happened.
    { text: t.evicted > 0 ? ` · ${groupDigits(t.evicted)} evicted (${groupDigits(t.evictedEvents)} events)` : '' },
    { text: t.untracked > 0 ? ` · ${groupDigits(t.untracked)} uids untracked` : '', tone: 'warning' },
  ];
  // The rate stays on screen: the sparkline gets the room left, its newest buckets (at 80
  // columns its 20 buckets pushed the figure off the edge).
  const rate = `${p.perSecond >= 10 ? Math.round(p.perSecond) : p.perSecond.toFixed(1)}/s`;
  const room = p.width - what.reduce((w, x) => w + displayWidth(x.text), 0) - rate.length - 3;
  const spark = p.spark.slice(Math.max(0, p.spark.length - room));
  what.push({ text: room >= 4 ? `  ${spark} ` : '  ' }, { text: rate });
  // Nothing has arrived yet, so the counts can wait: the line says what to check instead.
  const second = many === undefined && serverSilent(p.status, p.now) ? [{ text: SLOW_SERVER_HINT, tone: 'warning' as const }] : what;
  return [painted[0].paint(p.theme, where, p.width), painted[1].paint(p.theme, second, p.width)];
}

/** One memo per header line: the first one rarely changes. */
const painted = [new PaintMemo(), new PaintMemo()] as const;

export function Header(p: HeaderProps) {
  const [a, b] = headerLines(p);
  return (
    <Box flexDirection="column" height={2}>
      <Text>{a}</Text>
      <Text>{b}</Text>
    </Box>
  );
}
