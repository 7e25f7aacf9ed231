/** Layer of a class or file: annotations and base classes first, then package/folder names. */
import type { ClassInfo } from "./classes.js";
import type { Layer } from "./types.js";

const ANNOTATION_LAYER: Record<string, Layer> = {
  RestController: "controller",
  Controller: "controller",
  ControllerAdvice: "controller",
  RestControllerAdvice: "controller",
  JsonController: "controller",
  Service: "service",
  Repository: "repository",
  Entity: "model",
  Table: "model",
  Embeddable: "model",
  MappedSuperclass: "model",
  Configuration: "config",
  ConfigurationProperties: "config",
  SpringBootApplication: "config",
  dataclass: "model",
};

const SUPER_LAYER: Record<string, Layer> = {
  JpaRepository: "repository",
  CrudRepository: "repository",
  PagingAndSortingRepository: "repository",
  Repository: "repository",
  BaseModel: "dto",
  BaseSettings: "config",
  Exception: "exception",
  RuntimeException: "exception",
  Error: "exception",
  BaseEntity: "model",
  ValueError: "exception",
};

const FOLDER_LAYER: Record<string, Layer> = {
  controller: "controller",
  controllers: "controller",
  web: "controller",
  api: "controller",
  routes: "controller",
  routers: "controller",
  views: "controller",
  handlers: "controller",
  handler: "controller",
  service: "service",
  services: "service",
  usecase: "service",
  usecases: "service",
  repository: "repository",
  repositories: "repository",
  repo: "repository",
  dao: "repository",
  persistence: "repository",
  store: "repository",
  stores: "repository",
  storage: "repository",
  model: "model",
  models: "model",
  entity: "model",
  entities: "model",
  domain: "model",
  dto: "dto",
  dtos: "dto",
  schemas: "dto",
  config: "config",
  configuration: "config",
  settings: "config",
  exception: "exception",
  exceptions: "exception",
  errors: "exception",
};

/** Python route decorators: `app.get`, `router.post`, `bp.route`, `app.route`. */
export const PY_ROUTE = /^\w+\.(get|post|put|patch|delete|route|api_route)$/;

export function classLayer(c: ClassInfo): { layer: Layer; reason: string } | undefined {
  for (const a of c.annotations) {
    const l = ANNOTATION_LAYER[a.name.replace(/^dataclasses\./, "")];
    if (l !== undefined) return { layer: l, reason: `@${a.name}` };
  }
  if (c.methods.some((m) => m.annotations.some((a) => PY_ROUTE.test(a.name)))) {
    return { layer: "controller", reason: "route decorator" };
  }
  for (const s of c.supers) {
    const l = SUPER_LAYER[s];
    if (l !== undefined || /Exception$/.test(s)) return { layer: l ?? "exception", reason: `extends ${s}` };
  }
  return undefined;
}

export function folderLayer(path: string): { layer: Layer; reason: string } | undefined {
  const parts = path.split("/");
  if (parts.some((p, i) => i < parts.length - 1 && /^(tests?|__tests__|spec)$/i.test(p))) {
    return { layer: "other", reason: "test code" };
  }
  const file = (parts.pop() ?? "").replace(/\.\w+$/, "").toLowerCase();
  for (let i = parts.length - 1; i >= 0; i--) {
    const l = FOLDER_LAYER[(parts[i] as string).toLowerCase()];
    if (l !== undefined) return { layer: l, reason: `folder ${parts[i]}/` };
  }
  const l = FOLDER_LAYER[file];
  if (l !== undefined) return { layer: l, reason: `file ${file}` };
  // `parcel.controller.ts`, `parcel_store.go`: the last word of the file name.
  const suffix = /[._-]([a-z]+)$/.exec(file)?.[1];
  const s = suffix === undefined || /\.py$/.test(path) ? undefined : FOLDER_LAYER[suffix];
  return s === undefined ? undefined : { layer: s, reason: `file ${file}` };
}

const NAME_LAYER: [RegExp, Layer][] = [
  [/(Controller|Handler|Resource)$/, "controller"],
  [/(Service|UseCase)$/, "service"],
  [/(Repository|Repo|Store|Dao|DAO)$/, "repository"],
];

/** TypeScript/JavaScript and Go classes named by convention: `ParcelService`, `OrderStore`. */
export function nameLayer(c: ClassInfo): { layer: Layer; reason: string } | undefined {
  if (c.lang === "java" || c.lang === "python" || c.kind === "module") return undefined;
  for (const [re, layer] of NAME_LAYER) if (re.test(c.name)) return { layer, reason: `name ${c.name}` };
  return undefined;
}
