import { createHmac } from 'node:crypto';
import { BillingError } from '../errors/billing.error';
import { Headers, standardKey, verifyStandard, verifyStripe } from './signatures';

const NOW = 1_780_000_000;
const TOLERANCE = 300;
const body = Buffer.from('{"id":"evt_1","type":"checkout.session.completed","amount":1999}');

const stripeSig = (secret: string, t: number | string = NOW, raw: Buffer = body) => createHmac('sha256', secret).update(`${t}.`).update(raw).digest('hex');

describe('verifyStripe', () => {
  const OLD = 'whsec_old_0123456789';
  const NEW = 'whsec_new_9876543210';
  const secrets = [OLD, NEW];
  const check =
    (header: string | string[] | undefined, raw: Buffer = body, keys: readonly string[] = secrets) =>
    () =>
      verifyStripe(raw, { 'stripe-signature': header }, keys, NOW, TOLERANCE);

  it.each([
    ['signed with the only secret', `t=${NOW},v1=${stripeSig(OLD)}`, [OLD]],
    ['signed with the first of two secrets (before rotation)', `t=${NOW},v1=${stripeSig(OLD)}`, secrets],
    ['signed with the second of two secrets (after rotation)', `t=${NOW},v1=${stripeSig(NEW)}`, secrets],
    ['several v1 signatures, one of them matching', `t=${NOW},v1=${'0'.repeat(64)},v1=${stripeSig(NEW)}`, secrets],
    ['a v0 signature beside the v1 one is ignored', `t=${NOW},v0=${'a'.repeat(64)},v1=${stripeSig(OLD)}`, secrets],
    ['spaces around the parts', ` t=${NOW} , v1=${stripeSig(OLD)} `, secrets],
    ['upper-case hex', `t=${NOW},v1=${stripeSig(OLD).toUpperCase()}`, secrets],
    ['the oldest timestamp within tolerance', `t=${NOW - TOLERANCE},v1=${stripeSig(OLD, NOW - TOLERANCE)}`, secrets],
    ['the latest timestamp within tolerance', `t=${NOW + TOLERANCE},v1=${stripeSig(OLD, NOW + TOLERANCE)}`, secrets],
  ])('accepts %s', (_what, header, keys) => {
    expect(check(header, body, keys)).not.toThrow();
  });

  it.each([
    ['no header', undefined, body, /Missing Stripe-Signature/],
    ['an empty header', '', body, /Missing Stripe-Signature/],
    ['a wrong secret', `t=${NOW},v1=${stripeSig('whsec_someone_else')}`, body, /does not match/],
    ['a tampered body', `t=${NOW},v1=${stripeSig(OLD)}`, Buffer.from(body.toString().replace('1999', '9999')), /does not match/],
    ['a body with a byte appended', `t=${NOW},v1=${stripeSig(OLD)}`, Buffer.concat([body, Buffer.from(' ')]), /does not match/],
    ['a signature over another timestamp', `t=${NOW},v1=${stripeSig(OLD, NOW - 1)}`, body, /does not match/],
    ['a stale timestamp beyond tolerance', `t=${NOW - TOLERANCE - 1},v1=${stripeSig(OLD, NOW - TOLERANCE - 1)}`, body, /outside the tolerance/],
    ['a future timestamp beyond tolerance', `t=${NOW + TOLERANCE + 1},v1=${stripeSig(OLD, NOW + TOLERANCE + 1)}`, body, /outside the tolerance/],
    ['no timestamp', `v1=${stripeSig(OLD)}`, body, /timestamp/],
    ['a timestamp that is not a number', `t=soon,v1=${stripeSig(OLD, 'soon')}`, body, /malformed/],
    ['a negative timestamp', `t=-${NOW},v1=${stripeSig(OLD, `-${NOW}`)}`, body, /malformed/],
    ['a timestamp in milliseconds', `t=${NOW}000,v1=${stripeSig(OLD, `${NOW}000`)}`, body, /malformed|tolerance/],
    ['no v1 signature', `t=${NOW}`, body, /No v1 signature/],
    ['only a v0 signature', `t=${NOW},v0=${stripeSig(OLD)}`, body, /No v1 signature/],
    ['a truncated v1 signature', `t=${NOW},v1=${stripeSig(OLD).slice(0, 63)}`, body, /No v1 signature/],
    ['a v1 signature that is not hex', `t=${NOW},v1=${'z'.repeat(64)}`, body, /No v1 signature/],
    ['a base64 v1 signature', `t=${NOW},v1=${Buffer.from(stripeSig(OLD), 'hex').toString('base64')}`, body, /No v1 signature/],
    ['garbage', 'not a signature header', body, /timestamp/],
    // Two headers arrive joined by ", ": which timestamp the signature covers is then unclear.
    ['two headers (two timestamps)', `t=${NOW},v1=${stripeSig(OLD)}, t=${NOW - 1},v1=${stripeSig(OLD, NOW - 1)}`, body, /one timestamp/],
    ['a repeated timestamp', `t=${NOW},t=${NOW},v1=${stripeSig(OLD)}`, body, /one timestamp/],
  ])('refuses %s', (_what, header, raw, message) => {
    expect(check(header, raw)).toThrow(BillingError);
    expect(check(header, raw)).toThrow(message);
  });

  it('refuses every signature when no secret is configured', () => {
    expect(check(`t=${NOW},v1=${stripeSig(OLD)}`, body, [])).toThrow(/does not match/);
  });

  it('reads the first of repeated headers', () => {
    expect(check([`t=${NOW},v1=${stripeSig(OLD)}`, 'garbage'])).not.toThrow();
    expect(check(['garbage', `t=${NOW},v1=${stripeSig(OLD)}`])).toThrow(BillingError);
  });

  it('errors carry the bad_signature code', () => {
    expect.assertions(1);
    try {
      check(`t=${NOW},v1=${stripeSig('wrong')}`)();
    } catch (err) {
      expect((err as BillingError).code).toBe('bad_signature');
    }
  });
});

describe('verifyStandard', () => {
  const B64 = `whsec_${Buffer.from('standard-old-key-0123456789abcdef').toString('base64')}`;
  const PLAIN = 'plain-standard-secret';
  const secrets = [B64, PLAIN];
  const ID = 'msg_2Lh9KRb0pzN4LePd';
  const sign = (secret: string, id = ID, ts: number | string = NOW, raw: Buffer = body) =>
    `v1,${createHmac('sha256', standardKey(secret)).update(`${id}.${ts}.`).update(raw).digest('base64')}`;
  const headers = (signature: string | undefined, ts: number | string = NOW, id = ID): Headers => ({
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': signature,
  });
  const check =
    (h: Headers, raw: Buffer = body, keys: readonly string[] = secrets) =>
    () =>
      verifyStandard(raw, h, keys, NOW, TOLERANCE);

  it.each([
    ['a whsec_ (base64) secret', headers(sign(B64))],
    ['a plain secret, used as UTF-8 bytes', headers(sign(PLAIN))],
    ['several signatures, the last matching', headers(`v1,${Buffer.alloc(32).toString('base64')} v1,${sign(PLAIN).slice(3)}`)],
    ['an unknown version beside a v1 signature', headers(`v2,abc ${sign(B64)}`)],
    ['the oldest timestamp within tolerance', headers(sign(B64, ID, NOW - TOLERANCE), NOW - TOLERANCE)],
    ['the latest timestamp within tolerance', headers(sign(B64, ID, NOW + TOLERANCE), NOW + TOLERANCE)],
  ])('accepts %s and returns the webhook id', (_what, h) => {
    expect(check(h)()).toBe(ID);
  });

  it.each([
    ['no webhook-id', { ...headers(sign(B64)), 'webhook-id': undefined }, body, /Missing webhook-id/],
    ['no webhook-signature', headers(undefined), body, /Missing webhook-id or webhook-signature/],
    ['no webhook-timestamp', { ...headers(sign(B64)), 'webhook-timestamp': undefined }, body, /timestamp/],
    ['a wrong secret', headers(sign('another-secret')), body, /does not match/],
    [
      'a whsec_ secret used as plain text',
      headers(`v1,${createHmac('sha256', B64).update(`${ID}.${NOW}.`).update(body).digest('base64')}`),
      body,
      /does not match/,
    ],
    ['a tampered body', headers(sign(B64)), Buffer.from(body.toString().replace('evt_1', 'evt_2')), /does not match/],
    ['a signature for another webhook id (replayed under a new id)', headers(sign(B64, 'msg_other')), body, /does not match/],
    ['a signature over another timestamp', headers(sign(B64, ID, NOW - 1)), body, /does not match/],
    ['a stale timestamp beyond tolerance', headers(sign(B64, ID, NOW - TOLERANCE - 1), NOW - TOLERANCE - 1), body, /outside the tolerance/],
    ['a future timestamp beyond tolerance', headers(sign(B64, ID, NOW + TOLERANCE + 1), NOW + TOLERANCE + 1), body, /outside the tolerance/],
    ['a timestamp that is not a number', headers(sign(B64, ID, 'now'), 'now'), body, /malformed/],
    ['an ISO timestamp', headers(sign(B64, ID, '2026-05-29T00:00:00Z'), '2026-05-29T00:00:00Z'), body, /malformed/],
    ['no v1 signature', headers('v2,abc'), body, /No v1 signature/],
    ['a v1 with nothing after it', headers('v1,'), body, /No v1 signature/],
    ['a signature that is not base64', headers('v1,!!!notbase64!!!'), body, /No v1 signature/],
    ['a Stripe-style header', headers(`t=${NOW},v1=${stripeSig(PLAIN)}`), body, /No v1 signature/],
    ['a truncated signature', headers(sign(B64).slice(0, 20)), body, /does not match/],
  ])('refuses %s', (_what, h, raw, message) => {
    expect(check(h, raw)).toThrow(BillingError);
    expect(check(h, raw)).toThrow(message);
  });

  it('a rotated-out secret no longer verifies', () => {
    expect(check(headers(sign(B64)), body, [PLAIN])).toThrow(/does not match/);
    expect(check(headers(sign(PLAIN)), body, [PLAIN])()).toBe(ID);
  });
});

describe('standardKey', () => {
  it.each([
    ['whsec_ + base64 decodes', `whsec_${Buffer.from('key bytes').toString('base64')}`, Buffer.from('key bytes')],
    ['anything else is its UTF-8 bytes', 'plain-secret', Buffer.from('plain-secret')],
    ['a prefix other than whsec_ is not decoded', 'WHSEC_a2V5', Buffer.from('WHSEC_a2V5')],
  ])('%s', (_what, secret, key) => {
    expect(standardKey(secret).equals(key)).toBe(true);
  });
});
