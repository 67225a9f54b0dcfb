/**
 * A real OpenID Connect provider in process for the local stack (`oidc-provider`, the certified
 * Node implementation), so staff sign in locally exactly as in a deployment: the console runs the
 * authorization code grant with PKCE against it, and the admin functions verify its ID tokens
 * with the same code (`shared/http/staff-token.ts`) as they verify Cognito's or a Keycloak's.
 *
 * Its own login page checks a login name and password against a short list of accounts: the two
 * demo staff (a center admin and the station staff of 科大社区) and, in tests, a few more. Its
 * tokens carry the role in `groups` and a station's area in `paidan_area` (`oidcClaimDefaults`),
 * as a deployer's own provider would, not Cognito's names. Everything is in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type CryptoKey, exportJWK, generateKeyPair } from 'jose';
import type { Adapter, AdapterPayload, Configuration, default as ProviderClass } from 'oidc-provider';
import { oidcClaimDefaults, type StaffSignInConfig } from '#shared/http/staff-sign-in';
import { escapeHtml } from '#shared/web/html';

export interface LocalStaffAccount {
  /** What is typed into the login page (an email address here). */
  readonly login: string;
  readonly password: string;
  /** The token's subject. */
  readonly sub: string;
  readonly name: string;
  /** The `groups` claim. */
  readonly groups: readonly string[];
  /** The `paidan_area` claim, when the account has one. */
  readonly area?: string;
}

export const LOCAL_STATION_AREA = '370902003009';
/** Local only, printed by `npm start`: these accounts exist nowhere else. */
export const LOCAL_STAFF_PASSWORD = 'paidan-local';

export const demoStaff = {
  center: {
    login: 'center-admin@paidan.local',
    password: LOCAL_STAFF_PASSWORD,
    sub: 'local-center-admin',
    name: '中心管理员',
    groups: [oidcClaimDefaults.centerRole],
  },
  station: {
    login: 'keda-station@paidan.local',
    password: LOCAL_STAFF_PASSWORD,
    sub: 'local-station-keda',
    name: '科大社区站点',
    groups: [oidcClaimDefaults.stationRole],
    area: LOCAL_STATION_AREA,
  },
} as const satisfies Record<string, LocalStaffAccount>;

/** The console's client id at the local provider. */
export const LOCAL_CONSOLE_CLIENT = 'paidan-console';

export interface LocalIdentityProviderOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** The console's address: the client's only redirect URI (and post-logout redirect). */
  readonly consoleUrl: string;
  /** More accounts than the two demo staff (tests: someone without a role, a station outside the tree). */
  readonly extraAccounts?: readonly LocalStaffAccount[];
}

export interface SignedIn {
  readonly idToken: string;
  readonly accessToken: string;
}

export interface LocalIdentityProvider {
  /** `http://127.0.0.1:<port>`: the `iss` of its tokens. */
  readonly issuer: string;
  /** What the admin functions verify its tokens with: this issuer, the console client, its claim names. */
  readonly staffSignIn: StaffSignInConfig;
  /**
   * Its signing key, for tests that need a token this issuer would never issue (expired, for
   * another audience or issuer) signed as if it had. Never used by the stack itself.
   */
  readonly signingKey: { readonly kid: string; readonly privateKey: CryptoKey };
  /**
   * Signs in through the provider's own endpoints and login page, as a browser would (authorization
   * request with PKCE, the login form, the code exchanged at the token endpoint): the tokens are
   * the provider's. For `npm start`'s printed tokens and for tests. Throws when the login is refused.
   */
  signIn(login: string, password: string): Promise<SignedIn>;
  stop(): Promise<void>;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

type Provider = ProviderClass;

/**
 * oidc-provider 9 declares Node 22 LTS as its floor and warns on import under Node 20, where the
 * project's local stack runs too: its tests here pass on 20 (the runtime in Lambda is 22). Only
 * that one line is held back while the module loads; every other warning still shows.
 */
async function importProvider(): Promise<typeof ProviderClass> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}

/** In-memory storage for the provider's sessions, codes and grants: one per provider, gone when it stops. */
function memoryAdapter(): (name: string) => Adapter {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const key = (model: string, id: string) => `${model}:${id}`;
  return (model) => {
    const get = (id: string) => {
      const entry = store.get(key(model, id));
      if (!entry || entry.expiresAt < Date.now()) return undefined;
      return entry.payload;
    };
    const findBy = (field: 'uid' | 'userCode', value: string) => {
      for (const [k, entry] of store) {
        if (k.startsWith(`${model}:`) && entry.payload[field] === value && entry.expiresAt >= Date.now()) return entry.payload;
      }
      return undefined;
    };
    return {
      upsert: async (id, payload, expiresIn) =>
        void store.set(key(model, id), { payload, expiresAt: Date.now() + (expiresIn ?? 3600) * 1000 }),
      find: async (id) => get(id),
      findByUid: async (uid) => findBy('uid', uid),
      findByUserCode: async (userCode) => findBy('userCode', userCode),
      consume: async (id) => {
        const payload = get(id);
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => void store.delete(key(model, id)),
      revokeByGrantId: async (grantId) => {
        for (const [k, entry] of store) if (entry.payload.grantId === grantId) store.delete(k);
      },
    };
  };
}

export async function startLocalIdentityProvider(options: LocalIdentityProviderOptions): Promise<LocalIdentityProvider> {
  const accounts = [demoStaff.center, demoStaff.station, ...(options.extraAccounts ?? [])];
  const bySub = new Map<string, LocalStaffAccount>(accounts.map((a) => [a.sub, a]));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `local-${randomBytes(6).toString('hex')}`;
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const issuer = `http://127.0.0.1:${port}`;
  const claimNames = oidcClaimDefaults;

  const configuration: Configuration = {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: LOCAL_CONSOLE_CLIENT,
        // A public client (a browser page): no secret, PKCE instead.
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [options.consoleUrl],
        post_logout_redirect_uris: [options.consoleUrl],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // The role and area are protocol claims of every ID token here, as a deployer's mappers would add them.
    claims: {
      openid: ['sub', claimNames.roleClaim, claimNames.areaClaim],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Put the requested claims into the ID token itself (the console uses the ID token, no userinfo call).
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.login,
          email_verified: true,
          name: account.name,
          [claimNames.roleClaim]: [...account.groups],
          ...(account.area !== undefined ? { [claimNames.areaClaim]: account.area } : {}),
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The console is this provider's own first-party client: no consent screen, the grant is implied.
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    features: {
      devInteractions: { enabled: false },
      // The console's "Sign out" ends this provider's session too, after a confirmation here.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            '退出登录 / Sign out',
            `${form}<p>要退出派单的本地登录吗？ / Sign out of the local Paidan sign-in?</p>` +
              '<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出 / Sign out</button> ' +
              '<button type="submit" form="op.logoutForm">留在登录状态 / Stay signed in</button>',
          );
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = page('已退出 / Signed out', '<p>已退出登录。 / You are signed out.</p>');
        },
      },
    },
    // An hour, as Cognito's ID tokens in the stack.
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', `<p>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
  };
  const provider = new (await importProvider())(issuer, configuration);
  const callback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
    if (!interaction) return void callback(req, res);
    void handleInteraction(provider, bySub, accounts, req, res, interaction[2] !== undefined, new URL(options.consoleUrl).origin).catch(
      (error: Error) => {
        if (res.headersSent) return res.end();
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Sign-in error', `<p>${escapeHtml(error.message)}</p>`));
      },
    );
  });

  const signIn = async (login: string, password: string): Promise<SignedIn> => {
    const jar = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}) => {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await fetch(new URL(url, issuer), {
        ...init,
        redirect: 'manual',
        headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
      });
      for (const set of res.headers.getSetCookie()) {
        const pair = set.split(';')[0]!;
        const at = pair.indexOf('=');
        const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(set)) jar.delete(name);
        else jar.set(name, value);
      }
      await res.arrayBuffer();
      return res;
    };
    const verifier = base64url(randomBytes(32));
    const state = base64url(randomBytes(16));
    const authorize = new URLSearchParams({
      client_id: LOCAL_CONSOLE_CLIENT,
      redirect_uri: options.consoleUrl,
      response_type: 'code',
      scope: 'openid email profile',
      state,
      code_challenge: base64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    });
    const toLogin = await go(`/auth?${authorize}`);
    const loginPage = toLogin.headers.get('location');
    if (!loginPage) throw new Error(`authorization request answered ${toLogin.status}`);
    const loggedIn = await go(`${loginPage}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login, password }).toString(),
    });
    const resume = loggedIn.headers.get('location');
    if (loggedIn.status !== 303 || !resume) throw new Error(`login of ${login} refused (${loggedIn.status})`);
    const back = (await go(resume)).headers.get('location');
    const returned = back ? new URL(back, options.consoleUrl) : undefined;
    const code = returned?.searchParams.get('code');
    if (!code || returned?.searchParams.get('state') !== state) throw new Error(`no authorization code for ${login}`);
    const tokenResponse = await fetch(new URL('/token', issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: LOCAL_CONSOLE_CLIENT,
        code,
        redirect_uri: options.consoleUrl,
        code_verifier: verifier,
      }).toString(),
    });
    const tokens = (await tokenResponse.json()) as { id_token?: string; access_token?: string };
    if (!tokenResponse.ok || !tokens.id_token || !tokens.access_token) throw new Error(`token endpoint answered ${tokenResponse.status}`);
    return { idToken: tokens.id_token, accessToken: tokens.access_token };
  };

  return {
    issuer,
    staffSignIn: { issuer, clientId: LOCAL_CONSOLE_CLIENT, ...claimNames },
    signingKey: { kid, privateKey },
    signIn,
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The login page (GET) and its form (POST …/login); any other prompt than login is not expected here. */
async function handleInteraction(
  provider: Provider,
  bySub: ReadonlyMap<string, LocalStaffAccount>,
  accounts: readonly LocalStaffAccount[],
  req: IncomingMessage,
  res: ServerResponse,
  submitted: boolean,
  consoleOrigin: string,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
  if (!submitted || req.method !== 'POST') return loginPage(res, details.uid, false, consoleOrigin);
  const form = new URLSearchParams(await readBody(req));
  const account = accounts.find((a) => a.login === form.get('login')?.trim().toLowerCase() && a.password === form.get('password'));
  if (!account || !bySub.has(account.sub)) return loginPage(res, details.uid, true, consoleOrigin);
  await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function loginPage(res: ServerResponse, uid: string, failed: boolean, consoleOrigin: string): void {
  const body =
    `<form method="post" action="/interaction/${escapeHtml(uid)}/login">` +
    (failed ? '<p role="alert" class="error">登录名或密码不对 / Wrong login or password.</p>' : '') +
    '<label>登录名 / Login <input name="login" type="email" autocomplete="username" required autofocus></label>' +
    '<label>密码 / Password <input name="password" type="password" autocomplete="current-password" required></label>' +
    '<button type="submit">登录 / Sign in</button></form>' +
    `<p class="hint">本地演示账号 / Local demo accounts: ${demoStaff.center.login}, ${demoStaff.station.login} (${LOCAL_STAFF_PASSWORD})</p>`;
  res.writeHead(failed ? 401 : 200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The form's redirects end at the console (with the code): browsers hold those to form-action too.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${consoleOrigin}; frame-ancestors 'none'`,
  });
  res.end(page('派单 本地登录 / Paidan local sign-in', body));
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{padding:.5rem 1rem;font-size:1rem}.error{color:#a00}.hint{color:#555;font-size:.875rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
