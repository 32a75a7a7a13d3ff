export * from './config/app-config';
export * from './config/config.module';
export * from './errors/domain-error';
export * from './http/pagination';
export * from './clock/broker-clock';
