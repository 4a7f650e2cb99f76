export * from './template.js';
export * from './scoring.js';
