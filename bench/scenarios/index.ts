import { Scenario } from '../scenario';
import { p1ClientRead } from './p1-client-read.scenario';
import { p5RecordAppend } from './p5-record-append.scenario';

/** Every benchmark scenario, in report order; each module adds its own here. */
export const SCENARIOS: Scenario[] = [p1ClientRead, p5RecordAppend];
