// What the full screen may know of config.yaml: the named views and a way to save one. The UI
// gets this interface through its props, so that ui/ never touches the file system itself.
import type { ViewSettings } from './schema.js';

export type { ViewSettings } from './schema.js';

export interface ConfigStore {
  /** The file views are saved to (created on first save). */
  readonly path: string;
  /** The named views, by name. */
  views(): ReadonlyMap<string, ViewSettings>;
  /** Writes (or replaces) a view in the file, keeping the rest of it; rejects with a one-line Error. */
  saveView(name: string, view: ViewSettings): Promise<void>;
}
