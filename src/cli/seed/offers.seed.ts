import { makeNip } from '@app/common/validation/nip';
import { checkVin, makeVin, normaliseRegistrationNumber } from '@app/common/validation/vehicle';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { ClientsService } from '../../clients';
import { ContractsService, StoredInsuredObject } from '../../contracts';
import { InsurersService } from '../../insurers';
import { COVERAGE_CODES, OffersService } from '../../offers';
import { SeedStep } from './seed-context';

const INSURERS: Array<{ name: string; nipPrefix: number; krs: string; email: string; code: string }> = [
  {
    name: 'Wisła Towarzystwo Ubezpieczeń S.A.',
    nipPrefix: 526_100_200,
    krs: '0000100200',
    email: 'iod@wisla-tu.example',
    code: 'WSL',
  },
  {
    name: 'Bałtyk Ubezpieczenia S.A.',
    nipPrefix: 583_200_300,
    krs: '0000200300',
    email: 'daneosobowe@baltyk.example',
    code: 'BLT',
  },
  {
    name: 'Tatry TUiR S.A.',
    nipPrefix: 736_300_400,
    krs: '0000300400',
    email: 'iod@tatry-tuir.example',
    code: 'TTR',
  },
  {
    name: 'Mazowsze Insurance Polska',
    nipPrefix: 521_400_500,
    krs: '0000400500',
    email: 'privacy@mazowsze-ins.example',
    code: 'MZW',
  },
  {
    name: 'Odra Towarzystwo Ubezpieczeń Wzajemnych',
    nipPrefix: 898_500_600,
    krs: '0000500600',
    email: 'rodo@odra-tuw.example',
    code: 'ODR',
  },
];

const REQUESTS = 40;
const CONCLUDED_REQUESTS = 25;
const CONTRACTS = 60;
/** Typical annual premium per line, in grosze. */
const BASE_PREMIUM: Record<LineOfBusiness, number> = {
  motor: 180_000,
  home: 65_000,
  travel: 25_000,
  life: 240_000,
  health: 190_000,
  property: 420_000,
  liability: 150_000,
};
const NOTES = [
  'Prefers a low deductible; pays annually.',
  'Second vehicle in the household; garage overnight.',
  'Family of four; frequent trips within the EU.',
  'Wants the same cover as last year, cheaper if possible.',
  'Small business; needs cover for equipment at the office.',
];

/**
 * Insurers, offer requests with 3-5 quotes each (some declined, some expired), and 60 contracts
 * on demo clients: a dozen end within 30 days (one exactly in 7 days, one exactly in 30), some
 * have ended, two are cancelled, two have not started. Skipped when demo offers already exist.
 */
export const offersSeed: SeedStep = {
  name: 'offers',
  async run({ app, db, log }) {
    const insurers = app.get(InsurersService);
    const clients = app.get(ClientsService);
    const offers = app.get(OffersService);
    const contracts = app.get(ContractsService);
    await db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('consentry:seed:offers'))`);
      const insurerIds: string[] = [];
      for (const insurer of INSURERS) {
        insurerIds.push(
          await insurers.upsertSeed(
            {
              name: insurer.name,
              nip: makeNip(insurer.nipPrefix),
              krs: insurer.krs,
              dsrContactEmail: insurer.email,
            },
            m,
          ),
        );
      }
      const clientIds = await clients.seededIdsWithoutPurpose(
        'demo_seed',
        REQUESTS + (CONTRACTS - CONCLUDED_REQUESTS),
        m,
      );
      const existing = await contracts.countSeededFor(clientIds, m);
      if (existing > 0) {
        log(`offers: ${INSURERS.length} insurers; ${existing} demo contracts already present`);
        return;
      }
      if (clientIds.length < REQUESTS + (CONTRACTS - CONCLUDED_REQUESTS)) {
        log('offers: not enough demo clients; run the clients step first');
        return;
      }

      // End dates relative to today: 12 within 30 days (exactly 30 and exactly 7 among them),
      // 10 ended, the rest later in the year; two not started yet.
      const endOffsets = [
        30, 7, 1, 3, 5, 9, 12, 14, 18, 21, 25, 28, -3, -12, -30, -45, -60, -90, -120, -150, -200, -250,
      ];
      while (endOffsets.length < CONTRACTS) endOffsets.push(31 + ((endOffsets.length * 37) % 330));
      let contractIndex = 0;

      const insertContract = async (input: {
        clientId: string;
        insurerIndex: number;
        line: LineOfBusiness;
        offerRequestId: string | null;
        quoteId: string | null;
        productName: string;
        premium: number;
        commissionBp: number;
        coverages: Array<{ code: string; limit: number }>;
        recommendation: string | null;
        source?: 'own' | 'transferred';
        insuredId?: string | null;
        insuredObject?: StoredInsuredObject | null;
      }) => {
        const j = contractIndex++;
        const end = endOffsets[j];
        const start = j === 40 || j === 41 ? 10 + j - 40 : end - 364;
        const policyNumber = `${INSURERS[input.insurerIndex].code}/${input.line.toUpperCase().slice(0, 3)}/${String(202600 + j).padStart(7, '0')}`;
        await contracts.insertSeed(
          {
            clientId: input.clientId,
            insurerId: insurerIds[input.insurerIndex],
            offerRequestId: input.offerRequestId,
            quoteId: input.quoteId,
            lineOfBusiness: input.line,
            policyNumber,
            productName: input.productName,
            startDay: start,
            endDay: end,
            premium: input.premium,
            commissionRateBp: input.commissionBp,
            sumInsured: input.premium * 40,
            deductible: Math.round(input.premium / 4),
            coverages: input.coverages,
            recommendation: input.recommendation,
            cancelled: j === 50 || j === 51,
            source: input.source,
            insuredId: input.insuredId,
            insuredObject: input.insuredObject,
          },
          m,
        );
      };

      for (let i = 0; i < REQUESTS; i++) {
        const line = LINES_OF_BUSINESS[i % LINES_OF_BUSINESS.length];
        const vocabulary = COVERAGE_CODES[line];
        const required = vocabulary.slice(0, 2 + (i % 2));
        const base = BASE_PREMIUM[line];
        const concluded = i < CONCLUDED_REQUESTS;
        const requestId = await offers.insertSeedRequest(
          {
            clientId: clientIds[i],
            lineOfBusiness: line,
            requiredCoverages: required,
            maxPremium: Math.round(base * 1.3),
            notes: NOTES[i % NOTES.length],
            status: concluded ? 'concluded' : 'open',
            ageDays: 40 - i,
          },
          m,
        );
        const quoteCount = 3 + (i % 3);
        let chosen: {
          id: string;
          insurerIndex: number;
          premium: number;
          bp: number;
          coverages: Array<{ code: string; limit: number }>;
        } | null = null;
        for (let k = 0; k < quoteCount; k++) {
          const insurerIndex = (i + k) % INSURERS.length;
          const declined = k === 1 && i % 4 === 0;
          const expired = k === 2 && i % 5 === 0;
          // Every third request has one quote lacking the second required coverage.
          const lacking = k === quoteCount - 1 && i % 3 === 0;
          const codes = vocabulary
            .slice(0, Math.min(vocabulary.length, 3 + k))
            .filter((c) => !(lacking && c === required[1]));
          const coverages = codes.map((code, n) => ({ code, limit: base * (50 - n * 5) }));
          const premium = Math.round(base * (0.85 + ((i * 7 + k * 13) % 30) / 100));
          const bp = 800 + ((i + k) % 8) * 100;
          const quoteId = await offers.insertSeedQuote(
            declined
              ? {
                  offerRequestId: requestId,
                  insurerId: insurerIds[insurerIndex],
                  status: 'declined',
                  productName: null,
                  premium: null,
                  sumInsured: null,
                  deductible: null,
                  coverages: [],
                  validDays: null,
                  commissionRateBp: null,
                  declineReason: 'Risk outside underwriting guidelines',
                  ageDays: 39 - i,
                }
              : {
                  offerRequestId: requestId,
                  insurerId: insurerIds[insurerIndex],
                  status: 'offered',
                  productName: `${line[0].toUpperCase()}${line.slice(1)} ${['Komfort', 'Plus', 'Optimum', 'Premium', 'Standard'][k]}`,
                  premium,
                  sumInsured: premium * 40,
                  deductible: Math.round(premium / 4),
                  coverages,
                  validDays: expired ? -3 : 14 + k * 7,
                  commissionRateBp: bp,
                  declineReason: null,
                  ageDays: 39 - i,
                },
            m,
          );
          if (concluded && !chosen && !declined && !expired && !lacking) {
            chosen = { id: quoteId, insurerIndex, premium, bp, coverages };
          }
        }
        if (concluded && chosen) {
          await insertContract({
            clientId: clientIds[i],
            insurerIndex: chosen.insurerIndex,
            line,
            offerRequestId: requestId,
            quoteId: chosen.id,
            productName: `${line[0].toUpperCase()}${line.slice(1)} Komfort`,
            premium: chosen.premium,
            commissionBp: chosen.bp,
            coverages: chosen.coverages,
            recommendation: 'Meets every required coverage at the lowest premium among the valid offers.',
          });
        }
      }

      // Policies taken over from another broker, entered into the register: no offer request, no
      // recorded recommendation; vehicles and properties as insured objects, and one motor policy
      // held by one client for a car insured under another client of the same portfolio.
      const teams = await clients.teamsOfWithoutPurpose(clientIds, m);
      let insuredElsewhere = false;
      for (let n = REQUESTS; contractIndex < CONTRACTS; n++) {
        const line = LINES_OF_BUSINESS[n % LINES_OF_BUSINESS.length];
        const base = BASE_PREMIUM[line];
        const object = registeredObject(line, n);
        let insuredId: string | null = null;
        if (line === 'motor' && !insuredElsewhere) {
          insuredId =
            clientIds.find((id) => id !== clientIds[n] && teams.get(id) === teams.get(clientIds[n])) ?? null;
          insuredElsewhere = insuredId !== null;
        }
        await insertContract({
          source: 'transferred',
          insuredId,
          insuredObject: object,
          clientId: clientIds[n],
          insurerIndex: n % INSURERS.length,
          line,
          offerRequestId: null,
          quoteId: null,
          productName: `${line[0].toUpperCase()}${line.slice(1)} Standard`,
          premium: Math.round(base * (0.9 + (n % 20) / 100)),
          commissionBp: 1000,
          coverages: COVERAGE_CODES[line].slice(0, 3).map((code) => ({ code, limit: base * 40 })),
          recommendation: null,
        });
      }
      log(`offers: ${INSURERS.length} insurers, ${REQUESTS} offer requests, ${contractIndex} contracts`);
    });
  },
};

const VEHICLES: Array<{ make: string; model: string; year: number; plate: string; vin: string }> = [
  { make: 'Škoda', model: 'Octavia', year: 2019, plate: 'BI 4821K', vin: 'TMBAG7NE5K0000001' },
  { make: 'Toyota', model: 'Corolla', year: 2021, plate: 'WA 73522', vin: 'SB1K93BE10E000002' },
  { make: 'Volkswagen', model: 'Golf', year: 2017, plate: 'BIA 20XL', vin: 'WVWZZZAUZHW000003' },
];
const PROPERTIES = [
  { street: 'ul. Lipowa 12', postalCode: '15-424', city: 'Białystok', constructionYear: 1998 },
  { street: 'ul. Grochowska 140/7', postalCode: '04-357', city: 'Warszawa', constructionYear: 1965 },
];

/** The insured object of a transferred policy: a vehicle (motor), a property (home, property), else none. */
function registeredObject(line: LineOfBusiness, n: number): StoredInsuredObject | null {
  if (line === 'motor') {
    const v = VEHICLES[n % VEHICLES.length];
    const vin = checkVin(v.vin).valid ? v.vin : makeVin(v.vin.slice(0, 8) + v.vin.slice(9));
    return {
      kind: 'vehicle',
      vin,
      registrationNumber: normaliseRegistrationNumber(v.plate),
      make: v.make,
      model: v.model,
      year: v.year,
    };
  }
  if (line === 'home' || line === 'property') {
    const p = PROPERTIES[n % PROPERTIES.length];
    return {
      kind: 'property',
      address: { street: p.street, postalCode: p.postalCode, city: p.city, country: 'PL' },
      constructionYear: p.constructionYear,
      sumInsured: BASE_PREMIUM[line] * 40,
    };
  }
  return null;
}
