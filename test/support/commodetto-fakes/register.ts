/* Import first: from then on "commodetto/*" resolves to the fakes in this folder. */
import { register } from "node:module";

register("./commodetto-loader.mjs", import.meta.url);
