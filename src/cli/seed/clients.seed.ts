import { makePesel } from '@app/common/validation/pesel';
import { SeedStep } from './seed-context';

const FIRST = [
  'Anna',
  'Piotr',
  'Katarzyna',
  'Tomasz',
  'Magdalena',
  'Paweł',
  'Agnieszka',
  'Michał',
  'Joanna',
  'Krzysztof',
  'Ewa',
  'Marcin',
  'Zofia',
  'Jakub',
  'Alicja',
  'Łukasz',
];
const LAST = [
  'Nowak',
  'Kowalski',
  'Wiśniewski',
  'Wójcik',
  'Kowalczyk',
  'Kamiński',
  'Lewandowski',
  'Zieliński',
  'Szymański',
  'Woźniak',
  'Dąbrowski',
  'Kozłowski',
  'Jankowski',
  'Mazur',
  'Kwiatkowski',
  'Krawczyk',
];
const CITIES: Array<[string, string]> = [
  ['Warszawa', '00-950'],
  ['Kraków', '30-001'],
  ['Gdańsk', '80-001'],
  ['Poznań', '60-001'],
  ['Wrocław', '50-001'],
  ['Łódź', '90-001'],
];
export const DEMO_CLIENT_COUNT = 240;

/**
 * 240 demo clients (marked source = 'demo_seed'): about half with a marketing consent on e-mail,
 * some on phone, a third with renewal-reminder consent, one in twelve restricted (art. 18).
 * Deterministic, and skipped when already present.
 */
export const clientsSeed: SeedStep = {
  name: 'clients',
  async run({ db, cipher, log }) {
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM client WHERE source = 'demo_seed'`,
    );
    if (count >= DEMO_CLIENT_COUNT) {
      log(`clients: ${count} demo clients already present`);
      return;
    }
    await db.transaction(async (m) => {
      for (let i = count; i < DEMO_CLIENT_COUNT; i++) {
        const first = FIRST[i % FIRST.length];
        const last = LAST[(i * 7) % LAST.length];
        const [city, postal] = CITIES[i % CITIES.length];
        const birth = `${1950 + (i % 50)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
        const pesel = makePesel(birth, 1000 + i);
        const email = `${first}.${last}.${i}@example.com`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .replace(/ł/g, 'l');
        const phone = `+4860${String(1000000 + i).slice(-7)}`;
        const [row] = await m.query(
          `INSERT INTO client (first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, restricted, source, created_at, last_activity_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'demo_seed', now() - ($10 || ' days')::interval, now() - ($10 || ' days')::interval) RETURNING id`,
          [
            first,
            last,
            email,
            phone,
            JSON.stringify({ street: `ul. Polna ${i + 1}`, postalCode: postal, city, country: 'PL' }),
            birth,
            cipher.encrypt(pesel),
            cipher.blindIndex('pesel', pesel),
            i % 12 === 11,
            String(DEMO_CLIENT_COUNT - i),
          ],
        );
        const consents: Array<[string, string]> = [];
        if (i % 2 === 0) consents.push(['marketing', 'email']);
        if (i % 5 === 0) consents.push(['marketing', 'phone']);
        if (i % 3 === 0) consents.push(['renewal_reminders', 'email']);
        if (i % 7 === 0) consents.push(['client_contact', 'phone']);
        for (const [purpose, channel] of consents) {
          await m.query(
            `INSERT INTO consent (client_id, purpose, channel, source, evidence, notice_version, granted_at)
             VALUES ($1, $2, $3, 'web_form', $4, '2026-01', now() - interval '30 days')`,
            [row.id, purpose, channel, `demo form ${i}`],
          );
        }
      }
    });
    log(`clients: ${DEMO_CLIENT_COUNT} demo clients ready`);
  },
};
