import { usePurposes, useSession } from '../api/hooks';
import { CONCLUSION_PURPOSE } from './api';

/**
 * What the chosen purpose allows on a policy's annexes and instalments, from the registry: the
 * screens show a section only where the API would answer it, and the actions only where it writes.
 */
export function useBookAccess() {
  const purposes = usePurposes();
  const { purpose, me } = useSession();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  const mayUse = !!info && !!me && info.roles.includes(me.role);
  const reads = (entity: string) => mayUse && (info.fields[entity]?.read.length ?? 0) > 0;
  return {
    loaded: !!purposes.data,
    readsAnnexes: reads('ContractAnnex'),
    readsInstalments: reads('Instalment'),
    // Annexes, schedules and payments are the contract's performance: the API takes them only so.
    performs: purpose === CONCLUSION_PURPOSE,
  };
}

/** Today as YYYY-MM-DD in the browser's calendar (the API refuses a payment dated after its today). */
export function todayIso(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
