/**
 * The one message protocol between the metrics webview (src/webview/metrics/main.ts) and the extension host
 * (src/extension/metrics.ts). Both sides parse every message they receive with these schemas and drop anything else,
 * so a compromised or confused webview cannot make the host do more than refresh or export, and the page never
 * renders data that is not shaped as metrics. No vscode import: bundled into the webview too.
 */
import { z } from 'zod';

const count = z.number().int().min(0).max(1e9);
const ratio = z.number().min(0).max(1);
const hours = z.number().min(0).max(1e7);
const label = z.string().max(4096);

export const MetricsSchema = z.object({
  generatedAt: z.string().max(40),
  folders: z
    .array(z.object({ folder: label, files: count, lines: count, aiLines: count, share: ratio }))
    .max(100000),
  aiShare: ratio,
  density: z.object({
    ai: z.object({ findings: count, lines: count, perKloc: z.number().min(0).max(1e9) }),
    other: z.object({ findings: count, lines: count, perKloc: z.number().min(0).max(1e9) }),
  }),
  latency: z.object({ signedOff: count, pending: count, medianHours: hours.optional(), p90Hours: hours.optional() }),
  suppressions: z.object({ inline: count, inlineInAi: count, overrides: count }),
  status: z.object({ unreviewed: count, reviewed: count, modified: count }),
  trend: z.array(z.object({ week: z.string().regex(/^\d{4}-W\d\d$/), tagged: count, reviewed: count })).max(400),
});
export type MetricsMessageData = z.infer<typeof MetricsSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('metrics'), root: label, metrics: MetricsSchema }),
  z.object({ type: z.literal('loading'), root: label }),
  z.object({ type: z.literal('error'), message: z.string().max(2000) }),
  z.object({ type: z.literal('exported'), path: z.string().max(4096) }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('exportCsv') }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

export function parseHostMessage(data: unknown): HostMessage | undefined {
  const r = HostMessageSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  const r = WebviewMessageSchema.safeParse(data);
  return r.success ? r.data : undefined;
}
