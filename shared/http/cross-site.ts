/**
 * Cross-site request forgery: a state-changing request (any method but GET, HEAD, OPTIONS) a
 * browser sent from another site's page is refused before any handler runs. SameSite=Lax alone
 * lets a sibling subdomain of a shared registrable domain through, and a form post needs no
 * cookie to do harm (signing a browser in to someone else's account).
 *
 * A browser says where a request comes from: `Sec-Fetch-Site` (all current browsers), which must
 * be `same-origin` or `none` (typed or bookmarked); without it, `Origin`, which must be the
 * deployment's public origin (`PUBLIC_URL`; `null` is refused). A request with neither header is
 * no browser's page (curl, a station's system, a server-side API client) and passes: it cannot
 * carry a visitor's cookie. Bearer-token routes are checked too: the API grants no CORS, so no
 * page of another origin can call them anyway, and our own consoles post from this origin.
 * A function not given `PUBLIC_URL` (the bearer-only team and admin APIs, the read-only lookup)
 * has no origin to compare `Origin` with and checks `Sec-Fetch-Site` only; every function that
 * reads the volunteer's cookie or acts on a resident's link is given it.
 */
import { CrossSiteRequestError } from '#shared/domain/errors';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const OWN_SITE: ReadonlySet<string> = new Set(['same-origin', 'none']);

/** Throws CrossSiteRequestError when a browser sent this state-changing request from another site. `headers` in lower case. */
export function refuseCrossSite(
  method: string,
  headers: Readonly<Record<string, string | undefined>>,
  publicUrl: string | undefined,
): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  const site = headers['sec-fetch-site'];
  if (site !== undefined) {
    if (!OWN_SITE.has(site.trim().toLowerCase())) throw new CrossSiteRequestError('Sec-Fetch-Site');
    return;
  }
  const origin = headers.origin;
  if (origin === undefined || publicUrl === undefined) return;
  if (origin.trim() !== new URL(publicUrl).origin) throw new CrossSiteRequestError('Origin');
}
