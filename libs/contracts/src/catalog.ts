import { z } from 'zod';
import { TenantId } from './tenant-id';

/** gateway.catalog.changed.v1: every gateway instance reloads its routing catalog. */
export const CatalogChangedEvent = z.object({
  tenantId: TenantId.nullable(),
  at: z.string().datetime(),
});
export type CatalogChangedEvent = z.infer<typeof CatalogChangedEvent>;
