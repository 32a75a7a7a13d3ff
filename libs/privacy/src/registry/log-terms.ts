import { REGISTRY } from './purposes';

/**
 * How long the service's own records are kept. The record of operations follows the term of the
 * purpose it serves (security_audit); the HTTP request log files are kept for a shorter term of
 * their own, enough to investigate an incident. REQUEST_LOG_RETENTION_DAYS may shorten or lengthen
 * the latter for a deployment; by default it is this term.
 */
export const LOG_TERMS = {
  recordOfOperations: {
    months: REGISTRY.security_audit.retention.months,
    en: REGISTRY.security_audit.retention.en,
    pl: REGISTRY.security_audit.retention.pl,
  },
  requestLog: {
    days: 30,
    en: 'HTTP request log files (no personal values): 30 days',
    pl: 'pliki dziennika żądań HTTP (bez wartości danych osobowych): 30 dni',
  },
} as const;
