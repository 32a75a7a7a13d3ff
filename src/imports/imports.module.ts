import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { InsurersModule } from '../insurers';
import { JobsModule } from '../jobs';
import { BookImportRunner } from './book-import-runner.service';
import { BookImportRepository } from './book-import.repository';
import { BookImportsService } from './book-imports.service';
import { ImportsController } from './imports.controller';
import { BookImportProcessor } from './imports.processor';

/** Books of business brought in from CSV or XLSX files: the job, its progress and its errors. */
@Module({
  imports: [JobsModule, ClientsModule, ContractsModule, InsurersModule],
  controllers: [ImportsController],
  providers: [BookImportRepository, BookImportsService, BookImportRunner],
  exports: [BookImportRunner, BookImportsService],
})
export class ImportsModule {}

/** The import processor; imported only by the worker in background mode. */
@Module({
  imports: [ImportsModule],
  providers: [BookImportProcessor],
})
export class ImportsProcessorsModule {}
