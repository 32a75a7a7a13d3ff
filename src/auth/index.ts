export { AuthModule } from './auth.module';
export { StaffService } from './staff.service';
export { AuthService } from './auth.service';
export type { StaffPrincipal } from './auth.service';
export type { StaffView, NewStaff } from './staff.service';
export { CurrentActor } from './current-principal.decorator';
export type { Acting } from './current-principal.decorator';
