export * from './metrics';
export * from './samples';
export * from './scenario';
export * from './cost';
