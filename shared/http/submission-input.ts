/**
 * Turns a POST /requests body into the shape `submissionSchema` parses. JSON passes through;
 * an HTML form carries each service's extra fields as `attr.<serviceCode>.<fieldCode>` (one
 * fieldset per service, since a page without JavaScript cannot change with the choice), and
 * only the chosen service's fields become `attributes`.
 */
import { ValidationError } from '#shared/domain/errors';
import type { Resubmit } from '#shared/use-cases/submit-request';
import { FORM_KEY_FIELD } from '#shared/web/request-form-page';
import { RESUBMIT_FIELD } from '#shared/web/resubmit-page';
import type { HttpRequest } from './request';

const ATTR_PREFIX = 'attr.';

export function submissionInput(request: HttpRequest): unknown {
  if (request.bodyKind === 'none') throw new ValidationError([{ field: '(body)', message: 'Request body is required' }]);
  if (request.bodyKind === 'json') return request.body;
  const form = request.body as Record<string, string | string[]>;
  const chosen = typeof form.serviceCode === 'string' ? form.serviceCode : '';
  const fields: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (key === FORM_KEY_FIELD || key === RESUBMIT_FIELD) continue;
    if (!key.startsWith(ATTR_PREFIX)) {
      fields[key] = value;
      continue;
    }
    const [serviceCode, fieldCode] = key.slice(ATTR_PREFIX.length).split('.', 2);
    if (serviceCode === chosen && fieldCode) attributes[fieldCode] = value;
  }
  return { ...fields, attributes };
}

/** Optional `Idempotency-Key` header: 1 to 200 visible ASCII characters. */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: 'Must be 1 to 200 visible ASCII characters' }]);
  }
  return key;
}

/**
 * The order form's own key (a hidden field drawn when the form is shown): the same form sent
 * twice (a double tap, a refresh of the answer, back and send) makes one request. A malformed
 * one is ignored: it only ever guards against repeats.
 */
export function formKeyOf(request: HttpRequest): string | undefined {
  if (request.bodyKind !== 'form') return undefined;
  const key = (request.body as Record<string, unknown>)[FORM_KEY_FIELD];
  return typeof key === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(key) ? key : undefined;
}

/** The resident's answer on the "sent one just now" page (`renderResubmitChoice`); anything else is no answer. */
export function resubmitOf(request: HttpRequest): Resubmit | undefined {
  if (request.bodyKind !== 'form') return undefined;
  const choice = (request.body as Record<string, unknown>)[RESUBMIT_FIELD];
  return choice === 'replace' || choice === 'both' ? choice : undefined;
}

/** The form's fields, to fill the form again after a refused post: a repeated field (ticked boxes) as its list. */
export function formValues(request: HttpRequest): Record<string, string | readonly string[]> {
  if (request.bodyKind !== 'form') return {};
  return { ...(request.body as Record<string, string | string[]>) };
}
