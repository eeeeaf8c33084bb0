// Everything about one group, scrollable: the object (apiVersion, fieldPath), who reported it,
// reason, type and severity, count, first/last seen, related object, the full message wrapped,
// recent occurrences; `y` switches to the latest event as YAML (ui/event-object).
import { Box, Text } from 'ink';
import { stringify } from 'yaml';
import type { EventGroup } from '../../store/aggregate.js';
import type { ObjectRef } from '../../model/event.js';
import { fitToWidth } from '../../model/width.js';
import { formatAge, typeLabel, wrapTextLimited } from '../rows.js';
import type { Theme } from '../theme.js';
import { keptFields, type EventObject } from '../event-object.js';

export interface DetailLine {
  /** Shown bold in the first LABEL_WIDTH cells. */
  label?: string;
  text: string;
  heading?: boolean;
}

const LABEL_WIDTH = 13;

// Server text can be 32 KB (the sanitiser's cap) in any field. What is wrapped is bounded by
// what is shown, and the rest is counted: `c` copies the whole event.
const MESSAGE_MAX_LINES = 100;
const FIELD_MAX_LINES = 8;
const YAML_VALUE_MAX_LINES = 40;

function wrapCapped(s: string, width: number, maxLines: number, indent = ''): string[] {
  const { lines, rest } = wrapTextLimited(s, width, maxLines, indent);
  if (rest > 0) lines.push(`${indent}… ${rest.toLocaleString('en-US')} more characters (c copies the whole event)`);
  return lines;
}

/** The wrapped message of a group, kept while its version and the width stay the same. */
const wrapped = new WeakMap<EventGroup, { version: number; width: number; message: DetailLine[] }>();

function wrappedMessage(g: EventGroup, width: number): DetailLine[] {
  let entry = wrapped.get(g);
  if (entry === undefined || entry.version !== g.changedVersion || entry.width !== width) {
    entry = { version: g.changedVersion, width, message: wrapCapped(g.message, width - 2, MESSAGE_MAX_LINES).map((t) => ({ text: `  ${t}` })) };
    wrapped.set(g, entry);
  }
  return entry.message;
}

/** An event's YAML lines, kept per object (a fetched event, or the store's) and width. */
const yamlLines = new WeakMap<object, { width: number; lines: DetailLine[] }>();

function wrappedYaml(object: Record<string, unknown>, width: number): DetailLine[] {
  let entry = yamlLines.get(object);
  if (entry === undefined || entry.width !== width) {
    const lines: DetailLine[] = [];
    for (const line of yamlOf(object).trimEnd().split('\n')) {
      const indent = /^ */.exec(line)![0];
      for (const w of wrapCapped(line, width, YAML_VALUE_MAX_LINES, indent + '  ')) lines.push({ text: w });
    }
    entry = { width, lines };
    yamlLines.set(object, entry);
  }
  return entry.lines;
}

function refText(r: ObjectRef): string {
  const where = r.namespace !== '' ? `${r.namespace}/` : '';
  return `${r.kind}/${where}${r.name}`;
}

function when(t: number, now: number): string {
  if (t !== t) return 'unknown';
  return `${formatAge(t, now)} ago  (${new Date(t).toISOString().replace('.000Z', 'Z')})`;
}

function yamlOf(object: Record<string, unknown>): string {
  return stringify(object, { lineWidth: 0 });
}

/** The event as YAML (what `y` shows and `c` copies in detail): the server's, else kevtui's fields. */
export function eventYaml(g: EventGroup, event: EventObject | undefined): { text: string; kept: boolean } {
  if (event !== undefined && event.state !== 'loading') return { text: yamlOf(event.object), kept: event.state === 'failed' };
  return { text: yamlOf(keptFields(g)), kept: true };
}

/** `yaml`: the event to show as YAML (ui/event-object), or undefined for the fields. */
export function detailLines(g: EventGroup, width: number, now: number, yaml: EventObject | undefined): DetailLine[] {
  if (yaml !== undefined) {
    const heading: DetailLine = { text: `${g.latest.apiGroup === 'events' ? 'events.k8s.io/v1' : 'v1'} Event ${g.latest.namespace}/${g.latest.name}  (y: fields)`, heading: true };
    if (yaml.state === 'loading') return [heading, { text: '  fetching the event from the server…' }];
    if (yaml.state === 'failed') {
      const why = yaml.gone ? 'the server no longer has this event (expired or deleted)' : `could not fetch it: ${yaml.message}`;
      return [heading, ...wrapCapped(`${why}; what kevtui kept of it:`, width, FIELD_MAX_LINES).map((text) => ({ text })), ...wrappedYaml(yaml.object, width)];
    }
    return [heading, ...wrappedYaml(yaml.object, width)];
  }
  const valueWidth = Math.max(10, width - LABEL_WIDTH);
  const out: DetailLine[] = [];
  const field = (label: string, value: string) => {
    wrapCapped(value, valueWidth, FIELD_MAX_LINES).forEach((t, i) => out.push(i === 0 ? { label, text: t } : { text: ' '.repeat(LABEL_WIDTH) + t }));
  };
  const o = g.object;
  field('Object', `${refText(o)}  (${o.apiVersion || 'apiVersion unknown'})`);
  if (o.fieldPath !== '') field('Field path', o.fieldPath);
  if (o.uid !== '') field('Object uid', o.uid);
  field('Reason', g.reason || '(none)');
  field('Type', `${g.type || '(none)'}   severity ${typeLabel(g.severity, true).toLowerCase()}`);
  field('Count', `${g.count}${g.combined ? '  (combined from similar events)' : ''}${g.expired ? '  (expired: every member was deleted)' : g.live > 1 ? `  (${g.live} live events)` : ''}`);
  field('First seen', when(g.firstSeen, now));
  field('Last seen', when(g.lastSeen, now));
  field('Component', g.component || '(none)');
  if (g.instance !== '') field('Instance', g.instance);
  if (g.latest.action !== '') field('Action', g.latest.action);
  if (g.latest.related !== undefined) field('Related', `${refText(g.latest.related)}${g.latest.related.fieldPath ? `  ${g.latest.related.fieldPath}` : ''}`);
  field('Event', `${g.latest.namespace}/${g.latest.name}  (${g.latest.apiGroup === 'events' ? 'events.k8s.io/v1' : 'v1'}, rv ${g.latest.resourceVersion})`);
  out.push({ text: '' }, { text: 'Message', heading: true });
  out.push(...wrappedMessage(g, width));
  if (g.recent.length > 0) {
    out.push({ text: '' }, { text: `Recent occurrences (newest first, ${g.recent.length} kept)`, heading: true });
    for (const r of [...g.recent].reverse()) {
      out.push({ text: `  ${fitToWidth(formatAge(r.at, now), 6)}  +${fitToWidth(String(r.delta), 5)} ${r.eventName}` });
    }
  }
  return out;
}

export interface DetailPaneProps {
  group: EventGroup | undefined;
  /** Set while the YAML is shown. */
  yaml: EventObject | undefined;
  scroll: number;
  width: number;
  height: number;
  now: number;
  theme: Theme;
}

export function paintDetailLine(l: DetailLine, width: number, theme: Theme): string {
  if (l.heading === true) return theme.bold(fitToWidth(l.text, width));
  if (l.label !== undefined) return theme.bold(fitToWidth(l.label, LABEL_WIDTH)) + fitToWidth(l.text, Math.max(0, width - LABEL_WIDTH));
  return fitToWidth(l.text, width);
}

export function DetailPane(p: DetailPaneProps) {
  const lines: DetailLine[] =
    p.group === undefined ? [{ text: 'This group is gone (evicted by the group cap). Esc goes back.' }] : detailLines(p.group, p.width, p.now, p.yaml);
  const top = Math.max(0, Math.min(p.scroll, lines.length - p.height));
  const shown = lines.slice(top, top + p.height);
  while (shown.length < p.height) shown.push({ text: '' });
  return (
    <Box flexDirection="column" height={p.height}>
      {shown.map((l, i) => (
        <Text key={i}>{paintDetailLine(l, p.width, p.theme)}</Text>
      ))}
    </Box>
  );
}
