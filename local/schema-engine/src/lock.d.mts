export function lockPathFor(dir: string): string;
export function acquireDirLock(dir: string, opts?: { timeoutMs?: number }): Promise<{ file: string; release(): void }>;
