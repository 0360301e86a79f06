import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { TenantId } from '@tollgate/contracts';

/** A `:tenantId` route parameter, branded; a 400 as ParseUUIDPipe answers when it is not a uuid. */
@Injectable()
export class TenantIdPipe implements PipeTransform<string, TenantId> {
  transform(value: string): TenantId {
    const parsed = TenantId.safeParse(value);
    if (!parsed.success) throw new BadRequestException('Validation failed (uuid is expected)');
    return parsed.data;
  }
}
