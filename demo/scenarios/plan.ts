// The machinery scenarios use to turn stories into one event per step: FIFO scripts of
// pending occurrences, a weighted pool of recurring ones (things that keep failing), and
// triggers keyed on the step count. Every operation is O(1) or O(pool size), never O(events).
import type { Rng } from '../types.js';

/** Writes exactly one event occurrence (plus whatever object changes go with it). */
export type Emit = (at: Date) => void;

export class Script {
  private q: Emit[] = [];
  private head = 0;
  push(...e: Emit[]): void {
    this.q.push(...e);
  }
  shift(): Emit | undefined {
    if (this.head >= this.q.length) return undefined;
    const e = this.q[this.head++]!;
    if (this.head > 256 && this.head * 2 > this.q.length) {
      this.q = this.q.slice(this.head);
      this.head = 0;
    }
    return e;
  }
  get length(): number {
    return this.q.length - this.head;
  }
}

/** Recurring occurrences with weights; ids let a story stop one when the cause is fixed. */
export class Pool {
  private entries: Array<{ id: string; weight: number; emit: Emit }> = [];
  private total = 0;
  add(id: string, weight: number, emit: Emit): void {
    this.remove(id);
    this.entries.push({ id, weight, emit });
    this.total += weight;
  }
  remove(id: string): void {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i < 0) return;
    this.total -= this.entries[i]!.weight;
    this.entries.splice(i, 1);
  }
  removePrefix(prefix: string): void {
    for (const e of this.entries.filter((x) => x.id.startsWith(prefix))) this.remove(e.id);
  }
  has(id: string): boolean {
    return this.entries.some((e) => e.id === id);
  }
  get size(): number {
    return this.entries.length;
  }
  pick(rng: Rng): Emit | undefined {
    let r = rng.next() * this.total;
    for (const e of this.entries) {
      r -= e.weight;
      if (r < 0) return e.emit;
    }
    return this.entries[this.entries.length - 1]?.emit;
  }
}

/** Interleaves per-pod stages the way controllers batch work: all creates, then all binds… */
export function interleave(perPod: Emit[][]): Emit[] {
  const out: Emit[] = [];
  const depth = Math.max(0, ...perPod.map((s) => s.length));
  for (let i = 0; i < depth; i++) for (const s of perPod) if (s[i]) out.push(s[i]!);
  return out;
}
