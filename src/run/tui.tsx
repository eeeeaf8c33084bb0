// The full-screen front end: connect, enter the alternate screen, render <App>, and put the
// terminal back on every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash) before printing anything.
import { render } from 'ink';
import type { Options } from '../options.js';
import { settleHeapAfterList } from './heap.js';
import { warmTexts } from '../store/match.js';
import { reportFatal } from './fatal.js';
import { App } from '../ui/App.js';
import { Screen, guardExit, signalExitCode, type ExitReason } from '../ui/screen.js';
import { InkStdout } from '../frame/index.js';
import { RowOverlay, RowOverlayContext } from '../ui/hooks/useRowOverlay.js';
import { noteTmuxClipboard } from '../ui/osc52.js';
import { detectTmuxClipboard } from '../ui/tmux-clipboard.js';
import { fileConfigStore } from '../config/store.js';
import { mark, tracing } from './cli-trace.js';
import type { TuiStart } from './tui-start.js';
import type { OpenedSession, Session } from '../session/types.js';
import type { EventGroup } from '../store/aggregate.js';

export async function runTui(opts: Options, start: TuiStart): Promise<number> {
  mark('tui-loaded');
  const pending = start.pending;
  const openIt = () => start.open();
  // A replay's files are read before the screen: anything they have to say goes to the normal
  // screen. A cluster's kubeconfig was read before this code loaded (tui-start); its session, like
  // the embedded demo cluster's (whose start keeps this thread busy for a few hundred ms), opens
  // once the first frame is out.
  if (opts.replay !== undefined) {
    start.current = await openIt();
    mark('session');
  }
  // A replay's ages and rates are the recording's: its clock, not the wall's.
  const replay = start.current?.replay;
  const clock = replay !== undefined ? () => replay.now() : undefined;
  const screen = new Screen(process.stdout, process.stdin);
  let finished = false;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = (code) => {
      if (finished) return;
      finished = true;
      resolve(code);
    };
  });

  screen.enter();
  let instance: ReturnType<typeof render> | undefined;
  const stopDrawing = () => {
    try {
      instance?.unmount();
    } catch {
      // Already unmounted or broken: the screen is restored below anyway.
    }
  };
  const unguard = guardExit(screen, (reason: ExitReason) => {
    stopDrawing();
    screen.leave();
    const code = reason.kind === 'error' ? reportFatal(reason.error) : signalExitCode(reason.signal);
    finish(code);
    // Whatever still holds the event loop (a stuck socket) must not keep a killed process alive.
    setTimeout(() => process.exit(code), 2000).unref();
  });
  const failed = (err: unknown) => {
    stopDrawing();
    screen.leave();
    finish(reportFatal(err));
  };

  try {
    // Ink renders in debug mode (each frame whole, no erasing) into InkStdout, whose frame writer
    // sends the terminal only the cells that changed; it stops drawing once the screen is left.
    // The table screen's lines skip Ink's layout and output assembly (RowOverlay).
    const statsFrame = opts.stats !== undefined ? (ms: number, bytes: number) => start.current?.stats?.frame(ms, bytes) : undefined;
    const frames = new InkStdout(process.stdout, { drawing: () => screen.isActive, onFrame: tracing ? traceFrames(statsFrame) : statsFrame });
    const overlay = new RowOverlay();
    frames.setOverlay(overlay);
    const raw = (s: string) => {
      if (screen.isActive) process.stdout.write(s);
    };
    const appFor = (session: Session) => (
      <RowOverlayContext.Provider value={overlay}>
        <App
          session={session}
          color={opts.color}
          theme={opts.theme}
          fold={opts.fold}
          {...(clock !== undefined ? { clock } : {})}
          initial={{ sort: opts.sort, wide: opts.wide, filter: opts.filter }}
          config={fileConfigStore(opts.config.path, opts.config.file.views)}
          {...(opts.config.problem !== undefined ? { notice: `${opts.config.problem}; using the defaults` } : {})}
          writeRaw={raw}
        />
      </RowOverlayContext.Provider>
    );
    // Listing and watching (already under way when tui-start opened the session).
    const begin = (session: OpenedSession) => {
      session.start();
      // Once listed, the groups' texts are made for the filter, in slices: a first search made
      // them between its frames (its longest frame gap at 100k groups 77–104 ms; with them made
      // while listing, 59–65, but that cost the list ~0.6 s of view time). Then the heap is
      // settled (after the list: while it fills the heap, a tight heap only costs time, 100k
      // events listed in 5.35 s with it from the start, 4.47 s without), which also compacts
      // the texts just made.
      void session.whenSynced().then(async () => {
        await warmInSlices(session.store.groups());
        settleHeapAfterList();
      }, () => {});
    };
    instance = render(appFor(start.current ?? pending), {
      stdout: frames as unknown as NodeJS.WriteStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: opts.stats !== undefined ? (...a) => start.current?.stats?.render(...a) : undefined,
    });
    if (start.current !== undefined) begin(start.current);
    else {
      // After the first frame is written (Ink writes it from a microtask of render()).
      void new Promise<void>((r) => setImmediate(r)).then(openIt).then(
        (session) => {
          if (finished) return void session.stop().catch(() => {}); // quit while connecting
          start.current = session;
          mark('session');
          instance?.rerender(appFor(session));
          begin(session);
        },
        failed,
      );
    }
    // How this tmux treats OSC 52, asked once the first frame is out (spawning tmux cost ~10–40 ms
    // before it); never waited for: `c` sends plain until then.
    void detectTmuxClipboard().then(noteTmuxClipboard);
    instance.waitUntilExit().then(() => finish(0), failed);
  } catch (err) {
    failed(err);
  }

  const code = await done;
  screen.leave();
  unguard();
  try {
    await start.current?.stop();
  } catch {
    // Stopping is best effort: we are leaving anyway.
  }
  // A failure inside kevtui's own pipeline stopped the source (the header said so): say it
  // on the normal screen too, rather than quitting as if all was well.
  const failure = start.current?.failure();
  if (failure !== undefined && code === 0) return reportFatal(failure);
  return code;
}

/** The first frames written, as trace marks (the start-up benchmark tells which one had rows). */
function traceFrames(next?: (ms: number, bytes: number) => void): (ms: number, bytes: number) => void {
  let n = 0;
  return (ms, bytes) => {
    if (bytes > 0 && n < 8) mark(`frame${++n}`);
    next?.(ms, bytes);
  };
}

const WARM_SLICE_MS = 8;

/**
 * warmTexts in slices of WARM_SLICE_MS, a timer turn between them for keys and frames. The
 * store's groups() is its Map's own iterator, which skips what is deleted meanwhile and visits
 * what is added: held across batches it only ever makes Texts for live groups.
 */
function warmInSlices(groups: Iterator<EventGroup>): Promise<void> {
  return new Promise((done) => {
    const slice = () => {
      if (warmTexts(groups, performance.now() + WARM_SLICE_MS)) done();
      else setTimeout(slice, WARM_SLICE_MS).unref();
    };
    setTimeout(slice, 0).unref();
  });
}
