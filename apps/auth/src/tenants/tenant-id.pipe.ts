import { Injectable, PipeTransform } from '@nestjs/common';
import { TenantId } from '@tollgate/contracts';
import { AuthError } from '../errors/auth.error';

/**
 * A `:tenantId` route parameter, branded; not a uuid is no tenant (404), as the lookup would say,
 * without repeating what was sent (a path segment may be any text of any length).
 */
@Injectable()
export class TenantIdPipe implements PipeTransform<string, TenantId> {
  transform(value: string): TenantId {
    const parsed = TenantId.safeParse(value);
    if (!parsed.success) throw new AuthError('tenant_not_found', 'No tenant with that id.');
    return parsed.data;
  }
}
