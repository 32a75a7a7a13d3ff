export { ClientsModule } from './clients.module';
export { ClientsService, scopeOf } from './clients.service';
export type { ClientActor, ClientView } from './clients.service';
export { UpdateClientDto } from './client.dto';
export { ClientAnonymisedError } from './clients.errors';
export type { ClientRecordForSubject } from './client.repository';
