/**
 * Stands in, inside the function bundles only, for two parts of the AWS SDK that are reached only
 * through a dynamic `import()` on paths Paidan never takes: event streams (none of its services'
 * operations has one) and the browser's user-agent parser (`bowser`). esbuild inlines a dynamic
 * import when it does not split, so each cost every bundle about 50 KB to parse at cold start.
 * Reaching either is a bundling mistake, and says so.
 */
function absent(part: string): never {
  throw new Error(`${part} is left out of the function bundles (infra/function-bundles.ts)`);
}

export class EventStreamSerde {
  constructor() {
    absent('The AWS SDK event-stream support');
  }
}
export const eventStreamSerdeProvider = () => absent('The AWS SDK event-stream support');
export const parse = () => absent('The browser user-agent parser');
export default { parse };
