/** The platform a single-city installation runs (multi-platform installations add more rows). */
export const DEFAULT_PLATFORM_ID = 1;
