export { ImportsModule, ImportsProcessorsModule } from './imports.module';
export { BookImportRunner } from './book-import-runner.service';
export { BookImportsService } from './book-imports.service';
export { BOOK_COLUMNS, csvTemplate } from './book-columns';
