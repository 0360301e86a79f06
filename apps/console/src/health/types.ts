// GET /me/models/health (docs/me-api.md), snake_case as the API answers it.

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

export interface HealthWindow {
  requests: number;
  succeeded: number;
  failed: number;
  success_rate: number | null;
  latency_ms: Percentiles;
  ttft_ms: Percentiles;
}

export interface ModelHealth {
  model: string;
  primary: { provider: string; upstream_model: string } | null;
  fallback_serving: boolean;
  fallback_share: number | null;
  windows: { last_hour: HealthWindow; last_day: HealthWindow };
}

export interface ModelHealthList {
  object: 'list';
  at: string;
  fallback_window_minutes: number;
  data: ModelHealth[];
}
