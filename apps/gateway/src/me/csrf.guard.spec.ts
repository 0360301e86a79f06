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

describe('csrfProblem, table', () => {
  const ok = { 'x-tollgate-csrf': '1' };
  const at = (headers: Record<string, string | string[]>, protocol: 'http' | 'https' = 'https', host = 'portal.example.com') => ({ headers, protocol, host });

  it.each([
    ['the header alone (a non-browser client)', at(ok)],
    ['Sec-Fetch-Site: same-origin', at({ ...ok, 'sec-fetch-site': 'same-origin' })],
    ['Sec-Fetch-Site: none (typed into the address bar)', at({ ...ok, 'sec-fetch-site': 'none' })],
    ['the exact origin over TLS', at({ ...ok, origin: 'https://portal.example.com' })],
    ['the exact origin with its port', at({ ...ok, origin: 'http://localhost:3000' }, 'http', 'localhost:3000')],
    ['repeated headers: the first counts', at({ 'x-tollgate-csrf': ['1', '0'], 'sec-fetch-site': ['same-origin', 'cross-site'] })],
  ])('accepts %s', (_what, req) => {
    expect(csrfProblem(req as Parameters<typeof csrfProblem>[0])).toBeNull();
  });

  it.each([
    ['no header', at({}), /Missing/],
    ['the header set to 0', at({ 'x-tollgate-csrf': '0' }), /Missing/],
    ['the header set to true', at({ 'x-tollgate-csrf': 'true' }), /Missing/],
    ['the header empty', at({ 'x-tollgate-csrf': '' }), /Missing/],
    ['the header with a space', at({ 'x-tollgate-csrf': ' 1' }), /Missing/],
    ['Sec-Fetch-Site: cross-site', at({ ...ok, 'sec-fetch-site': 'cross-site' }), /Cross-site/],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', at({ ...ok, 'sec-fetch-site': 'same-site' }), /Cross-site/],
    ['an unknown Sec-Fetch-Site', at({ ...ok, 'sec-fetch-site': 'whatever' }), /Cross-site/],
    ['the origin over plain http of a TLS host', at({ ...ok, origin: 'http://portal.example.com' }), /Cross-origin/],
    ['the origin on another port', at({ ...ok, origin: 'https://portal.example.com:8443' }), /Cross-origin/],
    ['a sibling subdomain', at({ ...ok, origin: 'https://evil.example.com' }), /Cross-origin/],
    ['a lookalike suffix', at({ ...ok, origin: 'https://portal.example.com.evil.net' }), /Cross-origin/],
    ['the origin with a trailing slash', at({ ...ok, origin: 'https://portal.example.com/' }), /Cross-origin/],
    ['the origin in capitals', at({ ...ok, origin: 'HTTPS://PORTAL.EXAMPLE.COM' }), /Cross-origin/],
    ['an opaque origin', at({ ...ok, origin: 'null' }), /Cross-origin/],
    ['a same-origin fetch with a foreign Origin', at({ ...ok, 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }), /Cross-origin/],
  ])('refuses %s', (_what, req, problem) => {
    expect(csrfProblem(req as Parameters<typeof csrfProblem>[0])).toMatch(problem);
  });
});
