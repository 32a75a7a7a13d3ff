import { type AcceptedPurposes, usePurposes, useSession } from '../api/hooks';

/**
 * The purposes under which the API takes a book import. Checked against the typed client: a
 * purpose added to or taken from the route in the OpenAPI document fails the type check until this
 * list follows it.
 */
const IMPORTS_BOOKS: Record<AcceptedPurposes<'imports_submit'>, true> = {
  contract_performance: true,
};

/** Whether the chosen purpose, used by the signed-in role, may import a book (for the menu and the page). */
export function useImportAccess(): { loaded: boolean; imports: boolean } {
  const purposes = usePurposes();
  const { purpose, me } = useSession();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  return {
    loaded: !!purposes.data,
    imports: !!info && info.purpose in IMPORTS_BOOKS && !!me && info.roles.includes(me.role),
  };
}
