/*
 * test:moddable's wifi-setup run plays the person at the phone: Debian's chromium (driven by
 * playwright-core, a 360x640 screen) opens the setup page the app serves with the SDK's real
 * http Server in Moddable's simulator, picks the strongest network of the simulated radio's
 * canned scan, types "invalid!" (the simulator's refused password: the page must say why and
 * nothing is stored), then a good password; the page ends setup (POST /exit) by itself.
 */
import { chromium } from "playwright-core";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The simulator's wifi module refuses exactly this password. */
export const REFUSED_PASSWORD = "invalid!";
export const GOOD_PASSWORD = "correct horse";

export interface PageVisit {
	/** The network picked: the first of the page's list (the strongest). */
	readonly ssid: string;
	readonly refusal: string;
	readonly success: string;
	/** GET /saved/list between the two attempts and after the second. */
	readonly savedAfterRefusal: unknown;
	readonly savedAfterJoin: unknown;
	/** GET /connecttest.txt and another unknown path: status and location. */
	readonly probes: readonly { readonly path: string; readonly status: number; readonly location: string | null }[];
}

async function probe(url: string, path: string): Promise<PageVisit["probes"][number]> {
	const response = await fetch(`${url}${path}`, { redirect: "manual" });
	return { path, status: response.status, location: response.headers.get("location") };
}

export async function visitSetupPage(url: string, log: (line: string) => void): Promise<PageVisit> {
	const probes = [await probe(url, "connecttest.txt"), await probe(url, "some/other/path")];
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
		await page.goto(`${url}?lang=en-US`);
		const first = page.locator("#aps li").first();
		// The simulator's scan takes 1.5 s; the page asks every 5 s.
		await first.waitFor({ timeout: 30_000 });
		const ssid = (await first.locator(".n").textContent()) ?? "";
		log(`[user] picks "${ssid}" and types ${JSON.stringify(REFUSED_PASSWORD)}`);
		await first.click();
		await page.fill("#password", REFUSED_PASSWORD);
		await page.click("#connect");
		await page.locator("#status.err").waitFor({ timeout: 60_000 });
		const refusal = (await page.textContent("#status")) ?? "";
		log(`[page] ${refusal}`);
		const savedAfterRefusal = await (await fetch(`${url}saved/list`)).json();
		log("[user] types a good password");
		await page.fill("#password", GOOD_PASSWORD);
		await page.click("#connect");
		await page.locator("#status.ok").waitFor({ timeout: 60_000 });
		const success = (await page.textContent("#status")) ?? "";
		log(`[page] ${success}`);
		const savedAfterJoin = await (await fetch(`${url}saved/list`)).json();
		// The page sends POST /exit a second later and says so.
		await page.locator("#exit-status.ok").waitFor({ timeout: 10_000 });
		return { ssid, refusal, success, savedAfterRefusal, savedAfterJoin, probes };
	} finally {
		await browser.close();
	}
}
