import { parentPort, workerData } from 'node:worker_threads';
import PDFDocument from 'pdfkit';
import { drawDocument, PAGE } from './pdf-draw';
import type { PdfSpec } from './pdf-spec';

/**
 * Worker thread entry: lays out one document (a PdfSpec, plain data) with pdfkit and posts its
 * bytes back. Runs off billing's event loop; pdf-renderer.ts ends it when it takes too long.
 */
function render(spec: PdfSpec): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const at = new Date(spec.at);
    const doc = new PDFDocument({
      size: 'A4',
      // A small bottom margin: pdf-draw paginates itself and never lets pdfkit start a page.
      margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: 20 },
      bufferPages: true,
      info: { Title: `${spec.title} ${spec.meta[0]?.[1] ?? ''}`.trim(), Producer: 'Tollgate', Creator: 'Tollgate billing', CreationDate: at },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    drawDocument(doc, spec);
    doc.end();
  });
}

// A failure rejects unhandled, which ends the worker with an 'error' event the renderer reports.
void render(workerData as PdfSpec).then((bytes) => parentPort?.postMessage(bytes, [bytes.buffer as ArrayBuffer]));
