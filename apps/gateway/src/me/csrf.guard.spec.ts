import { csrfProblem } from './csrf.guard';

const req = (headers: Record<string, string>) => ({ headers, protocol: 'http' as const, host: 'gw.test:8080' });

describe('csrfProblem', () => {
  it('requires the custom header', () => {
    expect(csrfProblem(req({}))).toMatch(/x-tollgate-csrf/);
    expect(csrfProblem(req({ 'x-tollgate-csrf': '1' }))).toBeNull();
  });

  it('refuses cross-site and cross-origin requests, accepts same-origin ones', () => {
    expect(csrfProblem(req({ 'x-tollgate-csrf': '1', 'sec-fetch-site': 'cross-site' }))).toMatch(/Cross-site/);
    expect(csrfProblem(req({ 'x-tollgate-csrf': '1', 'sec-fetch-site': 'same-site' }))).toMatch(/Cross-site/);
    expect(csrfProblem(req({ 'x-tollgate-csrf': '1', origin: 'https://evil.example' }))).toMatch(/Cross-origin/);
    expect(csrfProblem(req({ 'x-tollgate-csrf': '1', origin: 'null' }))).toMatch(/Cross-origin/);
    expect(csrfProblem(req({ 'x-tollgate-csrf': '1', origin: 'http://gw.test:8080', 'sec-fetch-site': 'same-origin' }))).toBeNull();
  });
});
