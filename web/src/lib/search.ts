/**
 * What the search box's text asks for: the API has a parameter per kind (names by prefix, PESEL,
 * phone and e-mail exactly), so the text goes to the one it looks like.
 */
export type ClientSearch = { q?: string; pesel?: string; email?: string; phone?: string };

export function classifySearch(text: string): ClientSearch {
  const value = text.trim();
  if (!value) return {};
  if (/^\d{11}$/.test(value)) return { pesel: value };
  if (value.includes('@')) return { email: value };
  if (/^\+?[\d\s()-]{9,20}$/.test(value)) return { phone: value };
  return { q: value };
}
