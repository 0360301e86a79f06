import { baseUrlProblem, forbiddenAddress } from './base-url';

describe('upstream address policy', () => {
  it.each([
    'http://169.254.169.254/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/',
    'http://[64:ff9b::169.254.169.254]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://2852039166/',
    'http://0251.0376.0251.0376/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://169.254.169.254./',
    'http://metadata.google.internal./',
    'http://METADATA.google.internal../',
    'http://100.100.100.200/',
    'http://[fe80::1]/',
    'http://[fd00:ec2::254]/',
    'http://0.0.0.0/',
  ])('refuses %s even where private upstreams are allowed', (url) => {
    expect(baseUrlProblem(url, true)).not.toBeNull();
  });

  it.each([
    'http://127.0.0.1:8090/v1',
    'http://10.0.0.5/',
    'http://192.168.1.2/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd12::1]/',
    'http://100.64.1.1/',
    'http://2130706433/',
  ])('refuses the private or loopback %s unless allowed', (url) => {
    expect(baseUrlProblem(url)).toContain('ALLOW_PRIVATE_UPSTREAMS');
    expect(baseUrlProblem(url, true)).toBeNull();
  });

  it('accepts public addresses and names (names are checked again at connect time)', () => {
    expect(baseUrlProblem('https://api.openai.com/v1')).toBeNull();
    expect(baseUrlProblem('http://8.8.8.8/')).toBeNull();
    expect(baseUrlProblem('http://[2606:4700::1111]/')).toBeNull();
  });

  it('classifies the addresses DNS hands back, in every form', () => {
    expect(forbiddenAddress('169.254.170.2', true)).toContain('link-local');
    expect(forbiddenAddress('::ffff:169.254.169.254', true)).toContain('link-local');
    expect(forbiddenAddress('64:ff9b::a9fe:a9fe', true)).toContain('link-local');
    expect(forbiddenAddress('64:ff9b:1::a00:1', false)).toContain('private');
    expect(forbiddenAddress('fe80::1%eth0', true)).toContain('link-local');
    expect(forbiddenAddress('127.0.0.1', false)).toContain('loopback');
    expect(forbiddenAddress('127.0.0.1', true)).toBeNull();
    expect(forbiddenAddress('93.184.216.34', false)).toBeNull();
    expect(forbiddenAddress('not-an-ip', true)).not.toBeNull();
  });

  it('refuses non-http schemes and credentials', () => {
    expect(baseUrlProblem('file:///etc/passwd')).toContain('http');
    expect(baseUrlProblem('http://user:pw@example.com/')).toContain('credentials');
  });
});
