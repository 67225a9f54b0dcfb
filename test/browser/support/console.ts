/** The staff console in a browser test: signing in with a token, the posts a page sends, a certificate's form. */
import type { Page, Request } from 'playwright-core';
import { textOf } from './browser';

/** Opens the console at `url` and signs in with a staff token, waiting for its tabs. */
export async function signInToConsole(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.fill('input[name=token]', token);
  await page.click('#sign-in button');
  await page.locator('nav .tabs').waitFor();
}

/** The posts (method and path) the page sends from now on, in the order it sends them. */
export function postsOf(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() !== 'GET') sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  return sent;
}

/** Finds a volunteer by phone (signed in as center staff), opens their certificates, none yet, and fills the issuer's details. */
export async function certificateFormFilled(page: Page, phone: string): Promise<void> {
  await page.click('button[data-tab=volunteers]');
  await page.fill('input[name=phone]', phone);
  await page.click('form[role=search] button');
  await page.click('summary:has-text("志愿服务记录证明")');
  await textOf(page.locator('ul.certificates')).toContain('还没有出具过证明');
  await page.fill('form.issue-certificate input[name=organization]', '泰安市新时代文明实践中心');
  await page.fill('form.issue-certificate input[name=personInCharge]', '李主任');
  await page.fill('form.issue-certificate input[name=contact]', '0538-1234567');
}
