// The one container: owns the UI state (reducer in state.ts), reads the store through a throttled
// snapshot, computes the view, and lays out exactly rows-1 lines of pre-built strings.
// Components below only draw what they are given.
import { useCallback, useMemo, useReducer, useRef, useState, useEffect } from 'react';
import { Box, Text, useApp, useStdout } from 'ink';
import type { Session } from '../session/types.js';
import type { SourceStatus } from '../kube/types.js';
import type { EventGroup } from '../store/aggregate.js';
import { EventView, type ViewSpec } from '../store/view.js';
import { FollowState } from '../store/follow.js';
import { isFold, type Fold } from '../store/fold.js';
import { FoldedRows, FoldMembers } from '../store/folded.js';
import { visibleWindow } from '../store/window.js';
import { fitToWidth } from '../model/width.js';
import { computeLayout, contentWidths, widerOf, type ContentWidths } from './rows.js';
import { createTheme } from './theme.js';
import { osc52, osc52Env, type Osc52Options } from './osc52.js';
import type { Action, Mode } from './keymap.js';
import { breadcrumb, currentFrame, initialState, recallsHistory, reduce, MESSAGE_MS, type Move, type UiAction } from './state.js';
import { planJump, resolveJump, type JumpKind } from './jumps.js';
import { RateMeter, sparkline } from './rate.js';
import { useStoreSnapshot } from './hooks/useStoreSnapshot.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useNow } from './hooks/useNow.js';
import { useSearchResume, SEARCH_BUDGET_MS } from './hooks/useSearchResume.js';
import { useViewResult } from './hooks/useViewResult.js';
import { useKeymap, type KeymapHandlers } from './hooks/useKeymap.js';
import { Header, headerLines, type HeaderProps } from './components/Header.js';
import { EventTable, RowCache, tableBoxLines, type EventTableProps } from './components/EventTable.js';
import { Preview, paintedPreviewLines, previewHeight, type PreviewProps } from './components/Preview.js';
import { FilterBar, filterLine, type FilterBarProps } from './components/FilterBar.js';
import { StatusBar, statusLine, type StatusBarProps } from './components/StatusBar.js';
import { CommandLine, commandLine, type CommandLineProps } from './components/CommandLine.js';
import { useRowOverlay } from './hooks/useRowOverlay.js';
import { atTime, candidates, complete, parseCommand, type Command, type KnownNames } from './commands.js';
import { NamespaceRows, scopedTotals } from '../store/scoped.js';
import { DetailPane, detailLines, eventYaml } from './components/DetailPane.js';
import { useEventObject } from './hooks/useEventObject.js';
import { HelpOverlay, helpLineCount } from './components/HelpOverlay.js';
import { StatusPanel } from './components/StatusPanel.js';
import { ObjectSummary, paintedSummaryLines, summaryLines, type ObjectSummaryProps, type SummaryEntry } from './components/ObjectSummary.js';
import { Summary, summaryView, useSummary, SUMMARY_TABS, type SummaryViewModel } from './components/Summary.js';
import type { ConfigStore, ViewSettings } from '../config/types.js';
import { sortKeyOf, sortWordOf } from '../config/schema.js';
import type { SortKey } from '../store/sort.js';
import type { ThemeName } from './theme.js';
import { writeExport } from '../export/file.js';
import { summarize } from '../store/summary.js';
import { exportReport, overwriteQuestion, prepareExport, type ExportJob, type ExportRequest } from './exporting.js';

export interface AppProps {
  session: Session;
  /** false: no colours (NO_COLOR / --no-color). Default true. */
  color?: boolean;
  /** The clock for ages and highlights (tests pass a fixed one). */
  clock?: () => number;
  /** Where OSC 52 goes; default: straight to the terminal (Ink's stdout stream). */
  writeRaw?: (s: string) => void;
  osc52?: Osc52Options;
  /** Snapshot interval; default 50 ms (≤ 20 fps). */
  snapshotMs?: number;
  /** Start with similar messages folded (--fold). */
  fold?: boolean;
  /** Called once when the user quits, before Ink exits. */
  onQuit?: () => void;
  /** Colours for a dark or light background, or none; `color: false` means mono. Default dark. */
  theme?: ThemeName;
  /** The first sort, columns and filter (config.yaml, --view). */
  initial?: { sort?: SortKey; wide?: boolean; filter?: string };
  /** config.yaml's named views (:view) and where :view save writes them. */
  config?: ConfigStore;
  /** One line shown at start (a config.yaml that could not be used). */
  notice?: string;
  /** Search time per render before the rest goes on in the next one (tests pass 0). */
  searchBudgetMs?: number;
  /** How long rows are held while a list comes in (LISTING_VIEW_MS; tests shorten or lengthen it). */
  listingViewMs?: number;
  /** Where `e` writes its files (default: the current directory). */
  exportDir?: string;
}

function startState(props: AppProps) {
  let s = initialState(props.fold === true);
  const first = props.initial ?? {};
  if (first.sort !== undefined) s = reduce(s, { type: 'sortSet', sort: first.sort });
  if (first.wide !== undefined) s = reduce(s, { type: 'wideSet', wide: first.wide });
  if (first.filter !== undefined && first.filter !== '') s = reduce(s, { type: 'filterSet', text: first.filter });
  return s;
}

/** The names to complete, with the config's view names for :view. */
function withViews(known: KnownNames, config: ConfigStore | undefined): KnownNames {
  return config === undefined ? known : { ...known, views: [...config.views().keys()] };
}

/** How long a new or changed row stays marked. */
export const FRESH_MS = 3000;

const MOVES: ReadonlySet<string> = new Set<Move>(['down', 'up', 'top', 'bottom', 'pageDown', 'pageUp', 'halfDown', 'halfUp']);
const JUMPS: Readonly<Partial<Record<Action, JumpKind>>> = {
  jumpObject: 'object',
  jumpOwners: 'owners',
  jumpTree: 'tree',
  jumpNode: 'node',
  jumpRelated: 'related',
};

/** Keys of the summary overlay; false when the action is not the summary's own. */
function onSummaryAction(action: Action, view: SummaryViewModel | undefined, page: number, dispatch: (a: UiAction) => void, say: (t: string) => void): boolean {
  const total = view?.filters.length ?? 0;
  switch (action) {
    case 'down':
    case 'up':
      dispatch({ type: 'summaryMove', move: action, total, page });
      return true;
    case 'summaryNext':
    case 'summaryPrev':
      dispatch({ type: 'summaryTab', step: action === 'summaryNext' ? 1 : -1, tabs: SUMMARY_TABS.length });
      return true;
    case 'summaryOrder':
      dispatch({ type: 'summaryOrder' });
      return true;
    case 'summaryApply': {
      const filter = view?.filters[view.cursor];
      if (filter === undefined) say(total === 0 ? 'nothing to filter on' : 'this row has no value to filter on');
      else dispatch({ type: 'summaryApply', filter });
      return true;
    }
    default:
      return false;
  }
}

/** `BackOff fold: 12 groups · 3 objects`: the breadcrumb of a fold's member list. */
function foldCrumb(fold: Fold): string {
  return `${fold.reason} fold: ${fold.groups} groups · ${fold.objects} object${fold.objects === 1 ? '' : 's'}`;
}

/**
 * The session's status as React sees it: read at each render, so a render for any reason (the
 * store's changes, a key) shows the newest words. A new state renders at once; the same state
 * with new words (`listing 16000/80069`, twice a page) renders only once nothing else has
 * rendered for STATUS_MS (LISTING_MS while listing): each render brings the view up to the store,
 * a render per page made the full screen's first list of 100k events 1.9× as long as --once's,
 * and a timer of its own beside the store's rendered twice per interval while a list came in.
 */
function useSourceStatus(session: Session): SourceStatus {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const changes = useRef(0);
  const shown = useRef(0);
  const renderedAt = useRef(0);
  useEffect(() => {
    let state = session.status().state;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const every = () => (state === 'listing' ? LISTING_MS : STATUS_MS);
    const due = () => {
      timer = undefined;
      if (shown.current === changes.current) return;
      const since = performance.now() - renderedAt.current;
      if (since < every()) timer = setTimeout(due, every() - since);
      else rerender();
    };
    const unsubscribe = session.onStatus((s) => {
      changes.current++;
      if (s.state !== state) {
        state = s.state;
        clearTimeout(timer);
        timer = undefined;
        rerender();
      } else timer ??= setTimeout(due, every());
    });
    rerender(); // what changed between the first render and this subscription
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [session]);
  shown.current = changes.current;
  renderedAt.current = performance.now();
  return session.status();
}

const STATUS_MS = 200;
/** How often the store's changes and the list's progress reach the screen while a list comes in. */
const LISTING_MS = 250;

const TINY = { columns: 40, rows: 10 } as const;

/** The one line a terminal too small for the table gets. */
export function tinyNotice(columns: number, rows: number): string {
  return `${columns}×${rows} is too small: kevtui needs ${TINY.columns}×${TINY.rows}`;
}

export function App(props: AppProps) {
  // `:ctx` swaps in the other cluster's session (its own store); everything below follows it.
  const [switched, setSwitched] = useState<{ from: Session; to: Session }>();
  const session = switched !== undefined && switched.from === props.session ? switched.to : props.session;
  const clock = props.clock ?? Date.now;
  const theme = useMemo(() => createTheme(props.color ?? true, props.theme), [props.color, props.theme]);
  const { columns, rows } = useTerminalSize();
  const now = useNow(clock);
  const listing = useRef(false);
  const snapshotMs = useCallback(() => (listing.current ? LISTING_MS : 50), []);
  const snapshot = useStoreSnapshot(session.store, props.snapshotMs ?? snapshotMs);
  const status = useSourceStatus(session);
  listing.current = status.state === 'listing' || status.state === 'connecting';
  const [state, dispatchToReact] = useReducer(reduce, props, startState);
  // Keys can arrive faster than React renders (a second key before the first one's render): the
  // key handler reads this shadow, advanced by the same pure reducer at dispatch time, so it
  // always sees the mode every earlier key produced.
  const shadow = useRef(state);
  const dispatch = useCallback((a: UiAction) => {
    shadow.current = reduce(shadow.current, a);
    dispatchToReact(a);
  }, []);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const overlay = useRowOverlay();
  const rowCache = useRef<RowCache | null>(null);

  // A namespace scope (:ns) narrows what the view shows; the store keeps every namespace's
  // groups, so switching back is instant.
  const scopeKey = session.namespaces.includes('') ? '' : session.namespaces.join(',');
  const view = useMemo(() => new EventView(scopeKey === '' ? session.store : new NamespaceRows(session.store, scopeKey.split(','))), [session.store, scopeKey]);
  const foldedRows = useMemo(() => new FoldedRows(session.store), [session.store]);
  const foldedView = useMemo(() => new EventView(foldedRows), [foldedRows]);
  const follow = useRef<{ view: EventView; state: FollowState } | null>(null);
  const synced = useRef(-1);
  const tops = useRef(new Map<number, number>());
  const jumpIds = useRef(1);

  // ── what to show ───────────────────────────────────────────────────────────────────────────
  const frame = currentFrame(state);
  const membersView = useMemo(() => (frame.members !== undefined ? new EventView(new FoldMembers(session.store, frame.members)) : undefined), [frame.members, session.store]);
  // Folding costs nothing while off; on, the index catches up once per store snapshot.
  if (state.folded && synced.current !== snapshot.version) {
    foldedRows.sync();
    synced.current = snapshot.version;
  } else if (!state.folded) synced.current = -1;
  const activeView = membersView ?? (state.folded ? foldedView : view);
  const spec: ViewSpec = { query: frame.filter, warningsOnly: state.warningsOnly, sort: state.sort, rank: state.rank, ...(state.showExpired ? {} : { hideExpired: true }), ...(frame.objects !== undefined ? { objects: frame.objects } : {}) };
  const wallNow = clock();
  const result = useViewResult(activeView, spec, wallNow, props.searchBudgetMs ?? SEARCH_BUDGET_MS, listing.current, props.listingViewMs);
  useSearchResume(result.pending !== undefined);
  if (follow.current?.view !== activeView) {
    // Another row source (f, a fold's members): its rows are shown at once, paused or not.
    follow.current = { view: activeView, state: new FollowState() };
    follow.current.state.apply(result, wallNow);
  }
  const f = follow.current.state;
  if (state.paused !== f.paused) {
    if (state.paused) f.pause();
    else f.resume();
  }
  const shown = f.apply(result, wallNow);

  // ── rate and freshness, advanced once per snapshot ─────────────────────────────────────────
  const meter = useRef<{ store: Session['store']; rate: RateMeter; version: number; log: Array<{ version: number; at: number }> } | null>(null);
  if (meter.current?.store !== session.store) meter.current = { store: session.store, rate: new RateMeter(), version: snapshot.version, log: [{ version: snapshot.version, at: -Infinity }] };
  const m = meter.current;
  if (m.version !== snapshot.version) {
    m.version = snapshot.version;
    const live = status.state === 'watching' || status.state === 'reconnecting';
    m.rate.sample(snapshot.totals, wallNow, live);
    // What arrived while listing is history, not news: it is never marked as fresh.
    if (live) m.log.push({ version: snapshot.version, at: wallNow });
    else m.log = [{ version: snapshot.version, at: -Infinity }];
  }
  // The store version as of FRESH_MS ago: anything created or changed after it is fresh.
  while (m.log.length > 1 && m.log[1]!.at <= wallNow - FRESH_MS) m.log.shift();
  const freshBefore = m.log[0]!.version;
  const freshness = (g: EventGroup): 'new' | 'changed' | undefined =>
    g.createdVersion > freshBefore ? 'new' : g.changedVersion > freshBefore ? 'changed' : undefined;

  // ── layout: exactly rows-1 lines (a frame as tall as the terminal makes Ink clear it) ─────
  const width = Math.max(1, columns);
  const height = Math.max(1, rows - 1);
  const headerH = height >= 6 ? 2 : 0;
  const footerH = height >= 3 ? 1 : 0;
  const crumbH = state.frames.length > 1 && height >= 8 ? 1 : 0;
  const body = Math.max(0, height - headerH - footerH - crumbH);
  const isJump = frame.objects !== undefined;
  const entries: SummaryEntry[] = frame.summary.map((s) => ({
    label: s.label,
    result: s.result,
    groups: session.store.groupsOfObject(s.ref.kind, s.ref.namespace, s.ref.name, s.ref.cluster).size,
  }));
  const summaryWanted = isJump ? summaryLines(entries, Number.MAX_SAFE_INTEGER, now, frame.note).length : 0;
  const summaryH = isJump ? Math.min(summaryWanted, Math.max(1, Math.floor(body / 3))) : 0;
  const showFilter = state.mode === 'filter' || frame.filter !== '';
  const filterH = showFilter && body - summaryH >= 3 ? 1 : 0;
  const previewH = previewHeight(body - summaryH - filterH);
  const tableRows = Math.max(0, body - summaryH - filterH - previewH - 1);

  const total = shown.size;
  const cursor = Math.min(frame.cursor, Math.max(0, total - 1));
  const win = visibleWindow(total, cursor, tableRows, tops.current.get(frame.id) ?? 0);
  tops.current.set(frame.id, win.top);
  const namespacesInView = isJump
    ? new Set(frame.objects!.map((o) => o.namespace)).size > 1
    : session.namespaces.length !== 1 || session.namespaces[0] === '';
  // Columns fit the rows on screen, and only grow while the same view is shown at the same width,
  // so they do not jump as rows come and go.
  const visible = shown.slice(win.top, win.end);
  const fit = useRef<{ key: string; content: ContentWidths | undefined }>({ key: '', content: undefined });
  const fitKey = `${session.context}\u0000${frame.id}\u0000${width}\u0000${namespacesInView}\u0000${state.sort}\u0000${state.warningsOnly}\u0000${frame.filter}\u0000${state.wide}\u0000${state.folded}`;
  if (fit.current.key !== fitKey) fit.current = { key: fitKey, content: undefined };
  if (visible.length > 0) fit.current.content = widerOf(fit.current.content, contentWidths(visible, now));
  const c = fit.current.content;
  // Several clusters: the CLUSTER column's short names (a new map only when the set changes).
  const clusterList = session.clusters?.();
  const labelKey = clusterList?.map((x) => `${x.name}\u0000${x.label}`).join('\u0001') ?? '';
  const clusterLabels = useMemo(() => (clusterList !== undefined && clusterList.length > 1 ? new Map(clusterList.map((x) => [x.name, x.label])) : undefined), [labelKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const layout = useMemo(
    () => computeLayout(width, { namespaces: namespacesInView, content: c, wide: state.wide, clusters: clusterLabels }),
    [width, namespacesInView, state.wide, c?.namespace, c?.reason, c?.object, c?.objectShort, c?.count, c?.component, c?.seen, clusterLabels],
  );

  const detailGroup = state.detail !== undefined ? session.store.group(state.detail.key) : undefined;
  // Fetched as the detail view opens, so that `y` and `c` seldom wait.
  const detailEvent = useEventObject(session, detailGroup);
  const detailYaml = state.detail?.yaml === true ? detailEvent : undefined;
  const detailCount = state.mode === 'detail' && detailGroup !== undefined ? detailLines(detailGroup, width, now, detailYaml).length : 0;

  // A yes/no question keeps the screen it was asked over.
  const screen: Mode = state.mode === 'confirm' ? (state.confirm?.back ?? 'table') : state.mode;
  const incident = useSummary(session.store, snapshot.version, wallNow, screen === 'summary');
  const incidentView: SummaryViewModel | undefined =
    incident !== undefined ? summaryView(incident, state.summary ?? { tab: 0, cursor: 0, byRate: false }, width, body) : undefined;

  // ── keys ────────────────────────────────────────────────────────────────────────────────────
  const latest = useRef({ shown, total, tableRows, body, detailCount, detailEvent, width, incidentView, activeView, spec });
  latest.current = { shown, total, tableRows, body, detailCount, detailEvent, width, incidentView, activeView, spec };

  // A replay's clock may stand still or run ×1024: messages last on the wall's.
  const messageClock = session.replay !== undefined ? Date.now : clock;
  const say = useCallback((text: string) => dispatch({ type: 'message', text, until: messageClock() + MESSAGE_MS }), [messageClock, dispatch]);
  useEffect(() => session.onNotice?.(say), [session, say]);
  // Play, pause, speed and seek redraw at once (the header's replay clock).
  const [, replayChanged] = useState(0);
  useEffect(() => session.replay?.onChange(() => replayChanged((n) => n + 1)), [session]);
  const writeRaw = props.writeRaw;
  const osc52Options = props.osc52;
  const onQuit = props.onQuit;
  const configStore = props.config;
  const notice = props.notice;
  const exportDir = props.exportDir;
  useEffect(() => {
    if (notice !== undefined) say(notice);
  }, [notice, say]);

  // ── the `:` command line ──────────────────────────────────────────────────────────────────
  const [known, setKnown] = useState<KnownNames>({ namespaces: [], contexts: [] });
  const quit = useCallback(() => {
    onQuit?.();
    exit();
  }, [onQuit, exit]);
  // One switch at a time: a second :ctx while the first connects would stop a session twice.
  const switching = useRef<string | undefined>(undefined);
  const switchTo = useCallback((name: string) => {
    if (switching.current !== undefined) return say(`still connecting to context ${switching.current}`);
    if (name === session.context) return say(`already on context ${name}`);
    if (session.switchContext === undefined) return say('this session cannot switch context');
    const from = session;
    switching.current = name;
    say(`connecting to context ${name}…`);
    void from.switchContext!(name).then(
      (to) => {
        switching.current = undefined;
        dispatch({ type: 'clusterChanged' });
        setSwitched({ from: props.session, to });
        say(`switched to context ${name}`);
      },
      // The current cluster keeps running: one line says why the other one is not shown.
      (e: unknown) => {
        switching.current = undefined;
        say(`context not switched: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }, [dispatch, say, session, props.session]);
  // `:ctx +NAME` / `:ctx -NAME`: one more or one fewer cluster in the same view.
  const changeClusters = useCallback((change: 'add' | 'remove', name: string) => {
    if (switching.current !== undefined) return say(`still connecting to context ${switching.current}`);
    if (session.changeContexts === undefined) return say('this session watches one cluster only');
    switching.current = name;
    say(`${change === 'add' ? 'adding' : 'removing'} context ${name}…`);
    void session.changeContexts(change === 'add' ? { add: name } : { remove: name }).then(
      (to) => {
        switching.current = undefined;
        // A removed cluster's detail view and jumps go with it (as with a switch).
        if (to !== session || change === 'remove') dispatch({ type: 'clusterChanged' });
        if (to !== session) setSwitched({ from: props.session, to });
        say(change === 'add' ? `watching context ${name} too` : `no longer watching context ${name}`);
      },
      (e: unknown) => {
        switching.current = undefined;
        say(`contexts not changed: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }, [dispatch, say, session, props.session]);
  // ── export (e, :export): every matching row, not just the window; an existing file is asked about.
  const pendingExport = useRef<ExportJob | undefined>(undefined);
  const exportView = useCallback((req: ExportRequest) => {
    const s = shadow.current;
    const at = clock();
    const header = {
      context: session.context, cluster: session.cluster, namespaces: session.namespaces, view: s.frames.length > 1 ? breadcrumb(s) : undefined,
      filter: currentFrame(s).filter, sort: sortWordOf(s.sort), warningsOnly: s.warningsOnly, hideExpired: !s.showExpired, folded: s.folded, generatedAt: at,
    };
    const L = latest.current;
    const job = prepareExport(req, header, { rows: () => L.activeView.compute(L.spec, at).groups, summary: () => summarize(session.store.groups(), at) });
    void writeExport(job.file, job.text, { cwd: exportDir }).then((outcome) => {
      if (outcome.ok === false && outcome.exists === true) {
        pendingExport.current = { ...job, file: outcome.path };
        dispatch({ type: 'confirmStart', text: overwriteQuestion(outcome.path) });
      } else say(exportReport(job, outcome));
    });
  }, [clock, dispatch, exportDir, say, session]);
  const onConfirm = useCallback((yes: boolean) => {
    const job = pendingExport.current;
    pendingExport.current = undefined;
    dispatch({ type: 'confirmEnd' });
    if (job === undefined) return;
    if (!yes) return say(`not exported: ${job.file} kept`);
    void writeExport(job.file, job.text, { overwrite: true }).then((outcome) => say(exportReport(job, outcome)));
  }, [dispatch, say]);
  const run = useCallback((c: Command) => {
    switch (c.kind) {
      case 'expired': return dispatch({ type: 'expired', show: c.show });
      case 'export': return exportView(c);
      case 'sort': return dispatch({ type: 'sortSet', sort: c.sort });
      case 'filter': return dispatch({ type: 'filterSet', text: c.text });
      case 'columns': return dispatch({ type: 'wideSet', wide: c.wide });
      case 'summary': return dispatch({ type: 'summaryOpen' });
      case 'fold': return dispatch({ type: 'fold' });
      case 'help': return dispatch({ type: 'help' });
      case 'status': return dispatch({ type: 'status' });
      case 'quit': return quit();
      case 'at':
      case 'speed': {
        const r = session.replay;
        if (r === undefined) return say(`:${c.kind} works in kevtui replay`);
        if (c.kind === 'speed') return r.setSpeed(c.speed);
        return r.seek(atTime(c.at, r.now(), r.start, r.end));
      }
      case 'view': {
        if (configStore === undefined) return say('views need a config file');
        const views = configStore.views();
        if (c.name === undefined) return say(views.size > 0 ? `views: ${[...views.keys()].join(', ')}` : `no views yet: :view save NAME writes one to ${configStore.path}`);
        const name = c.name;
        if (c.save) {
          const s = shadow.current;
          const v: ViewSettings = { filter: currentFrame(s).filter, sort: sortWordOf(s.sort), fold: s.folded, columns: s.wide ? 'wide' : 'normal' };
          return void configStore.saveView(name, v).then(
            () => say(`saved view ${name} to ${configStore.path}`),
            (e: unknown) => say(`view not saved: ${e instanceof Error ? e.message : String(e)}`),
          );
        }
        const v = views.get(name);
        if (v === undefined) return say(`no view ${name}${views.size > 0 ? ` (views: ${[...views.keys()].join(', ')})` : ''}`);
        // Fold first: folding resets the frames the filter is then set on.
        if (v.fold !== undefined && v.fold !== shadow.current.folded) dispatch({ type: 'fold' });
        if (v.sort !== undefined) dispatch({ type: 'sortSet', sort: sortKeyOf(v.sort) });
        if (v.columns !== undefined) dispatch({ type: 'wideSet', wide: v.columns === 'wide' });
        if (v.filter !== undefined) dispatch({ type: 'filterSet', text: v.filter });
        return say(`view ${name}`);
      }
      case 'ctx':
        if (c.name !== undefined && c.change !== undefined) return changeClusters(c.change, c.name);
        if (c.name !== undefined) return switchTo(c.name);
        const watched = new Set(session.clusters?.().map((x) => x.name) ?? [session.context]);
        return say(`contexts: ${(session.contexts ?? [session.context]).map((n) => (watched.has(n) ? `${n} (current)` : n)).join(', ')} — :ctx NAME switches, :ctx +NAME adds, :ctx -NAME removes`);
      case 'ns': {
        if (session.rescope === undefined) return say('this session cannot change namespace');
        const label = c.namespaces[0] === '' ? 'all namespaces' : `ns ${c.namespaces.join(',')}`;
        // The store keeps what it has: only the source is restarted, the view scopes at once.
        return void session.rescope(c.namespaces).then(
          () => say(`watching ${label}`),
          (e: unknown) => say(`namespace not changed: ${e instanceof Error ? e.message : String(e)}`),
        );
      }
    }
  }, [dispatch, quit, say, session, switchTo, changeClusters, configStore, exportView]);
  const onCommandAction = useCallback((action: Action) => {
    const text = shadow.current.command?.text ?? '';
    switch (action) {
      case 'command': {
        dispatch({ type: 'commandStart' });
        // Names to complete: what the store has seen at once, the cluster's list when it allows.
        const seen = new Set<string>();
        for (const g of session.store.groups()) seen.add(g.namespace);
        const contexts = session.contexts ?? [session.context];
        // The ref at once: a Tab in the same chunk as `:ctx se` (a fast typist, tmux) completes too.
        const learn = (names: KnownNames) => {
          knownRef.current = names;
          setKnown(names);
        };
        learn({ namespaces: [...seen], contexts });
        void session.namespaceNames?.().then((listed) => learn({ namespaces: [...seen, ...listed], contexts }), () => {});
        return;
      }
      case 'commandComplete':
        return dispatch({ type: 'commandSet', text: complete(text, withViews(knownRef.current, configStore)) });
      case 'commandPrev':
      case 'commandNext':
        return dispatch({ type: 'commandHistory', step: action === 'commandPrev' ? -1 : 1 });
      case 'commandRun': {
        dispatch({ type: 'commandRun' });
        if (text.trim() === '') return;
        const c = parseCommand(text);
        return 'error' in c ? say(c.error) : run(c);
      }
      case 'commandCancel':
      case 'commandDelete':
      case 'commandDeleteWord':
      case 'commandClear':
        return dispatch({ type: action });
      case 'quit':
        return quit();
      default:
        return;
    }
  }, [dispatch, run, say, session, quit, configStore]);
  const knownRef = useRef(known);
  knownRef.current = known;

  const handlers: KeymapHandlers = useMemo(
    () => ({
      onText(text: string) {
        dispatch(shadow.current.mode === 'command' ? { type: 'commandInput', text } : { type: 'filterInput', text });
      },
      onAction(action: Action, key?: string) {
        const L = latest.current;
        const mode: Mode = shadow.current.mode;
        // The cursor as every earlier key left it (keys may arrive before the next render).
        const rows = L.shown.groups;
        const selectedNow: EventGroup | undefined = rows[Math.min(currentFrame(shadow.current).cursor, rows.length - 1)];
        const detailNow = shadow.current.detail !== undefined ? session.store.group(shadow.current.detail.key) : undefined;
        if (mode === 'summary' && onSummaryAction(action, L.incidentView, L.body, dispatch, say)) return;
        if (action === 'export') return exportView({ summary: mode === 'summary', format: 'md' });
        if (action === 'confirmYes' || action === 'confirmNo') return onConfirm(action === 'confirmYes');
        if (mode === 'command' || action === 'command') return onCommandAction(action);
        if ((action === 'up' || action === 'down') && recallsHistory(shadow.current)) return dispatch({ type: 'filterHistory', step: action === 'up' ? -1 : 1 });
        if (MOVES.has(action)) {
          const move = action as Move;
          if (mode === 'detail') dispatch({ type: 'scroll', move, lines: L.detailCount, page: L.body });
          else if (mode === 'help') dispatch({ type: 'scroll', move, lines: helpLineCount(L.width), page: L.body });
          else dispatch({ type: 'move', move, total: L.total, page: L.tableRows });
          return;
        }
        const jump = JUMPS[action];
        if (jump !== undefined) {
          const g = mode === 'detail' ? detailNow : selectedNow;
          if (g === undefined) return say('no event selected');
          const plan = planJump(jump, g);
          if ('error' in plan) return say(plan.error);
          const id = jumpIds.current++;
          dispatch({ type: 'jump', id, label: plan.label, objects: plan.objects, summary: plan.summary });
          void resolveJump(jump, g, session.objectsFor?.(g.cluster) ?? session.objects).then((r) => dispatch({ type: 'jumpLoaded', id, objects: r.objects, summary: r.summary, note: r.note }));
          return;
        }
        switch (action) {
          case 'filter':
            return dispatch({ type: 'filterStart' });
          case 'filterAccept':
          case 'filterCancel':
          case 'filterDelete':
          case 'filterDeleteWord':
          case 'filterClear':
          case 'warnings':
          case 'wide':
          case 'follow':
          case 'yaml':
          case 'close':
          case 'help':
          case 'back':
          case 'rank':
            return dispatch({ type: action });
          case 'sortNext':
          case 'sortPrev':
            return dispatch({ type: 'sort', step: action === 'sortNext' ? 1 : -1 });
          case 'summary':
            return dispatch({ type: 'summaryOpen' });
          case 'fold':
            return dispatch({ type: 'fold' });
          case 'detail':
            if (selectedNow === undefined) return say('no event selected');
            if (isFold(selectedNow)) return dispatch({ type: 'openFold', id: jumpIds.current++, label: foldCrumb(selectedNow), fold: selectedNow });
            return dispatch({ type: 'openDetail', key: selectedNow.key });
          case 'copy': {
            const g = mode === 'detail' ? detailNow : selectedNow;
            if (g === undefined) return say('nothing to copy');
            const yaml = mode === 'detail' ? eventYaml(g, L.detailEvent) : undefined;
            const what = yaml === undefined ? 'message' : yaml.kept ? "event YAML (kevtui's fields)" : 'event YAML';
            const r = osc52(yaml?.text ?? g.message, osc52Options ?? osc52Env());
            (writeRaw ?? ((s: string) => stdout.write(s)))(r.sequence);
            return say(`copied ${what} ${r.report}`);
          }
          case 'quit':
            onQuit?.();
            exit();
            return;
          case 'replay': {
            const r = session.replay;
            if (r === undefined) return say('not a replay: p, + and - drive kevtui replay FILE');
            return key === '+' ? r.faster() : key === '-' ? r.slower() : r.toggle();
          }
          default:
            return;
        }
      },
    }),
    [session, say, dispatch, writeRaw, osc52Options, onQuit, exit, stdout, onCommandAction, exportView, onConfirm],
  );
  const currentMode = useCallback(() => shadow.current.mode, []);
  useKeymap(currentMode, handlers);

  // ── draw ───────────────────────────────────────────────────────────────────────────────────
  // The header counts what is in scope (after :ns the store still holds the other namespaces).
  const headerTotals = useMemo(() => (scopeKey === '' ? snapshot.totals : scopedTotals(session.store, scopeKey.split(','))), [snapshot, scopeKey, session.store]);
  // Counted for the scope, before the filter (the store keeps the count; no scan per frame).
  const hiddenExpired = state.showExpired ? 0 : headerTotals.expiredGroups;
  const rate = m.rate;
  const message = state.message !== undefined && state.message.until > wallNow ? state.message.text : undefined;
  const emptyText = hiddenExpired > 0 && result.considered === 0 && !isJump && frame.members === undefined
    ? 'every group here expired (:expired on shows them)'
    : frame.loading && (frame.objects?.length ?? 0) === 0
    ? 'loading…'
    : frame.objects !== undefined && frame.objects.length === 0
      ? (frame.note ?? 'nothing to show')
      : result.considered > 0 && frame.filter !== ''
        ? (result.pending !== undefined ? 'matching…' : 'no group matches the filter (Esc clears it)')
        : state.warningsOnly && session.store.size > 0
          ? 'no warnings (w shows everything)'
          : isJump
            ? 'no events for these objects'
            : status.state === 'listing' || status.state === 'connecting'
              ? 'waiting for events…'
              : 'no events';

  // The table screen's parts, each a pure function of its props: drawn by Ink (tests) or, in the
  // full-screen run, handed as finished lines to the frame layer past Ink (RowOverlay).
  const tableMode = !(screen === 'summary' && incident !== undefined && incidentView !== undefined) && screen !== 'help' && screen !== 'detail' && screen !== 'status';
  const headerProps: HeaderProps | undefined = headerH > 0 ? {
    context: session.context,
    cluster: session.cluster,
    namespaces: session.namespaces,
    apiGroup: status.apiGroup ?? session.apiGroup,
    status,
    ...(clusterList !== undefined && clusterList.length > 1 ? { clusters: clusterList } : {}),
    totals: headerTotals,
    spark: sparkline(rate.values(wallNow)),
    perSecond: rate.perSecond(wallNow),
    sortLabel: state.sort,
    following: !shown.paused,
    newCount: shown.newCount,
    warningsOnly: state.warningsOnly,
    folded: state.folded,
    ...(session.replay !== undefined ? { replay: { now: session.replay.now(), speed: session.replay.speed, playing: session.replay.playing, ended: session.replay.ended } } : {}),
    width,
    now: wallNow,
    theme,
  } : undefined;
  const crumbLine = crumbH > 0 ? theme.bold(fitToWidth(`${breadcrumb(state)}${frame.loading ? '  loading…' : ''}   (Esc back)`, width)) : undefined;
  const summaryProps: ObjectSummaryProps | undefined = summaryH > 0 ? { entries, note: frame.note, width, height: summaryH, now, theme } : undefined;
  const filterProps: FilterBarProps | undefined = filterH > 0 ? {
    text: frame.filter,
    editing: state.mode === 'filter',
    matches: result.groups.length,
    considered: result.considered,
    errors: result.query.errors,
    ranked: result.ranked,
    progress: result.pending === undefined ? undefined : result.pending.scanned / Math.max(1, result.pending.total),
    width,
    theme,
  } : undefined;
  const tableProps: EventTableProps | undefined = body - summaryH - filterH > 0 ? {
    rows: visible,
    top: win.top,
    total,
    cursor,
    height: tableRows,
    layout,
    now,
    theme,
    highlights: frame.filter !== '' ? (g: EventGroup) => result.highlights(g) : undefined,
    freshness,
    empty: emptyText,
  } : undefined;
  const previewProps: PreviewProps | undefined = previewH > 0 ? { group: shown.at(cursor), width, height: previewH, theme } : undefined;
  const commandProps: CommandLineProps | undefined = footerH > 0 && state.command !== undefined ? { text: state.command.text, candidates: candidates(state.command.text, withViews(known, configStore)), width, theme } : undefined;
  const statusProps: StatusBarProps | undefined = footerH > 0 && state.command === undefined ? {
    mode: state.mode,
    message: state.mode === 'confirm' ? state.confirm?.text : message,
    width,
    theme,
    position: [total > 0 ? `${cursor + 1}/${total}` : '', hiddenExpired > 0 ? `${hiddenExpired} expired hidden` : ''].filter((p) => p !== '').join(' · '),
    labels: { follow: shown.paused ? 'follow' : 'pause', back: isJump || frame.members !== undefined ? 'back' : 'clear' },
  } : undefined;

  // Below this no layout is readable; one line says so (keys still work: q quits, a resize restores).
  const tiny = columns < TINY.columns || rows < TINY.rows;
  if (overlay !== undefined) {
    if (tiny || !tableMode) overlay.setScreen(undefined);
    else {
      rowCache.current ??= new RowCache();
      const lines: string[] = [];
      if (headerProps !== undefined) lines.push(...headerLines(headerProps));
      if (crumbLine !== undefined) lines.push(crumbLine);
      if (summaryProps !== undefined) lines.push(...paintedSummaryLines(summaryProps));
      if (filterProps !== undefined) lines.push(filterLine(filterProps));
      if (tableProps !== undefined) lines.push(...tableBoxLines(tableProps, rowCache.current));
      if (previewProps !== undefined) lines.push(...paintedPreviewLines(previewProps));
      if (commandProps !== undefined) lines.push(commandLine(commandProps));
      if (statusProps !== undefined) lines.push(statusLine(statusProps));
      overlay.setScreen(lines.slice(0, height));
      // An empty Box, not null: its new props make each render a commit with a host update, and
      // only such a commit has Ink render (and so hand the frame layer) a frame.
      return <Box />;
    }
  }
  if (tiny) return <Text wrap="truncate">{tinyNotice(columns, rows)}</Text>;

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {headerProps !== undefined && <Header {...headerProps} />}
      {crumbLine !== undefined && <Text>{crumbLine}</Text>}
      {screen === 'summary' && incident !== undefined && incidentView !== undefined ? (
        <Summary view={incidentView} summary={incident} width={width} height={body} theme={theme} />
      ) : screen === 'help' ? (
        <HelpOverlay width={width} height={body} scroll={state.helpScroll} theme={theme} />
      ) : screen === 'status' ? (
        <StatusPanel
          input={{ context: session.context, cluster: session.cluster, apiGroup: session.apiGroup, namespaces: session.namespaces, status, ...(clusterList !== undefined ? { clusters: clusterList } : {}), totals: snapshot.totals, maxGroups: session.store.limits.maxGroups, maxBytes: session.store.limits.maxBytes, now: wallNow }}
          width={width}
          height={body}
          theme={theme}
        />
      ) : screen === 'detail' ? (
        <DetailPane group={detailGroup} yaml={detailYaml} scroll={state.detail?.scroll ?? 0} width={width} height={body} now={now} theme={theme} />
      ) : (
        <>
          {summaryProps !== undefined && <ObjectSummary {...summaryProps} />}
          {filterProps !== undefined && <FilterBar {...filterProps} />}
          {tableProps !== undefined && <EventTable {...tableProps} />}
          {previewProps !== undefined && <Preview {...previewProps} />}
        </>
      )}
      {commandProps !== undefined && <CommandLine {...commandProps} />}
      {statusProps !== undefined && <StatusBar {...statusProps} />}
    </Box>
  );
}
