// The shim must load before the generated entity classes (see idTypeShim.ts).
import './idTypeShim'

export * from './generated'
