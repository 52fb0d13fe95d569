export * from './hard-limits';
export * from './rank';
export * from './scoring';
export * from './travel-time';
export * from './types';
export * from './weights';
