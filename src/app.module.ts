import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { PersonalDataLifecycleModule } from '@app/privacy';
import { BrokerClockModule } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { AppConfigModule } from '@app/common/config/config.module';
import { CryptoModule } from '@app/common/crypto/crypto.module';
import { mainDataSourceOptions } from '@app/common/database/data-source-options';
import { RedisModule } from '@app/common/redis/redis.module';
import { AccessLogModule } from './access-log';
import { AuthModule } from './auth';
import { ClientsModule } from './clients';
import { CommissionsModule } from './commissions';
import { ConsentsModule } from './consents';
import { ContractsModule } from './contracts';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports';
import { MetricsModule } from './metrics';
import { InstalmentsModule } from './instalments';
import { DocumentsModule } from './documents';
import { InsurersModule } from './insurers';
import { MailingsModule } from './mailings';
import { MandatesModule } from './mandates';
import { OffersModule } from './offers';
import { PortfoliosModule } from './portfolios';
import { PrivacyModule } from './privacy/privacy.module';
import { DataSubjectRequestsModule } from './data-subject-requests';
import { RemindersModule } from './reminders';
import { RetentionModule } from './retention';
import { ClaimsModule } from './claims';
import { TasksModule } from './tasks';
import { ActivitiesModule } from './activities';

/**
 * Modules shared by the HTTP app and the worker. The main connection logs in as consentry_app
 * (no superuser, no privilege on schema `mandate`); DATABASE_URL's owner only runs migrations.
 */
export function coreImports(config: AppConfig) {
  return [
    AppConfigModule.forConfig(config),
    BrokerClockModule,
    TypeOrmModule.forRoot({
      ...mainDataSourceOptions(config.appDatabaseUrl, config.DATABASE_POOL_SIZE),
      autoLoadEntities: true,
    }),
    CryptoModule,
    RedisModule,
    AuditModule,
    MetricsModule,
    PersonalDataLifecycleModule,
  ];
}

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreImports(config),
        AuthModule,
        ConsentsModule,
        ClientsModule,
        PrivacyModule,
        HealthModule,
        AccessLogModule,
        MandatesModule,
        InsurersModule,
        OffersModule,
        PortfoliosModule,
        ContractsModule,
        MailingsModule,
        RemindersModule,
        InstalmentsModule,
        DocumentsModule,
        ImportsModule,
        RetentionModule,
        DataSubjectRequestsModule,
        CommissionsModule,
        ClaimsModule,
        TasksModule,
        ActivitiesModule,
      ],
    };
  }
}
