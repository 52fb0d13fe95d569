export * from './dates';
export * from './enums';
export * from './identifiers';
export * from './internship-lifecycle';
export * from './occupancy';
export * from './regions';
export * from './sectors';
export * from './outcomes';
