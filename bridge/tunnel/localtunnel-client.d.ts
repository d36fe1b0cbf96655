// Types for the parts of the localtunnel client package that the localtunnel provider uses.
declare module 'localtunnel/lib/Tunnel.js' {
  import { EventEmitter } from 'node:events';

  /** What a localtunnel relay answers to GET /<name>. */
  export interface RelayGrant {
    id: string;
    url: string;
    port: number;
    ip?: string;
    max_conn_count?: number;
    cached_url?: string;
  }

  export interface TunnelOptions {
    host: string;
    port: number;
    local_host?: string;
    subdomain?: string;
  }

  export default class Tunnel extends EventEmitter {
    constructor(options: TunnelOptions);
    closed: boolean;
    url?: string;
    clientId?: string;
    protected _init(callback: (error: Error | null, info?: unknown) => void): void;
    protected _getInfo(body: RelayGrant): unknown;
    open(callback: (error?: Error) => void): void;
    close(): void;
  }
}
