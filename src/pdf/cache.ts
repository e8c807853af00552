// Made PDFs, kept in memory per server: a PDF is made once and served again while the
// invoice stays as it was. The key holds a digest of the stored invoice (its status, amounts
// paid and due, every field), so any change of state makes the next request draw it anew.
// Bounded by total bytes; the least recently used go first.
import { createHash } from 'node:crypto';

export class PdfCache {
  private entries = new Map<string, { version: string; bytes: Buffer }>();
  private size = 0;
  /** Concurrent requests for one PDF share one rendering. */
  private making = new Map<string, Promise<Buffer>>();

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  static version(invoiceJson: string, settings: unknown): string {
    return createHash('sha256').update(invoiceJson).update(JSON.stringify(settings)).digest('base64url');
  }

  async get(key: string, version: string, make: () => Promise<Buffer>): Promise<{ bytes: Buffer; cached: boolean }> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return { bytes: hit.bytes, cached: true };
    }
    const flight = `${key}|${version}`;
    let pending = this.making.get(flight);
    if (!pending) {
      pending = make().finally(() => this.making.delete(flight));
      this.making.set(flight, pending);
    }
    const bytes = await pending;
    this.put(key, version, bytes);
    return { bytes, cached: false };
  }

  private put(key: string, version: string, bytes: Buffer): void {
    const old = this.entries.get(key);
    if (old) {
      this.size -= old.bytes.length;
      this.entries.delete(key);
    }
    this.entries.set(key, { version, bytes });
    this.size += bytes.length;
    for (const [k, e] of this.entries) {
      if (this.size <= this.maxBytes || this.entries.size <= 1) break;
      this.entries.delete(k);
      this.size -= e.bytes.length;
    }
  }
}
