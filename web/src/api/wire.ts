// Names for the parts of the types generated from docs/openapi.yaml (schema.d.ts, `npm run
// gen:api`) that the api files use: a schema as the server sends it, a route's JSON body and
// its query parameters.
import type { components, paths } from './schema';

// A schema of openapi.yaml as the server sends it. The yaml lists every field the server
// always sends but marks none of them required, so each is required here.
export type Sent<Name extends keyof components['schemas']> = Required<components['schemas'][Name]>;

type Route = keyof paths;
type Operation<Path extends Route, Method extends 'get' | 'post' | 'put' | 'patch'> = NonNullable<paths[Path][Method]>;

// The JSON body a route takes.
export type RequestBody<Path extends Route, Method extends 'post' | 'put' | 'patch'> =
  Operation<Path, Method> extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

// The query parameters a route takes.
export type QueryParameters<Path extends Route> =
  Operation<Path, 'get'> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;
