import type { Scenario } from '../src/run/scenario.js';
import { chaos } from './chaos.js';
import { economyMix } from './economyMix.js';
import { hotAccount } from './hotAccount.js';
import { raid } from './raid.js';
import { ramp } from './ramp.js';
import { soak } from './soak.js';

/** Every scenario, by the name `--scenario` takes. */
export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(
  [economyMix, ramp, raid, hotAccount, soak, chaos].map((s) => [s.name, s]),
);
