import { natsConnectOptions, natsServersForLog } from './nats-options';

describe('natsConnectOptions', () => {
  it('takes a user and password out of the URL, percent-decoded', () => {
    expect(natsConnectOptions('nats://svc:p%40ss%3Aw@nats.internal:4222')).toEqual({ servers: ['nats://nats.internal:4222'], user: 'svc', pass: 'p@ss:w' });
  });

  it('takes a lone user part as a token, and keeps every server', () => {
    expect(natsConnectOptions('nats://s3cret@a:4222, nats://s3cret@b:4222')).toEqual({ servers: ['nats://a:4222', 'nats://b:4222'], token: 's3cret' });
  });

  it('asks for TLS on tls:// or when any TLS file is set, and refuses a certificate without its key', () => {
    expect(natsConnectOptions('tls://a:4222').tls).toEqual({});
    expect(natsConnectOptions('nats://a:4222', { tls: { caFile: '/ca.pem', certFile: '', keyFile: '' } }).tls).toEqual({ caFile: '/ca.pem' });
    expect(natsConnectOptions('nats://a:4222').tls).toBeUndefined();
    expect(() => natsConnectOptions('nats://a:4222', { tls: { certFile: '/c.pem' } })).toThrow(/NATS_TLS_KEY_FILE/);
  });

  it('never puts a credential in what may be logged or thrown', () => {
    expect(natsServersForLog('nats://svc:hunter2@a:4222,nats://tok@b:4222')).toBe('nats://a:4222,nats://b:4222');
    expect(() => natsConnectOptions('nats://svc:hunter2@[bad')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});
