import { AudienceAttribute, Purpose, audienceValues } from '@app/privacy';

/** A campaign's audience filter: attributes of the clients' contracts and offer requests. */
export type AudienceFilter = Partial<Record<AudienceAttribute, string | null | undefined>>;

/**
 * The filter's fields (as `audience.<attribute>`) that the registry does not let the purpose select
 * by. A campaign selected by anything else would tell marketing who holds what, e.g. who holds a
 * life policy (art. 9 data).
 */
export function forbiddenAudienceFields(
  purpose: Purpose | null,
  audience: AudienceFilter | null | undefined,
): string[] {
  const forbidden: string[] = [];
  for (const [attribute, value] of Object.entries(audience ?? {}) as Array<
    [AudienceAttribute, string | null | undefined]
  >) {
    if (value === undefined || value === null) continue;
    if (!purpose || !audienceValues(purpose, attribute).includes(value))
      forbidden.push(`audience.${attribute}`);
  }
  return forbidden;
}
