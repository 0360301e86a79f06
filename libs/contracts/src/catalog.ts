import { z } from 'zod';

/** gateway.catalog.changed.v1: every gateway instance reloads its routing catalog. */
export const CatalogChangedEvent = z.object({
  tenantId: z.string().uuid().nullable(),
  at: z.string().datetime(),
});
export type CatalogChangedEvent = z.infer<typeof CatalogChangedEvent>;
