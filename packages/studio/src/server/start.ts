/**
 * Starts the studio on the loopback address (127.0.0.1 only) with a fresh token and returns its URL,
 * token included.
 */
import { bundledRuleSetDir } from '@anquan/rules';
import { createStudioApp } from './app.js';
import { loadFacts, type FactsOptions } from './facts.js';
import { newToken } from './token.js';

export interface StudioOptions extends FactsOptions {
  /** The rules folder to edit (default: the bundled rule sets). */
  rulesDir?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** The access token (default: 24 random bytes). */
  token?: string;
}

export interface RunningStudio {
  url: string;
  token: string;
  rulesDir: string;
  close(): Promise<void>;
}

export async function startStudio(options: StudioOptions = {}): Promise<RunningStudio> {
  const host = '127.0.0.1';
  const token = options.token ?? newToken();
  const rulesDir = options.rulesDir ?? bundledRuleSetDir();
  const facts = await loadFacts(options);
  const app = createStudioApp({ rulesDir, token, facts });
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { url: `http://${host}:${port}/?token=${token}`, token, rulesDir, close: () => app.close() };
}
