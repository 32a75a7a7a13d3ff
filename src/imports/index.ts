export { ImportsModule, ImportsProcessorsModule } from './imports.module';
export { BookImportRunner } from './book-import-runner.service';
export { BOOK_COLUMNS, csvTemplate } from './book-columns';
