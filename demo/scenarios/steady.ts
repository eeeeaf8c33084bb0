// `steady`: a healthy cluster's churn only — CronJob runs, HPA scaling, rolling updates that
// succeed. Useful as a baseline: everything is Normal.
import type { ClusterWriter, Rng, Scenario } from '../types.js';
import { Background } from './background.js';
import { buildWorld } from './world.js';

export function steadyScenario(): Scenario {
  let run: { bg: Background; writes: () => number } | undefined;
  return {
    name: 'steady',
    description: 'Healthy churn: CronJob runs, HPA scaling and rolling updates that succeed',
    setup(c: ClusterWriter, rng: Rng, at: Date) {
      const w = buildWorld(c, rng, at);
      run = { bg: new Background(w, { blips: false, rollouts: [w.cart, w.api, w.worker, w.coredns], rolloutFrom: 0.85 }), writes: () => w.kit.rec.writes };
    },
    step(_c: ClusterWriter, _rng: Rng, at: Date) {
      if (!run) throw new Error('steady: step() called before setup()');
      const before = run.writes();
      for (let tries = 0; tries < 8 && run.writes() === before; tries++) run.bg.next(at)(at);
    },
  };
}
