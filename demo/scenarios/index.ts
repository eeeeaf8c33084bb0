// The scenarios the demo server can run (`--scenario NAME`); each call returns a fresh instance.
import type { Scenario } from '../types.js';
import { incidentScenario } from './incident.js';
import { steadyScenario } from './steady.js';
import { stormScenario } from './storm.js';

const FACTORIES: Record<string, () => Scenario> = {
  incident: incidentScenario,
  steady: steadyScenario,
  storm: stormScenario,
};

/** Known scenario names, the default (`incident`) first. */
export const scenarioNames: string[] = Object.keys(FACTORIES);

export function getScenario(name: string): Scenario {
  const make = FACTORIES[name];
  if (!make) throw new Error(`unknown scenario "${name}"; known scenarios: ${scenarioNames.join(', ')}`);
  return make();
}
