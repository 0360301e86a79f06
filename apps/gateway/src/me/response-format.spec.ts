import { GatewayError } from '../errors/gateway.error';
import { Format, formatOf } from './response-format';

const ALL: Format[] = ['json', 'csv', 'pdf'];
const NO_CSV: Format[] = ['json', 'pdf'];

describe('formatOf', () => {
  it.each([
    ['nothing asked: JSON', {}, undefined, ALL, 'json'],
    ['Accept: application/json', {}, 'application/json', ALL, 'json'],
    ['Accept: text/csv', {}, 'text/csv', ALL, 'csv'],
    ['Accept with text/csv among others', {}, 'application/json;q=0.5, text/csv', ALL, 'csv'],
    ['Accept in capitals', {}, 'TEXT/CSV', ALL, 'csv'],
    ['Accept: text/csv where CSV is not offered: JSON', {}, 'text/csv', NO_CSV, 'json'],
    ['Accept: application/pdf is not enough for a PDF (a link sets ?format=)', {}, 'application/pdf', ALL, 'json'],
    ['?format=csv', { format: 'csv' }, undefined, ALL, 'csv'],
    ['?format=pdf', { format: 'pdf' }, undefined, ALL, 'pdf'],
    ['?format=json beats Accept: text/csv', { format: 'json' }, 'text/csv', ALL, 'json'],
    ['?format=pdf beats Accept: text/csv', { format: 'pdf' }, 'text/csv', ALL, 'pdf'],
  ])('%s', (_what, query, accept, allowed, format) => {
    expect(formatOf(query, accept, allowed).format).toBe(format);
  });

  it.each([
    ['a format the route does not offer', { format: 'csv' }, NO_CSV],
    ['an unknown format', { format: 'xlsx' }, ALL],
    ['an empty format', { format: '' }, ALL],
    ['a format in capitals', { format: 'CSV' }, ALL],
  ])('refuses %s with a 400 on format', (_what, query, allowed) => {
    expect(() => formatOf(query, undefined, allowed)).toThrow(GatewayError);
    try {
      formatOf(query, undefined, allowed);
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_request', param: 'format' });
      expect((err as Error).message).toBe(`'format' must be one of ${allowed.join(', ')}.`);
    }
  });

  it('hands the route every other parameter, without format', () => {
    expect(formatOf({ format: 'csv', from: '2026-05-01', to: '2026-05-29' }, undefined, ALL)).toEqual({
      format: 'csv',
      rest: { from: '2026-05-01', to: '2026-05-29' },
    });
    expect(formatOf({ from: '2026-05-01' }, 'text/csv', ALL)).toEqual({ format: 'csv', rest: { from: '2026-05-01' } });
  });
});
