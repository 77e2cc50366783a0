export const PGLITE_HOST: "pglite";
export function parseDatasourceUrl(url: string, cwd?: string): { kind: "pglite"; dir: string | null } | { kind: "postgres"; url: string };
export function postgresDatabaseName(url: string): string;
export function withDatabase(url: string, database: string): string;
