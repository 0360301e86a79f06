import { ValidateBy, ValidationOptions } from 'class-validator';
import { isStorableText } from '@tollgate/contracts';
import { z } from 'zod';

/** Most bytes of a model name: it reaches events, logs and documents. */
export const MODEL_NAME_MAX_BYTES = 256;

/** A model name: 1 to 256 bytes of UTF-8 (so no unpaired surrogate), no control characters. One rule for every route. */
export const ModelName = z
  .string({ error: 'you must provide a model parameter' })
  .min(1, 'model must not be empty')
  .refine((v) => Buffer.byteLength(v) <= MODEL_NAME_MAX_BYTES, `model must be at most ${MODEL_NAME_MAX_BYTES} bytes`)
  .refine((v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v), 'model must not contain control characters')
  .refine(isStorableText, 'model must be valid Unicode text (it holds an unpaired surrogate)');

/** Upstream model names travel in the `x-tollgate-model` response header: printable ASCII only. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Why `name` cannot be a model or alias callers send (the public edge's rule: 1–256 bytes, no control
 * characters), or null. A registered name also has no space at either end: `" "` or `"gpt "` would be
 * a model no caller could tell from another in a list, a log or an invoice.
 */
export function modelNameProblem(name: unknown): string | null {
  const parsed = ModelName.safeParse(name);
  if (!parsed.success) return parsed.error.issues[0].message;
  return parsed.data.trim() === parsed.data ? null : 'model must not start or end with white space';
}

/** Why `name` cannot be an upstream model name (the same rule, and printable ASCII), or null. */
export function upstreamModelProblem(name: unknown): string | null {
  const problem = modelNameProblem(name);
  if (problem) return problem.replace(/^model/, 'upstreamModel');
  return PRINTABLE_ASCII.test(name as string) ? null : 'upstreamModel must be printable ASCII (it is sent in the x-tollgate-model header)';
}

export const IsModelName = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isModelName',
      validator: { validate: (v) => modelNameProblem(v) === null, defaultMessage: (a) => modelNameProblem(a?.value) ?? 'invalid model name' },
    },
    options,
  );

export const IsUpstreamModelName = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isUpstreamModelName',
      validator: { validate: (v) => upstreamModelProblem(v) === null, defaultMessage: (a) => upstreamModelProblem(a?.value) ?? 'invalid upstream model name' },
    },
    options,
  );
