import net from 'node:net';

/** Whether something accepts connections there (a Redis, we assume, and check with PING). */
export function canConnect(where: { path: string } | { host: string; port: number }, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(where as net.NetConnectOpts);
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => finish(/^(\+PONG|-NOAUTH)/.test(d.toString())));
  });
}
