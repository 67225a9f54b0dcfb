/**
 * Setup file of the integration and browser projects: every byte a test file's process writes
 * (the local stack's lines and every handler's logs) is kept, and after the file it must hold no
 * resident's phone number, address or a fixture's name. So the whole suite is a personal-data
 * check of the logs, not one test run.
 */
import { afterAll, beforeAll, expect } from 'vitest';

/** Mainland mobiles with or without +86; addresses (楼/单元/室 numbers); the residents the tests use. */
const forbidden: readonly RegExp[] = [
  /(?<![\w+])1[3-9]\d{9}(?!\w)/,
  /\+861[3-9]\d{9}/,
  /\d+号楼|\d+单元|\d+室/,
  /王秀兰|张秀英|欧阳慧敏|周奶奶|郑桂芳|赵大爷|李奶奶|王大爷|测试路/,
];

let captured = '';
const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(() => {
  const tap = (original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tap(originals.out);
  process.stderr.write = tap(originals.err);
});

afterAll(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  const leaks = captured.split('\n').filter((line) => forbidden.some((pattern) => pattern.test(line)));
  captured = '';
  expect(leaks, 'log lines with personal data').toEqual([]);
});
