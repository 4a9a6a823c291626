/*
 * Every portable spec file, in one place: the Node runner and the XS runner both import
 * this module, so a spec added here runs on both engines.
 */
import "../../activation/json.spec.ts";
import "../../activation/json-parse.spec.ts";
import "../../activation/report.spec.ts";
import "../../activation/request.spec.ts";
import "../../activation/response.spec.ts";
import "../../activation/settings.spec.ts";
import "../../ml307/at.spec.ts";
import "../../ml307/modem.spec.ts";
import "../../screens/screens.spec.ts";
import "../../screens/screens-view.spec.ts";
import "../../ml307/http.spec.ts";
import "../../ml307/link.spec.ts";
import "../../uart-model/port-model.spec.ts";
import "../../device/device.spec.ts";
import "../../device/feedback.spec.ts";
import "../../activation/output-text.spec.ts";
import "../../announcer/announcer.spec.ts";
import "../../wifi-setup/wifi-setup.spec.ts";
