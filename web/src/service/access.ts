import { ApiError, purposeHeader } from '../api/client';
import { usePurposes, useSession } from '../api/hooks';
import type { components } from '../api/schema';

export type Claim = components['schemas']['ClaimResponseDto'];
export type Task = components['schemas']['TaskResponseDto'];
export type Activity = components['schemas']['ActivityResponseDto'];
export type ClaimStatus = Claim['status'];

/**
 * What the chosen purpose allows on claims, tasks and the client's timeline, from the registry:
 * the screens show a section only where the API would answer it, and actions only where it writes.
 */
export function useServiceAccess() {
  const purposes = usePurposes();
  const { purpose, me } = useSession();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  const mayUse = !!info && !!me && info.roles.includes(me.role);
  const reads = (entity: string) => mayUse && (info.fields[entity]?.read.length ?? 0) > 0;
  const writes = (entity: string) => mayUse && (info.fields[entity]?.write.length ?? 0) > 0;
  return {
    loaded: !!purposes.data,
    readsClaims: reads('Claim'),
    writesClaims: writes('Claim'),
    readsTasks: reads('Task'),
    writesTasks: writes('Task'),
    readsActivities: reads('ClientActivity'),
    writesActivities: writes('ClientActivity'),
  };
}

/** A claim status's colour on the badges. */
export const STATUS_COLOURS: Record<ClaimStatus, string> = {
  reported: 'indigo.9',
  in_assessment: 'grape.9',
  paid: 'teal.9',
  refused: 'red.9',
  withdrawn: 'gray.8',
};

/** Now as the value of a datetime-local field (the browser's local time, minutes). */
export function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The purposes under which the API takes tasks and contacts (its OpenAPI document names them). */
const SERVICE_WRITING = ['offer_preparation', 'contract_performance', 'claims', 'client_contact'] as const;
type ServiceWriting = (typeof SERVICE_WRITING)[number];

/** The purpose header of a task or contact write; the screens offer those only where the purpose writes. */
export function serviceHeader(): { 'X-Purpose': ServiceWriting } {
  const header = purposeHeader()['X-Purpose'];
  if (!(SERVICE_WRITING as readonly string[]).includes(header))
    throw new ApiError(403, 'PURPOSE_NOT_ALLOWED', 'Not under this purpose');
  return { 'X-Purpose': header as ServiceWriting };
}

/** Claims are reported and followed only under the purpose `claims`. */
export const CLAIMS_HEADER = { 'X-Purpose': 'claims' } as const;
