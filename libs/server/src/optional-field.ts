import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * An optional field that may be left out but never sent as `null`: unlike `@IsOptional()`, which
 * skips every check for null too (and the null then reaches a column that cannot hold it, a 500),
 * a null here is checked like any value and refused by the field's own rules.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
