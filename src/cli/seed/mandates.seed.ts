import { RequestContext } from '@app/common/context/request-context';
import { PrivacyScope } from '@app/privacy';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { InsurersService } from '../../insurers';
import { StaffService } from '../../auth';
import { MandateSubjectsService, MandatesService } from '../../mandates';
import { SeedStep } from './seed-context';

const REFERENCE = 'DEMO/UP/2026/001';
const PERSONS: Array<[string, string, string]> = [
  ['Helena', 'Powierzona', '1972-04-18'],
  ['Roman', 'Zlecony', '1968-11-02'],
  ['Iga', 'Umowna', '1991-07-25'],
];

/**
 * One demo mandate: an insurer entrusts names, e-mail, date of birth and PESEL of three persons;
 * the demo broker is a member. Created through the mandate services (so PESEL is encrypted and
 * every step is recorded); skipped when the mandate already exists.
 */
export const mandatesSeed: SeedStep = {
  name: 'mandates',
  async run({ app, log }) {
    const mandates = app.get(MandatesService);
    if (await mandates.existsWithReference(REFERENCE)) {
      log('mandates: demo mandate already present');
      return;
    }
    const staff = app.get(StaffService);
    const admin = await staff.findByEmail('admin@demo.local');
    const broker = await staff.findByEmail('broker@demo.local');
    if (!admin || !broker) throw new Error('mandates seed needs the demo staff');
    await RequestContext.run(RequestContext.system('seed-mandates'), async () => {
      const insurers = app.get(InsurersService);
      const insurer =
        (await insurers.list(1)).items[0] ??
        (await insurers.create({
          name: 'Towarzystwo Ubezpieczeń Powierniczych S.A.',
          nip: makeNip(521_000_000),
          dsrContactEmail: 'iod@tup.example',
        }));
      const year = new Date().getUTCFullYear();
      const adminActor = PrivacyScope.forStaff(admin.id, 'admin', null);
      const mandate = await mandates.create(adminActor, {
        insurerId: insurer.id,
        reference: REFERENCE,
        validFrom: `${year}-01-01`,
        validTo: `${year + 1}-12-31`,
        fields: ['firstName', 'lastName', 'email', 'dateOfBirth', 'pesel'],
        endAction: 'return',
      });
      await mandates.addMember(adminActor, mandate.id, { staffId: broker.id });
      const subjects = app.get(MandateSubjectsService);
      const brokerActor = PrivacyScope.forStaff(broker.id, 'broker', 'insurer_mandate');
      for (const [i, [firstName, lastName, dateOfBirth]] of PERSONS.entries()) {
        await subjects.create(brokerActor, mandate.id, {
          firstName,
          lastName,
          email: `${firstName}.${lastName}@mandate.example`.toLowerCase(),
          dateOfBirth,
          pesel: makePesel(dateOfBirth, 7100 + i),
        });
      }
      log(
        `mandates: demo mandate ${REFERENCE} for ${insurer.name} with ${PERSONS.length} persons (broker is a member)`,
      );
    });
  },
};
