import type { Rule } from './api';

/** Data-handling and crypto rules (deserialisation, weak hashing/randomness, error leakage). */
export const DATA_RULES: readonly Rule[] = [];
