import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { StaffController } from './staff.controller';
import { StaffEntity } from './staff.entity';
import { StaffService } from './staff.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([StaffEntity]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not a string: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a public key on every verification, which costs more than the verification itself.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'login', ttl: config.LOGIN_THROTTLE_TTL_MS, limit: config.LOGIN_THROTTLE_LIMIT }],
      }),
    }),
  ],
  controllers: [AuthController, StaffController],
  providers: [AuthService, StaffService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, StaffService],
})
export class AuthModule {}
