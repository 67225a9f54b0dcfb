/** Ports that record their calls: which ports a use case calls, in order, for comparing two runs call for call. */

/** `deps` with every call to each of its ports recorded as `port.method`, in order. */
export function recorded<D extends object>(deps: D): { deps: D; calls: string[] } {
  const calls: string[] = [];
  const wrap = (name: string, port: object) =>
    new Proxy(port, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(key)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped = Object.fromEntries(
    Object.entries(deps).map(([name, port]) => [name, typeof port === 'object' && port !== null ? wrap(name, port) : port]),
  );
  return { deps: wrapped as D, calls };
}
