import type { Multipart } from '@fastify/multipart';
import { Readable } from 'node:stream';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { RequestContext } from '@app/common/context/request-context';
import { PrivacyScope } from '@app/privacy';
import { StaffService } from '../../auth';
import { ActivitiesService } from '../../activities';
import { ClaimsService } from '../../claims';
import { ClientsService } from '../../clients';
import { CommissionAgreementsService } from '../../commissions';
import { ContractsService, ContractSummary } from '../../contracts';
import { DocumentsService } from '../../documents';
import { TeamsService } from '../../portfolios';
import { TasksService } from '../../tasks';
import { SeedStep } from './seed-context';

/** A small valid PDF (one empty A4 page), as a scanned policy would be in the demo. */
function policyPdf(policyNumber: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = `%PDF-1.4\n% Polisa ${policyNumber}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The parts of a multipart upload, as the HTTP parser would give them to the documents service. */
async function* uploadParts(
  fields: Record<string, string>,
  file: { name: string; type: string; data: Buffer },
): AsyncGenerator<Multipart> {
  for (const [fieldname, value] of Object.entries(fields))
    yield { type: 'field', fieldname, value } as unknown as Multipart;
  yield {
    type: 'file',
    fieldname: 'file',
    filename: file.name,
    mimetype: file.type,
    file: Readable.from([file.data]),
  } as unknown as Multipart;
}

const days = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * The broker's money and service in the demo: commission agreements for the insurers of the demo
 * contracts, a claim in assessment on one contract with its policy PDF in the documents, two
 * tasks and a few contacts on the client's timeline. Everything goes through the owning modules'
 * services, recorded as any broker's work is. Skipped when the chosen client already has a claim.
 */
export const serviceSeed: SeedStep = {
  name: 'service',
  async run({ app, log }) {
    const admin = await app.get(StaffService).findByEmail('admin@demo.local');
    const broker = await app.get(StaffService).findByEmail('broker@demo.local');
    if (!admin || !broker) throw new Error('service seed needs the demo staff');
    const team = await app.get(TeamsService).ensureTeam('Białystok', [broker.id]);
    const portfolio = { teams: [team], breakGlass: new Map() };
    const as = (purpose: 'contract_performance' | 'claims') =>
      PrivacyScope.forStaff(broker.id, 'broker', purpose, portfolio);
    const today = app.get(BrokerClock).today();
    const clients = app.get(ClientsService);
    const contracts = app.get(ContractsService);
    const claims = app.get(ClaimsService);
    await RequestContext.run(RequestContext.system('seed-service'), async () => {
      const visible = (await clients.list(as('contract_performance'), { limit: 60, sort: 'lastName' })).items;
      let chosen: ContractSummary | undefined;
      const insurers = new Map<string, ContractSummary['lineOfBusiness']>();
      for (const c of visible) {
        for (const k of await contracts.forClientWithoutPurpose(String(c.id))) {
          if (k.status !== 'active' || k.startDate >= today) continue;
          if (!insurers.has(k.insurerId)) insurers.set(k.insurerId, k.lineOfBusiness);
          if (!chosen && k.clientId === c.id) chosen = k;
        }
      }
      if (!chosen) {
        log('service: no active demo contract in the broker’s portfolio; run the offers step first');
        return;
      }
      if ((await claims.forClientWithoutPurpose(chosen.clientId)).length > 0) {
        log('service: demo claims, tasks and documents already present');
        return;
      }
      const agreements = app.get(CommissionAgreementsService);
      const adminScope = PrivacyScope.forStaff(admin.id, 'admin', null);
      for (const [insurerId, lineOfBusiness] of [...insurers].slice(0, 2))
        await agreements.create(adminScope, {
          insurerId,
          lineOfBusiness,
          firstYearRate: 0.15,
          renewalRate: 0.1,
          splits: [{ staffId: broker.id, share: 1 }],
        });

      const claim = await claims.create(as('claims'), {
        contractId: chosen.id,
        dateOfLoss: days(today, -10),
        description: 'Kolizja na parkingu: uszkodzony zderzak i lampa',
        amountClaimed: { amount: 420_000, currency: 'PLN' },
      });
      await claims.update(as('claims'), String(claim.id), { status: 'in_assessment' });

      const performer = as('contract_performance');
      await app.get(DocumentsService).upload(
        performer,
        uploadParts(
          { clientId: chosen.clientId, contractId: chosen.id, category: 'policy' },
          {
            name: `polisa-${chosen.policyNumber}.pdf`,
            type: 'application/pdf',
            data: policyPdf(chosen.policyNumber),
          },
        ),
      );

      const tasks = app.get(TasksService);
      await tasks.create(performer, {
        clientId: chosen.clientId,
        contractId: chosen.id,
        title: 'Przekazać ubezpieczycielowi zdjęcia szkody',
        dueDate: days(today, 3),
        assigneeId: broker.id,
      });
      await tasks.create(performer, {
        clientId: chosen.clientId,
        title: 'Oddzwonić w sprawie rozszerzenia ochrony o assistance',
        dueDate: days(today, 7),
      });

      const activities = app.get(ActivitiesService);
      for (const [kind, at, summary] of [
        ['call', days(today, -9), 'Zgłoszenie szkody przez telefon, ustalono listę dokumentów'],
        ['meeting', days(today, -5), 'Spotkanie w biurze: podpisane zgłoszenie szkody'],
        ['note', days(today, -1), 'Ubezpieczyciel potwierdził wszczęcie likwidacji'],
      ] as const)
        await activities.create(performer, chosen.clientId, { kind, at: `${at}T10:00:00.000Z`, summary });

      log(
        `service: ${Math.min(insurers.size, 2)} commission agreement(s), a claim in assessment, a policy PDF, 2 tasks and 3 contacts on ${chosen.policyNumber}`,
      );
    });
  },
};
