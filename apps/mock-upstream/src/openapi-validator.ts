/**
 * Test support: validates payloads against the OpenAI OpenAPI component schemas.
 * Uses `ajv` and `yaml`, present only as hoisted transitive dependencies (fastify, nx): `undefined` when either
 * they or the spec file are absent, so specs can skip instead of fail.
 */
import { readFileSync } from 'node:fs';

export const OPENAI_SPEC = '/work/shared/conformance/openai-openapi.yaml';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
interface AjvLike {
  addSchema(schema: object): unknown;
  getSchema(ref: string): Validate | undefined;
}

export interface OpenApiValidator {
  /** Throws with the validator's errors and the payload when `data` does not match `components.schemas[schema]`. */
  expectValid(schema: string, data: unknown): void;
}

function loadDeps(): { parse: (s: string) => unknown; Ajv: new (o: object) => AjvLike } | undefined {
  try {
    const yaml = require('yaml') as { parse: (s: string, o?: object) => unknown };
    const ajv = require('ajv') as { default: new (o: object) => AjvLike };
    return { parse: (s) => yaml.parse(s, { maxAliasCount: -1 }), Ajv: ajv.default };
  } catch {
    return undefined;
  }
}

/** OpenAPI 3.0 leftovers: `nullable: true` becomes a union with null; doc-only keywords are dropped. */
function shim(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shim);
  if (!node || typeof node !== 'object') return node;
  const src = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) if (k !== 'nullable' && k !== 'discriminator' && k !== 'x-oaiMeta') out[k] = shim(v);
  if (src.nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function readSpec(): string | undefined {
  try {
    return readFileSync(OPENAI_SPEC, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when {@link loadOpenApiValidator} can work (use it to choose `describe` or `describe.skip`). */
export function openApiValidatorAvailable(): boolean {
  try {
    readFileSync(OPENAI_SPEC, { flag: 'r' }).subarray(0, 1);
    return loadDeps() !== undefined;
  } catch {
    return false;
  }
}

/** Parses the spec (slow: call once per suite, e.g. in `beforeAll` with a long timeout). */
export function loadOpenApiValidator(): OpenApiValidator | undefined {
  const deps = loadDeps();
  const text = deps && readSpec();
  if (!deps || !text) return undefined;
  const doc = deps.parse(text) as { components: { schemas: object } };
  const ajv = new deps.Ajv({ strict: false, validateFormats: false, validateSchema: false, allErrors: true });
  ajv.addSchema({ $id: 'openai', components: { schemas: shim(doc.components.schemas) } });
  return {
    expectValid(schema: string, data: unknown): void {
      const validate = ajv.getSchema(`openai#/components/schemas/${schema}`);
      if (!validate) throw new Error(`no schema ${schema}`);
      if (!validate(data)) throw new Error(`${schema}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(data)}`);
    },
  };
}
