export const CONTRACT_STATUSES = ['pending', 'active', 'ended', 'cancelled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/**
 * The status of a contract, derived in SQL from its dates and cancellation on the broker's
 * today (`today`: BrokerClock.todaySql): the end date is the last day of cover, so a contract
 * ending today is still active.
 */
export function contractStatusSql(alias: string, today: string): string {
  return `CASE WHEN ${alias}.cancelled_at IS NOT NULL THEN 'cancelled'
    WHEN ${alias}.start_date > ${today} THEN 'pending'
    WHEN ${alias}.end_date < ${today} THEN 'ended'
    ELSE 'active' END`;
}

/** The same rule as a sargable condition per status, so filters can use the indexes. */
export function contractStatusConditionSql(alias: string, status: ContractStatus, today: string): string {
  switch (status) {
    case 'cancelled':
      return `${alias}.cancelled_at IS NOT NULL`;
    case 'pending':
      return `(${alias}.cancelled_at IS NULL AND ${alias}.start_date > ${today})`;
    case 'ended':
      return `(${alias}.cancelled_at IS NULL AND ${alias}.start_date <= ${today} AND ${alias}.end_date < ${today})`;
    case 'active':
      return `(${alias}.cancelled_at IS NULL AND ${alias}.start_date <= ${today} AND ${alias}.end_date >= ${today})`;
  }
}
