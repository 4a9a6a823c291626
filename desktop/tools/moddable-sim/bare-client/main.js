/*
 * The yardstick for `npm run test:moddable`: the least an app can be that does this app's
 * network work. It POSTs the captured status-query body (test/fixtures/ota-request-1.json)
 * to the emulator with Moddable's http client over TLS, verifying the emulator's CA, then
 * repeats the POST every 3 s for 10 s, as the device polls while its code is pending, and
 * rests. Built with the app's creation numbers; the same memory probe (hosts/lin/memory-probe)
 * prints the same MEMORY lines, so run.ts can set the two side by side.
 */
import config from "mc/config";
import Resource from "Resource";
import SecureSocket from "securesocket";
import Timer from "timer";
import { Request } from "http";
import { MemoryProbe } from "lin/memory-probe";

const TLS_1_2 = 0x303;
const SETTLE_MS = 1000;

function post(url, body, certificate, done) {
	const match = /^https:\/\/([^/:]+):(\d+)(\/.*)$/.exec(url);
	if (!match) throw new Error(`bare client: not an https URL with a port: ${url}`);
	let sent = 0;
	let status = 0;
	const request = new Request({
		host: match[1],
		port: Number(match[2]),
		path: match[3],
		method: "POST",
		headers: ["Content-Type", "application/json", "Device-Id", config.deviceId, "Client-Id", config.clientId, "Content-Length", String(body.byteLength)],
		body: true,
		response: String,
		Socket: SecureSocket,
		secure: { protocolVersion: TLS_1_2, certificate },
	});
	request.callback = function (message, value1) {
		if (message === 0) {
			if (sent >= body.byteLength) return undefined;
			const piece = body.slice(sent, sent + Math.min(value1, 1024));
			sent += piece.byteLength;
			return piece;
		}
		if (message === 1) status = value1;
		else if (message === 5) done(status);
		else if (message < 0) done(-1);
	};
}

export default function main() {
	const probe = new MemoryProbe();
	const certificate = new Resource("emulator-ca.der");
	const body = new Resource("ota-report.json").slice(0);
	let polls = 0;
	Timer.set(() => {
		probe.mark("after-main");
		probe.startSampling();
	}, 0);
	const finish = (outcome) => {
		probe.endPending();
		Timer.set(() => {
			probe.mark("at-rest");
			probe.finish();
			trace(`BARE-RESULT ${outcome}\n`);
		}, SETTLE_MS);
	};
	post(config.otaUrl, body, certificate, (status) => {
		if (status !== 200) return finish(`failed: HTTP ${status}`);
		probe.beginPending();
		const started = Date.now();
		const poll = () => {
			polls++;
			post(config.otaUrl, body, certificate, (again) => {
				if (again !== 200) return finish(`failed: HTTP ${again} on poll ${polls}`);
				if (Date.now() - started >= config.pendingMs) return finish(`ok ${polls} polls`);
				Timer.set(poll, config.pollMs);
			});
		};
		Timer.set(poll, config.pollMs);
	});
}
