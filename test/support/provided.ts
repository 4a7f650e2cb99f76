declare module 'vitest' {
  export interface ProvidedContext {
    dbAdminUrl: string;
    dbTemplate: string;
    dbTarget: string;
    e2eBaseUrl: string;
  }
}
export {};
