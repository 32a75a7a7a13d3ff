import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@app/common/config/app-config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginBudget } from './login-budget';
import { SessionState } from './session-state';
import { SessionStore } from './session-store';
import { SessionsService } from './sessions.service';
import { StaffLifecycleService } from './staff-lifecycle.service';
import { StaffController } from './staff.controller';
import { StaffRefreshTokenRepository } from './staff-refresh-token.repository';
import { StaffSessionRepository } from './staff-session.repository';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not a string: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a public key on every verification, which costs more than the verification itself.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController, StaffController],
  providers: [
    StaffRepository,
    StaffSessionRepository,
    StaffRefreshTokenRepository,
    AuthService,
    StaffService,
    SessionState,
    SessionStore,
    SessionsService,
    StaffLifecycleService,
    LoginBudget,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, StaffService, SessionsService],
})
export class AuthModule {}
