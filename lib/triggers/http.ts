/** Functions behind API Gateway: a route's trigger is its method and path (its crate: `crates/http.ts`). */
import type { HttpTrigger, LambdaFunction, Route } from '../types.js';

/** A route as a function with its trigger: the shape every kind of function shares. */
export function routeFunction(route: Route): LambdaFunction & { trigger: HttpTrigger } {
  const { method, path, ...rest } = route;
  return { ...rest, trigger: { type: 'http', method, path } };
}
