import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FieldCipher } from './field-cipher';

@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new FieldCipher(config.FIELD_ENCRYPTION_KEY, config.BLIND_INDEX_KEY),
    },
  ],
  exports: [FieldCipher],
})
export class CryptoModule {}
