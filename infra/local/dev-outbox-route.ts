/**
 * `GET /dev/outbox`, served by the local stack only (it is not in the topology, so it is never
 * deployed): every notice the system sent, newest first. JSON for tools and tests, a page for
 * browsers.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '#shared/adapters/dynamo/client';
import { listDevOutbox, type DevOutboxEntry } from '#shared/adapters/notify/dev-outbox';
import { html, joinHtml } from '#shared/web/html';
import type { LocalOnlyRoute } from './http-server';

export function devOutboxRoute(dynamodb: DynamoDBClient, tableName: string): LocalOnlyRoute {
  const db = createDocumentClient(dynamodb);
  return {
    method: 'GET',
    path: '/dev/outbox',
    async handle(req) {
      const entries = await listDevOutbox(db, tableName);
      if (!(req.headers.accept ?? '').includes('text/html')) {
        return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ entries }) };
      }
      return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page(entries) };
    },
  };
}

function page(entries: readonly DevOutboxEntry[]): string {
  const rows = entries.map(
    (e) =>
      html`<tr><td>${e.at}</td><td>${e.channel}${e.format ? ` (${e.format})` : ''}</td><td>${e.to}</td><td>${e.kind}</td><td><strong>${e.title}</strong><br>${e.text}</td><td>${e.outcome}</td></tr>`,
  );
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>本地发件箱 · Dev outbox</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}td:nth-child(5){word-break:break-all}</style>
</head><body>
<h1>本地发件箱 · Dev outbox</h1>
<p>Local stack only: every notice as it would have left. SMS and email stop here; webhooks were also really sent. Newest first; <a href="/dev/outbox">JSON</a> without <code>Accept: text/html</code>.</p>
<table><thead><tr><th>At (UTC)</th><th>Channel</th><th>To</th><th>Notice</th><th>Text</th><th>Outcome</th></tr></thead>
<tbody>${rows.length ? joinHtml(rows) : html`<tr><td colspan="6">Nothing sent yet.</td></tr>`}</tbody></table>
</body></html>`.toString();
}
