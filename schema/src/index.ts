export * from './metrics';
export * from './scenario';
export * from './cost';
