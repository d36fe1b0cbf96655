// A small client for the admin API in tests: the bridge's token, JSON in and out.
import { startTestBridge, type TestBridge } from '../support/bridge-harness.js';

export interface AdminAnswer { status: number; body: any; headers: Headers }

export interface AdminTestBridge extends TestBridge {
  origin: string;
  admin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<AdminAnswer>;
}

export async function startAdminBridge(options: Parameters<typeof startTestBridge>[0] = {}): Promise<AdminTestBridge> {
  const bridge = await startTestBridge(options);
  const origin = new URL(bridge.bridge.adminUrl).origin;
  const token = bridge.bridge.adminToken;
  return Object.assign(bridge, {
    origin,
    async admin(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(`${origin}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* kept as text for the assertion to show */ }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  });
}

/** The demo database as a draft connection, as the wizard sends it. */
export function demoConnection(bridge: TestBridge): { dialect: 'sqlite'; filename: string } {
  const connection = bridge.bridge.context.profile().integrations[0]!.connection;
  return { dialect: 'sqlite', filename: connection.filename! };
}
