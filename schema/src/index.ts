export * from './metrics';
export * from './samples';
export * from './scenario';
export * from './cost';
export * from './load-models';
export * from './run-config';
export * from './run-summary';
export * from './seeded-random';
