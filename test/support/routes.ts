import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_METADATA, AccessDeclaration } from '@app/privacy';

export interface DeclaredRoute {
  method: string;
  path: string;
  handler: string;
  access: AccessDeclaration | undefined;
}

/** Every HTTP route the application mounts, with the access it declares (from decorator metadata). */
export function collectRoutes(app: INestApplication): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const moduleRef of app.get(ModulesContainer).values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const access =
          (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessDeclaration | undefined) ??
          (Reflect.getMetadata(ACCESS_METADATA, type) as AccessDeclaration | undefined);
        routes.push({ method: RequestMethod[method], path, handler: `${type.name}.${name}`, access });
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

export function describeAccess(access: AccessDeclaration | undefined): string {
  if (!access) return 'UNDECLARED';
  if (access.public) return 'public';
  const parts = [`roles=${access.roles ? access.roles.join('|') : 'any'}`];
  if (access.personalData)
    parts.push(`personal=${access.personalData.resource}:${access.personalData.action}`);
  if (access.purposes) parts.push(`purposes=${access.purposes.join('|')}`);
  return parts.join(' ');
}
