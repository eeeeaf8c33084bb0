// The incident summary overlay: a section at a time (reasons, namespaces, objects, components,
// new), each as small ink-table tables — by count and, when there is room, by rate below it.
// The pure part (summaryView) decides what is shown and which filter each selectable row sets.
import { memo, useRef, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Table, type CellProps } from '@alcalzone/ink-table';
import type { AggregateStore } from '../../store/aggregate.js';
import { humanDuration } from '../../model/duration.js';
import { displayWidth, fitToWidth, truncateToWidth } from '../../model/width.js';
import { formatRate, RATE_MEANING, summarize, SUMMARY_TOP, type Dimension, type Summary as SummaryData } from '../../store/summary.js';
import type { SummaryState } from '../state.js';
import type { Theme } from '../theme.js';

export type SummaryTab = Dimension | 'new';
export const SUMMARY_TABS: readonly SummaryTab[] = ['reason', 'namespace', 'object', 'component', 'new'];
const TAB_LABEL: Record<SummaryTab, string> = { reason: 'Reasons', namespace: 'Namespaces', object: 'Objects', component: 'Components', new: 'New (10m)' };
const TITLE: Record<Dimension, string> = { reason: 'REASON', namespace: 'NAMESPACE', object: 'OBJECT', component: 'COMPONENT' };

/**
 * Recomputes at most once a second while open (and at once when opened): one scan, not per frame.
 * A scan of 50,000 groups measured ~110 ms here, so the interval also stretches to 10× the last
 * scan's cost: the summary never takes more than a tenth of the UI thread.
 */
export function useSummary(store: AggregateStore, version: number, now: number, open: boolean): SummaryData | undefined {
  const cache = useRef<{ summary: SummaryData; version: number; at: number; cost: number } | undefined>(undefined);
  if (!open) {
    cache.current = undefined;
    return undefined;
  }
  const c = cache.current;
  if (c === undefined || (c.version !== version && now - c.at >= Math.max(1000, 10 * c.cost)) || now - c.at >= 10_000) {
    const started = performance.now();
    const summary = summarize(store.groups(), now);
    cache.current = { summary, version, at: now, cost: performance.now() - started };
  }
  return cache.current!.summary;
}

interface Column {
  title: string;
  align: 'left' | 'right';
  /** Display columns for the content (padding and borders excluded). */
  width: number;
}

export interface SummaryTable {
  title: string;
  columns: Column[];
  /** Cells already cut to their column's width. */
  rows: string[][];
  /** Index of the first row in the selectable list. */
  first: number;
}

export interface SummaryViewModel {
  tab: SummaryTab;
  tables: SummaryTable[];
  /** The filter each selectable row sets, in order (undefined: nothing to filter on). */
  filters: Array<string | undefined>;
  cursor: number;
  /** True when only one of by count / by rate fits (s switches). */
  toggles: boolean;
}

const TABLE_CHROME = 4; // title, top border, heading, bottom border

/** Cuts the flexible column so the table, borders and 1-space padding included, fits `width`. */
function fitColumns(cols: Column[], flex: number, width: number): Column[] {
  const chrome = cols.length + 1 + cols.length * 2;
  const fixed = cols.reduce((n, c, i) => (i === flex ? n : n + c.width), 0);
  const room = Math.max(4, width - chrome - fixed);
  return cols.map((c, i) => (i === flex ? { ...c, width: Math.min(c.width, room) } : c));
}

function table(title: string, cols: Column[], flex: number, cells: string[][], width: number, first: number): SummaryTable {
  const measured = cols.map((c, i) => ({ ...c, width: Math.max(displayWidth(c.title), ...cells.map((r) => displayWidth(r[i]!))) }));
  const fitted = fitColumns(measured, flex, width);
  const rows = cells.map((r) => r.map((v, i) => truncateToWidth(v, fitted[i]!.width)));
  return { title, columns: fitted, rows, first };
}

const none = (s: string) => (s === '' ? '<none>' : s);

export function summaryView(s: SummaryData, st: SummaryState, width: number, height: number): SummaryViewModel {
  const tab = SUMMARY_TABS[((st.tab % SUMMARY_TABS.length) + SUMMARY_TABS.length) % SUMMARY_TABS.length]!;
  // Tab bar, totals and the rate legend take three lines; the rest is tables.
  const room = Math.max(0, height - 3);
  const tables: SummaryTable[] = [];
  const filters: Array<string | undefined> = [];
  const marker = { title: ' ', align: 'left' as const, width: 1 };
  if (tab === 'new') {
    const n = Math.max(0, Math.min(SUMMARY_TOP, room - TABLE_CHROME));
    const rows = s.fresh.slice(0, n);
    const cells = rows.map((r) => [' ', humanDuration(Math.max(0, s.at - r.firstSeen)), none(r.namespace), none(r.object), none(r.reason), String(r.events)]);
    const cols: Column[] = [marker, { title: 'FIRST SEEN', align: 'right', width: 0 }, { title: 'NAMESPACE', align: 'left', width: 0 }, { title: 'OBJECT', align: 'left', width: 0 }, { title: 'REASON', align: 'left', width: 0 }, { title: 'EVENTS', align: 'right', width: 0 }];
    const of = s.freshGroups > rows.length ? ` (${rows.length} of ${s.freshGroups})` : '';
    tables.push(table(`First seen in the last 10 minutes, most events first${of}`, cols, 3, cells, width, 0));
    filters.push(...rows.map((r) => r.filter));
    return { tab, tables, filters, cursor: clampCursor(st.cursor, filters.length), toggles: false };
  }
  const dim = s.dimensions[tab];
  const both = room >= 2 * (SUMMARY_TOP + TABLE_CHROME);
  const orders: Array<'count' | 'rate'> = both ? ['count', 'rate'] : [st.byRate ? 'rate' : 'count'];
  const per = Math.max(0, Math.min(SUMMARY_TOP, Math.floor(room / orders.length) - TABLE_CHROME));
  for (const order of orders) {
    const rows = (order === 'count' ? dim.byCount : dim.byRate).slice(0, per);
    const withNs = tab === 'object';
    const cells = rows.map((r) => [' ', ...(withNs ? [none(r.namespace ?? '')] : []), none(r.label), String(r.events), String(r.groups), formatRate(r.perMinute)]);
    const cols: Column[] = [
      marker,
      ...(withNs ? [{ title: 'NAMESPACE', align: 'left' as const, width: 0 }] : []),
      { title: TITLE[tab], align: 'left', width: 0 },
      { title: 'EVENTS', align: 'right', width: 0 },
      { title: 'GROUPS', align: 'right', width: 0 },
      { title: 'PER MIN', align: 'right', width: 0 },
    ];
    const of = order === 'count' && dim.distinct > rows.length ? ` (top ${rows.length} of ${dim.distinct})` : '';
    const title = order === 'count' ? `By count${of}` : `By rate over the last 5 minutes${rows.length === 0 ? ': nothing recent' : ''}`;
    tables.push(table(title, cols, withNs ? 2 : 1, cells, width, filters.length));
    filters.push(...rows.map((r) => r.filter));
  }
  return { tab, tables, filters, cursor: clampCursor(st.cursor, filters.length), toggles: !both };
}

const clampCursor = (c: number, n: number) => Math.max(0, Math.min(c, n - 1));

// ink-table draws a rule between every row; a summary needs the lines for rows.
class CompactTable extends Table<Record<string, string>> {
  constructor(props: ConstructorParameters<typeof Table<Record<string, string>>>[0]) {
    super(props);
    this.separator = (() => null) as unknown as typeof this.separator;
  }
}

export interface SummaryProps {
  view: SummaryViewModel;
  /** Warning/Normal totals and the tab bar read the summary itself. */
  summary: SummaryData;
  width: number;
  height: number;
  theme: Theme;
}

function SummaryImpl(p: SummaryProps) {
  const { view, theme, width } = p;
  const tabs = SUMMARY_TABS.map((t) => (t === view.tab ? theme.inverse(` ${TAB_LABEL[t]} `) : ` ${TAB_LABEL[t]} `)).join('');
  const tabsPlain = SUMMARY_TABS.map((t) => ` ${TAB_LABEL[t]} `).join('');
  const types = p.summary.types.map((t) => `${t.type || '<none>'}: ${t.groups} groups, ${t.events} events`).join('   ');
  const toggle = view.toggles ? '; s: by count/by rate' : '';
  // The full meaning where it fits; else what the column is, and the key (80 columns).
  const full = `PER MIN = ${RATE_MEANING}${toggle}`;
  const legend = displayWidth(full) <= width ? full : `PER MIN = ${RATE_MEANING.replace(/ \(.*\)$/, '')}${toggle}`;
  const out: ReactNode[] = [];
  let used = 0;
  out.push(<Text key="tabs">{displayWidth(tabsPlain) <= width ? tabs + ' '.repeat(width - displayWidth(tabsPlain)) : fitToWidth(tabsPlain, width)}</Text>);
  out.push(<Text key="types">{fitToWidth(types, width)}</Text>);
  used += 2;
  for (const [ti, t] of view.tables.entries()) {
    const lines = TABLE_CHROME + Math.max(1, t.rows.length);
    if (used + lines > p.height - 1) break; // the legend keeps the last line
    out.push(<Text key={`t${ti}`}>{theme.bold(fitToWidth(t.title, width))}</Text>);
    out.push(<SummaryTableView key={`v${ti}`} table={t} cursor={view.cursor - t.first} theme={theme} />);
    used += lines;
  }
  return (
    <Box flexDirection="column" width={width} height={p.height} overflow="hidden">
      {out}
      <Box flexGrow={1} />
      <Text>{theme.tone('muted', fitToWidth(legend, width))}</Text>
    </Box>
  );
}

function SummaryTableView({ table: t, cursor, theme }: { table: SummaryTable; cursor: number; theme: Theme }) {
  // Column keys are the titles padded to the column width: ink-table sizes columns by
  // String(value).length, so with every cell pre-cut to the width the key decides the size.
  const keys = t.columns.map((c) => c.title + ' '.repeat(Math.max(0, c.width - c.title.length)));
  const data = t.rows.map((r, i) => Object.fromEntries(r.map((v, j) => [keys[j]!, j === 0 ? (i === cursor ? '›' : ' ') : v])));
  if (data.length === 0) data.push(Object.fromEntries(keys.map((k, j) => [k, j === 1 ? 'none' : ''])));
  const Cell = ({ column, children }: CellProps) => {
    // ink-table padded by .length: wide text is wider on screen by the difference, always in the
    // trailing padding (every value is cut to the column), so trim it back to the intended width.
    const s = String(children);
    const fitted = truncateToWidth(s, s.length, { ellipsis: '', pad: 'end' });
    return <Text>{column === 0 && s.includes('›') ? theme.inverse(fitted) : fitted}</Text>;
  };
  const Header = ({ children }: { children?: ReactNode }) => <Text>{theme.bold(String(children))}</Text>;
  const Skeleton = ({ children }: { children?: ReactNode }) => <Text>{theme.tone('muted', String(children))}</Text>;
  return (
    <CompactTable
      data={data}
      columns={keys.map((k, i) => ({ key: k, align: t.columns[i]!.align }))}
      cell={Cell}
      header={Header}
      skeleton={Skeleton}
    />
  );
}

/** Re-renders (and ink-table re-hashes its rows) only when the summary, cursor or size change. */
export const Summary = memo(SummaryImpl);
