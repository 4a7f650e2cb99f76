// The working-day calendar (DOMAIN.md §7): deadline arithmetic and year plans.
export * from './work-calendar.js';
export * from './year-plan.js';
