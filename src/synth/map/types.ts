/** The domain map of `smelt synth` (step 2): modules, layers, entities, operations, flows, config. */

export type Layer = "controller" | "service" | "repository" | "model" | "dto" | "config" | "exception" | "other";

/** A span of a file: path relative to the repository root, lines 1-based inclusive. */
export interface Span {
  path: string;
  start_line: number;
  end_line: number;
}

export interface DomainModule {
  name: string;
  /** Folder relative to the root ("." for a single-module repository). */
  path: string;
  kind: "maven" | "gradle" | "python" | "node" | "folder";
  files: number;
}

export interface FileLayer {
  path: string;
  layer: Layer;
  /** What decided it: `@RestController`, `folder service/`, `extends JpaRepository`. */
  reason: string;
}

export interface Field {
  name: string;
  type: string;
  line: number;
}

export interface Entity extends Span {
  name: string;
  /** What made it an entity: `@Entity`, `@Table`, `dataclass`, `pydantic`, `typeorm`, `folder model/`. */
  source: string;
  /** The table it maps to (`@Table(name=...)` or `__tablename__`), when stated. */
  table?: string;
  fields: Field[];
}

export interface Column {
  name: string;
  type: string;
  line: number;
}

export interface Table extends Span {
  name: string;
  columns: Column[];
}

export interface Operation extends Span {
  /** `OrderService.placeOrder`. */
  qualified: string;
  name: string;
  owner: string;
  /** Annotations/decorators as written without arguments: `Transactional`. */
  annotations: string[];
}

export interface ConfigEntry {
  path: string;
  /** Dotted key: `shopfloor.order.max-items-per-order`. */
  key: string;
  value: string;
  line: number;
}

export interface FlowStep extends Span {
  qualified: string;
  /** The method is inherited (e.g. JpaRepository.save): the span is the declaring type's. */
  inherited?: boolean;
}

export interface FlowEntry {
  kind: "http" | "scheduled";
  /** HTTP method (GET, POST...) when known. */
  method?: string;
  /** Route path with the class prefix, when known. */
  route?: string;
  /** `fixedDelayString = "..."` and the like for scheduled jobs. */
  detail?: string;
}

export interface Flow {
  id: string;
  entry: FlowEntry;
  steps: FlowStep[];
  /** The last step is a repository-layer method. */
  reaches_persistence: boolean;
}

export interface CallEdge {
  from: string;
  to: string;
  line: number;
}

export interface DomainMap {
  modules: DomainModule[];
  layers: FileLayer[];
  entities: Entity[];
  tables: Table[];
  operations: Operation[];
  config: ConfigEntry[];
  /** Resolved method-to-method calls between indexed classes. */
  calls: CallEdge[];
  flows: Flow[];
  /** Keywords the map was narrowed to with `focus`, if any. */
  focus?: string[];
}
