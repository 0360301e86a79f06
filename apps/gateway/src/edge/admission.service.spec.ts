import type { Principal } from '@tollgate/contracts';
import { GatewayError } from '../errors/gateway.error';
import { AdmissionService, FREE, requireRoleScope } from './admission.service';
import type { EdgeGate } from './edge-gate.service';
import type { KeyVerifier } from './key-verifier.service';

const principal = { tenantId: 't1', keyId: 'k1', scopes: ['chat:write', 'keys:manage'] } as unknown as Principal;
const LIMITS = { 'x-ratelimit-limit-requests': '10' };

function setup() {
  const admit = jest.fn((_p: Principal, _id: string, need: { holdMicros: number }) => Promise.resolve({ headers: LIMITS, holdMicros: need.holdMicros }));
  const verifyPresented = jest.fn((key: string | null) => Promise.resolve({ ...principal, key } as unknown as Principal));
  const admission = new AdmissionService({ verifyPresented } as unknown as KeyVerifier, { admit } as unknown as EdgeGate);
  return { admission, admit, verifyPresented };
}

describe('AdmissionService', () => {
  const need = { holdMicros: 5_000, tokens: 300 };

  it.each([
    ['the scope the key holds', 'chat:write'],
    ['a scope another implies (keys:manage → keys:read)', 'keys:read'],
    ['no scope at all', null],
  ] as const)('with %s: admits with the hold the handler sized', async (_case, scope) => {
    const { admission, admit } = setup();
    await expect(admission.admit({ principal, requestId: 'req_1', scope }, need)).resolves.toEqual({ headers: LIMITS, holdMicros: 5_000 });
    expect(admit).toHaveBeenCalledWith(principal, 'req_1', need);
  });

  it('without the scope: admitted holding nothing (revocation and rate still checked), then a 403 carrying the rate-limit headers', async () => {
    const { admission, admit } = setup();
    const refused = await admission.admit({ principal, requestId: 'req_2', scope: 'embeddings:write' }, need).catch((e: unknown) => e);
    expect(admit).toHaveBeenCalledWith(principal, 'req_2', FREE);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({
      code: 'missing_scope',
      headers: LIMITS,
      message: "This API key does not have the 'embeddings:write' scope required for this request.",
    });
  });

  it('a refusal from EdgeGate (revoked key, over a limit) comes first, whatever the scope', async () => {
    const { admission, admit } = setup();
    admit.mockRejectedValueOnce(new GatewayError({ code: 'invalid_api_key', message: 'revoked' }));
    await expect(admission.admit({ principal, requestId: 'req_3', scope: 'embeddings:write' }, need)).rejects.toMatchObject({ code: 'invalid_api_key' });
  });

  it.each([
    [{ authorization: 'Bearer sk-tg-abc' }, 'sk-tg-abc'],
    [{ 'x-api-key': 'sk-tg-def' }, 'sk-tg-def'],
    [{}, null],
  ])('authenticates the key the headers %j present', async (headers, key) => {
    const { admission, verifyPresented } = setup();
    await admission.authenticate(headers);
    expect(verifyPresented).toHaveBeenCalledWith(key);
  });

  it("checks a portal session's role scopes, worded for the user", () => {
    expect(() => requireRoleScope(['usage:read'], 'usage:read', 'viewer')).not.toThrow();
    expect(() => requireRoleScope(['usage:read'], null, 'viewer')).not.toThrow();
    expect(() => requireRoleScope(['usage:read'], 'keys:manage', 'viewer')).toThrow(
      "Your role (viewer) does not have the 'keys:manage' scope required for this request.",
    );
  });
});
