// The steady Normal churn of a healthy cluster, one activity at a time: CronJob runs,
// HPA-driven scaling, small rolling updates and (for incident) the odd readiness blip.
import type { HpaState } from '../cluster.js';
import * as msg from '../messages.js';
import type { Deployment } from '../workloads.js';
import { Script, type Emit } from './plan.js';
import type { World } from './world.js';

export class Background {
  private q = new Script();
  private versions = new Map<Deployment, number>();

  /** `rolloutFrom`: the share of activities below which no rolling update starts (0.85 → 15 %). */
  constructor(private w: World, private opts: { blips: boolean; rollouts: Deployment[]; rolloutFrom: number }) {}

  /** The next background occurrence; starts a new activity when the last one is done. */
  next(at: Date): Emit {
    if (this.q.length === 0) this.q.push(...this.activity(at));
    return this.q.shift() ?? (() => {});
  }

  private activity(at: Date): Emit[] {
    const { kit, cronJobs, hpaCart, cart } = this.w;
    const r = kit.rng.next();
    if (this.opts.blips && r < 0.2) return [this.blip()];
    const cj = kit.rng.pick(cronJobs);
    const slot = kit.cronSlot(cj, at);
    if (r < 0.6 && slot) return kit.cronRun(cj, slot);
    if (r < this.opts.rolloutFrom && hpaCart.cpu !== undefined) return this.hpaScale(hpaCart, cart);
    const d = kit.rng.pick(this.opts.rollouts);
    return kit.rollout(d, this.bump(d));
  }

  /** A patch release of the deployment's image (v3.8.1 → v3.8.2). */
  private bump(d: Deployment): string {
    const [repo, tag = 'v1.0.0'] = d.w.container.image.split(':') as [string, string?];
    const parts = tag.replace(/^v/, '').split('.').map(Number);
    const n = (this.versions.get(d) ?? parts[2] ?? 0) + 1;
    this.versions.set(d, n);
    return `${repo}:v${parts[0]}.${parts[1]}.${n}`;
  }

  /** A readiness probe failing once, with one of the outputs a real prober gives. */
  private blip(): Emit {
    const { kit } = this.w;
    return (at) => {
      const p = kit.c.running.pick(kit.rng);
      if (!p?.container.probes || !p.podIP || !p.nodeName) return;
      const url = `http://${p.podIP}:${p.container.port}${p.container.probes.readiness}`;
      const out = kit.rng.pick([msg.httpStatus(503), msg.httpStatus(500), msg.httpTimeout(url), msg.httpRefused(url, `${p.podIP}:${p.container.port}`)]);
      kit.kubelet(p.nodeName).event(kit.c.podRef(p, true), 'Warning', 'Unhealthy', msg.probeFailed('Readiness', out), at);
    };
  }

  /** The HPA changes its target by one and the Deployment follows. */
  hpaScale(h: HpaState, d: Deployment): Emit[] {
    const { kit } = this.w;
    const up = h.current < h.max && (h.current <= h.min || kit.rng.next() < 0.5);
    const to = up ? h.current + 1 : h.current - 1;
    const rs = d.current;
    const out: Emit[] = [
      (at) => {
        h.cpu = up ? 82 + kit.rng.int(30) : 25 + kit.rng.int(25);
        h.current = h.desired = to;
        h.lastScale = at;
        kit.c.putHpa(h, at);
        kit.ctrl('horizontal-pod-autoscaler').event(kit.c.ref('HorizontalPodAutoscaler', 'autoscaling/v2', h), 'Normal', 'SuccessfulRescale',
          msg.newSize(to, up ? msg.CPU_ABOVE : msg.ALL_BELOW), at);
      },
      (at) => {
        d.w.replicas = to;
        kit.scaleRs(d, rs, to)(at);
      },
    ];
    if (up) out.push(...kit.rsPods(d, rs, 1, false).emits);
    else out.push(...kit.rsDelete(d, rs, () => kit.podsOf(rs)[0]));
    return out;
  }
}
