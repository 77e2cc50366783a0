export function pgConfig(url: string): { config: { connectionString: string; max: number; options?: string }; schema: string | undefined };
