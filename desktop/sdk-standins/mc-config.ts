/* Stand-in for "mc/config": the build's configuration (manifest `config` and `key=value` arguments), as the host holds it. */
import { hostPart } from "./host.ts";

const config: Readonly<Record<string, unknown>> = Object.freeze({ ...hostPart("config", "mc/config") });
export default config;
