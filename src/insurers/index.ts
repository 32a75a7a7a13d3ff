export { InsurersModule } from './insurers.module';
export { InsurersService } from './insurers.service';
export type { InsurerView } from './insurers.service';
export { UnknownInsurerError } from './insurers.errors';
