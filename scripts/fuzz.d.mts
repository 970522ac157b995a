export function rng(seed: number): () => number;
export const PIECES: readonly string[];
export function mutate(text: string, random: () => number): string;
