import * as bcrypt from 'bcrypt';
import { BCRYPT_COST, hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('portal passwords', () => {
  it('refuses short, over-long, common and email-like passwords', () => {
    expect(passwordProblem('short-pass1', 'a@x.io')).toMatch(/at least 12/);
    expect(passwordProblem('é'.repeat(37), 'a@x.io')).toMatch(/72 bytes/);
    expect(passwordProblem('Password1234', 'a@x.io')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', 'a@x.io')).toMatch(/too common/);
    expect(passwordProblem('alice.smith.long', 'alice.smith.long@x.io')).toMatch(/email/);
    expect(passwordProblem('violet-kettle-march', 'a@x.io')).toBeNull();
  });

  it('hashes with bcrypt at cost 12 or more and verifies', async () => {
    const hash = await hashPassword('violet-kettle-march');
    expect(bcrypt.getRounds(hash)).toBeGreaterThanOrEqual(12);
    expect(BCRYPT_COST).toBeGreaterThanOrEqual(12);
    expect(hash).not.toContain('violet');
    await expect(verifyPassword('violet-kettle-march', hash)).resolves.toBe(true);
    await expect(verifyPassword('violet-kettle-marcH', hash)).resolves.toBe(false);
    await expect(verifyPassword('violet-kettle-march', null)).resolves.toBe(false);
  });
});
