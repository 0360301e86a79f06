import type { StatementData } from '../statements/statements.service';
import { statementPdf, statementSpec, statementStatus } from './pdf';
import { MAX_TABLE_ROWS } from './pdf-spec';

const issuer = { name: 'Example Operator Ltd', addressLines: [], taxId: null, email: null, logo: null, taxRateBps: 0, taxLabel: 'Tax' };
const customer = { name: 'Acme', addressLines: [], taxId: null, email: null, accountId: '11111111-2222-4333-8444-555555555555' };

function statement(lines: number): StatementData {
  const usage = Array.from({ length: lines }, (_, i) => ({
    day: `2026-10-${String((i % 31) + 1).padStart(2, '0')}`,
    model: `model-${i}`,
    requests: 3n,
    promptTokens: 1000n,
    completionTokens: 500n,
    cachedTokens: 0n,
    cost: 1_234_567n,
    rates: null,
  }));
  const debitsTotal = 1_234_567n * BigInt(lines);
  return {
    tenantId: customer.accountId,
    month: '2026-10',
    timeZone: 'UTC',
    currency: 'USD',
    opening: 0n,
    credits: [],
    refunds: [],
    debits: [],
    usage,
    creditsTotal: 0n,
    refundsTotal: 0n,
    debitsTotal,
    closing: -debitsTotal,
  };
}

describe('statement document', () => {
  it('status: provisional while the month runs, due when it closed negative, for information otherwise', () => {
    expect(statementStatus({ closing: -1n, currency: 'USD' }, false)).toBe('Provisional: period not yet ended');
    expect(statementStatus({ closing: -1_005_000n, currency: 'USD' }, true)).toBe('Due: 1.01 USD');
    expect(statementStatus({ closing: 0n, currency: 'USD' }, true)).toBe('For information: paid from prepaid balance');
  });

  it('dated when the month ends; while it runs, dated now', () => {
    const ended = statementSpec(statement(1), { issuer, customer }, 'ST-2026-10', new Date('2027-01-05T00:00:00Z'));
    expect(ended.meta).toContainEqual(['Issue date', '2026-11-01']);
    expect(ended.meta).toContainEqual(['Period', '2026-10-01 to 2026-10-31']);
    const running = statementSpec(statement(1), { issuer, customer }, 'ST-2026-10', new Date('2026-10-20T08:00:00Z'));
    expect(running.meta).toContainEqual(['Issue date', '2026-10-20']);
  });

  it(`past ${MAX_TABLE_ROWS} lines a table says how many it leaves out, and its totals still cover every line`, () => {
    const spec = statementSpec(statement(MAX_TABLE_ROWS + 5), { issuer, customer }, 'ST-2026-10', new Date('2027-01-01T00:00:00Z'));
    const usage = spec.tables.find((t) => t.title === 'Usage by day and model')!;
    expect(usage.rows).toHaveLength(MAX_TABLE_ROWS);
    expect(usage.note).toBe(`This table shows the first 2,000 of 2,005 usage lines; the totals include every line, and the CSV export lists them all.`);
    expect(usage.totals![0].at(-1)).toBe(String(1_234_567n * BigInt(MAX_TABLE_ROWS + 5)));
  });

  it('the largest statement lays out in time and small enough for the message bus (base64 under 1 MiB)', async () => {
    const started = Date.now();
    const bytes = await statementPdf(statement(MAX_TABLE_ROWS), { issuer, customer }, 'ST-2026-10');
    expect(Date.now() - started).toBeLessThan(8000);
    expect(Math.ceil(bytes.length / 3) * 4).toBeLessThan(1024 * 1024);
  }, 20_000);
});
