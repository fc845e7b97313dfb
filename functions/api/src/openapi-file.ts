// Where the build puts the OpenAPI document beside the Lambda bundle, named once for the build and the entry.
export const OPENAPI_FILE = 'openapi.json';
