export { ClientsModule } from './clients.module';
export { ClientsService } from './clients.service';
export type { ClientView } from './clients.service';
export { UpdateClientDto } from './client.dto';
export { ClientAnonymisedError } from './clients.errors';
export type { ClientRecordForSubject } from './client.repository';
export { ClientBookImport } from './client-book-import.service';
export type { ClientHoldingPesel, ImportedPerson } from './client-book-import.service';
