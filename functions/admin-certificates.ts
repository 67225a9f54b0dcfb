/**
 * Service-record certificates for center admins: POST /admin/volunteers/{id}/certificates
 * (issue one for a period), GET /admin/volunteers/{id}/certificates (the person's), GET
 * /admin/certificates/{number} (as issued), GET /admin/certificates/{number}/pdf (the PDF,
 * font embedded), POST /admin/certificates/{number}/revoke.
 */
import { staffTokensOf } from '#shared/http/staff-token';
import { httpHandler } from '#shared/lambda/http-handler';
import { byRouteKey, routeTable } from '#shared/lambda/http-routes';
import { certificatePdf } from '#shared/pdf/certificate-pdf';
import { certificateForStaff, certificatesOf, issueCertificate, revokeCertificate } from '#shared/use-cases/certificates';
import { verifyPathOf } from '#shared/web/volunteer-paths';
import { functionContext } from '#shared/wiring/function-context';
import * as table from '#shared/wiring/table-adapters';

const { env, logger, tables, clock } = functionContext('admin-certificates', {
  ...table.requestViews,
  credits: table.credits,
  volunteers: table.volunteers,
  certificates: table.certificates,
});
const deps = { ...tables, clock };

export const routes = routeTable('admin-certificates', {
  'POST /admin/volunteers/{id}/certificates': async (request) => {
    const staff = request.staff();
    const certificate = await issueCertificate(deps, staff, request.pathParameters.id ?? '', request.body);
    logger.info('certificate issued', { number: certificate.number, volunteerId: certificate.volunteerId, staff: staff.id });
    return { status: 201, json: certificate };
  },
  'GET /admin/volunteers/{id}/certificates': async (request) => ({
    status: 200,
    json: await certificatesOf(deps, request.staff(), request.pathParameters.id ?? ''),
  }),
  'GET /admin/certificates/{number}': async (request) => ({
    status: 200,
    json: await certificateForStaff(deps, request.staff(), request.pathParameters.number ?? ''),
  }),
  'GET /admin/certificates/{number}/pdf': async (request) => {
    const certificate = await certificateForStaff(deps, request.staff(), request.pathParameters.number ?? '');
    return {
      status: 200,
      bytes: certificatePdf(certificate, `${env.PUBLIC_URL}${verifyPathOf(certificate.number)}`),
      contentType: 'application/pdf',
      headers: { 'content-disposition': `attachment; filename="certificate-${certificate.number}.pdf"` },
    };
  },
  'POST /admin/certificates/{number}/revoke': async (request) => {
    const staff = request.staff();
    const certificate = await revokeCertificate(deps, staff, request.pathParameters.number ?? '', request.body);
    logger.info('certificate revoked', { number: certificate.number, staff: staff.id });
    return { status: 200, json: certificate };
  },
});

export const handler = httpHandler({ logger, staffTokens: staffTokensOf(env) }, byRouteKey(routes));
