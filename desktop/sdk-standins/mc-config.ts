/* Stand-in for "mc/config": the build's configuration, as `mcconfig … key=value` would set it. */
import { boardSetup } from "./setup.ts";

const config: Readonly<Record<string, unknown>> = Object.freeze({ ...boardSetup.config });
export default config;
