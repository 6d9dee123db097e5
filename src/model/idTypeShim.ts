import 'reflect-metadata'

/*
 * Workaround: squid-typeorm-codegen emits `@PrimaryColumn_()` without a column type and relies on
 * TypeScript's `emitDecoratorMetadata` to tell TypeORM the `id` is a string. tsc emits that
 * metadata; esbuild (tsx, vitest) does not, and TypeORM then throws ColumnTypeUndefinedError.
 * Every squid entity id is a string, so answering `String` for a missing `design:type` of a
 * property named `id` is exact. Imported by src/model/index.ts before the generated classes;
 * a no-op under tsc-compiled code, where the metadata exists.
 */
type GetMetadata = (key: unknown, target: object, property?: string | symbol) => unknown
const reflect = Reflect as unknown as { getMetadata: GetMetadata & { idShim?: true } }
if (!reflect.getMetadata.idShim) {
  const original = reflect.getMetadata
  const patched: GetMetadata & { idShim?: true } = function (this: unknown, key, target, property) {
    const value = original.call(this, key, target, property)
    return value === undefined && key === 'design:type' && property === 'id' ? String : value
  }
  patched.idShim = true
  reflect.getMetadata = patched
}

/** Marker export so the shim can be imported for its side effect and referenced in docs. */
export const ID_TYPE_SHIM = true
