import type { Rule } from './api';

/** Transport, configuration and auth rules (TLS verification, CORS, cookies, JWT, debug mode). */
export const TRANSPORT_RULES: readonly Rule[] = [];
