#!/usr/bin/env node
// The executable: the command line itself is `main()` in program.ts, which tests call in process.
import { main } from './program.ts';

const code = await main(process.argv.slice(2));
// Exit even if a connection that never came up still holds the event loop.
process.exit(code);
