import { z } from 'zod';
import { GatewayError } from '../errors/gateway.error';
import { parseBody } from './parse-body';

const Body = z.strictObject({
  name: z.string().min(1).max(5).optional(),
  count: z.number().int().min(2).max(2592000).optional(),
  tags: z.array(z.string()).min(1).max(2).optional(),
  own: z.number().max(1, 'keep this wording').optional(),
});

const messageOf = (body: unknown): string => {
  try {
    parseBody(Body, body);
    return 'accepted';
  } catch (err) {
    return err instanceof GatewayError ? err.message : 'not a GatewayError';
  }
};

describe('parseBody: a bad field in words a customer reads', () => {
  it.each([
    [{ name: '' }, "Invalid 'name': must not be empty"],
    [{ name: 'abcdefg' }, "Invalid 'name': must be at most 5 characters"],
    [{ count: 3_000_000 }, "Invalid 'count': must be at most 2,592,000"],
    [{ count: 1 }, "Invalid 'count': must be at least 2"],
    [{ count: 'x' }, "Invalid 'count': must be a number"],
    [{ tags: [] }, "Invalid 'tags': must not be empty"],
    [{ tags: ['a', 'b', 'c'] }, "Invalid 'tags': must hold at most 2 items"],
    [{ tags: 'a' }, "Invalid 'tags': must be a list"],
    [{ own: 2 }, "Invalid 'own': keep this wording"],
    [{ Name: 'x' }, "Invalid 'Name': unknown field (fields are snake_case)"],
    [{ name: 'ok', count: 60 }, 'accepted'],
  ])('%j → %s', (body, message) => {
    expect(messageOf(body)).toBe(message);
  });
});
