import { Injectable } from '@nestjs/common';
import { JOBS, JobHandler, JobProcessor, QUEUES } from '../jobs';
import { BookImportRunner } from './book-import-runner.service';
import { BookImportPayload } from './imports.dto';

@Injectable()
@JobProcessor({
  queue: QUEUES.imports,
  name: JOBS.bookImport,
  payload: BookImportPayload,
  purpose: 'contract_performance',
})
export class BookImportProcessor implements JobHandler<BookImportPayload> {
  constructor(private readonly runner: BookImportRunner) {}

  handle(payload: BookImportPayload) {
    return this.runner.run(payload.importId);
  }
}
