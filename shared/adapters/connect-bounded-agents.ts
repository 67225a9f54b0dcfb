/**
 * The sockets of a DynamoDB or SQS client, each new connection given `connectMs` from its DNS
 * lookup to its TCP connection. Not the SDK's `connectionTimeout`: @smithy/node-http-handler (4.x)
 * starts that clock when an attempt asks the agent for a socket, so an attempt that waits behind
 * the client's busy sockets is cut as "did not establish a connection" before it has begun to
 * connect (a fan-out of more calls than sockets lost its last calls to it on a loaded machine).
 * The agent creates a connection only when it has a socket to give, so the clock starts here.
 */
import { type AgentOptions, type ClientRequestArgs, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

type Created = (err: Error | null, stream: Duplex) => void;

/**
 * Destroys `socket` with an `ETIMEDOUT` error (the SDK's TimeoutError, retried) if it is still
 * connecting after `connectMs`. The check waits for the event loop's next poll for I/O: when a busy
 * loop comes back late, timers run before the connections it completed meanwhile are seen.
 */
function boundConnecting<S extends Duplex | null | undefined>(socket: S, connectMs: number): S {
  if (!(socket instanceof Socket) || !socket.connecting) return socket;
  const timer = setTimeout(
    () =>
      setImmediate(() => {
        if (!socket.connecting || socket.destroyed) return;
        const error = new Error(`the socket did not connect within ${connectMs} ms (the client's connect bound)`);
        socket.destroy(Object.assign(error, { code: 'ETIMEDOUT' }));
      }),
    connectMs,
  );
  const stop = () => clearTimeout(timer);
  socket.once('connect', stop).once('close', stop);
  return socket;
}

class ConnectBoundedHttpAgent extends HttpAgent {
  constructor(
    options: AgentOptions,
    private readonly connectMs: number,
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs, callback?: Created) {
    return boundConnecting(super.createConnection(options, callback), this.connectMs);
  }
}

class ConnectBoundedHttpsAgent extends HttpsAgent {
  constructor(
    options: AgentOptions,
    private readonly connectMs: number,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, callback?: Created) {
    return boundConnecting(super.createConnection(options, callback), this.connectMs);
  }
}

/**
 * An HTTP and an HTTPS agent like the SDK's own (keep-alive, `maxSockets` per host: the SDK's 50
 * unless given), whose new connections are bounded by `connectMs`; a socket reused from the pool
 * is connected already.
 */
export function connectBoundedAgents(connectMs: number, maxSockets = 50) {
  const options: AgentOptions = { keepAlive: true, maxSockets };
  return { httpAgent: new ConnectBoundedHttpAgent(options, connectMs), httpsAgent: new ConnectBoundedHttpsAgent(options, connectMs) };
}
