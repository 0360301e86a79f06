import { parentPort, workerData } from 'node:worker_threads';
import PDFDocument from 'pdfkit';
import type { PdfSpec } from './pdf-spec';

/**
 * Worker thread entry: lays out one document (a PdfSpec, plain data) with pdfkit and posts its
 * bytes back. Runs off billing's event loop; pdf-renderer.ts ends it when it takes too long.
 */
function render(spec: PdfSpec): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const at = new Date(spec.at);
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: spec.title, Producer: 'Tollgate', Creator: 'Tollgate billing', CreationDate: at } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    for (const line of spec.lines) {
      doc.font(line.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(line.size);
      if (line.gapBefore) doc.moveDown();
      doc.text(line.text);
    }
    doc.end();
  });
}

// A failure rejects unhandled, which ends the worker with an 'error' event the renderer reports.
void render(workerData as PdfSpec).then((bytes) => parentPort?.postMessage(bytes, [bytes.buffer as ArrayBuffer]));
