export * from './registry';
export * from './ability.factory';
export * from './sql-conditions';
export * from './access.decorator';
export * from './privacy-scope';
export * from './personal-data-lifecycle';
