/**
 * Setup file of the integration and browser projects: every byte a test file's process writes
 * (the local stack's lines and every handler's logs) and every `npm start` child it ran writes is
 * kept, and after the file it must hold no resident's phone number, address or a fixture's name.
 * So the whole suite is a personal-data check of the logs, not one test run.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { childOutput, forgetChildOutputs, tapOutput, type OutputTap } from './output-tap';

/** Mainland mobiles with or without +86; addresses (楼/单元/室 numbers); the residents the tests use. */
const forbidden: readonly RegExp[] = [
  /(?<![\w+])1[3-9]\d{9}(?!\w)/,
  /\+861[3-9]\d{9}/,
  /\d+号楼|\d+单元|\d+室/,
  /王秀兰|张秀英|欧阳慧敏|周奶奶|郑桂芳|赵大爷|李奶奶|王大爷|测试路/,
];

let tap: OutputTap | undefined;

beforeAll(() => {
  forgetChildOutputs();
  tap = tapOutput();
});

afterAll(() => {
  const captured = `${tap?.text() ?? ''}\n${childOutput()}`;
  tap?.stop();
  const leaks = captured.split('\n').filter((line) => forbidden.some((pattern) => pattern.test(line)));
  expect(leaks, 'log lines with personal data').toEqual([]);
});
