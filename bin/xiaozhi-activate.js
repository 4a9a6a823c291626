#!/usr/bin/env node
// Entry point of the `xiaozhi-activate` command: registers tsx (with the project's
// tsconfig, for the `activation/*` paths) and runs the TypeScript CLI.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.node.json", import.meta.url)) });
const { main } = await import("../hosts/xsnap/cli.ts");
process.exitCode = await main(process.argv.slice(2));
