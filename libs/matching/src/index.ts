export * from './distance';
export * from './hard-limits';
export * from './matching-index';
export * from './rank';
export * from './scoring';
export * from './travel-time';
export * from './types';
export * from './weights';
export * as wording from './wording';
