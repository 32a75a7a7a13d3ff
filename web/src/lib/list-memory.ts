/**
 * The clients list's search, sort and page, kept in memory only (never in the URL, which would
 * carry a searched name or PESEL), so coming back from a card shows the same page. Forgotten with
 * the records when the purpose changes or the user signs out.
 */
export const clientsListMemory: {
  text: string;
  sort: 'createdAt' | 'lastName';
  cursors: Array<string | undefined>;
} = { text: '', sort: 'createdAt', cursors: [undefined] };

export function resetClientsListMemory(): void {
  Object.assign(clientsListMemory, { text: '', sort: 'createdAt', cursors: [undefined] });
}
