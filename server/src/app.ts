import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Server } from 'node:http';
import type { AppContext, Services } from './context';
import type { Database } from './db/duckdb';
import { AgentService } from './agents/agent.service';
import { TokenService } from './auth/token.service';
import { depthLimit } from './graphql/depth-limit';
import { WEB_DIST_DIR } from './paths';
import { RunService } from './runs/run.service';
import { buildAppSchema } from './schema';

/** Builds the services of one server over an open database. */
export function createServices(database: Database, openReads: boolean): Services {
  return {
    tokens: new TokenService(database, openReads),
    agents: new AgentService(database),
    runs: new RunService(database),
  };
}

const NO_WEB_BUILD_PAGE = `<!doctype html><title>Yardstick</title>
<p>The web UI is not built yet: run <code>npm run build -w @yardstick/web</code>, then reload.
The GraphQL API is at <a href="/graphql">/graphql</a>.</p>`;

/**
 * The Express app: POST/GET /graphql (Apollo), /healthz, and the web UI from web/dist with an
 * SPA fallback to index.html (or a page saying how to build it). Call apollo.stop() on shutdown.
 */
export async function createApp(options: { services: Services; httpServer: Server; webDistDir?: string }) {
  const schema = await buildAppSchema();
  const apollo = new ApolloServer<AppContext>({
    schema,
    validationRules: [depthLimit()],
    includeStacktraceInErrorResponses: false,
    formatError(formatted, error) {
      // Expected failures carry a code; anything else is a bug: log it once, here.
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') console.error('GraphQL error:', error);
      return formatted;
    },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer })],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.use(
    '/graphql',
    express.json({ limit: '50mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<AppContext> => ({
        principal: await options.services.tokens.authenticate(req.headers.authorization),
        services: options.services,
      }),
    }),
  );

  const webDist = options.webDistDir ?? WEB_DIST_DIR;
  const indexHtml = join(webDist, 'index.html');
  if (existsSync(indexHtml)) {
    app.use(express.static(webDist, { index: 'index.html' }));
    app.use((req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      res.sendFile(indexHtml);
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(NO_WEB_BUILD_PAGE);
    });
  }
  return { app, apollo };
}
