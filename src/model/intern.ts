// Events repeat a few short texts in every group (types, reasons, components, hosts, kinds, API
// versions, field paths, namespaces, object names), and JSON.parse gives each delivery its own
// copy: at 100k groups those copies were ~25 MB. One shared copy each, from a bounded table that
// starts over when full, so a hostile stream of unique texts costs at most the table.
const MAX_LENGTH = 80;
const MAX_ENTRIES = 65_536;

let table = new Map<string, string>();

export function intern(s: string): string {
  if (s.length > MAX_LENGTH || s.length === 0) return s;
  const have = table.get(s);
  if (have !== undefined) return have;
  if (table.size >= MAX_ENTRIES) table = new Map();
  table.set(s, s);
  return s;
}
