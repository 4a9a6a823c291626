/*
 * XS side of test/wifi-setup/board-stack.test.ts: each setup request handled with part of
 * the board's stack already in use. Results go back to Node through issueCommand.
 */
import { RequestTail } from "wifi-setup/request-tail";
import { SetupRoutes } from "wifi-setup/routes";
import { saveNetwork } from "wifi-setup/networks";
import { MemoryStore } from "../support/memory-store.ts";
import { report, withStackUsed } from "../support/board-stack-probe.ts";

const encoder = new TextEncoder();
const store = new MemoryStore();
for (let i = 0; i < 10; i++) saveNetwork(store, `Network ${i}`, `password-${i}`);
const routes = new SetupRoutes({
	store,
	page: new ArrayBuffer(8),
	pageUrl: "http://192.168.4.1/",
	actions: {
		scanned: () => [{ ssid: "咖啡馆", rssi: -40, authmode: 3 }],
		submit: () => Promise.resolve({ ok: false, reason: "wrong-password" }),
		exit: () => {},
	},
});
/** A 1 KB body of nested brackets: JSON.parse on it alone would overflow the board's stack. */
const NESTED = "[".repeat(1000) + "]".repeat(24);
const REQUESTS: readonly [string, string, string][] = [
	["GET", "/scan", ""],
	["GET", "/saved/list", ""],
	["GET", "/saved/set_default?index=3", ""],
	["GET", "/connecttest.txt", ""],
	["POST", "/submit", '{"ssid":"Home","password":"secret123"}'],
	["POST", "/submit", NESTED],
	["POST", "/advanced/submit", NESTED],
	["POST", "/advanced/submit", '{"ota_url":"http://192.168.1.5:8002/xiaozhi/ota/"}'],
];

const setupProbe = {
	/** Every request above, and one read through the request tail, `slots` deep. */
	handleBelow(slots: number): void {
		withStackUsed(slots, () => {
			for (const [method, target, body] of REQUESTS) void routes.handle({ method, target, contentType: "application/json", body: encoder.encode(body) });
			new RequestTail().push(encoder.encode(`Content-Type: application/json\r\nContent-Length: 24\r\n\r\n${NESTED.slice(0, 24)}`));
		});
		report("survived");
	},
	/** The control: the same body given to JSON.parse unguarded (its SyntaxError comes only after the recursion). */
	parseNestedBelow(slots: number): void {
		withStackUsed(slots, () => {
			try {
				JSON.parse(NESTED);
			} catch {
				// unbalanced: refused, once the parser came back up
			}
		});
		report("survived");
	},
	idleBelow(slots: number): void {
		withStackUsed(slots, () => undefined);
		report("survived");
	},
};
(globalThis as unknown as { setupProbe: typeof setupProbe }).setupProbe = setupProbe;
