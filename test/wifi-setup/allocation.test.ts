/*
 * What the setup server's requests allocate on the real XS engine (xsnap's heap meter, as
 * test/device/memory.test.ts): the figures are printed and held under bounds, so a change
 * that makes a request cost much more shows. A slot is 16 bytes on the ESP32.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { xsMeter } from "../support/xs-meter.ts";

const meter = xsMeter({ entry: new URL("./allocation-entry.ts", import.meta.url), name: "xs-wifi-setup", noop: "setup.noop()" });
after(() => meter.close());

const BOUNDS: readonly [string, string, number][] = [
	["GET /scan with 20 networks listed", "setup.scan()", 360],
	["GET /saved/list with 10 saved networks (the test store builds a key string per read)", "setup.list()", 240],
	["an unknown path's 302", "setup.redirect()", 40],
	["reading a POST /submit body", "setup.credentials()", 80],
	["one scan of 30 sightings made into the list", "setup.sortScan()", 80],
];

for (const [what, call, bound] of BOUNDS) {
	test(`XS: ${what} allocates at most ${bound} slots`, async () => {
		const slots = await meter.slotsOf(call);
		console.log(`${what}: ${slots} slots (~${Math.round((slots * 16) / 1024 * 10) / 10} KiB on the ESP32)`);
		assert.ok(slots > 0, "the meter sees the request");
		assert.ok(slots <= bound, `${slots} slots`);
	});
}
