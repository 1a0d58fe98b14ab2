import net from 'node:net';

/**
 * A TCP forwarder a test can cut and restore on the same port: while cut, open connections are
 * destroyed and new ones closed at once, like a database that went away and came back.
 */
export class SwitchableProxy {
  private readonly sockets = new Set<net.Socket>();
  private isCut = false;

  private constructor(private readonly server: net.Server) {}

  static async start(host: string, port: number): Promise<SwitchableProxy> {
    const server = net.createServer();
    const proxy = new SwitchableProxy(server);
    server.on('connection', (client) => proxy.forward(client, host, port));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  private forward(client: net.Socket, host: string, port: number): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }

  cut(): void {
    this.isCut = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.isCut = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
