import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { SecretBox } from '@tollgate/server';
import { newSigningSecret, signPayload, webhookHeaders } from './signing';

describe('webhook signing', () => {
  it('signs as Standard Webhooks: the reference library accepts the headers and rejects another secret', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: 'balance.low', timestamp: '2026-11-26T08:00:00.000Z', data: { balanceMicros: 1 } });
    const headers = webhookHeaders(secret, 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('matches a known vector (HMAC-SHA256 of "id.timestamp.body" keyed with the decoded secret)', () => {
    const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    expect(signPayload(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,' + createHmac('sha256', '0123456789abcdef0123456789abcdef').update('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}').digest('base64'),
    );
  });

  it('seals secrets at rest: only the same key opens them', () => {
    const sealed = new SecretBox('key-one-0123456789', 'webhooks').seal('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(new SecretBox('key-one-0123456789', 'webhooks').open(sealed)).toBe('whsec_abc');
    expect(() => new SecretBox('key-two-0123456789', 'webhooks').open(sealed)).toThrow();
  });
});
