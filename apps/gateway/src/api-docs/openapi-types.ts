import { z } from 'zod';

/** The parts of an OpenAPI 3.1 document these builders write (everything else stays plain JSON). */
export type Json = Record<string, unknown>;

export type Security = Record<string, string[]>[];

export interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  security?: Security;
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
  externalDocs?: { url: string; description?: string };
}

export type Paths = Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as the input the route accepts. */
export function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete json.$schema;
  return json;
}

export const json = (schema: z.ZodType | Json, example?: unknown, description = 'OK'): Json => ({
  description,
  content: { 'application/json': { schema: schema instanceof z.ZodType ? schemaOf(schema) : schema, ...(example === undefined ? {} : { example }) } },
});

export const body = (schema: z.ZodType | Json, example?: unknown, required = true): Json => ({
  required,
  content: { 'application/json': { schema: schema instanceof z.ZodType ? schemaOf(schema, 'input') : schema, ...(example === undefined ? {} : { example }) } },
});

export const ref = (name: string): Json => ({ $ref: `#/components/responses/${name}` });

export const query = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

export const pathParam = (name: string, description: string): Json => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

export const noContent: Json = { description: 'No content' };
