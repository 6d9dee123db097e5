import { Hono } from 'hono'

// Ponder requires an API module; the benchmark reads the tables with SQL, so it serves nothing.
const app = new Hono()

export default app
