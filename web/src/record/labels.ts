import type { TFunction } from 'i18next';

/** An operation, a resource or a purpose in the user's language; the record's own word when it has no label. */
export function actionLabel(t: TFunction, action: string): string {
  return t(`record.actions.${action}`, { defaultValue: action });
}

export function resourceLabel(t: TFunction, resource: string): string {
  return t(`record.resources.${resource}`, { defaultValue: resource });
}

export function purposeLabel(t: TFunction, purpose: string | null): string {
  return purpose ? t(`purposes.${purpose}`, { defaultValue: purpose }) : '—';
}

/** Who acted: the staff member's name and role, or the background work (request id names it) for the system. */
export function actorLabel(
  t: TFunction,
  entry: {
    actorName: string | null;
    actorRole: string | null;
    actorId: string | null;
    requestId: string | null;
  },
): string {
  const role = entry.actorRole ? t(`roles.${entry.actorRole}`, { defaultValue: entry.actorRole }) : null;
  if (entry.actorName) return role ? `${entry.actorName} · ${role}` : entry.actorName;
  if (entry.actorId) return role ? `${entry.actorId} · ${role}` : entry.actorId;
  return `${t('record.table.system')}${entry.requestId && !/^[0-9a-f-]{36}$/.test(entry.requestId) ? ` (${entry.requestId})` : ''}`;
}
