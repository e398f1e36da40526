import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { API_CONTROLLERS } from '../app.module.js';
import { ReadAdmissionInterceptor } from './read-admission.interceptor.js';

interface Route {
  route: string;
  /** The interceptors bound to it, on its controller or on itself. */
  interceptors: unknown[];
}

/** Every route of the API's controllers, as Nest reads it from their metadata, with the interceptors bound to it. */
function routes(): Route[] {
  return API_CONTROLLERS.flatMap((controller: Type) => {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller));
    const onClass: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, controller) ?? [];
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler: unknown = controller.prototype[name];
      if (typeof handler !== 'function') return [];
      const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) return [];
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
      const onMethod: unknown[] = Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? [];
      return [
        {
          route: `${RequestMethod[method]} /${[prefix, path]
            .map((part) => part.replace(/^\/|\/$/g, ''))
            .filter(Boolean)
            .join('/')}`,
          interceptors: [...onClass, ...onMethod],
        },
      ];
    });
  });
}

describe('read admission is bound route by route', () => {
  test('every GET under /v1 goes through it (HEAD takes the GET route), the feed excepted: it has admission of its own', () => {
    const reads = routes().filter(({ route }) => route.startsWith('GET /v1/') && route !== 'GET /v1/feed');
    expect(reads.length).toBeGreaterThanOrEqual(10);
    expect(reads.filter(({ interceptors }) => !interceptors.includes(ReadAdmissionInterceptor)).map(({ route }) => route)).toEqual([]);
  });

  test('no write, and nothing outside /v1, has it, nor any other interceptor: Nest then runs them without its RxJS chain', () => {
    const others = routes().filter(({ route }) => !route.startsWith('GET /v1/'));
    expect(others.some(({ route }) => route.startsWith('POST /v1/'))).toBe(true);
    expect(others.filter(({ interceptors }) => interceptors.length > 0).map(({ route }) => route)).toEqual([]);
  });
});
