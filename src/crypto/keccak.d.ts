// keccak 3 ships no types. Only the one-shot hashing path is declared: the package loads its
// prebuilt N-API addon (or falls back to its pure-JS sponge) by itself.
declare module 'keccak' {
  type Keccak = {
    update(data: Uint8Array): Keccak
    digest(): Buffer
  }
  function createKeccak(algorithm: 'keccak256'): Keccak
  export = createKeccak
}
