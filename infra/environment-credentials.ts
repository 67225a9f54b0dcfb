/**
 * Lambda puts the function's credentials in its environment. The bundles use this module in
 * place of `@aws-sdk/credential-provider-node` (aliased in `infra/function-bundles.ts`), whose
 * default chain (SSO, shared files, process, web identity, IMDS and the STS and SSO clients
 * they carry) a function never walks: about 95 KB of every bundle. Sources run under tsx (the
 * local stack, scripts) keep the SDK's full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
