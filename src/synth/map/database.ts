/**
 * Methods that talk to a database directly: calls on a receiver typed as a driver or ORM handle
 * (`*sql.DB`, `*gorm.DB`, TypeORM `Repository<T>`, `DataSource`, Prisma, Knex, pg `Pool`), or Go's
 * `db.Query/Exec/QueryRow` on a receiver named like a connection. A flow that reaches one has
 * reached persistence even outside a repository layer.
 */
import type { ClassInfo, MethodInfo } from "./class-info.js";

const GO_DB_TYPE =
  /^\*?(?:sql\.(?:DB|Tx|Conn)|sqlx\.(?:DB|Tx)|gorm\.DB|pgxpool\.Pool|pgx\.(?:Conn|Tx)|bun\.(?:DB|Tx)|mongo\.(?:Collection|Database))$/;
const TS_DB_TYPE =
  /^(?:Repository|MongoRepository|TreeRepository|EntityManager|DataSource|PrismaClient|Knex|Pool|PoolClient|Sequelize)(?:<[\s\S]*>)?$/;
const SQL_CALL = /^(?:Query|QueryRow|Exec|Prepare|Get|Select|NamedExec)(?:Context)?$/;
const CONNECTION = /^(?:db|tx|conn|pool|database)$/i;

export function touchesDatabase(c: ClassInfo, m: MethodInfo): boolean {
  const fields = new Map(c.fields.map((f) => [f.name, f.type]));
  return m.calls.some((call) => {
    if (call.via !== "field" && call.via !== "name") return false;
    const type = (call.via === "name" ? m.vars.get(call.receiver) : undefined) ?? fields.get(call.receiver);
    if (type !== undefined && (c.lang === "go" ? GO_DB_TYPE : TS_DB_TYPE).test(type.trim())) return true;
    return c.lang === "go" && CONNECTION.test(call.receiver) && SQL_CALL.test(call.name);
  });
}
