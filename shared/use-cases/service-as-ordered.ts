/** The service of one request as it was ordered: its name and form then (`service-forms.ts`), and today's entry. */
import type { Service } from '#shared/domain/catalog';
import { serviceAsOrdered, type ServiceAsOrdered } from '#shared/domain/service-forms';
import type { ServiceRequest } from '#shared/domain/service-request';
import type { CatalogRepository } from '#shared/ports/catalog-repository';

/**
 * One read as before for a service not saved since the request was made (the common case: the
 * offer, acceptance and completion notices make no other); the kept forms only when it was.
 */
export async function requestedService(
  catalog: Pick<CatalogRepository, 'editedService' | 'earlierForms'>,
  request: Pick<ServiceRequest, 'serviceCode' | 'createdAt'>,
): Promise<{ today: Service | undefined; ordered: ServiceAsOrdered }> {
  const today = await catalog.editedService(request.serviceCode);
  const savedSince = today?.updatedAt !== undefined && today.updatedAt > request.createdAt;
  const earlier = savedSince ? await catalog.earlierForms(request.serviceCode) : [];
  return { today, ordered: serviceAsOrdered(request.serviceCode, today, earlier, request.createdAt) };
}
