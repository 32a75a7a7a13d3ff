import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AuditRecorder } from '@app/audit';
import { Attempt, PrivacyScope, Role } from '@app/privacy';
import { JOBS, QUEUES, jobIds } from '../jobs';
import { BookImportRepository, BookImportRow } from './book-import.repository';
import { CreateImportDto, ImportResponseDto, MAX_FILE_BYTES } from './imports.dto';
import {
  ImportContentError,
  ImportNoTeamError,
  ImportTeamNotYoursError,
  ImportTeamRequiredError,
} from './imports.errors';

/**
 * Book imports as the API sees them: a file is accepted as a job (its content waits in the job's
 * row until the worker has read it) and read back as the job's state, progress and errors. Only
 * the staff member who imported a file sees its job.
 */
@Injectable()
export class BookImportsService {
  constructor(
    private readonly imports: BookImportRepository,
    private readonly audit: AuditRecorder,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
  ) {}

  async submit(scope: PrivacyScope, input: CreateImportDto): Promise<{ id: string }> {
    const attempt: Attempt = { action: 'create', resource: 'book_import' };
    const content = Buffer.from(input.content, 'base64');
    if (content.length === 0) throw new ImportContentError('content is empty');
    if (content.length > MAX_FILE_BYTES) throw new ImportContentError('content exceeds 10 MB');
    // A dry run stores nothing, so it needs no portfolio to store into.
    const teamId = this.portfolioFor(scope, input.teamId, attempt, input.dryRun);
    if (!input.dryRun) {
      scope.assertWritable('create', 'Client', null, ['firstName', 'lastName', 'pesel'], attempt);
      scope.assertWritable('create', 'Contract', null, ['policyNumber', 'premium'], attempt);
    }
    const id = await this.imports.insert({
      format: input.format,
      dryRun: input.dryRun,
      content,
      createdBy: scope.staffMember,
      role: scope.role as Role,
      purpose: scope.purpose!,
      teamId,
      portfolioTeams: scope.portfolio.teams,
    });
    await this.audit.record({
      action: 'create',
      resource: 'book_import',
      resourceId: id,
      outcome: 'allowed',
    });
    await this.queue.add(
      JOBS.bookImport,
      { importId: id },
      { jobId: jobIds.bookImport(id), removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    );
    return { id };
  }

  async view(scope: PrivacyScope, id: string): Promise<ImportResponseDto> {
    const job = await this.imports.find(id);
    if (!job || job.createdBy !== scope.staffId)
      scope.notFound({ action: 'read', resource: 'book_import', resourceId: id }, 'Import', !!job);
    await this.audit.record({ action: 'read', resource: 'book_import', resourceId: id, outcome: 'allowed' });
    return toView(job);
  }

  private portfolioFor(
    scope: PrivacyScope,
    requested: string | undefined,
    attempt: Attempt,
    dryRun: boolean,
  ): string | null {
    const teams = scope.portfolio.teams;
    if (requested) {
      if (!teams.includes(requested)) scope.deny(attempt, new ImportTeamNotYoursError());
      return requested;
    }
    if (teams.length === 1) return teams[0];
    if (dryRun) return null;
    if (teams.length === 0) scope.deny(attempt, new ImportNoTeamError());
    throw new ImportTeamRequiredError();
  }
}

function toView(job: BookImportRow): ImportResponseDto {
  return {
    id: job.id,
    kind: 'book',
    format: job.format,
    dryRun: job.dryRun,
    status: job.status,
    rows: job.rows,
    processed: job.processed,
    stored: job.stored,
    clientsCreated: job.clientsCreated,
    contractsCreated: job.contractsCreated,
    errorCount: job.errorCount,
    errors: job.errors,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
