import { Channel, ConsentPurpose } from '@app/privacy';
import { ClientsService } from '../../clients';
import { ConsentsService } from '../../consents';
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
  async run({ app, db, cipher, log }) {
    const clients = app.get(ClientsService);
    const consentsService = app.get(ConsentsService);
    const count = await clients.countSeeded('demo_seed');
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
        const id = await clients.insertSeed(
          {
            firstName: first,
            lastName: last,
            email,
            phone,
            address: { street: `ul. Polna ${i + 1}`, postalCode: postal, city, country: 'PL' },
            dateOfBirth: birth,
            peselCipher: cipher.encrypt(pesel),
            peselIndex: cipher.blindIndex('pesel', pesel),
            restricted: i % 12 === 11,
            source: 'demo_seed',
            ageDays: DEMO_CLIENT_COUNT - i,
          },
          m,
        );
        const consents: Array<[ConsentPurpose, Channel]> = [];
        if (i % 2 === 0) consents.push(['marketing', 'email']);
        if (i % 5 === 0) consents.push(['marketing', 'phone']);
        if (i % 3 === 0) consents.push(['renewal_reminders', 'email']);
        if (i % 7 === 0) consents.push(['client_contact', 'phone']);
        for (const [purpose, channel] of consents) {
          await consentsService.insertSeed(
            {
              clientId: id,
              purpose,
              channel,
              source: 'web_form',
              evidence: `demo form ${i}`,
              noticeVersion: '2026-01',
              grantedBy: null,
              grantedAt: new Date(Date.now() - 30 * 86_400_000),
            },
            m,
          );
        }
      }
    });
    log(`clients: ${DEMO_CLIENT_COUNT} demo clients ready`);
  },
};
