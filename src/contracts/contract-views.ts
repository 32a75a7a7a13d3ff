import { ClientSubjectFacts, PrivacyScope, personalFieldsOf } from '@app/privacy';
import { ContractRow, contractRecord } from './contract-row';

export type ContractView = Record<string, unknown> & { id: string };

const CONTRACT_PERSONAL = new Set(personalFieldsOf('Contract'));
const NAME_FIELDS = ['firstName', 'lastName'] as const;

/** A contract projected to `fields`; `fields` lists the personal fields that left. */
export function contractView(
  scope: PrivacyScope,
  row: ContractRow,
  fields: string[],
): { value: ContractView; fields: string[] } {
  return {
    value: scope.project(fields, contractRecord(row)).value as ContractView,
    fields: fields.filter((f) => CONTRACT_PERSONAL.has(f)),
  };
}

/**
 * A page of contracts projected under the scope; with parties, each names its client (the name
 * fields the purpose may read) and insurer, and the days left when the end date is visible.
 */
export function projectContractPage(
  scope: PrivacyScope,
  page: ContractRow[],
  facts: Map<string, ClientSubjectFacts>,
  filterFields: string[],
  withParties = false,
): { items: ContractView[]; fields: string[]; clientIds: string[] } {
  const items: ContractView[] = [];
  const seen = new Set<string>(filterFields);
  const clientIds = new Set<string>();
  for (const row of page) {
    const clientFacts = facts.get(row.clientId);
    const fields = scope.clientRecordFields('Contract', clientFacts);
    // The SQL applied the same rules; a row the in-memory check refuses is never returned.
    if (fields.length === 0) continue;
    const view = contractView(scope, row, fields);
    view.fields.forEach((f) => seen.add(f));
    clientIds.add(row.clientId);
    if (withParties) {
      const clientFields = scope.fields('Client', clientFacts!);
      const names = scope.project(
        NAME_FIELDS.filter((f) => clientFields.includes(f)),
        { firstName: row.firstName, lastName: row.lastName },
      );
      names.fields.forEach((f) => seen.add(`client.${f}`));
      view.value.client = { id: row.clientId, ...names.value };
      view.value.insurer = { id: row.insurerId, name: row.insurerName };
      if ('endDate' in view.value) view.value.daysLeft = Number(row.daysLeft);
    }
    items.push(view.value);
  }
  return { items, fields: [...seen], clientIds: [...clientIds] };
}
