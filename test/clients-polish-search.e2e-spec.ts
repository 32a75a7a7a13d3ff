import { auditEntriesOf, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

type Item = { id: string; firstName?: string; lastName?: string };
type PageBody = { items: Item[]; nextCursor: string | null };

/**
 * The client list searched and sorted the Polish way: a name matches whatever the case and the
 * diacritics typed ("wisn" finds Wiśniewska, "LUKASZ" finds Łukasz), and `sort=lastName` follows
 * the Polish alphabet (Ł after L, Ś after S, Ź and Ż after Z) across pages read with the cursor.
 * The search stays within the purpose and the portfolio.
 */
describe('clients: Polish name search and order', () => {
  let t: TestApp;
  const ids = new Map<string, string>();
  let otherTeams: string;

  /** Surnames in the Polish alphabetical order the list must give (the two "Lis" tie on the id). */
  const POLISH_ORDER = [
    'Cieślak',
    'Ćwik',
    'Lis',
    'lis',
    'Łukasiewicz',
    'Nowak',
    'Sowa',
    'Śliwa',
    'Zając',
    'Źrebiec',
    'Żak',
  ];

  const broker = () => t.as('broker', 'offer_preparation');

  async function search(q: string, headers = broker()): Promise<Item[]> {
    const res = await t.http.get(`/api/clients?limit=100&q=${encodeURIComponent(q)}`).set(headers);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  const names = (items: Item[]) => items.map((i) => `${i.firstName} ${i.lastName}`).sort();

  beforeAll(async () => {
    t = await startTestApp();
    // Created in an order unlike the alphabet, so the order cannot come from creation time.
    for (const lastName of [
      'Żak',
      'Lis',
      'Śliwa',
      'Cieślak',
      'Zając',
      'lis',
      'Źrebiec',
      'Sowa',
      'Ćwik',
      'Nowak',
    ]) {
      ids.set(lastName, (await createClient(t, { firstName: 'Jan', lastName })).id);
    }
    ids.set('Łukasiewicz', (await createClient(t, { firstName: 'Łukasz', lastName: 'Łukasiewicz' })).id);
    ids.set('Wiśniewska', (await createClient(t, { firstName: 'Anna', lastName: 'Wiśniewska' })).id);
    ids.set('Nowakowska', (await createClient(t, { firstName: 'Anna', lastName: 'Nowakowska' })).id);
    // A client of another team's portfolio, with a name every search below would match.
    const team = await t.http.post('/api/teams').set(t.as('admin')).send({ name: 'Kraków' });
    expect(team.status).toBe(201);
    otherTeams = (await createClient(t, { firstName: 'Łucja', lastName: 'Wiśniewska-Łukasik' })).id;
    await t.db.query(`UPDATE client SET team_id = $2 WHERE id = $1`, [otherTeams, team.body.id]);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('search', () => {
    it.each([
      ['wisn', ['Anna Wiśniewska']],
      ['WIŚN', ['Anna Wiśniewska']],
      ['Wiśniewska', ['Anna Wiśniewska']],
      ['LUKASZ', ['Łukasz Łukasiewicz']],
      ['łukasz', ['Łukasz Łukasiewicz']],
      ['ŁUKASIEWICZ', ['Łukasz Łukasiewicz']],
      ['sliwa', ['Jan Śliwa']],
      ['zrebiec', ['Jan Źrebiec']],
      ['ZAK', ['Jan Żak']],
      ['cwik', ['Jan Ćwik']],
      ['ciesl', ['Jan Cieślak']],
      ['LIS', ['Jan Lis', 'Jan lis']],
      ['anna', ['Anna Nowakowska', 'Anna Wiśniewska']],
      ['anna wiś', ['Anna Wiśniewska']],
      ['wisniewska ANNA', ['Anna Wiśniewska']],
    ])('q=%s finds %j', async (q, expected) => {
      expect(names(await search(q))).toEqual([...expected].sort());
    });

    it.each([
      // Not the beginning of a name.
      'niewska',
      'ukasz',
      // Letters that differ from the name's once diacritics are folded.
      'wisz',
      'łuk lis',
      // LIKE wildcards typed are plain characters.
      '%ska',
      '_isniewska',
      // Both words must match: the second begins no name of Anna Wiśniewska.
      'anna nowak x',
    ])('q=%s finds nobody', async (q) => {
      expect(await search(q)).toEqual([]);
    });

    it('does not find a client of another team’s portfolio; a purpose outside portfolios does', async () => {
      for (const q of ['wisn', 'łucja', 'LUCJA WISNIEWSKA-LUKASIK']) {
        expect((await search(q)).map((i) => i.id)).not.toContain(otherTeams);
      }
      // The control: under a purpose that is not portfolio-bound the same search finds it.
      const dpo = await search('lucja', t.as('dpo', 'data_subject_rights'));
      expect(dpo.map((i) => i.id)).toEqual([otherTeams]);
    });

    it('refuses a purpose that may not read names, to search or to sort by them, and records the refusal', async () => {
      for (const query of [`q=${encodeURIComponent('wisn')}`, 'sort=lastName']) {
        const res = await t.http.get(`/api/clients?${query}`).set(t.as('manager', 'security_audit'));
        expect(res.status).toBe(403);
        expect(res.body.fields).toEqual(expect.arrayContaining(['lastName']));
        const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
        expect(entry).toMatchObject({ action: 'list', resource: 'client', outcome: 'denied' });
      }
      // A purpose that may read names searches with the same folding (the control).
      const accountant = await search('LUKASZ', t.as('accountant', 'legal_obligation'));
      expect(accountant.map((i) => i.id)).toEqual([ids.get('Łukasiewicz')]);
    });
  });

  describe('sort=lastName', () => {
    async function readAll(limit: number, q?: string): Promise<{ items: Item[]; pages: number }> {
      const items: Item[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query = new URLSearchParams({ sort: 'lastName', limit: String(limit) });
        if (q) query.set('q', q);
        if (cursor) query.set('cursor', cursor);
        const res: { status: number; body: PageBody } = await t.http
          .get(`/api/clients?${query.toString()}`)
          .set(broker());
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      return { items, pages };
    }

    it.each([2, 3, 5])('pages of %i follow the Polish alphabet, without gaps or repeats', async (limit) => {
      const { items, pages } = await readAll(limit);
      expect(pages).toBeGreaterThanOrEqual(2);
      const all = items.map((i) => i.id);
      expect(new Set(all).size).toBe(all.length);
      const ours = items.filter((i) => i.firstName === 'Jan' || i.firstName === 'Łukasz');
      expect(ours.map((i) => i.lastName)).toEqual(
        POLISH_ORDER.slice().sort((a, b) => {
          const byName = POLISH_ORDER.indexOf(a) - POLISH_ORDER.indexOf(b);
          // The two "Lis" share a key: the id decides, as in the SQL.
          if (a.toLowerCase() === b.toLowerCase()) return ids.get(a)! < ids.get(b)! ? -1 : 1;
          return byName;
        }),
      );
      // Every client this broker may see, and only those: the other team's client is not among them.
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM client WHERE id <> $1`, [
        otherTeams,
      ]);
      expect(all).toHaveLength(count);
      expect(all).not.toContain(otherTeams);
    });

    it('a search sorted by last name pages the same way', async () => {
      const { items, pages } = await readAll(1, 'ANNA');
      expect(pages).toBe(2);
      expect(items.map((i) => i.lastName)).toEqual(['Nowakowska', 'Wiśniewska']);
    });

    it('the Polish order is the database’s, not the code points’ (Ł is not after Z)', async () => {
      const { items } = await readAll(100);
      const lastNames = items.map((i) => i.lastName!);
      expect(lastNames.indexOf('Łukasiewicz')).toBeLessThan(lastNames.indexOf('Nowak'));
      expect(lastNames.indexOf('Śliwa')).toBeLessThan(lastNames.indexOf('Zając'));
      expect(lastNames.indexOf('Żak')).toBe(lastNames.length - 1);
    });
  });
});
