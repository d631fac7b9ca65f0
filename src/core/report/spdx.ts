/**
 * The AI-BOM as SPDX 3.0.1 JSON-LD (https://spdx.github.io/spdx-spec/v3.0.1/). What is emitted, and which part of the
 * spec each piece follows:
 *
 * - `@context` https://spdx.org/rdf/3.0.1/spdx-context.jsonld and an `@graph` (spec, "Serialization" / JSON-LD).
 * - One `CreationInfo` (blank node `_:creationinfo`; Core/Classes/CreationInfo: specVersion, created, createdBy ≥ 1,
 *   createdUsing) made by a `SoftwareAgent` "Vetted" using a `Tool` "Vetted <version>".
 * - An `SpdxDocument` (Core/Classes/SpdxDocument) whose `rootElement` are the files and whose `element` lists everything
 *   else; `profileConformance` core, software, ai.
 * - A `software_File` per file holding AI code (Software/Classes/File: name required).
 * - A `software_Snippet` per AI block (Software/Classes/Snippet): `software_snippetFromFile` (1..1) the file,
 *   `software_lineRange` a `PositiveIntegerRange` (Core/Classes/PositiveIntegerRange: beginIntegerRange and
 *   endIntegerRange, both ≥ 1; lines start at 1, Software/Properties/lineRange).
 * - An `ai_AIPackage` per assistant tool/model pair (AI/Classes/AIPackage, a Software/Package): name = the tool,
 *   `software_packageVersion` = the model when known, `software_primaryPurpose` application.
 * - A `Relationship` per AI package, `relationshipType` `generates` ("The from Element generates each to Element",
 *   Core/Vocabularies/RelationshipType), from the package to the snippets it produced. Pasted blocks (src=paste) are
 *   not claimed to be AI: no package generates them; an Annotation says their origin is unknown.
 * - Reviewers: a `Person` per reviewer (Core/Classes/Person) and, per sign-off, an `Annotation` with
 *   `annotationType` `review` (Core/Vocabularies/AnnotationType) whose `subject` is the snippet, `statement` the
 *   answers, and whose own `CreationInfo` names the reviewer in `createdBy` with the sign-off time in `created` — in
 *   SPDX 3 the creator and time of an element (here: of the review assertion) live in its creation info.
 * - The current status (unreviewed / modified) and open findings as `Annotation`s of type `other` on the snippet.
 *
 * Properties outside the Core profile carry their profile prefix in JSON-LD (`software_`, `ai_`), as the published
 * context and schema name them. Timestamps are `YYYY-MM-DDThh:mm:ssZ` (Core/Classes/DateTime). Pure, deterministic.
 */
import { fnv1a64 } from '../hash';
import { toolsOf, type AiBlock, type AiBom } from './aibom';

export const SPDX_CONTEXT = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';
export const SPDX_VERSION = '3.0.1';

type Node = Record<string, unknown>;

/** `2026-12-01T10:00:00.123Z` → `2026-12-01T10:00:00Z`; undefined when it is not a UTC time. */
export function spdxDateTime(ts: string | undefined): string | undefined {
  if (typeof ts !== 'string') return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(ts);
  if (m) return `${m[1]}Z`;
  const d = Date.parse(ts);
  return Number.isFinite(d) ? new Date(Math.floor(d / 1000) * 1000).toISOString().replace('.000Z', 'Z') : undefined;
}

/** A local part of an IRI: letters, digits and `-._~` kept, everything else percent-encoded. */
function local(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function lineRange(b: AiBlock): { begin: number; end: number } {
  // An empty block (markers on adjacent lines) covers its marker lines.
  if (b.endLine >= b.startLine) return { begin: Math.max(1, b.startLine), end: Math.max(1, b.endLine) };
  const begin = Math.max(1, b.markerLines?.begin ?? b.startLine - 1);
  return { begin, end: Math.max(begin, b.markerLines?.end ?? begin) };
}

export interface SpdxOptions {
  readonly toolVersion: string;
  /** IRI prefix for element ids; default `urn:vetted:aibom:<hash of root and time>:`. */
  readonly namespace?: string;
}

export function toSpdx(bom: AiBom, options: SpdxOptions): { '@context': string; '@graph': Node[] } {
  const ns = options.namespace ?? `urn:vetted:aibom:${fnv1a64(`${bom.root}\u0000${bom.generatedAt}`)}:`;
  const ci = '_:creationinfo';
  const created = spdxDateTime(bom.generatedAt) ?? '1970-01-01T00:00:00Z';
  const agentId = `${ns}agent/vetted`;
  const toolId = `${ns}tool/vetted`;
  const docId = `${ns}document`;
  const graph: Node[] = [];
  const elements: string[] = [];
  const add = (n: Node) => {
    graph.push(n);
    if (typeof n.spdxId === 'string') elements.push(n.spdxId);
  };

  graph.push({ type: 'CreationInfo', '@id': ci, specVersion: SPDX_VERSION, created, createdBy: [agentId], createdUsing: [toolId] });
  add({ type: 'SoftwareAgent', spdxId: agentId, creationInfo: ci, name: 'Vetted' });
  add({ type: 'Tool', spdxId: toolId, creationInfo: ci, name: `Vetted ${options.toolVersion}` });

  const fileId = (path: string) => `${ns}file/${local(path)}`;
  const snippetId = (b: AiBlock) => `${ns}snippet/${local(b.id)}`;
  const files = [...new Set(bom.blocks.map((b) => b.path))].sort();
  for (const path of files) {
    add({ type: 'software_File', spdxId: fileId(path), creationInfo: ci, name: path, software_primaryPurpose: 'source' });
  }
  for (const b of bom.blocks) {
    const r = lineRange(b);
    add({
      type: 'software_Snippet',
      spdxId: snippetId(b),
      creationInfo: ci,
      name: `${b.path}#L${r.begin}-L${r.end}`,
      comment: `AI block ${b.id}: source ${b.src}, tool ${b.tool}${b.model ? `, model ${b.model}` : ''}, confidence ${b.conf}, tagged ${b.ts}, status ${b.status}${b.tier ? `, tier ${b.tier}` : ''}.`,
      software_snippetFromFile: fileId(b.path),
      software_lineRange: { type: 'PositiveIntegerRange', beginIntegerRange: r.begin, endIntegerRange: r.end },
      software_primaryPurpose: 'source',
    });
  }
  for (const tool of toolsOf(bom)) {
    // A paste is not claimed to be AI (docs/ledger.md): no package "generates" it; its snippet says so instead.
    const t = { ...tool, blocks: tool.blocks.filter((b) => b.src !== 'paste') };
    if (!t.blocks.length) continue;
    const pkgId = `${ns}ai/${local(t.tool)}${t.model ? `/${local(t.model)}` : ''}`;
    add({
      type: 'ai_AIPackage',
      spdxId: pkgId,
      creationInfo: ci,
      name: t.tool,
      ...(t.model ? { software_packageVersion: t.model } : {}),
      software_primaryPurpose: 'application',
      description: `AI coding assistant ${t.tool}${t.model ? ` (model ${t.model})` : ''} as recorded by Vetted's provenance tags.`,
    });
    add({
      type: 'Relationship',
      spdxId: `${pkgId}/generates`,
      creationInfo: ci,
      from: pkgId,
      relationshipType: 'generates',
      to: t.blocks.map(snippetId),
    });
  }
  // Reviewers and their sign-offs.
  const people = new Map<string, string>();
  const personId = (who: string) => {
    let id = people.get(who);
    if (!id) {
      id = `${ns}person/${local(who)}`;
      people.set(who, id);
    }
    return id;
  };
  const reviewNodes: Node[] = [];
  let reviewCi = 0;
  for (const b of bom.blocks) {
    b.reviews.forEach((r, i) => {
      if (r.status !== 'reviewed' || !r.by) return;
      const at = spdxDateTime(r.at);
      const ciId = at ? `_:review-creationinfo-${++reviewCi}` : ci;
      if (at) reviewNodes.push({ type: 'CreationInfo', '@id': ciId, specVersion: SPDX_VERSION, created: at, createdBy: [personId(r.by)], createdUsing: [toolId] });
      else personId(r.by);
      const answers = Object.entries(r.answers ?? {})
        .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
        .map(([q, a]) => `${q}=${a}`);
      reviewNodes.push({
        type: 'Annotation',
        spdxId: `${snippetId(b)}/review/${i + 1}`,
        creationInfo: ciId,
        annotationType: 'review',
        subject: snippetId(b),
        statement:
          `Signed off by ${r.by} at ${r.at}${r.tier ? ` (tier ${r.tier})` : ''}${r.current ? '' : '; the block changed since'}.` +
          (answers.length ? ` Checklist: ${answers.join(', ')}.` : '') +
          (r.note ? ` Note: ${r.note}` : ''),
      });
    });
  }
  for (const [who, id] of [...people.entries()].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))) {
    add({
      type: 'Person',
      spdxId: id,
      creationInfo: ci,
      name: who,
      ...(/^[^@\s]+@[^@\s]+$/.test(who) ? { externalIdentifier: [{ type: 'ExternalIdentifier', externalIdentifierType: 'email', identifier: who }] } : {}),
    });
  }
  for (const n of reviewNodes) {
    if (n.type === 'CreationInfo') graph.push(n);
    else add(n);
  }
  // Status and findings.
  for (const b of bom.blocks) {
    if (b.src === 'paste') {
      add({
        type: 'Annotation',
        spdxId: `${snippetId(b)}/origin`,
        creationInfo: ci,
        annotationType: 'other',
        subject: snippetId(b),
        statement: 'Pasted code of unknown origin (tagged for review; not claimed to be AI-generated).',
      });
    }
    if (b.status !== 'reviewed') {
      add({
        type: 'Annotation',
        spdxId: `${snippetId(b)}/status`,
        creationInfo: ci,
        annotationType: 'other',
        subject: snippetId(b),
        statement: b.status === 'modified' ? 'Vetted status: modified (the code changed since it was tagged or reviewed; needs review).' : 'Vetted status: unreviewed (no sign-off recorded).',
      });
    }
    b.findings.forEach((f, i) => {
      add({
        type: 'Annotation',
        spdxId: `${snippetId(b)}/finding/${i + 1}`,
        creationInfo: ci,
        annotationType: 'other',
        subject: snippetId(b),
        statement: `Vetted finding ${f.ruleId} (${[f.severity, ...f.cwe].join(', ')}) at line ${f.range.start.line + 1}: ${f.message}`,
      });
    });
  }
  graph.splice(1, 0, {
    type: 'SpdxDocument',
    spdxId: docId,
    creationInfo: ci,
    name: `AI-BOM of ${bom.root}`,
    comment: `Line-level AI bill of materials: ${bom.totals.blocks} AI block(s) in ${bom.totals.filesWithAi} file(s); ${bom.totals.unreviewed} unreviewed, ${bom.totals.modified} modified, ${bom.totals.reviewed} reviewed.`,
    profileConformance: ['core', 'software', 'ai'],
    rootElement: files.length ? files.map(fileId) : [toolId],
    element: elements,
  });
  return { '@context': SPDX_CONTEXT, '@graph': graph };
}

export function spdxText(bom: AiBom, options: SpdxOptions): string {
  return JSON.stringify(toSpdx(bom, options), null, 2) + '\n';
}
