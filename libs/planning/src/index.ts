export * from './plan';
export * from './solver';
export * from './types';
export * from './world';
