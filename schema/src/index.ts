export * from './metrics';
export * from './scenario';
