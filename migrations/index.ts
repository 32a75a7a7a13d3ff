import { Platform1764100000000 } from './1764100000000-platform';

/** Every migration, in order. The app, the CLI and the tests run exactly this list. */
export const MIGRATIONS = [Platform1764100000000];
