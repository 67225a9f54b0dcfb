import { describe } from 'vitest';
import { MemoryCertificateStore } from '#shared/adapters/memory/certificate-store';
import { certificateStoreContract } from '../../support/certificate-store-contract';

describe('MemoryCertificateStore', () => {
  const store = new MemoryCertificateStore();
  certificateStoreContract(() => store, 'mem');
});
