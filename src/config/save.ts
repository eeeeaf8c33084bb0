// Writing a named view into config.yaml in place: yaml's Document API edits the one entry and
// keeps the user's other settings, order and comments. The file and its directory are created
// when missing; the new text replaces the old in one rename, so a crash never leaves half a file.
import { mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { viewSchema } from './check.js';
import type { ViewSettings } from './schema.js';

/** The config text with `views.NAME` set to `view`. Pure; throws an Error with one line. */
export function withView(text: string, path: string, name: string, view: ViewSettings): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const bad = doc.errors[0];
  if (bad !== undefined) throw new Error(`${path}:${lines.linePos(bad.pos[0]).line}: fix this first: ${bad.message.split('\n')[0]}`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error(`${path}: the file is not a map of settings`);
  const views = doc.get('views', true);
  if (views !== undefined && views !== null && !isMap(views)) throw new Error(`${path}: views is not a map`);
  doc.setIn(['views', name], doc.createNode(viewSchema.parse(view)));
  return doc.toString();
}

export function saveViewToFile(path: string, name: string, view: ViewSettings): void {
  // A config symlinked from a dotfiles repository stays a symlink: the rename replaces its target.
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // Not there yet: created below.
  }
  let text = '';
  try {
    text = readFileSync(target, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const next = withView(text, path, name, view);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, next, { flag: 'w' });
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`${path}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
