// Under the table: the selected group's whole message, wrapped, and who said it about what, so a
// row can be read without opening the detail (Enter). Pure lines, like the table rows.
import { Box, Text } from 'ink';
import type { EventGroup } from '../../store/aggregate.js';
import { displayWidth, fitToWidth, truncateToWidth } from '../../model/width.js';
import { formatCount, truncateMiddle, typeLabel, wrapText } from '../rows.js';
import type { Theme } from '../theme.js';
import { isFold } from '../../store/fold.js';

export interface PreviewProps {
  group: EventGroup | undefined;
  width: number;
  /** 1–3 lines. */
  height: number;
  theme: Theme;
}

/** How many preview lines a table body of `body` lines can spare. */
export function previewHeight(body: number): number {
  return body >= 16 ? 3 : body >= 10 ? 2 : body >= 7 ? 1 : 0;
}

/**
 * `kubelet · Pod/shop/cart-7t5ms · Warning, severity error · ×27`: the row's who and what. Within
 * `width` the object's name is cut in the middle first, so type, severity and count stay in view at
 * 80 columns (a pod's full name is often 60 cells on its own).
 */
export function previewSubject(g: EventGroup, width = Infinity): string {
  if (isFold(g)) {
    // A fold: what it gathers, then the latest member's own who and what.
    const objects = `${g.objects} object${g.objects === 1 ? '' : 's'}`;
    const head = `fold of ${g.groups} groups · ${objects} · ×${formatCount(g.count)} · latest: `;
    return head + previewSubject(g.latestGroup, width - displayWidth(head));
  }
  const ns = g.object.namespace || g.namespace;
  const kind = `${g.object.kind}/${ns !== '' ? `${ns}/` : ''}`;
  const head = `${g.component || '(no component)'} · `;
  const tail = ` · ${g.type || '(no type)'}, severity ${typeLabel(g.severity, true)} · ×${formatCount(g.count)}`;
  const room = width - displayWidth(head) - displayWidth(kind) - displayWidth(tail);
  const name = room >= displayWidth(g.object.name) ? g.object.name : truncateMiddle(g.object.name, Math.max(MIN_NAME, room)).text.trimEnd();
  return head + kind + name + tail;
}

/** The fewest cells a cut object name keeps (head, ellipsis, tail). */
const MIN_NAME = 12;

/** Exactly `height` lines of exactly `width` cells (unpainted). */
export function previewLines(g: EventGroup | undefined, width: number, height: number): string[] {
  if (height <= 0) return [];
  if (g === undefined) return Array.from({ length: height }, () => fitToWidth('', width));
  // A fold's template is in its row: the preview shows a real message, the latest member's.
  const text = isFold(g) ? g.latestGroup.message : g.message;
  if (height === 1) return [fitToWidth(isFold(g) ? `${g.groups} groups · ${g.objects} obj · ${text}` : text, width)];
  return [fitToWidth(previewSubject(g, width), width), ...messageLines(text, width, height - 1)];
}

/** The last message wrapped: the selected row's count changes every frame, its text rarely. */
let lastMessage: { text: string; width: number; room: number; lines: readonly string[] } | undefined;

/** `text` wrapped into exactly `room` lines of exactly `width` cells, indented by two. */
function messageLines(text: string, width: number, room: number): readonly string[] {
  const m = lastMessage;
  if (m !== undefined && m.text === text && m.width === width && m.room === room) return m.lines;
  const wrapped = wrapText(text, width - 2).map((l) => `  ${l}`);
  const message = wrapped.slice(0, room);
  if (wrapped.length > room) {
    // Cut, not lost: the detail view (Enter) has all of it.
    message[room - 1] = truncateToWidth(message[room - 1]! + ' ' + wrapped.slice(room).join(' ').trim(), width);
  }
  while (message.length < room) message.push('');
  const lines = message.map((l) => fitToWidth(l, width));
  lastMessage = { text, width, room, lines };
  return lines;
}

/** The preview as drawn: the subject line muted. */
export function paintedPreviewLines(p: PreviewProps): string[] {
  return previewLines(p.group, p.width, p.height).map((l, i) => (i === 0 && p.height > 1 ? p.theme.tone('muted', l) : l));
}

export function Preview(p: PreviewProps) {
  return (
    <Box flexDirection="column" height={p.height}>
      {paintedPreviewLines(p).map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
    </Box>
  );
}
