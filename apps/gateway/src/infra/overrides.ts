import type { DynamicModule, Provider, Type } from '@nestjs/common';

type Token = unknown;
type ModuleMetadata = Omit<DynamicModule, 'module'>;

const tokenOf = (provider: Provider): Token => (typeof provider === 'function' ? provider : provider.provide);

/**
 * Providers swapped in for the gateway's own (tests, bench/gateway-bypass.ts; code only, never
 * from the environment), across its feature modules: each module takes the overrides of the
 * tokens it provides, so a swapped EdgeGate is the one AdmissionService gets in EdgeModule.
 *
 * It also keeps one module object per module class for one app: CallsModule and ResponsesModule
 * both importing `EdgeModule.register(overrides)` get the same module (Nest tells dynamic modules
 * apart by object), so every service has one instance per app.
 */
export class Overrides {
  private readonly byToken: Map<Token, Provider>;
  private readonly placed = new Set<Token>();
  private readonly modules = new Map<Type, DynamicModule>();

  constructor(providers: readonly Provider[] = []) {
    this.byToken = new Map(providers.map((p) => [tokenOf(p), p]));
  }

  /** `type`'s module for this app, built once; its providers replaced by the overrides of their tokens. */
  module(type: Type, build: () => ModuleMetadata): DynamicModule {
    const known = this.modules.get(type);
    if (known) return known;
    const metadata = build();
    const module: DynamicModule = { ...metadata, module: type, providers: (metadata.providers ?? []).map((p) => this.replace(p)) };
    this.modules.set(type, module);
    return module;
  }

  /** Overrides no module provides a token for: new providers, which the root module offers to every module. */
  unplaced(): Provider[] {
    return [...this.byToken].filter(([token]) => !this.placed.has(token)).map(([, provider]) => provider);
  }

  private replace(provider: Provider): Provider {
    const token = tokenOf(provider);
    const override = this.byToken.get(token);
    if (!override) return provider;
    this.placed.add(token);
    return override;
  }
}
