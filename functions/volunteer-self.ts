/**
 * The volunteer's own pages (我的志愿服务): GET /me (the sign-in, or their page with a valid
 * session), GET /me/certificates/{number} (their certificate, printable), GET /me/register,
 * POST /me/register/code and POST /me/register (registering oneself with an SMS code), POST /me/code (an SMS code to a registered phone, sent by send-notifications), POST /me/sign-in (the code: a
 * session cookie), POST /me/sign-out, and, signed in, POST /me/phone/code and POST /me/phone (a new
 * phone of one's own, confirmed by a code sent to it). Plain forms; a refused post shows its form again. Signing
 * in and registering lead to `?next=` (a path of this site), which every step carries, else to /me.
 */
import {
  CodeStillLiveError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  RegistrationCodesSpentError,
  SmsUnavailableError,
  ValidationError,
} from '#shared/domain/errors';
import { refusalFields } from '#shared/observability/refusals';
import { knownDeviceCookie, knownDeviceCookieName } from '#shared/domain/known-device';
import { secureCookies, sessionCookieName, sessionCookies } from '#shared/domain/sign-in';
import { nextPathOf, pageOptions } from '#shared/http/page-options';
import type { HttpRequest } from '#shared/http/request';
import type { HttpResult } from '#shared/http/response';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { myCertificate, myVolunteerPage } from '#shared/use-cases/my-volunteer-page';
import {
  registerWithCode,
  requestRegistrationCode,
  requestSignInCode,
  sessionVolunteer,
  signInWithCode,
} from '#shared/use-cases/volunteer-sign-in';
import { renderCertificatePage } from '#shared/web/certificate-pages';
import { verifyPathOf } from '#shared/web/volunteer-paths';
import { withPageOptions } from '#shared/web/links';
import { renderRegisterPage } from '#shared/web/volunteer-register-page';
import { areaPickOf } from '#shared/web/area-picker';
import { pickedOrChoice } from '#shared/use-cases/pick-area';
import {
  ME_PATH,
  PHONE_NOTICE_PARAMETER,
  type PhoneNotice,
  renderMyPage,
  renderSignInPage,
  UNSENT_PARAMETER,
} from '#shared/web/volunteer-pages';
import { changeOwnPhone, requestPhoneChangeCode } from '#shared/use-cases/volunteer-phone-change';
import { myClaimsFlags } from '#shared/web/my-claims';
import { myTeamsFlags } from '#shared/web/my-teams';
import { myInvitations } from '#shared/use-cases/team-invitations';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';
import { queuePublisherOnFirstUse } from '#shared/wiring/queue-publisher-on-first-use';
import { smsSender } from '#shared/wiring/sms-senders';
import { smsSettings } from '#shared/wiring/notification-settings';

const { env, logger, tables, clock, dynamo, publisher } = functionContext(
  'volunteer-self',
  {
    ...table.requestViews,
    teams: table.teams,
    signingKeys: table.signingKeys,
    credits: table.credits,
    volunteers: table.volunteers,
    invitations: table.invitations,
    certificates: table.certificates,
    signInCodes: table.signInCodes,
    limiter: table.limiter,
  },
  // Its SQS client loads on the first code asked for: the function's cold start stays as small.
  queuePublisherOnFirstUse,
);
const sender = smsSender(env.TABLE_NAME, { sms: smsSettings(env), devOutbox: env.PAIDAN_DEV_OUTBOX === 'on' }, dynamo);
const deps = { ...tables, sender, publisher, clock };
/** Cookies go only over https, except to the local stack on http. */
const secure = secureCookies(env.PUBLIC_URL);

/** The browser's known-device mark, if it sent one. */
const markOf = (request: HttpRequest): string | undefined => request.cookies[knownDeviceCookieName(secure)];
/** The mark renewed under the current key (a rotation since it was set), to keep. */
const renewed = (mark: string | undefined) => (mark ? { cookies: [knownDeviceCookie(mark, secure)] } : {});

const phoneOf = (request: HttpRequest) => {
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?.phone === 'string' ? body.phone : '';
};

const fieldsOf = (request: HttpRequest): Record<string, string> =>
  Object.fromEntries(
    Object.entries((request.body as Record<string, unknown> | undefined) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );

/** When a refused request for a code may be made again. */
const retryAtOf = (error: RateLimitedError) => new Date(clock.now().getTime() + error.retryAfterSeconds * 1000).toISOString();

/**
 * Logs a code refused for the deployment's day of codes sent at once, or by the SMS provider for
 * a cause not the number's (nobody can register until an operator acts: counted for the refusals
 * alarm, the cause, a code, named); then throws it on.
 */
const smsRefusalLogged =
  (what: 'registration' | 'phone change') =>
  (error: unknown): never => {
    if (error instanceof RegistrationCodesSpentError)
      logger.warn(`${what} code refused: the deployment's day of registration codes is spent`);
    if (error instanceof SmsUnavailableError)
      logger.warn(`${what} code refused by the SMS provider, not for the number`, {
        refusal: error.refusal,
        cause: error.refusalCause,
        ...refusalFields({ misconfigured: 1 }),
      });
    throw error;
  };

/** A step for the signed-in volunteer only (the session check of GET /me); signed out, the sign-in. */
const signedIn =
  (step: (volunteerId: string, request: HttpRequest) => Promise<HttpResult>) =>
  async (request: HttpRequest): Promise<HttpResult> => {
    const volunteerId = await sessionVolunteer(deps, request.cookies[sessionCookieName(secure)]);
    // Signed out: said on the sign-in (a second tap after the change ended the session: sign in with the new number).
    if (!volunteerId)
      return {
        status: 303,
        redirect: `${request.origin}${withPageOptions(ME_PATH, pageOptions(request), { [UNSENT_PARAMETER]: 'phone' })}`,
      };
    return step(volunteerId, request);
  };

/** Their page's 更换手机号 section, saying how changing the phone went. */
const phoneNotice = (request: HttpRequest, notice: PhoneNotice) =>
  `${request.origin}${withPageOptions(`${ME_PATH}#phone`, pageOptions(request), { [PHONE_NOTICE_PARAMETER]: notice })}`;

/** A refused registration step: the same step again, as typed (not the code), each problem at its field, leading where it led. */
async function refusedRegistration(error: unknown, request: HttpRequest) {
  const options = { ...pageOptions(request), next: nextPathOf(request) };
  const { code: _code, ...values } = fieldsOf(request);
  const page = {
    ...options,
    ...(await pickedOrChoice(tables.areas, values.homeAreaId, {})),
    step: request.routeKey === 'POST /me/register' ? ('code' as const) : ('phone' as const),
    values,
  };
  if (error instanceof ValidationError) return { status: 400, html: renderRegisterPage({ ...page, issues: error.issues }) };
  const refused = smsCodeRefusal(error);
  return refused && { status: refused.status, html: renderRegisterPage({ ...page, ...refused.page }) };
}

/** A refused ask for a code sent at once (registering, changing one's phone): its status and the step to show, if it is one. */
function smsCodeRefusal(error: unknown) {
  // A new code refused while one sent a short while ago is live: its code step, to enter the newest.
  if (error instanceof CodeStillLiveError) return { status: 429, page: { step: 'code' as const, live: true, retryAt: retryAtOf(error) } };
  if (error instanceof SmsUnavailableError) return { status: 503, page: { step: 'phone' as const, limited: 'unavailable' as const } };
  if (!(error instanceof RateLimitedError)) return undefined;
  const limited = error instanceof RegistrationCodesSpentError ? ('spent' as const) : true;
  return { status: 429, page: { step: 'phone' as const, limited, retryAt: retryAtOf(error) } };
}

/** A refused step of changing one's phone: the same step again, each problem at its field; another's number, or a change meanwhile, at the number. */
function refusedPhoneChange(error: unknown, request: HttpRequest) {
  const step = request.routeKey === 'POST /me/phone' ? ('code' as const) : ('phone' as const);
  const page = { ...pageOptions(request), flow: 'phone-change' as const, phone: phoneOf(request) };
  if (error instanceof ValidationError && error.issues.every((i) => i.field === 'phone' || i.field === 'code'))
    return { status: 400, html: renderSignInPage({ ...page, step, issues: error.issues }) };
  if (error instanceof ConflictError)
    return { status: 409, html: renderSignInPage({ ...page, step: 'phone', issues: [{ field: 'phone', message: error.message }] }) };
  const refused = smsCodeRefusal(error);
  return refused && { status: refused.status, html: renderSignInPage({ ...page, ...refused.page }) };
}

/** A refused post: the same step again with each problem at its field (or the rate limit). */
async function refusedForm(error: unknown, request: HttpRequest) {
  if (request.routeKey.startsWith('POST /me/register')) return refusedRegistration(error, request);
  if (request.routeKey.startsWith('POST /me/phone')) return refusedPhoneChange(error, request);
  const step = request.routeKey === 'POST /me/sign-in' ? 'code' : 'phone';
  const options = { ...pageOptions(request), next: nextPathOf(request) };
  // A field the page has not (an unknown one) is not the phone's: the generic page names it.
  if (error instanceof ValidationError && error.issues.every((i) => i.field === 'phone' || i.field === 'code'))
    return { status: 400, html: renderSignInPage({ ...options, step, phone: phoneOf(request), issues: error.issues }) };
  // A new code refused while one sent a short while ago is live: the code step, to enter the newest.
  if (error instanceof CodeStillLiveError)
    return {
      status: 429,
      html: renderSignInPage({ ...options, step: 'code', live: true, phone: phoneOf(request), retryAt: retryAtOf(error) }),
    };
  if (error instanceof RateLimitedError)
    return {
      status: 429,
      html: renderSignInPage({ ...options, step: 'phone', phone: phoneOf(request), limited: true, retryAt: retryAtOf(error) }),
    };
  return undefined;
}

export const routes = routeTable('volunteer-self', {
  'GET /me': async (request) => {
    const options = pageOptions(request);
    const volunteerId = await sessionVolunteer(deps, request.cookies[sessionCookieName(secure)]);
    const page = volunteerId ? await myVolunteerPage(deps, volunteerId) : undefined;
    if (!page || !volunteerId) {
      const asked = request.query[UNSENT_PARAMETER];
      const unsent = asked === 'report' || asked === 'phone' ? asked : undefined;
      return {
        status: 200,
        html: renderSignInPage({ ...options, step: 'phone', next: nextPathOf(request), ...(unsent ? { unsent } : {}) }),
      };
    }
    const invitations = await myInvitations(deps, volunteerId);
    const phone = request.query[PHONE_NOTICE_PARAMETER];
    const flags = {
      claims: myClaimsFlags(request.query),
      teams: myTeamsFlags(request.query),
      ...(phone === 'changed' || phone === 'unchanged' ? { phone: phone as PhoneNotice } : {}),
    };
    return { status: 200, html: renderMyPage({ ...options, page, invitations, ...flags }) };
  },
  'POST /me/code': async (request) => {
    // Queued for any phone; send-notifications sends it to a registered one only.
    const { phone, renewedMark } = await requestSignInCode(deps, request.body, request.sourceIp, markOf(request));
    logger.info('sign-in code asked for');
    return {
      status: 200,
      html: renderSignInPage({ ...pageOptions(request), step: 'code', phone, next: nextPathOf(request) }),
      ...renewed(renewedMark),
    };
  },
  'POST /me/sign-in': async (request) => {
    // The mark, with which a code its browser asked for is kept for it (strangers' tries cannot lock it).
    const { session, volunteerId, knownDevice } = await signInWithCode(deps, request.body, request.sourceIp, markOf(request));
    logger.info('volunteer signed in', { volunteerId });
    return {
      status: 303,
      redirect: `${request.origin}${withPageOptions(nextPathOf(request) ?? ME_PATH, pageOptions(request))}`,
      cookies: [...sessionCookies(session, secure), knownDeviceCookie(knownDevice, secure)],
    };
  },
  'GET /me/certificates/{number}': async (request) => {
    const options = pageOptions(request);
    const volunteerId = await sessionVolunteer(deps, request.cookies[sessionCookieName(secure)]);
    // Signed out (or the session lapsed): the sign-in, then their page lists the certificate again.
    if (!volunteerId) return { status: 303, redirect: `${request.origin}${withPageOptions(ME_PATH, options)}` };
    const certificate = await myCertificate(deps, volunteerId, request.pathParameters.number ?? '');
    if (!certificate) throw new NotFoundError('Certificate');
    const verifyUrl = `${env.PUBLIC_URL}${verifyPathOf(certificate.number)}`;
    return { status: 200, html: renderCertificatePage({ ...options, certificate, verifyUrl }) };
  },
  'GET /me/register': async (request) => {
    const { area } = request.query;
    const pick = areaPickOf(request.query);
    return {
      status: 200,
      html: renderRegisterPage({
        ...pageOptions(request),
        ...(await pickedOrChoice(tables.areas, area, pick)),
        step: 'phone',
        next: nextPathOf(request),
      }),
    };
  },
  'POST /me/register/code': async (request) => {
    const { phone, renewedMark } = await requestRegistrationCode(deps, request.body, request.sourceIp, markOf(request)).catch(
      smsRefusalLogged('registration'),
    );
    logger.info('registration code asked for');
    // A new code asked for from the code step keeps what was typed there (the name, the number), never the old code.
    const { code: _code, ...values } = fieldsOf(request);
    return {
      status: 200,
      html: renderRegisterPage({
        ...pageOptions(request),
        ...(await pickedOrChoice(tables.areas, values.homeAreaId, {})),
        step: 'code',
        values: { ...values, phone: values.phone ?? phone },
        next: nextPathOf(request),
      }),
      ...renewed(renewedMark),
    };
  },
  'POST /me/register': async (request) => {
    const { session, volunteerId, registered, knownDevice } = await registerWithCode(deps, request.body, request.sourceIp, markOf(request));
    logger.info(registered ? 'volunteer registered themselves' : 'volunteer signed in by registering again', { volunteerId });
    return {
      status: 303,
      redirect: `${request.origin}${withPageOptions(nextPathOf(request) ?? ME_PATH, pageOptions(request))}`,
      cookies: [...sessionCookies(session, secure), knownDeviceCookie(knownDevice, secure)],
    };
  },
  'POST /me/phone/code': signedIn(async (volunteerId, request) => {
    const client = { sourceIp: request.sourceIp, knownDevice: markOf(request) };
    const asked = await requestPhoneChangeCode(deps, volunteerId, request.body, client).catch(smsRefusalLogged('phone change'));
    if (asked.unchanged) return { status: 303, redirect: phoneNotice(request, 'unchanged') };
    logger.info('phone change code asked for', { volunteerId });
    return {
      status: 200,
      html: renderSignInPage({ ...pageOptions(request), flow: 'phone-change', step: 'code', phone: asked.phone }),
      ...renewed(asked.renewedMark),
    };
  }),
  'POST /me/phone': signedIn(async (volunteerId, request) => {
    const outcome = await changeOwnPhone(deps, volunteerId, request.body, { sourceIp: request.sourceIp, knownDevice: markOf(request) });
    // The audit line: ids and who changed it only, never a phone.
    logger.info('volunteer phone changed', { volunteerId, changed: outcome.changed, by: 'self' });
    if (!outcome.changed) return { status: 303, redirect: phoneNotice(request, 'unchanged') };
    const { session, knownDevice } = outcome.signedIn;
    return {
      status: 303,
      redirect: phoneNotice(request, 'changed'),
      // The change ended their sessions: this one goes on under the new number.
      cookies: [...sessionCookies(session, secure), knownDeviceCookie(knownDevice, secure)],
    };
  }),
  'POST /me/sign-out': async (request) => ({
    status: 303,
    redirect: `${request.origin}${withPageOptions(ME_PATH, pageOptions(request))}`,
    cookies: sessionCookies('', secure, 0),
  }),
});

export const handler = httpHandler({ logger, publicUrl: env.PUBLIC_URL, htmlError: refusedForm }, byRouteKey(routes));
