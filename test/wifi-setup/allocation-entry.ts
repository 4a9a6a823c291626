/*
 * XS side of test/wifi-setup/allocation.test.ts: the setup server's requests, each as a global
 * the Node side calls in its own crank to read xsnap's heap meter.
 */
import { readCredentials } from "wifi-setup/credentials";
import type { ScanEntry } from "wifi-setup/interfaces";
import { scanList } from "wifi-setup/join";
import { saveNetwork } from "wifi-setup/networks";
import { SetupRoutes } from "wifi-setup/routes";
import { MemoryStore } from "../support/memory-store.ts";

const store = new MemoryStore();
for (let i = 0; i < 10; i++) saveNetwork(store, `Network ${i}`, `password-${i}`);
/** A busy street: 30 sightings, 20 names (some seen twice), a few of them Chinese. */
const sightings: ScanEntry[] = [];
for (let i = 0; i < 30; i++) sightings.push({ ssid: i % 5 === 0 ? `咖啡馆 ${i % 20}` : `Network ${i % 20}`, rssi: -40 - i, authmode: i % 4 });
const listed = scanList(sightings, 20);
const page = new ArrayBuffer(16);
const routes = new SetupRoutes({
	store,
	page,
	pageUrl: "http://192.168.4.1/",
	actions: { scanned: () => listed, submit: () => Promise.resolve({ ok: true }), exit: () => {} },
});
const submitBody = new TextEncoder().encode('{"ssid":"Home network","password":"correct horse battery"}');
let keep: unknown;

const setup = {
	noop(): void {},
	scan(): void {
		keep = routes.handle({ method: "GET", target: "/scan", contentType: "", body: new Uint8Array(0) });
	},
	list(): void {
		keep = routes.handle({ method: "GET", target: "/saved/list", contentType: "", body: new Uint8Array(0) });
	},
	redirect(): void {
		keep = routes.handle({ method: "GET", target: "/connecttest.txt", contentType: "", body: new Uint8Array(0) });
	},
	credentials(): void {
		keep = readCredentials(submitBody, "application/json");
	},
	sortScan(): void {
		keep = scanList(sightings, 20);
	},
	kept(): unknown {
		return keep;
	},
};

(globalThis as unknown as { setup: typeof setup }).setup = setup;
