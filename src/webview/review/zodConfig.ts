/**
 * Imported first by main.ts, before any schema is built: zod must not compile validators with `new Function` (nor
 * probe for it) in the webview, whose CSP forbids eval; a probe would still be reported as a CSP violation.
 */
import { z } from 'zod';

z.config({ jitless: true });
