#!/usr/bin/env node
// Entry point of the `xiaozhi-activate` command: registers tsx (with the project's
// tsconfig, for the `activation/*` paths) and runs the TypeScript CLI.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.node.json", import.meta.url)) });
const { main } = await import("../desktop/runner/cli.ts");
// Exit at once: a stop must not wait for timers (a clock tick, a closing socket) to run out.
process.exit(await main(process.argv.slice(2)));
