/**
 * The Referrer-Policy every page carries (`toApiResult`, and the layout's meta), in real Chromium
 * on a plain-http host name, where it sends no Sec-Fetch-Site (as Safari before 16.4 and old
 * WebViews do everywhere): our own form post carries our Origin and passes the cross-site check,
 * and a link to another origin sends no Referer, so a page's token never leaves.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { refuseCrossSite } from '#shared/http/cross-site';
import { toApiResult } from '#shared/http/response';
import { html } from '#shared/web/html';
import { layout } from '#shared/web/layout';
import { CHROMIUM } from './support/browser';

const posts: IncomingHttpHeaders[] = [];
/** The other origin's requests for /x (Chromium asks it for /favicon.ico too, on its own time). */
const elsewhere: IncomingHttpHeaders[] = [];
let ours: Server;
let other: Server;
let ourOrigin = '';
let otherOrigin = '';

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  other = createServer((req, res) => {
    if (req.url === '/x') elsewhere.push(req.headers);
    res.end('elsewhere');
  });
  ours = createServer((req, res) => {
    if (req.method === 'POST') {
      posts.push(req.headers);
      req.resume();
      // The check httpHandler runs, with this host as PUBLIC_URL.
      let status = 200;
      try {
        refuseCrossSite('POST', req.headers as Record<string, string | undefined>, ourOrigin);
      } catch {
        status = 403;
      }
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'posted' : 'refused');
      return;
    }
    const body = html`<form method="post" action="/post"><button id="post">post</button></form><a id="away" href="${otherOrigin}/x">away</a>`;
    const result = toApiResult(
      { status: 200, html: layout({ lang: 'en', large: false, title: 'page', body, private: true }) },
      'corr-12345678',
    );
    res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    res.end(result.body);
  });
  ourOrigin = `http://paidan.test:${await listen(ours)}`;
  otherOrigin = `http://elsewhere.test:${await listen(other)}`;
});
afterAll(async () => {
  await Promise.all([ours, other].map((s) => new Promise((r) => s.close(r))));
});

it('a browser without Sec-Fetch-Site posts our own form with our Origin, and sends another origin no Referer', async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${ourOrigin}/requests/r1?token=secret-token`);
    await Promise.all([page.waitForURL(`${ourOrigin}/post`), page.click('#post')]);
    expect(posts[0]?.['sec-fetch-site']).toBeUndefined();
    expect(posts[0]?.origin).toBe(ourOrigin);
    expect(await page.textContent('body')).toBe('posted');

    await page.goto(`${ourOrigin}/requests/r1?token=secret-token`);
    await Promise.all([page.waitForURL(`${otherOrigin}/x`), page.click('#away')]);
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]?.referer).toBeUndefined();
  } finally {
    await browser.close();
  }
  // What such a browser sends from a page whose policy is no-referrer, or from an opaque origin: still refused.
  expect(() => refuseCrossSite('POST', { origin: 'null' }, ourOrigin)).toThrow();
});
