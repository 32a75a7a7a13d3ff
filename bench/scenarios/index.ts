import { Scenario } from '../scenario';

/** Every benchmark scenario, in report order; each module adds its own here. */
export const SCENARIOS: Scenario[] = [];
