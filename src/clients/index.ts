export { ClientsModule } from './clients.module';
export { ClientsService } from './clients.service';
export type { ClientActor, ClientView } from './clients.service';
export { UpdateClientDto } from './client.dto';
export { ClientAnonymisedError } from './clients.errors';
export type { AnonymisedWriteAttempt } from './clients.service';
