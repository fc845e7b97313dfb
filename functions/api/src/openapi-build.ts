// The OpenAPI document as the build writes it beside the Lambda bundle (openapi.json), so the function
// serves a file instead of generating the document from its routes: the same app, assembled over inert
// dependencies, since describing the routes touches no store and verifies no token.
import { createDynamoClients, EventStore } from '@okr-ledger/event-store';
import { createViewsReader } from '@okr-ledger/projections';
import { createApp, openApiDocument } from './app.js';

export { OPENAPI_FILE } from './openapi-file.js';

export function buildOpenApiDocument(): unknown {
  const { doc } = createDynamoClients({ endpoint: 'http://127.0.0.1:9', region: 'local' });
  const silent = () => undefined;
  const app = createApp({
    store: new EventStore({ client: doc, tableName: 'unused' }),
    views: createViewsReader({ doc, viewsTableName: 'unused' }),
    verifyToken: async () => {
      throw new Error('the OpenAPI build verifies no token');
    },
    clock: () => new Date(),
    logger: { info: silent, warn: silent, error: silent },
  });
  return openApiDocument(app);
}
