import { StaffService } from '../../src/auth';
import { TEST_PASSWORD, TestApp } from './test-app';

/** A broker of a second team ("Warszawa"), whose portfolio the test accounts' team does not see. */
export interface OtherTeamBroker {
  id: string;
  teamId: string;
  token: string;
  /** Their headers, under `purpose` when one is given. */
  as(purpose?: string): Record<string, string>;
}

/** Makes the team Warszawa with broker2@demo.local as its member, logged in. */
export async function brokerOfAnotherTeam(t: TestApp): Promise<OtherTeamBroker> {
  const team = await t.http.post('/api/teams').set(t.as('admin')).send({ name: 'Warszawa' });
  if (team.status !== 201) throw new Error(`team create failed: ${team.status}`);
  const staff = await t.app.get(StaffService).upsert({
    email: 'broker2@demo.local',
    fullName: 'Wanda Warszawska',
    role: 'broker',
    password: TEST_PASSWORD,
  });
  const member = await t.http
    .post(`/api/teams/${team.body.id}/members`)
    .set(t.as('admin'))
    .send({ staffId: staff.id });
  if (member.status !== 201) throw new Error(`team member add failed: ${member.status}`);
  const login = await t.http
    .post('/api/auth/login')
    .send({ email: 'broker2@demo.local', password: TEST_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const token = login.body.accessToken as string;
  return {
    id: staff.id,
    teamId: team.body.id,
    token,
    as: (purpose) => ({ authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) }),
  };
}
