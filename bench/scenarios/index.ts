import { Scenario } from '../scenario';
import { p1ClientRead, p2ClientList } from './p1-client-read.scenario';
import { p5RecordAppend } from './p5-record-append.scenario';
import { p6VerifyRate } from './p6-verify-rate.scenario';

/** Every benchmark scenario, in report order; each module adds its own here. */
export const SCENARIOS: Scenario[] = [p1ClientRead, p2ClientList, p5RecordAppend, p6VerifyRate];
