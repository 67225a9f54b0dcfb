/**
 * A local port whose connections never complete, for the tests of connect bounds: a listener in a
 * worker thread whose event loop is blocked, so it accepts nothing, and whose backlog of 1 is
 * full (Linux completes `backlog + 1` handshakes unaccepted, then drops every SYN: a connect
 * hangs as to a host that does not answer).
 */
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';

const listener = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(workerData.release, 0, 0);
  server.close();
});`;

/** The endpoint (`http://127.0.0.1:port`) of a port that never completes a connection, for the file's tests. */
export function useUnacceptingPort(): () => string {
  const release = new Int32Array(new SharedArrayBuffer(4));
  const fillers: Socket[] = [];
  let worker: Worker;
  let endpoint = '';
  beforeAll(async () => {
    worker = new Worker(listener, { eval: true, workerData: { release } });
    const port = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    for (let i = 0; i < 2; i++) {
      const socket = connect(port, '127.0.0.1');
      fillers.push(socket);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    }
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const socket of fillers) socket.destroy();
    Atomics.store(release, 0, 1);
    Atomics.notify(release, 0);
    await worker.terminate();
  });
  return () => endpoint;
}
