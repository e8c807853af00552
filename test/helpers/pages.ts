// Reading what customers get: a hosted invoice page (HTML, no key) and its PDF, as text
// pulled out of the PDF by pdf.js (through unpdf), page by page.
import { extractText, getDocumentProxy } from 'unpdf';

export interface Fetched {
  status: number;
  type: string;
  headers: Headers;
  body: Buffer;
  text: string;
}

/** A GET without any API key. */
export async function fetchPublic(url: string, init: RequestInit = {}): Promise<Fetched> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body, text: body.toString('utf8') };
}

/** The text of each page of a PDF. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: false });
  return text as string[];
}
