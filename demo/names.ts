// Names and identifiers generated the way Kubernetes generates them, so they look real:
// controllers' random suffixes, pod-template hashes, UIDs, pod IPs. All from the scenario Rng.
import type { Rng } from './types.js';

/** k8s.io/apimachinery/pkg/util/rand: no vowels and no 0/1/3, so suffixes never spell words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character suffix of generateName (ReplicaSet, DaemonSet and Job pods). */
export function randSuffix(rng: Rng, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[rng.int(ALPHANUMS.length)];
  return s;
}

/**
 * pod-template-hash: rand.SafeEncodeString(fmt.Sprint(fnv32(template))) maps each decimal
 * digit's byte onto ALPHANUMS, which is why real hashes only use 4-9 and b, c, d, f
 * (web-7d5bc9f8d6). A random uint32 stands in for the FNV hash of the pod template.
 */
export function podTemplateHash(rng: Rng): string {
  // Three in four uint32s have ten digits; draw from those so every hash has the usual length.
  const decimal = String(1_000_000_000 + Math.floor(rng.next() * 3_294_967_296));
  let s = '';
  for (let i = 0; i < decimal.length; i++) s += ALPHANUMS[decimal.charCodeAt(i) % ALPHANUMS.length];
  return s;
}

/** A version-4 UUID as the API server assigns to metadata.uid. */
export function uid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${'89ab'[rng.int(4)]}${rng.hex(3)}-${rng.hex(12)}`;
}

/** A pod IP inside the node's /24 of the pod CIDR 10.244.0.0/16. */
export function podIp(rng: Rng, nodeIndex: number): string {
  return `10.244.${nodeIndex}.${2 + rng.int(250)}`;
}

/** CronJob children are named after the scheduled time in minutes since the epoch. */
export function cronJobChildName(cronJob: string, scheduled: Date): string {
  return `${cronJob}-${Math.floor(scheduled.getTime() / 60000)}`;
}

/** A container ID as containerd reports it in containerStatuses. */
export function containerId(rng: Rng): string {
  return `containerd://${rng.hex(64)}`;
}
