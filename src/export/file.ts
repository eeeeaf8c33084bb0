// Writing an export: exclusive create, so nothing is overwritten unless the user said so; every
// failure comes back as one line for the status bar, never as a throw.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export type WriteOutcome =
  | { ok: true; path: string }
  | { ok: false; exists: true; path: string }
  | { ok: false; exists?: false; path: string; message: string };

/** Writes `text` to `file` (relative to `cwd`); `overwrite` false fails on an existing file. */
export async function writeExport(file: string, text: string, options: { overwrite?: boolean; cwd?: string } = {}): Promise<WriteOutcome> {
  const path = resolve(options.cwd ?? process.cwd(), expandHome(file));
  try {
    await writeFile(path, text, { flag: options.overwrite === true ? 'w' : 'wx', mode: 0o644 });
    return { ok: true, path };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { ok: false, exists: true, path };
    return { ok: false, path, message: `${path}: ${reasonOf(code, e)}` };
  }
}

function expandHome(file: string): string {
  const home = process.env['HOME'];
  return home !== undefined && (file === '~' || file.startsWith('~/')) ? home + file.slice(1) : file;
}

function reasonOf(code: string | undefined, e: unknown): string {
  switch (code) {
    case 'ENOENT': return 'no such directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on device';
    default: return e instanceof Error ? e.message.split('\n')[0]! : String(e);
  }
}
