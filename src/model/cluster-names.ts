// Short names for kubeconfig contexts, for the CLUSTER column and the header: the part of each
// name that tells it apart from the others. Pure.

/** Longest label kept; longer ones are cut in the middle. */
export const MAX_LABEL = 20;

const SEPARATORS = /[-_.:/@]/;

/** The cluster's own name inside the shapes cloud CLIs write (EKS ARNs, GKE's gke_P_Z_N). */
function ownName(context: string): string {
  const arn = /^arn:aws[\w-]*:eks:[^:]*:\d*:cluster\/(.+)$/.exec(context);
  if (arn) return arn[1]!;
  const gke = /^gke_[^_]+_[^_]+_(.+)$/.exec(context);
  if (gke) return gke[1]!;
  return context;
}

/** Length of the common prefix of all `names` that ends right after a separator. */
function commonPrefix(names: readonly string[]): number {
  const first = names[0]!;
  let n = first.length;
  for (const s of names) {
    let i = 0;
    while (i < n && i < s.length && s[i] === first[i]) i++;
    n = i;
  }
  while (n > 0 && !SEPARATORS.test(first[n - 1]!)) n--;
  return n;
}

const reverse = (s: string) => [...s].reverse().join('');

function cutMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) / 2);
  return s.slice(0, head) + '…' + s.slice(s.length - (max - 1 - head));
}

/**
 * context → label. Cloud shapes give their cluster name; then a prefix and a suffix that every
 * name shares (up to a separator: `kind-` of kind-a, kind-b) are dropped; labels longer than
 * MAX_LABEL are cut in the middle. Whenever that would make two labels equal or one empty, the
 * previous step's names stay.
 */
export function shortClusterNames(contexts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (contexts.length === 0) return out;
  const distinct = (xs: string[]) => new Set(xs).size === xs.length && xs.every((x) => x !== '');
  let names = [...contexts];
  const own = names.map(ownName);
  if (distinct(own)) names = own;
  if (names.length > 1) {
    const p = commonPrefix(names);
    const stripped = names.map((s) => s.slice(p));
    if (distinct(stripped)) names = stripped;
    const q = commonPrefix(names.map(reverse));
    const cut = names.map((s) => s.slice(0, s.length - q));
    if (distinct(cut)) names = cut;
  }
  const short = names.map((s) => cutMiddle(s, MAX_LABEL));
  if (distinct(short)) names = short;
  contexts.forEach((c, i) => out.set(c, names[i]!));
  return out;
}
