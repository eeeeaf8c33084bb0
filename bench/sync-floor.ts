// The floor of an initial sync: fetch every 500-item page of the events list and JSON.parse it,
// nothing else. kevtui's `--once -o json` is compared against this in the same run.
//   node --import tsx bench/sync-floor.ts /tmp/sync.kubeconfig [path]
// Reads only the first `server:` of a demo-server kubeconfig (plain HTTP, no credentials).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '/tmp/sync.kubeconfig';
const path = process.argv[3] ?? '/apis/events.k8s.io/v1/events';
const server = /server:\s*(\S+)/.exec(readFileSync(file, 'utf8'))?.[1];
if (!server) throw new Error(`no server: in ${file}`);

const t0 = performance.now();
let items = 0;
let pages = 0;
let cont = '';
do {
  const q = new URLSearchParams({ limit: '500' });
  if (cont) q.set('continue', cont);
  const res = await fetch(`${server}${path}?${q}`, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} from ${path}`);
  const page = JSON.parse(await res.text()) as { items?: unknown[]; metadata?: { continue?: string } };
  items += page.items?.length ?? 0;
  pages++;
  cont = page.metadata?.continue ?? '';
} while (cont);
const ms = performance.now() - t0;
const rss = process.resourceUsage().maxRSS / 1024;
process.stderr.write(`floor: ${items} items in ${pages} pages, ${ms.toFixed(0)} ms, max RSS ${rss.toFixed(0)} MiB\n`);
