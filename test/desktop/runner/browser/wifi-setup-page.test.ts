/*
 * A person sets up the board's Wi-Fi from a phone, in a real browser (Debian chromium driven by
 * playwright-core, a 360x640 screen) against `xiaozhi-activate --board --network wifi
 * --wifi-networks FILE`: the board's own code on XS, its setup page served by its own server.
 * They pick "Home" and mistype the password (the page says why; nothing is stored), then type it
 * right: the page says so, ends setup, and the board activates against the embedded emulator
 * with --nvs holding wifi/ssid = Home. In a second run, in Chinese, a hidden network typed by
 * hand joins. Phones' probes and any other path are a 302 to the page.
 * Set WIFI_SETUP_SCREENSHOTS=<dir> to keep the page's screenshots (docs/ has them).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { BIN } from "../../../support/cli.ts";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = process.env.WIFI_SETUP_SCREENSHOTS;
const NETWORKS = [
	{ ssid: "Home", rssi: -48, authmode: 3, password: "home-pass-1" },
	{ ssid: "咖啡馆 Guest", rssi: -67, authmode: 0, password: "" },
	{ ssid: "Neighbour-5G", rssi: -81, authmode: 4, password: "not-ours-123" },
	{ ssid: "Hidden", hidden: true, password: "hidden-pass-1" },
];

interface BoardRun {
	readonly child: ChildProcess;
	readonly url: string;
	readonly done: Promise<{ code: number | null; lines: string[]; stderr: string }>;
}

/** The CLI in a child process; resolves once the board's setup page is up. */
function startBoard(dir: string, nvs: string, extra: readonly string[] = []): Promise<BoardRun> {
	const networks = join(dir, "networks.json");
	writeFileSync(networks, JSON.stringify(NETWORKS));
	const child = spawn(process.execPath, [BIN, "--board", "--network", "wifi", "--wifi-networks", networks, "--json", "--auto-bind", "1", "--nvs", nvs, ...extra], {
		cwd: dir,
		stdio: ["ignore", "pipe", "pipe"],
	});
	const lines: string[] = [];
	let stderr = "";
	let partial = "";
	return new Promise((resolve, reject) => {
		const done = new Promise<{ code: number | null; lines: string[]; stderr: string }>((finish) => child.on("close", (code) => finish({ code, lines, stderr })));
		child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout!.on("data", (chunk: Buffer) => {
			partial += chunk.toString();
			for (let end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n")) {
				const line = partial.slice(0, end);
				partial = partial.slice(end + 1);
				lines.push(line);
				const event = JSON.parse(line) as { type: string; url?: string };
				if (event.type === "wifi-setup") resolve({ child, url: event.url!, done });
			}
		});
		void done.then(({ code }) => reject(new Error(`the board run ended (${code}) before its setup page was up: ${stderr}`)));
	});
}

function nvsOf(file: string): Record<string, Record<string, unknown>> {
	return JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
}

async function shoot(page: Page, name: string): Promise<void> {
	if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

describe("the Wi-Fi setup page in a browser, against the board's own server", () => {
	let browser: Browser;
	let dir: string;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), "xiaozhi-wifi-setup-"));
		browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
		});
	});
	after(async () => {
		await browser?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it("Home: a wrong password says why and stores nothing; the right one joins, setup ends, the board activates with wifi/ssid = Home", async () => {
		const nvs = join(dir, "nvs-home.json");
		const board = await startBoard(dir, nvs);
		try {
			for (const path of ["connecttest.txt", "generate_204", "hotspot-detect.html", "no/such/page?x=1"]) {
				const probe = await fetch(`${board.url}${path}`, { redirect: "manual" });
				assert.equal(probe.status, 302, path);
				assert.equal(probe.headers.get("location"), board.url);
			}
			const page = await browser.newPage({ viewport: { width: 360, height: 640 }, locale: "en-US" });
			await page.goto(`${board.url}?lang=en-US`);
			await page.locator("#aps li", { hasText: "Home" }).click();
			assert.equal(await page.inputValue("#ssid"), "Home");
			assert.equal(await page.locator("#aps li").count(), 3, "the hidden network is not listed");
			await page.fill("#password", "home-pass-2");
			await page.click("#connect");
			await page.locator("#status.err").waitFor({ timeout: 30_000 });
			assert.match(await page.textContent("#status") ?? "", /Wrong password: “Home” refused it/);
			assert.equal(nvsOf(nvs).wifi, undefined, "nothing stored after a refused password");
			assert.match(await page.textContent("#saved-note") ?? "", /No saved network yet/);
			await shoot(page, "wifi-setup-page.en-US.png");
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			assert.ok(width <= 360, `no sideways scrolling at 360 px (${width} px)`);

			await page.fill("#password", "home-pass-1");
			await page.click("#connect");
			await page.locator("#status.ok").waitFor({ timeout: 30_000 });
			assert.match(await page.textContent("#status") ?? "", /Connected to “Home” and saved/);
			await page.locator("#exit-status.ok").waitFor({ timeout: 10_000 });
			const { code, lines, stderr } = await board.done;
			assert.equal(code, 0, stderr);
			const types = lines.map((line) => (JSON.parse(line) as { type: string; status?: { kind?: string } }));
			assert.ok(types.some((event) => event.type === "activated"), "the board activated");
			assert.deepEqual(nvsOf(nvs).wifi, { ssid: "Home", password: "home-pass-1" }, "the official keys");
			assert.equal(nvsOf(nvs).network!.type, 0);
			for (const line of lines) assert.ok(!line.includes("home-pass"), `no password in the output: ${line}`);
		} finally {
			board.child.kill();
		}
	});

	it("a hidden network typed by hand joins (zh-CN)", async () => {
		const nvs = join(dir, "nvs-hidden.json");
		const board = await startBoard(dir, nvs);
		try {
			const page = await browser.newPage({ viewport: { width: 360, height: 640 }, locale: "zh-CN" });
			await page.goto(board.url);
			assert.equal(await page.textContent("#t-title"), "小智 Wi-Fi 配网");
			await page.locator("#aps li", { hasText: "Home" }).waitFor();
			await page.click("#hidden-btn");
			await page.fill("#ssid", "Hidden");
			await page.fill("#password", "hidden-pass-1");
			await page.click("#t-advanced");
			await shoot(page, "wifi-setup-page.zh-CN.png");
			await page.click("#connect");
			await page.locator("#status.ok").waitFor({ timeout: 30_000 });
			assert.match(await page.textContent("#status") ?? "", /已连接到 “Hidden” 并保存/);
			const { code, stderr } = await board.done;
			assert.equal(code, 0, stderr);
			assert.deepEqual(nvsOf(nvs).wifi, { ssid: "Hidden", password: "hidden-pass-1" });
		} finally {
			board.child.kill();
		}
	});

	it("saved networks that fail for 60 s open setup; the page makes one the default and deletes another", async () => {
		const nvs = join(dir, "nvs-saved.json");
		writeFileSync(nvs, JSON.stringify({ network: { type: 0 }, wifi: { ssid: "Office", password: "office-pass-1", ssid1: "Home", password1: "old-home-pass", ssid2: "Gone", password2: "gone-pass-11" } }));
		// Virtual time: the minute of failed joins takes none; the page's time is real.
		const board = await startBoard(dir, nvs, ["--virtual-time"]);
		try {
			const page = await browser.newPage({ viewport: { width: 360, height: 640 }, locale: "en-US" });
			await page.goto(`${board.url}?lang=en-US`);
			const saved = page.locator("#saved li .n");
			await page.waitForFunction(() => document.querySelectorAll("#saved li").length === 3);
			assert.deepEqual(await saved.allTextContents(), ["Office", "Home", "Gone"]);
			await page.locator("#saved li", { hasText: "Gone" }).getByText("Make default").click();
			await page.waitForFunction(() => document.querySelector("#saved li .n")?.textContent === "Gone");
			assert.deepEqual(await saved.allTextContents(), ["Gone", "Office", "Home"]);
			await page.locator("#saved li", { hasText: "Office" }).getByText("Delete").click();
			await page.waitForFunction(() => document.querySelectorAll("#saved li").length === 2);
			assert.deepEqual(nvsOf(nvs).wifi, { ssid: "Gone", password: "gone-pass-11", ssid1: "Home", password1: "old-home-pass" }, "packed under the official keys");
			await shoot(page, "wifi-setup-page-saved.en-US.png");
		} finally {
			board.child.kill();
			await board.done;
		}
	});
});
