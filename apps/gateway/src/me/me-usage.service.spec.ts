import { GatewayError } from '../errors/gateway.error';
import { summaryQuery } from './me-usage.service';

const NOW = new Date('2026-05-29T15:30:00.000Z');

const refusal = (q: Record<string, string>) => {
  try {
    summaryQuery(q, NOW);
    return null;
  } catch (err) {
    return err instanceof GatewayError ? { code: err.code, param: err.param } : { thrown: String(err) };
  }
};

describe('summaryQuery', () => {
  it.each([
    ['defaults: the last 30 days up to today, by day', {}, { from: '2026-04-30', to: '2026-05-29', groupBy: 'day' }],
    ['to alone: the 30 days ending then', { to: '2026-03-01' }, { from: '2026-01-31', to: '2026-03-01', groupBy: 'day' }],
    ['from alone: up to today', { from: '2026-05-01' }, { from: '2026-05-01', to: '2026-05-29', groupBy: 'day' }],
    ['one day', { from: '2026-05-29', to: '2026-05-29' }, { from: '2026-05-29', to: '2026-05-29', groupBy: 'day' }],
    ['a leap day', { from: '2028-02-29', to: '2028-02-29' }, { from: '2028-02-29', to: '2028-02-29', groupBy: 'day' }],
    ['366 days, the most', { from: '2025-01-01', to: '2026-01-01' }, { from: '2025-01-01', to: '2026-01-01', groupBy: 'day' }],
    ['group by model', { group_by: 'model' }, { groupBy: 'model' }],
    ['group by key', { group_by: 'key' }, { groupBy: 'key' }],
    ['a future range (nothing to show, not an error)', { from: '2027-01-01', to: '2027-01-31' }, { from: '2027-01-01', to: '2027-01-31' }],
  ])('%s', (_what, q, expected) => {
    expect(summaryQuery(q, NOW)).toMatchObject(expected);
  });

  it('takes today in UTC, whatever the hour', () => {
    expect(summaryQuery({}, new Date('2026-05-29T23:59:59.999Z')).to).toBe('2026-05-29');
    expect(summaryQuery({}, new Date('2026-05-30T00:00:00.000Z')).to).toBe('2026-05-30');
  });

  it("takes today in the tenant's reporting time zone", () => {
    // 15:30 UTC on 29 May is already 00:30 on 30 May in Tokyo, and still the morning of the 29th in New York.
    expect(summaryQuery({}, NOW, 'Asia/Tokyo')).toMatchObject({ from: '2026-05-01', to: '2026-05-30' });
    expect(summaryQuery({}, NOW, 'America/New_York').to).toBe('2026-05-29');
    expect(summaryQuery({}, new Date('2026-05-29T14:59:59.999Z'), 'Asia/Tokyo').to).toBe('2026-05-29');
  });

  it.each([
    ['30 February', { from: '2026-02-30' }, 'from'],
    ['31 April', { to: '2026-04-31' }, 'to'],
    ['29 February of a common year', { from: '2026-02-29' }, 'from'],
    ['month 13', { from: '2026-13-01' }, 'from'],
    ['day 0', { from: '2026-05-00' }, 'from'],
    ['a timestamp, not a day', { from: '2026-05-01T00:00:00Z' }, 'from'],
    ['a short year', { from: '26-05-01' }, 'from'],
    ['unpadded', { from: '2026-5-1' }, 'from'],
    ['slashes', { to: '2026/05/01' }, 'to'],
    ['empty', { to: '' }, 'to'],
    ['words', { from: 'yesterday' }, 'from'],
    ['to before from', { from: '2026-05-02', to: '2026-05-01' }, 'to'],
    ['367 days', { from: '2025-01-01', to: '2026-01-02' }, 'from'],
    ['from more than 366 days before today, to omitted', { from: '2025-05-28' }, 'from'],
    ['an unknown group', { group_by: 'provider' }, 'group_by'],
    ['a group in capitals', { group_by: 'DAY' }, 'group_by'],
    ['an unknown parameter', { form: '2026-05-01' }, 'form'],
    ['format, which this route does not take', { format: 'csv' }, 'format'],
  ])('refuses %s with a 400 naming the parameter', (_what, q, param) => {
    expect(refusal(q)).toEqual({ code: 'invalid_request', param });
  });

  it('cuts a long unknown parameter name in the error', () => {
    expect(refusal({ ['x'.repeat(500)]: '1' })).toEqual({ code: 'invalid_request', param: 'x'.repeat(64) });
  });
});
