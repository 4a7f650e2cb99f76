export * from './keys.js';
export * from './rates.js';
export * from './periods.js';
