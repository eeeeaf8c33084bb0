// The full-screen front end: connect, enter the alternate screen, render <App>, and put the
// terminal back on every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash) before printing anything.
import { render } from 'ink';
import type { Options } from '../options.js';
import { openSession } from './session.js';
import { reportFatal } from './fatal.js';
import { App } from '../ui/App.js';
import { Screen, guardExit, signalExitCode, type ExitReason } from '../ui/screen.js';
import { InkStdout } from '../frame/index.js';
import { RowOverlay, RowOverlayContext } from '../ui/hooks/useRowOverlay.js';
import { noteTmuxClipboard } from '../ui/osc52.js';
import { detectTmuxClipboard } from '../ui/tmux-clipboard.js';

export async function runTui(opts: Options): Promise<number> {
  // Connection errors (no kubeconfig, bad context) print on the normal screen.
  // How this tmux treats OSC 52, asked while we connect (never waited for: `c` sends plain until then).
  void detectTmuxClipboard().then(noteTmuxClipboard);
  const session = await openSession(opts);
  const screen = new Screen(process.stdout, process.stdin);
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    let settled = false;
    finish = (code) => {
      if (settled) return;
      settled = true;
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

  try {
    // Ink renders in debug mode (each frame whole, no erasing) into InkStdout, whose frame writer
    // sends the terminal only the cells that changed; it stops drawing once the screen is left.
    // The table screen's lines skip Ink's layout and output assembly (RowOverlay).
    const frames = new InkStdout(process.stdout, { drawing: () => screen.isActive, onFrame: session.stats?.frame });
    const overlay = new RowOverlay();
    frames.setOverlay(overlay);
    const raw = (s: string) => {
      if (screen.isActive) process.stdout.write(s);
    };
    const app = (
      <RowOverlayContext.Provider value={overlay}>
        <App session={session} color={opts.color} fold={opts.fold} writeRaw={raw} />
      </RowOverlayContext.Provider>
    );
    instance = render(app, {
      stdout: frames as unknown as NodeJS.WriteStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: session.stats?.render,
    });
    // Start listing and watching once the screen is up, so the listing progress shows.
    session.start();
    instance.waitUntilExit().then(
      () => finish(0),
      (err: unknown) => {
        stopDrawing();
        screen.leave();
        finish(reportFatal(err));
      },
    );
  } catch (err) {
    stopDrawing();
    screen.leave();
    finish(reportFatal(err));
  }

  const code = await done;
  screen.leave();
  unguard();
  try {
    await session.stop();
  } catch {
    // Stopping is best effort: we are leaving anyway.
  }
  // A failure inside kevtui's own pipeline stopped the source (the header said so): say it
  // on the normal screen too, rather than quitting as if all was well.
  const failure = session.failure();
  if (failure !== undefined && code === 0) return reportFatal(failure);
  return code;
}
