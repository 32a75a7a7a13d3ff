/**
 * The privacy registry: the one declarative statement of who may process which personal data,
 * for which purpose, on which legal basis, and for how long. CASL abilities, SQL visibility
 * filters, mailing gates, retention, the art. 30 record and the art. 13 notice are all derived
 * from it; nothing else keeps a copy of these rules.
 */
export * from './vocabulary';
export * from './entities';
export * from './purposes';
export * from './derived';
export * from './controller-facts';
export * from './log-terms';
export * from './documents';
