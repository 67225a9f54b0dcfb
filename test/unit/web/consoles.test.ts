import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SIGN_IN_CLIENT_ENV, SIGN_IN_DOMAIN_ENV, STAFF_SIGN_IN_ENV } from '#shared/topology/topology';
import { renderAdminConsole } from '#shared/web/admin-console';
import { consoleScript } from '#shared/web/console-shell';
import { renderTeamConsole } from '#shared/web/team-console';
import { requestChannels } from '#shared/domain/service-request';
import { adminConsoleTexts } from '#shared/web/admin-console-texts';

const consoles = { admin: renderAdminConsole, team: renderTeamConsole };

function parts(page: string) {
  const texts = /<script type="application\/json" id="texts">([\s\S]*?)<\/script>/.exec(page)![1]!;
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  return { texts: JSON.parse(texts) as Record<string, string>, scripts };
}

/**
 * Whether the (minified) script has this piece of code, whatever its quotes and spaces:
 * `id: 'sign-in-start'` is `id:"sign-in-start"` once bundled, `'/logout?'` part of a template.
 */
function mentions(script: string, piece: string): boolean {
  const bare = (code: string) => code.replace(/["'`\s]/g, '');
  return bare(script).includes(bare(piece));
}

describe.each(Object.entries(consoles))('the %s console page', (_name, render) => {
  it('runs exactly one inline script, the one its CSP allows by hash, and may only fetch from its own origin', () => {
    const page = render({ lang: 'zh', large: false });
    const { scripts } = parts(page.html);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    const csp = page.headers['content-security-policy']!;
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(() => new Function(scripts[0]!)).not.toThrow();
  });

  it('builds the page from text nodes: no innerHTML, no eval, no token in a URL', () => {
    const { scripts } = parts(render({ lang: 'zh', large: false }).html);
    expect(scripts[0]).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    expect(scripts[0]).not.toMatch(/[?&]token=/);
    expect(scripts[0]).toContain('sessionStorage');
  });

  it('has every text in both languages, and the same script whatever the language and size', () => {
    const zh = render({ lang: 'zh', large: false });
    const en = render({ lang: 'en', large: true });
    expect(Object.keys(parts(en.html).texts).sort()).toEqual(Object.keys(parts(zh.html).texts).sort());
    expect(parts(en.html).scripts).toEqual(parts(zh.html).scripts);
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('font-size:162.5%');
    expect(zh.html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(zh.html).toContain('<noscript>');
  });
});

describe('the admin console texts', () => {
  it.each(['zh', 'en'] as const)('name every channel a request can come through (%s), 代点单 included', (lang) => {
    const texts = adminConsoleTexts[lang];
    expect(requestChannels.filter((channel) => !texts[`channel_${channel}`])).toEqual([]);
    expect(texts.channel_proxy).toBe(lang === 'zh' ? '工作人员代点单' : 'staff, for the resident');
  });
});

describe('consoleScript', () => {
  it('refuses a source that could end its own script element', () => {
    expect(() => consoleScript('var a = "</script>";')).toThrow();
    expect(() => consoleScript('var a = 1;')).not.toThrow();
  });
});

describe('the admin console sign-in', () => {
  const signIn = { domainUrl: 'https://paidan-0a1b2c3d4e5f.auth.ap-east-1.amazoncognito.com', clientId: '4abcdefghij5klmnop6qrstuv7' };
  const config = (page: string) => {
    const block = /<script type="application\/json" id="config">([\s\S]*?)<\/script>/.exec(page);
    return block ? (JSON.parse(block[1]!) as Record<string, string>) : undefined;
  };
  const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

  it('with a Cognito domain: hands the script the domain and client, and lets it reach exactly that domain', () => {
    const page = renderAdminConsole({ lang: 'zh', large: false, signIn });
    expect(config(page.html)).toEqual({ signInDomainUrl: signIn.domainUrl, signInClientId: signIn.clientId });
    const csp = directives(page.headers['content-security-policy']!);
    expect(csp['connect-src']).toEqual(["'self'", signIn.domainUrl]);
    // Everything else exactly as without sign-in: the browser goes to Cognito by navigation, not by a form.
    const plain = directives(renderAdminConsole({ lang: 'zh', large: false }).headers['content-security-policy']!);
    expect({ ...csp, 'connect-src': plain['connect-src'] }).toEqual(plain);
    expect(csp['form-action']).toEqual(["'self'"]);
    expect(page.headers['content-security-policy']).not.toMatch(/\*|amazoncognito\.com\/|http:/);
  });

  it('with a Cognito domain: the script offers the sign-in control and runs the code grant with PKCE (S256) there', () => {
    const { scripts, texts } = parts(renderAdminConsole({ lang: 'en', large: false, signIn }).html);
    const script = scripts[0]!;
    expect(mentions(script, "id: 'sign-in-start'")).toBe(true);
    expect(texts.signInHostedIntro).toMatch(/authenticator app/);
    for (const piece of [
      "'/oauth2/authorize?'",
      "'/oauth2/token'",
      "'/logout?'",
      "'code_challenge_method', 'S256'",
      "crypto.subtle.digest('SHA-256'",
      'crypto.getRandomValues',
      "'authorization_code'",
      'history.replaceState',
    ]) {
      expect(mentions(script, piece), piece).toBe(true);
    }
    // The pending verifier and state live in sessionStorage, never in a cookie or localStorage.
    expect(script).not.toMatch(/localStorage|document\.cookie/);
  });

  it('without a sign-in domain: the paste form, no config, and connect-src only to itself', () => {
    const page = renderAdminConsole({ lang: 'zh', large: false });
    expect(config(page.html)).toBeUndefined();
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'; ");
    expect(page.headers['content-security-policy']).not.toContain('amazoncognito');
    const { scripts, texts } = parts(page.html);
    expect(mentions(scripts[0]!, "name: 'token'")).toBe(true);
    expect(texts.signInIntro).toMatch(/npm start/);
  });

  it('is the same script with and without sign-in (the CSP hash does not depend on the deployment)', () => {
    expect(parts(renderAdminConsole({ lang: 'zh', large: false, signIn }).html).scripts).toEqual(
      parts(renderAdminConsole({ lang: 'zh', large: false }).html).scripts,
    );
  });

  it.each([
    ['a path', { ...signIn, domainUrl: `${signIn.domainUrl}/` }],
    ['http', { ...signIn, domainUrl: 'http://paidan.auth.ap-east-1.amazoncognito.com' }],
    ['a wildcard', { ...signIn, domainUrl: 'https://*.amazoncognito.com' }],
    ['a second source', { ...signIn, domainUrl: `${signIn.domainUrl} https://evil.example` }],
    ['a directive', { ...signIn, domainUrl: `${signIn.domainUrl}; script-src *` }],
    ['an odd client id', { ...signIn, clientId: 'abc"def' }],
  ])('refuses a sign-in with %s rather than widen the policy', (_what, bad) => {
    expect(() => renderAdminConsole({ lang: 'zh', large: false, signIn: bad })).toThrow(/https origin/);
  });
});

describe('the admin-console function', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    vi.resetModules();
  });
  const cognitoIssuer = 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_AbC123xyz';
  const staffSignIn = (issuer: string, clientId: string) =>
    JSON.stringify({
      issuer,
      clientId,
      roleClaim: 'cognito:groups',
      areaClaim: 'custom:areaId',
      centerRole: 'center-admin',
      stationRole: 'station-staff',
    });
  /** A cold start with these variables (STAFF_SIGN_IN: the Cognito pool with that client), then GET /console?lang=en. */
  async function coldStart(
    domainUrl: string,
    clientId: string,
    staff = staffSignIn(cognitoIssuer, clientId || '4abcdefghij5klmnop6qrstuv7'),
  ) {
    vi.stubEnv(SIGN_IN_DOMAIN_ENV, domainUrl);
    vi.stubEnv(SIGN_IN_CLIENT_ENV, clientId);
    vi.stubEnv(STAFF_SIGN_IN_ENV, staff);
    vi.resetModules();
    const { handler } = await import('../../../functions/admin-console');
    const event = {
      version: '2.0',
      routeKey: 'GET /console',
      rawPath: '/console',
      rawQueryString: 'lang=en',
      isBase64Encoded: false,
      headers: { accept: 'text/html', host: 'abc123.execute-api.ap-east-1.amazonaws.com' },
      queryStringParameters: { lang: 'en' },
      requestContext: {
        requestId: 'req-0001',
        domainName: 'abc123.execute-api.ap-east-1.amazonaws.com',
        http: { method: 'GET', path: '/console', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      },
    };
    const context = {
      functionName: 'admin-console',
      awsRequestId: 'aws-req-1',
      invokedFunctionArn: 'arn:aws:lambda:ap-east-1:000000000000:function:x',
      memoryLimitInMB: '128',
      functionVersion: '$LATEST',
      getRemainingTimeInMillis: () => 5000,
    };
    return (
      handler as unknown as (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>
    )(event, context);
  }

  it('passes the configured domain and client to the page', async () => {
    const result = await coldStart('https://paidan-0a1b2c3d4e5f.auth.ap-east-1.amazoncognito.com', '4abcdefghij5klmnop6qrstuv7');
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('"signInDomainUrl":"https://paidan-0a1b2c3d4e5f.auth.ap-east-1.amazoncognito.com"');
    expect(result.headers['content-security-policy']).toContain(
      "connect-src 'self' https://paidan-0a1b2c3d4e5f.auth.ap-east-1.amazoncognito.com;",
    );
  });

  it('without a Cognito domain, signs in at the endpoints of the issuer’s discovery document, fetched once', async () => {
    const issuer = 'https://sso.example.cn/realms/paidan';
    const discovery = vi.fn(async (url: string | URL) => {
      expect(String(url)).toBe(`${issuer}/.well-known/openid-configuration`);
      return Response.json({
        issuer,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
        token_endpoint: 'https://token.example.cn/realms/paidan/token',
        end_session_endpoint: `${issuer}/protocol/openid-connect/logout`,
      });
    });
    vi.stubGlobal('fetch', discovery);
    const result = await coldStart('', '', staffSignIn(issuer, 'paidan-console'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain(`"signInAuthorizationEndpoint":"${issuer}/protocol/openid-connect/auth"`);
    expect(result.body).toContain('"signInClientId":"paidan-console"');
    expect(result.body).not.toContain('"signInPasteToken"');
    // Only the token endpoint is fetched by the page: its origin, nothing else.
    expect(result.headers['content-security-policy']).toContain("connect-src 'self' https://token.example.cn;");
    expect(discovery).toHaveBeenCalledTimes(1);
  });

  it('answers 503, not 500, while the issuer’s discovery document cannot be had', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('down', { status: 502 })),
    );
    const result = await coldStart('', '', staffSignIn('https://sso.example.cn/realms/paidan', 'paidan-console'));
    expect(result.statusCode).toBe(503);
  });

  it('stops the cold start when the Cognito client is not the one staff tokens are checked against', async () => {
    await expect(
      coldStart('https://paidan.auth.ap-east-1.amazoncognito.com', 'abc123', staffSignIn(cognitoIssuer, 'other')),
    ).rejects.toThrow(/SIGN_IN_CLIENT_ID is not the client of STAFF_SIGN_IN/);
  });

  it.each([
    ['only the domain', 'https://paidan.auth.ap-east-1.amazoncognito.com', '', /both be set or both be empty/],
    ['only the client', '', 'abc123', /both be set or both be empty/],
    ['a domain with a path', 'https://paidan.auth.ap-east-1.amazoncognito.com/oauth2', 'abc123', new RegExp(SIGN_IN_DOMAIN_ENV)],
  ])('stops the cold start with %s', async (_what, domainUrl, clientId, message) => {
    await expect(coldStart(domainUrl, clientId)).rejects.toThrow(message);
  });
});
