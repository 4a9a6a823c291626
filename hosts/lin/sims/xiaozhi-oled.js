/*
 * mcsim device for the Moddable simulator runs of this app: the board's 128x32 OLED and
 * nothing else. The app can ask for the exact framebuffer as a PNG by posting
 * {"screenshot": "/absolute/path.png"} on the screen; the reply says whether it worked.
 * mcsim loads it from the folder given on its command line (desktop/tools/moddable-sim/run.ts).
 */
/* global Content, Skin */
import { ControlsColumn } from "ControlsPane";
import { DeviceBehavior, DeviceContainer, DeviceScreen } from "DevicePane";

const PANEL_WIDTH = 128;
const PANEL_HEIGHT = 32;

class OledPanelBehavior extends DeviceBehavior {
	onJSON(container, json) {
		if (typeof json.screenshot !== "string") return;
		let result = "ok";
		try {
			// The DeviceScreen is the container's last content: write its pixels, not the window's.
			container.last.writePNG(json.screenshot);
		} catch (error) {
			result = String(error);
		}
		this.postJSON(container, { screenshotDone: json.screenshot, result });
	}
}

export default {
	applicationName: ".*",
	sortingTitle: "0000",
	title: "bread-compact-ml307 OLED",
	Workers: {},
	ControlsTemplate: ControlsColumn.template(() => ({ contents: [] })),
	DeviceTemplate: DeviceContainer.template(($) => ({
		Behavior: OledPanelBehavior,
		contents: [
			Content($, { left: 0, right: 0, top: 0, bottom: 0, skin: new Skin({ fill: "#000000" }) }),
			DeviceScreen($, { width: PANEL_WIDTH, height: PANEL_HEIGHT, rotation: 0 }),
		],
	})),
};
