/*
 * A person binds a device in the emulator console with a real browser (Debian chromium
 * driven by playwright-core): a device checks in, the person types a malformed code, a
 * wrong code, then the right one, and the emulator reports the device bound.
 * Set CONSOLE_SCREENSHOT=<path.png> to keep a screenshot of the final page.
 */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type Locator } from "playwright-core";
import { startEmulator, type Emulator } from "../../../../desktop/emulator/server.ts";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const DEVICE_ID = "94:a9:90:2c:84:b8";

/** The device's status check, sent over real HTTPS trusting the emulator's CA (plain http for `--http`). */
function deviceCheck(emulator: Emulator): Promise<{ status: number; body: string }> {
	const body = JSON.stringify({ application: { name: "xiaozhi", version: "2.0.4" }, board: { type: "bread-compact-ml307" } });
	const request = (emulator.otaUrl.startsWith("http:") ? httpRequest : httpsRequest) as typeof httpsRequest;
	return new Promise((resolve, reject) => {
		const sent = request(
			emulator.otaUrl,
			{
				method: "POST",
				ca: emulator.caPem,
				agent: false,
				headers: {
					"Activation-Version": "1",
					"Device-Id": DEVICE_ID,
					"Client-Id": "e2314aed-0a16-43f0-8128-766fbd3207f2",
					"Content-Type": "application/json",
					"Content-Length": Buffer.byteLength(body),
				},
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on("data", (chunk: Buffer) => chunks.push(chunk));
				response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
			},
		);
		sent.on("error", reject);
		sent.end(body);
	});
}

for (const plainHttp of [false, true])
describe(`emulator console in a browser${plainHttp ? " over plain http:// (--http)" : ""}`, () => {
	let emulator: Emulator;
	let browser: Browser;
	before(async () => {
		emulator = await startEmulator({ profile: "official", plainHttp });
		browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
		});
	});
	after(async () => {
		await browser?.close();
		await emulator?.close();
	});

	it("binds a pending device by its 6-digit code", async () => {
		// The page is served with the test CA's leaf; this browser profile does not know that CA.
		const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 900, height: 600 } });
		const page = await context.newPage();
		const pageErrors: string[] = [];
		page.on("pageerror", (error) => pageErrors.push(error.message));
		const external: string[] = [];
		page.on("request", (request) => {
			if (!request.url().startsWith(new URL(emulator.consoleUrl).origin)) external.push(request.url());
		});

		await page.goto(emulator.consoleUrl);
		assert.equal(await page.title(), "Xiaozhi emulator console");
		await page.getByText("No device has checked in yet.").waitFor();

		const checkReply = await deviceCheck(emulator);
		assert.equal(checkReply.status, 200);
		const code = (JSON.parse(checkReply.body) as { activation: { code: string } }).activation.code;
		assert.equal(emulator.deviceState(DEVICE_ID), "pending");
		const row = page.locator(`tr[data-device-id="${DEVICE_ID}"]`);
		await row.getByText("pending").waitFor({ timeout: 5_000 });

		const input = page.getByLabel("Verification Code");
		const message = page.locator("#message");

		await input.fill("12a4");
		await page.getByRole("button", { name: "Bind" }).click();
		await assertMessage(message, "Please enter a 6-digit verification code", "error");
		assert.equal(emulator.deviceState(DEVICE_ID), "pending", "the client-side check sent nothing");

		const wrong = code === "000000" ? "000001" : "000000";
		await input.fill(wrong);
		await input.press("Enter");
		await assertMessage(message, "Activation code error", "error");
		assert.equal(emulator.deviceState(DEVICE_ID), "pending");

		await input.fill(code);
		await page.getByRole("button", { name: "Bind" }).click();
		await assertMessage(message, "Device binding successful", "success");
		assert.equal(emulator.deviceState(DEVICE_ID), "bound");
		await row.getByText("bound", { exact: true }).waitFor({ timeout: 5_000 });
		assert.equal(await input.inputValue(), "", "the field is cleared after success");

		const recheck = JSON.parse((await deviceCheck(emulator)).body) as Record<string, unknown>;
		assert.equal("activation" in recheck, false, "the device's next check has no activation");

		if (process.env.CONSOLE_SCREENSHOT) await page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });

		await row.getByRole("button", { name: "Unbind" }).click();
		await page.getByText("No device has checked in yet.").or(row.getByText("unknown")).first().waitFor({ timeout: 5_000 });
		assert.equal(emulator.deviceState(DEVICE_ID), "unknown");

		assert.deepEqual(pageErrors, []);
		assert.deepEqual(external, [], "the page loads nothing from elsewhere");
		await context.close();
	});
});

async function assertMessage(message: Locator, text: string, kind: "error" | "success"): Promise<void> {
	await message.filter({ hasText: text }).waitFor({ timeout: 5_000 });
	assert.equal(await message.getAttribute("class"), kind);
}
