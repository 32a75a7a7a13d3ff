import { StaffService } from '../../auth';
import { DEMO_STAFF } from './demo-staff';
import { SeedStep } from './seed-context';

export const staffSeed: SeedStep = {
  name: 'staff',
  async run({ app, config, log }) {
    const staff = app.get(StaffService);
    // Seeded as they are, without the password policy: DEMO_PASSWORD ('demo-password') is part of
    // the demo's contract, and seedDemo refuses to run in production.
    for (const account of DEMO_STAFF) await staff.upsert({ ...account, password: config.DEMO_PASSWORD });
    log(`staff: ${DEMO_STAFF.length} demo accounts ready`);
  },
};
