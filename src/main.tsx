// argv → Options → the mode's runner. Nothing else lives here (cli.tsx loads it).
import { helpText, parseOptions, UsageError } from './options.js';
import { ConfigCheckNeeded, loadConfigCheck } from './config/load.js';
import { exitOnCrash, reportFatal } from './run/fatal.js';
import { guardStdio } from './run/hangup.js';
import { setSeverityRules } from './model/severity.js';
import { mark } from './run/cli-trace.js';

mark('cli');

// A hung-up terminal or a departed reader (`kevtui --once | head`) ends the process quietly.
guardStdio();

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'completion' || argv[0] === '__complete') return (await import('./run/completion.js')).runCompletion(argv);
  // The full screen needs a terminal both ways: a keyboard to read and a screen to draw.
  const parse = () => parseOptions(argv, Boolean(process.stdout.isTTY && process.stdin.isTTY));
  let opts;
  try {
    try {
      opts = parse();
    } catch (err) {
      // There is a config file: its check (YAML and zod) loads now, not on every start.
      if (!(err instanceof ConfigCheckNeeded)) throw err;
      await loadConfigCheck();
      opts = parse();
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`kevtui: ${err.message}\nRun 'kevtui --help' for usage.\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(helpText(opts.mode === 'demo-server' ? 'demo' : 'monitor'));
    return 0;
  }
  if (opts.version) {
    process.stdout.write(`kevtui ${VERSION}\n`);
    return 0;
  }
  // A config file that cannot be used: one line, then the built-in defaults (the TUI repeats it).
  if (opts.config.problem !== undefined) process.stderr.write(`kevtui: ${opts.config.problem}; using the defaults\n`);
  setSeverityRules(opts.config.rules);
  // The full screen has its own guard, which puts the terminal back before printing.
  if (opts.mode !== 'tui') exitOnCrash();
  // `kevtui replay`: the same front ends over a session fed from files.
  const open = opts.replay !== undefined ? (await import('./replay/session.js')).openReplay : undefined;
  switch (opts.mode) {
    case 'config-show':
      process.stdout.write((await import('./config/show.js')).configShowText(opts));
      return 0;
    case 'demo-server':
      return (await import('./run/demo-server.js')).runDemoServer(opts);
    case 'once':
    case 'plain':
      return (await import('./run/plain.js')).runPlain(opts, open);
    case 'tui':
      // Ink draws nothing but the last frame when CI is set (is-in-ci, read as Ink loads). The
      // full screen only runs on a terminal, and a terminal is interactive whatever CI says.
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
      return (await import('./run/tui-start.js')).runTui(opts, open);
  }
}

declare const VERSION: string;

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportFatal(err);
  },
);
