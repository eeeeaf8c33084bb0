// The config store the full screen gets: the file's views, plus the ones saved during this run.
// Saving loads the writer (YAML and zod, see check.ts) on the first `:view save`, not at start.
import type { ViewSettings } from './schema.js';
import type { ConfigStore } from './types.js';

export function fileConfigStore(path: string, views: Readonly<Record<string, ViewSettings>> | undefined): ConfigStore {
  const known = new Map(Object.entries(views ?? {}));
  return {
    path,
    views: () => known,
    async saveView(name, view) {
      (await import('./save.js')).saveViewToFile(path, name, view);
      known.set(name, view);
    },
  };
}
