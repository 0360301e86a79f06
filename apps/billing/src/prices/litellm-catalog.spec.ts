import { dollarsPerTokenToMicrosPerMillion, proposalsFromCatalog } from './litellm-catalog';

describe('dollarsPerTokenToMicrosPerMillion', () => {
  it.each([
    // $/token, µ per million tokens
    [2.5e-6, 2_500_000n],
    [0.0000025, 2_500_000n],
    [1e-5, 10_000_000n],
    [1.25e-7, 125_000n],
    [3.5e-8, 35_000n],
    [0.00003, 30_000_000n],
    [6e-7, 600_000n],
    [1.1e-6, 1_100_000n],
    [2e-7, 200_000n], // 2e-7 * 1e6 * 1e6 in floats is 199999.99999999997
    [8e-7, 800_000n], // 8e-7 * 1e6 * 1e6 in floats is 799999.9999999999
    [0, 0n],
    [1, 1_000_000_000_000n],
    ['0.000000075', 75_000n],
    ['7.5E-8', 75_000n],
    ['1e-12', 1n],
  ])('%s $/token → %s', (input, expected) => {
    expect(dollarsPerTokenToMicrosPerMillion(input)).toEqual({ micros: expected, exact: true });
  });

  it('differs from float multiplication where floats are inexact', () => {
    expect(8e-7 * 1e6 * 1e6).not.toBe(800_000);
    expect(dollarsPerTokenToMicrosPerMillion(8e-7).micros).toBe(800_000n);
  });

  it('rounds digits below a micro per million up, and says so', () => {
    expect(dollarsPerTokenToMicrosPerMillion(1.5e-13)).toEqual({ micros: 1n, exact: false });
    expect(dollarsPerTokenToMicrosPerMillion('0.0000001234567891')).toEqual({ micros: 123_457n, exact: false });
  });

  it.each([[-1e-6], [Number.NaN], [Number.POSITIVE_INFINITY], ['abc'], ['-0.1'], ['1e-999999']])('refuses %s', (bad) => {
    expect(() => dollarsPerTokenToMicrosPerMillion(bad)).toThrow(RangeError);
  });
});

describe('proposalsFromCatalog', () => {
  const catalog = {
    sample_spec: { input_cost_per_token: 0, output_cost_per_token: 0, litellm_provider: 'one of litellm_provider' },
    'gpt-4o-mini': {
      input_cost_per_token: 1.5e-7,
      output_cost_per_token: 6e-7,
      cache_read_input_token_cost: 7.5e-8,
      litellm_provider: 'openai',
      max_output_tokens: 16384,
    },
    'claude-x': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, litellm_provider: 'anthropic' },
    'dall-e-3': { output_cost_per_image: 0.04, litellm_provider: 'openai' },
    broken: { input_cost_per_token: 'lots', output_cost_per_token: 1e-6, litellm_provider: 'openai' },
  };

  it('proposes one cost price per priced entry, cached at the input price when the file has none', () => {
    const { proposals, skipped } = proposalsFromCatalog(catalog);
    expect(proposals).toEqual([
      {
        model: 'gpt-4o-mini',
        provider: null,
        upstreamModel: null,
        inputPerMillion: 150_000n,
        cachedInputPerMillion: 75_000n,
        outputPerMillion: 600_000n,
        maxOutputTokens: 16384,
        source: 'litellm:gpt-4o-mini',
      },
      {
        model: 'claude-x',
        provider: null,
        upstreamModel: null,
        inputPerMillion: 3_000_000n,
        cachedInputPerMillion: 3_000_000n,
        outputPerMillion: 15_000_000n,
        maxOutputTokens: 4096,
        source: 'litellm:claude-x',
      },
    ]);
    expect(skipped.map((s) => s.key)).toEqual(['dall-e-3', 'broken']);
  });

  it('filters by litellm_provider and names the route provider when asked', () => {
    const { proposals } = proposalsFromCatalog(catalog, { litellmProvider: 'anthropic', provider: 'anthropic-eu' });
    expect(proposals.map((p) => [p.model, p.provider])).toEqual([['claude-x', 'anthropic-eu']]);
  });

  it('refuses a file that is not an object of entries', () => {
    expect(() => proposalsFromCatalog([])).toThrow(RangeError);
  });
});
