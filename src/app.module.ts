import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { AppConfigModule } from '@app/common/config/config.module';
import { CryptoModule } from '@app/common/crypto/crypto.module';
import { mainDataSourceOptions } from '@app/common/database/data-source-options';
import { RedisModule } from '@app/common/redis/redis.module';
import { AuthModule } from './auth';
import { ClientsModule } from './clients';
import { ConsentsModule } from './consents';
import { HealthModule } from './health/health.module';
import { PrivacyModule } from './privacy/privacy.module';

/** Modules shared by the HTTP app and the worker. */
export function coreImports(config: AppConfig) {
  return [
    AppConfigModule.forConfig(config),
    TypeOrmModule.forRoot({ ...mainDataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE), autoLoadEntities: true }),
    CryptoModule,
    RedisModule,
    AuditModule,
  ];
}

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...coreImports(config), AuthModule, ConsentsModule, ClientsModule, PrivacyModule, HealthModule],
    };
  }
}
