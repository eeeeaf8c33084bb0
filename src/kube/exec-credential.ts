// Runs a kubeconfig `exec` credential plugin the way kubectl does (KUBERNETES_EXEC_INFO, stdin
// not offered), but so that a hung plugin cannot hang kevtui: each run has a deadline, runs in
// its own process group (plugins are often scripts with children of their own) and the whole
// group is killed at the deadline, when nobody waits for it any more, and when kevtui exits.
// One run at a time per user; its answer is kept until its expirationTimestamp.
import { spawn, type ChildProcess } from 'node:child_process';
import { KubeError, oneLine } from './errors.js';

export interface ExecPluginSpec {
  /** The command as kubectl would run it (already resolved against the kubeconfig's folder). */
  command: string;
  args: readonly string[];
  /** exec.env, plus KUBERNETES_EXEC_INFO. */
  env: Record<string, string>;
  installHint?: string;
  timeoutMs: number;
}

export interface ExecCredential {
  token?: string;
  /** PEM, as the plugin printed it. */
  clientCertificateData?: string;
  clientKeyData?: string;
  /** ms since the epoch; undefined: valid until the server says 401. */
  expiresAt?: number;
}

const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR = 64 * 1024;
/** Between SIGTERM and SIGKILL: time for a well-behaved plugin to clean up. */
const KILL_GRACE_MS = 1000;

/** One plugin's credentials: cached until expiry, one run shared by every concurrent caller. */
export class ExecCredentialSource {
  private cached?: ExecCredential;
  private run?: { result: Promise<ExecCredential>; waiters: number; cancel(): void };
  private closed = false;

  constructor(private readonly spec: ExecPluginSpec) {}

  /** The current credential, running the plugin when there is none (or it expired). */
  get(signal?: AbortSignal): Promise<ExecCredential> {
    if (this.cached && (this.cached.expiresAt === undefined || this.cached.expiresAt > Date.now())) return Promise.resolve(this.cached);
    if (signal?.aborted || this.closed) return Promise.reject(abortError());
    if (!this.run) {
      const { result, cancel } = runPlugin(this.spec);
      const run = { result, waiters: 0, cancel };
      this.run = run;
      // A failure is not kept: the next request runs the plugin again.
      void result
        .then((cred) => {
          if (this.run === run) this.cached = cred;
        }, () => {})
        .finally(() => {
          if (this.run === run) this.run = undefined;
        });
    }
    return this.wait(this.run, signal);
  }

  /** kevtui is quitting: kill the run in flight, whoever still waits for it, and run no more. */
  close(): void {
    this.closed = true;
    this.run?.cancel();
  }

  /** After a 401: the credential is no good, the next get() runs the plugin. */
  invalidate(): void {
    this.cached = undefined;
  }

  private wait(run: NonNullable<ExecCredentialSource['run']>, signal?: AbortSignal): Promise<ExecCredential> {
    run.waiters++;
    return new Promise<ExecCredential>((resolve, reject) => {
      const onAbort = () => {
        settle();
        reject(abortError());
        // Nobody wants this run any more (kevtui is stopping): do not leave it behind.
        if (run.waiters === 0) {
          run.cancel();
          if (this.run === run) this.run = undefined;
        }
      };
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        run.waiters--;
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      run.result.then(
        (c) => {
          if (settled) return;
          settle();
          resolve(c);
        },
        (e: unknown) => {
          if (settled) return;
          settle();
          reject(e);
        },
      );
    });
  }
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

/** Spawns the plugin once; `cancel` kills its process group. */
function runPlugin(spec: ExecPluginSpec): { result: Promise<ExecCredential>; cancel(): void } {
  const name = spec.command;
  const fail = (message: string, hint = spec.installHint) => new KubeError('exec-plugin', `getting credentials: exec plugin ${name} ${message}`, hint);
  let child: ChildProcess;
  try {
    child = spawn(spec.command, [...spec.args], {
      env: { ...process.env, ...spec.env },
      // kevtui owns the terminal; a plugin that wants to ask something gets EOF, like kubectl
      // gives a plugin when it is not interactive.
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the group can be killed
    });
  } catch (e) {
    return { result: Promise.reject(fail(`could not start: ${(e as Error).message}`)), cancel() {} };
  }
  const group = child.pid;
  if (group !== undefined) {
    hookExit();
    live.add(group);
  }

  let cancel: () => void = () => {};
  const result = new Promise<ExecCredential>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let stdoutBytes = 0;
    let spawnError: NodeJS.ErrnoException | undefined;
    let stopped: KubeError | undefined;
    let settled = false;
    const stop = (why: KubeError) => {
      if (stopped) return;
      stopped = why;
      finish(() => reject(why));
      // From here nothing of the plugin holds kevtui's event loop: quitting must not wait for it.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      if (group === undefined) return;
      killGroup(group, 'SIGTERM');
      setTimeout(() => {
        killGroup(group, 'SIGKILL');
        live.delete(group);
      }, KILL_GRACE_MS).unref();
    };
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      f();
    };
    cancel = () => stop(fail('was stopped'));
    const deadline = setTimeout(
      () => stop(fail(`did not answer within ${+(spec.timeoutMs / 1000).toFixed(1)}s and was killed`, spec.installHint ?? 'does it need a terminal or a fresh login? run it by hand')),
      spec.timeoutMs,
    );

    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      stdoutBytes += Buffer.byteLength(d);
      if (stdoutBytes > MAX_STDOUT) return stop(fail(`printed more than ${MAX_STDOUT / 1024 / 1024} MiB and was killed`));
      stdout += d;
    });
    child.stderr!.on('data', (d: string) => {
      if (stderr.length < MAX_STDERR) stderr += d;
    });
    const notStarted = (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return new KubeError('exec-plugin', `getting credentials: exec: executable ${name} not found`, spec.installHint ?? `install ${name} or fix the user's exec.command`);
      if (e.code === 'EACCES') return new KubeError('exec-plugin', `getting credentials: exec: ${name}: permission denied`, spec.installHint);
      return fail(`could not start: ${e.message}`);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
      if (group === undefined) finish(() => reject(notStarted(e)));
    });
    child.on('close', (code, signal) => {
      // After a kill the group stays listed until its SIGKILL: children may outlive the leader.
      if (group !== undefined && !stopped) live.delete(group);
      if (stopped) return;
      finish(() => {
        if (spawnError) return reject(notStarted(spawnError));
        // The plugin writes stderr for the user (kubectl passes it through): one line of it.
        const said = oneLine(stderr, 200);
        if (code !== 0) return reject(fail(`failed: ${said || (signal ? `killed by ${signal}` : `exit code ${code}`) + ' and no message'}`));
        try {
          resolve(parseCredential(stdout));
        } catch (e) {
          // Never the output itself: it is a credential, or close to one.
          reject(fail(`${(e as Error).message} (${stdoutBytes} bytes on stdout)${said ? `; it said: ${said}` : ''}`));
        }
      });
    });
  });
  return { result, cancel: () => cancel() };
}

/** client.authentication.k8s.io ExecCredential → what a request needs. Throws with a safe message. */
export function parseCredential(stdout: string): ExecCredential {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new Error('printed no valid ExecCredential JSON');
  }
  const status = (doc as { status?: unknown } | null)?.status;
  if (typeof doc !== 'object' || doc === null || (doc as { kind?: unknown }).kind !== 'ExecCredential' || typeof status !== 'object' || status === null) {
    throw new Error('printed JSON that is not an ExecCredential with a status');
  }
  const s = status as Record<string, unknown>;
  const text = (k: string) => (typeof s[k] === 'string' && s[k] !== '' ? (s[k] as string) : undefined);
  const cred: ExecCredential = { token: text('token'), clientCertificateData: text('clientCertificateData'), clientKeyData: text('clientKeyData') };
  if (!cred.token && !(cred.clientCertificateData && cred.clientKeyData)) throw new Error('printed an ExecCredential with neither status.token nor a client certificate and key');
  const exp = text('expirationTimestamp');
  if (exp !== undefined) {
    const at = Date.parse(exp);
    if (Number.isNaN(at)) throw new Error('printed an ExecCredential with an invalid status.expirationTimestamp');
    cred.expiresAt = at;
  }
  return cred;
}

// Process groups of plugins still running (or in their kill grace): killed if kevtui exits first.
const live = new Set<number>();
let hooked = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function killAll(): void {
  for (const g of live) killGroup(g, 'SIGKILL');
  live.clear();
}

// Installed once, at the first plugin run. A detached group does not get the terminal's Ctrl-C,
// so kevtui must take its plugins with it however it ends: a normal exit, or a signal nobody
// else handles (then the signal is raised again, so the exit status stays the signal's).
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      if (process.listenerCount(sig) > 1) return; // someone else shuts kevtui down in order
      process.off(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}
