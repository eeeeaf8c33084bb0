// `kevtui config show`: the settings in effect, as config.yaml would spell them, each with where
// its value came from (a flag, --view, the file, or the built-in default).
import { Document, isMap, isScalar, type Pair } from 'yaml';
import type { Options } from '../options.js';
import { sortWordOf } from './schema.js';

const DEFAULT_NOTES: Readonly<Record<string, string>> = {
  context: "default: the kubeconfig's current context",
  namespace: "default: the context's namespace",
};

export function configShowText(opts: Options): string {
  const c = opts.config;
  const fileState =
    c.state === 'loaded' ? 'read' : c.state === 'absent' ? 'not found, nothing read' : `not used: ${c.problem ?? 'invalid'}`;
  const src = opts.sources;
  const settings: Array<[string, unknown, string]> = [
    ['context', opts.context ?? null, src.context === 'default' ? DEFAULT_NOTES.context! : src.context],
    ['namespace', opts.namespace ?? null, src.namespace === 'default' ? DEFAULT_NOTES.namespace! : src.namespace],
    ['allNamespaces', opts.allNamespaces, src.namespace],
    ['api', opts.api, src.api],
    ['sort', sortWordOf(opts.sort), src.sort],
    ['columns', opts.wide ? 'wide' : 'normal', src.columns],
    ['fold', opts.fold, src.fold],
    ['theme', opts.theme, src.theme],
  ];
  // Unset (null) settings and a view's filter are not file-level values: they go in the header,
  // so that the printed text is itself a valid config.yaml.
  const notes = settings.filter(([, v]) => v === null).map(([k, , note]) => ` ${k}: not set (${note.replace(/^default: /, '')})`);
  if (opts.view !== undefined) notes.push(` --view ${opts.view.name}: filter ${JSON.stringify(opts.filter)}`);
  const shown = settings.filter(([, v]) => v !== null);
  const file = c.file;
  const rules = file.severity ?? [];
  const views = file.views ?? {};
  const doc = new Document(Object.fromEntries([...shown.map(([k, v]) => [k, v]), ['severity', rules], ['views', views]]));
  if (isMap(doc.contents)) {
    for (const item of doc.contents.items as Pair[]) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      const entry = shown.find(([k]) => k === key);
      const note =
        entry !== undefined
          ? entry[2]
          : key === 'severity'
            ? rules.length > 0 ? `config file: checked in order before the built-in reason table` : 'none: the built-in reason table only'
            : Object.keys(views).length > 0 ? 'config file: :view NAME or --view NAME' : 'none (:view save NAME adds one)';
      if (isScalar(item.value)) item.value.comment = ` ${note}`;
      else if (isScalar(item.key)) item.key.commentBefore = ` ${note}`;
    }
  }
  doc.commentBefore = ` kevtui's settings in effect: a flag beats --view, which beats the config file, which beats the default\n config file: ${c.path} (${fileState})${notes.map((n) => `\n${n}`).join('')}`;
  return doc.toString({ lineWidth: 0 });
}
