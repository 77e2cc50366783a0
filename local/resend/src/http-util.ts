import type { IncomingMessage, ServerResponse } from "node:http";
import type { ResendErrorBody } from "./types";

const MAX_BODY = 40 * 1024 * 1024; // Resend allows 40 MB per email including attachments

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html) });
  res.end(html);
}

export function resendError(statusCode: number, name: string, message: string): ResendErrorBody {
  return { statusCode, name, message };
}

export function sendError(res: ServerResponse, err: ResendErrorBody, headers: Record<string, string> = {}): void {
  sendJson(res, err.statusCode, err, headers);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** "Maria <maria@x.com>" → "maria@x.com"; bare addresses pass through; always lower-case. */
export function bareAddress(addr: string): string {
  const m = /<([^>]+)>\s*$/.exec(addr);
  return (m ? m[1] : addr).trim().toLowerCase();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
