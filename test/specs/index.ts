/*
 * Every portable spec file, in one place: the Node runner and the XS runner both import
 * this module, so a spec added here runs on both engines.
 */
import "./json.spec.ts";
import "./report.spec.ts";
import "./request.spec.ts";
import "./response.spec.ts";
import "./settings.spec.ts";
import "./ml307-at.spec.ts";
import "./ml307-modem.spec.ts";
import "./screens.spec.ts";
import "./screens-view.spec.ts";
import "./ml307-http.spec.ts";
import "./device.spec.ts";
import "./output-text.spec.ts";
import "./announcer.spec.ts";
