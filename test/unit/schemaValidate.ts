/**
 * JSON Schema validation of the report formats against the published schemas in test/fixtures/schemas/ (see the
 * README there for where each comes from). Uses ajv 8 (present in node_modules as a dependency of the dev tooling;
 * the lead should add it as a direct devDependency). Formats are checked by small local validators (no ajv-formats).
 */
import Ajv from 'ajv';
import * as path from 'path';
import { readFileSync } from 'fs';
import { FIXTURES } from './helpers';

const SCHEMAS = path.join(FIXTURES, 'schemas');

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMAS, name), 'utf8')) as Record<string, unknown>;
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;
const formats = {
  'date-time': (s: string) => DATE_TIME.test(s) && Number.isFinite(Date.parse(s)),
  uri: (s: string) => {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  },
  'uri-reference': (s: string) => !/\s/.test(s),
  'iri-reference': (s: string) => !/\s/.test(s),
  'idn-email': (s: string) => /^[^@\s]+@[^@\s]+$/.test(s),
};

export interface Validator {
  (data: unknown): boolean;
  errors?: unknown;
}

let sarif: Validator | undefined;
/** SARIF 2.1.0 (draft-04 schema, read by ajv's draft-07 mode: `id` becomes `$id`, the schema keyword is dropped). */
export function sarifValidator(): Validator {
  if (sarif) return sarif;
  const schema = load('sarif-2.1.0-rtm.5.json');
  schema.$id = schema.id as string;
  delete schema.id;
  delete schema.$schema;
  // The schema's language pattern is not valid with the `u` flag (a stray `]`); plain regexes read it as written.
  const ajv = new Ajv({ allErrors: true, strict: false, formats, unicodeRegExp: false });
  return (sarif = ajv.compile(schema) as Validator);
}

let cdx: Validator | undefined;
/** CycloneDX 1.6 with its referenced SPDX licence-id and JSF schemas. */
export function cycloneDxValidator(): Validator {
  if (cdx) return cdx;
  const ajv = new Ajv({ allErrors: true, strict: false, formats });
  ajv.addSchema(load('spdx.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json');
  ajv.addSchema(load('jsf-0.82.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json');
  return (cdx = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json')) as Validator);
}
