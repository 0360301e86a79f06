import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/registry';
import { observePdfRenders, PdfRender } from './pdf-renderer';

const DOCUMENTS: Record<string, string> = { Invoice: 'invoice', 'Credit note': 'credit_note', Statement: 'statement' };

/** The `document` label of a render: its kind from the title, `other` for any title not known here (bounded). */
export function documentKind(title: string): string {
  return DOCUMENTS[title] ?? 'other';
}

/** PDF documents laid out (invoices, credit notes, statements): how many, how they ended, how long their worker took. */
@Injectable()
export class PdfMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly renders: Counter<'document' | 'outcome'>;
  private readonly duration: Histogram<'document'>;
  private stop?: () => void;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.renders = new Counter({
      name: 'tollgate_pdf_renders_total',
      help: 'PDF documents rendered, by document kind and outcome (ok, error: failed or timed out).',
      labelNames: ['document', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'tollgate_pdf_render_duration_seconds',
      help: 'Seconds a PDF took in its worker (waiting for a worker slot not included).',
      labelNames: ['document'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  onModuleInit(): void {
    this.stop = observePdfRenders((r) => this.rendered(r));
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  rendered(r: PdfRender): void {
    const document = documentKind(r.title);
    this.renders.inc({ document, outcome: r.ok ? 'ok' : 'error' });
    this.duration.observe({ document }, r.seconds);
  }
}
