import { webhookUrlProblem } from './webhook-address';

describe('webhook URL check (SSRF)', () => {
  it('takes public https URLs', () => {
    expect(webhookUrlProblem('https://hooks.example.com/tollgate?x=1', false)).toBeNull();
    expect(webhookUrlProblem('https://93.184.216.34/hook', false)).toBeNull();
  });

  it('refuses http, credentials, metadata hosts and internal addresses in any spelling', () => {
    expect(webhookUrlProblem('http://hooks.example.com/', false)).toBe('must use https');
    expect(webhookUrlProblem('ftp://hooks.example.com/', false)).toBe('must use https');
    expect(webhookUrlProblem('https://u:p@hooks.example.com/', false)).toBe('must not carry credentials');
    expect(webhookUrlProblem('https://metadata.google.internal/', true)).toContain('metadata');
    for (const host of ['127.0.0.1', '10.1.2.3', '[::1]', '[::ffff:192.168.0.1]', '2130706433', '0x7f.1']) {
      expect(webhookUrlProblem(`https://${host}/hook`, false)).toMatch(/^points at a /);
    }
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost']) {
      expect(webhookUrlProblem(`https://${host}/hook`, false)).toBe('points at a loopback address');
    }
    expect(webhookUrlProblem('https://169.254.169.254/latest', true)).toMatch(/link-local/);
    expect(webhookUrlProblem('not a url', false)).toBe('must be an absolute URL');
  });

  it('with private webhooks allowed: private and loopback addresses, over http too, but never link-local and never http to a public host', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost:9000/hook', true)).toBeNull();
    expect(webhookUrlProblem('https://api.localhost/hook', true)).toBeNull();
    expect(webhookUrlProblem('https://10.0.0.5/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/', true)).toMatch(/^must use https/);
    expect(webhookUrlProblem('http://169.254.169.254/', true)).toMatch(/^must use https/);
  });
});
