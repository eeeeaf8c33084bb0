// The floor for an initial sync: GET every 500-item page of events (with continue) and
// JSON.parse it, nothing else. Usage: node bench/floor.mjs KUBECONFIG [apiPath]
// (the demo server's kubeconfig: plain http, an optional bearer token).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const kc = parse(readFileSync(process.argv[2], 'utf8'));
const server = kc.clusters[0].cluster.server;
const token = kc.users?.[0]?.user?.token;
const path = process.argv[3] ?? '/apis/events.k8s.io/v1/events';
let cont = '';
let items = 0;
do {
  const res = await fetch(`${server}${path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  const list = JSON.parse(await res.text());
  items += list.items.length;
  cont = list.metadata.continue ?? '';
} while (cont);
process.stdout.write(`${items}\n`);
