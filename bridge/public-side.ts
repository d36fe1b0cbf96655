// The public side of a running bridge: the Talkdesk port, served here alone or spread over public processes.
import type { AddressInfo } from 'node:net';
import type { Bridge, BridgeOptions } from './bridge.js';
import { PublicProcesses, type PublicProcessStatus } from './cluster/public-processes.js';
import { addressUrl, closeServer, listen, urlOf } from './http/listen.js';
import { createPublicApp } from './http/public-app.js';
import { createPublicServer } from './http/public-server.js';

export interface PublicSide {
  url: string; port: number; localCallUrl?: string; status(): PublicProcessStatus[]; onChange(listener: () => void): () => void; close(): Promise<void>;
}

export async function startPublicSide(bridge: Bridge, options: BridgeOptions, host: string): Promise<PublicSide> {
  const processes = options.publicProcesses ?? 1;
  if (processes <= 1) {
    const server = createPublicServer(createPublicApp(bridge));
    await listen(server, host, options.publicPort ?? 0);
    const { port } = server.address() as AddressInfo;
    let connections = 0;
    server.on('connection', () => { connections += 1; });
    return {
      url: urlOf(server, host), port, status: () => [{ pid: process.pid, serving: true, connections }], onChange: () => () => {}, close: () => closeServer(server),
    };
  }
  const cluster = await PublicProcesses.start(bridge, { processes, dataDir: bridge.dataDir, host, port: options.publicPort ?? 0, logger: options.logger, env: options.env });
  bridge.onProfile((profile) => cluster.profileChanged(profile));
  bridge.apiKeys.onChange(() => cluster.keysChanged());
  return {
    url: addressUrl(cluster.address(), host), port: cluster.address().port, localCallUrl: addressUrl(cluster.localAddress(), host),
    status: () => cluster.status(), onChange: (listener) => cluster.onChange(listener), close: () => cluster.close(),
  };
}
