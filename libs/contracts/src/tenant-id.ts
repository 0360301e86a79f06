import { z } from 'zod';

/**
 * A tenant's id, branded: a value of this type came through the schema (a contract payload parsed at
 * a boundary, or `asTenantId`), so a raw string cannot reach a repository query by accident. In
 * lower case whatever case it was sent in: Postgres prints uuids so, and ids are also compared as
 * text (account codes, Redis keys), where another case would be another tenant.
 */
export const TenantId = z.string().toLowerCase().uuid().brand<'TenantId'>();
export type TenantId = z.infer<typeof TenantId>;

/** Brands an id from a trusted source (a database row, a validated route parameter); throws if it is not a uuid. */
export function asTenantId(value: string): TenantId {
  return TenantId.parse(value);
}
