import { Module } from '@nestjs/common';
import { Overrides } from './overrides';

class Gate {}
class Verifier {}
class Stranger {}
@Module({})
class EdgeLike {}

describe('Overrides', () => {
  it('replaces a provider of the same token in the module that provides it', () => {
    const fake = { provide: Gate, useValue: { admit: () => null } };
    const swap = new Overrides([fake]);
    const module = swap.module(EdgeLike, () => ({ providers: [Gate, Verifier], exports: [Gate] }));
    expect(module.providers).toEqual([fake, Verifier]);
    expect(module.exports).toEqual([Gate]);
    expect(swap.unplaced()).toEqual([]);
  });

  it('builds one module object per module class, so every importer shares its instances', () => {
    const swap = new Overrides();
    const build = jest.fn(() => ({ providers: [Gate] }));
    expect(swap.module(EdgeLike, build)).toBe(swap.module(EdgeLike, build));
    expect(build).toHaveBeenCalledTimes(1);
    expect(new Overrides().module(EdgeLike, build)).not.toBe(swap.module(EdgeLike, build));
  });

  it('hands back the overrides no module provides', () => {
    const extra = { provide: Stranger, useValue: 1 };
    const swap = new Overrides([extra, { provide: Gate, useValue: 2 }]);
    swap.module(EdgeLike, () => ({ providers: [Gate] }));
    expect(swap.unplaced()).toEqual([extra]);
  });
});
