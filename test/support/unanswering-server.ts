/**
 * A local HTTP endpoint that never answers, for the tests of SDK call bounds: `hang` reads the
 * request and never answers; `stall` sends the status line and a piece of the body, then nothing;
 * `slow` answers an empty body after `slowMs`; `answer` answers it at once, and `answerHeld()` the
 * requests `hang` holds. Each test starts in `hang` with no attempts counted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface UnansweringServer {
  readonly endpoint: string;
  /** Requests received since the test began. */
  attempts: number;
  mode: 'hang' | 'stall' | 'slow' | 'answer';
  /** Answers every request `hang` holds, as `answer` does. */
  answerHeld(): void;
}

export function useUnansweringServer(answer: {
  readonly contentType: string;
  /** What `stall` sends of a body before it falls silent. */
  readonly stalledBody: string;
  readonly slowMs?: number;
}): () => UnansweringServer {
  const open: ServerResponse<IncomingMessage>[] = [];
  let server: Server;
  const answerNow = (res: ServerResponse<IncomingMessage>) => res.writeHead(200, { 'content-type': answer.contentType }).end('{}');
  const state = {
    endpoint: '',
    attempts: 0,
    mode: 'hang' as UnansweringServer['mode'],
    answerHeld: () => {
      for (const res of open.splice(0)) if (!res.headersSent) answerNow(res);
    },
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      state.attempts++;
      req.resume();
      if (state.mode === 'stall') res.writeHead(200, { 'content-type': answer.contentType }).write(answer.stalledBody);
      if (state.mode === 'slow') setTimeout(() => answerNow(res), answer.slowMs ?? 0);
      else if (state.mode === 'answer') answerNow(res);
      else open.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const res of open.splice(0)) res.destroy();
    state.attempts = 0;
    state.mode = 'hang';
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return () => state;
}
