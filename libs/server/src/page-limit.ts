import { BadRequestException, type PipeTransform } from '@nestjs/common';

/**
 * A `limit` query parameter: left out, `fallback`; otherwise a whole number from 1 to `max`, or a 400
 * that says so. Nothing is silently clamped: a client asking for `limit=1e9` or `-1` learns the bound
 * instead of reading a page it did not ask for as the whole list.
 */
export class PageLimitPipe implements PipeTransform<string | undefined, number> {
  constructor(
    private readonly fallback: number,
    private readonly max: number,
  ) {}

  transform(value: string | undefined): number {
    if (value === undefined) return this.fallback;
    if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > this.max) {
      throw new BadRequestException(`limit must be a whole number from 1 to ${this.max}`);
    }
    return Number(value);
  }
}
