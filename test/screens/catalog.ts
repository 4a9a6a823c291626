/*
 * Every screen the golden frames cover: one named view per case, rendered in both languages.
 * Portable (no Node module): the XS specs use it too.
 */
import type { ScreenView } from "../../modules/screens/view.ts";
import type { FailureReason } from "../../modules/activation/events.ts";

export interface CatalogEntry {
	readonly name: string;
	readonly view: ScreenView;
	readonly frameIndex?: number;
}

const XIAOZHI = "xiaozhi.me\n209835";

function failed(name: string, reason: FailureReason, retryInMs = 10000): CatalogEntry {
	return { name: `failed-${name}`, view: { kind: "failed", reason, retryInMs, final: false } };
}

export const SCREEN_CATALOG: readonly CatalogEntry[] = [
	{ name: "network-connecting", view: { kind: "network", phase: "connecting", detail: "Wi-Fi" } },
	{ name: "network-detecting-module", view: { kind: "network", phase: "detecting-module", detail: "ML307R" } },
	{ name: "network-registering", view: { kind: "network", phase: "registering", detail: "4G" } },
	{ name: "network-switching-wifi", view: { kind: "network", phase: "switching-to-wifi", detail: "" } },
	{ name: "network-no-sim", view: { kind: "network", phase: "no-sim", detail: "" } },
	{ name: "network-registration-denied", view: { kind: "network", phase: "registration-denied", detail: "" } },
	{ name: "network-modem-not-responding", view: { kind: "network", phase: "modem-not-responding", detail: "" } },
	{ name: "starting", view: { kind: "starting", userAgent: "bread-compact-ml307/2.0.4" } },
	{ name: "checking", view: { kind: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 } },
	{ name: "checking-attempt-3", view: { kind: "checking", host: "api.tenclass.net", attempt: 3, maxAttempts: 10 } },
	{
		name: "checking-long-host",
		view: { kind: "checking", host: "xiaozhi-server.my-very-long-home-lab-domain.example.com", attempt: 1, maxAttempts: 10 },
	},
	{ name: "code", view: { kind: "code", code: "209835", message: XIAOZHI, status: { phase: "shown" } } },
	{ name: "code-activating", view: { kind: "code", code: "209835", message: XIAOZHI, status: { phase: "activating", attempt: 2, maxAttempts: 10 } } },
	{ name: "code-activating-10", view: { kind: "code", code: "209835", message: XIAOZHI, status: { phase: "activating", attempt: 10, maxAttempts: 10 } } },
	{ name: "code-rechecking", view: { kind: "code", code: "209835", message: XIAOZHI, status: { phase: "checking" } } },
	{
		name: "code-retry",
		view: {
			kind: "code",
			code: "209835",
			message: XIAOZHI,
			status: { phase: "retry", reason: { kind: "http-status", status: 500, detail: "HTTP 500" }, retryInMs: 9000 },
		},
	},
	{
		name: "code-unconfirmed",
		view: {
			kind: "code",
			code: "209835",
			message: XIAOZHI,
			status: { phase: "retry", reason: { kind: "unconfirmed", detail: "the server accepted the activation (HTTP 200) but its check still shows code 209835" }, retryInMs: 20000 },
		},
	},
	{ name: "code-leading-zero", view: { kind: "code", code: "031847", message: "xiaozhi.me\n031847", status: { phase: "shown" } } },
	{ name: "code-5-digits", view: { kind: "code", code: "20983", message: "xiaozhi.me\n20983", status: { phase: "shown" } } },
	{ name: "code-7-digits", view: { kind: "code", code: "2098351", message: "xiaozhi.me\n2098351", status: { phase: "shown" } } },
	{ name: "code-letters", view: { kind: "code", code: "AB12CD", message: "xiaozhi.me\nAB12CD", status: { phase: "shown" } } },
	{ name: "code-empty-message", view: { kind: "code", code: "209835", message: "", status: { phase: "shown" } } },
	{ name: "code-default-site-url", view: { kind: "code", code: "209835", message: "http://xiaozhi.server.com\n209835", status: { phase: "shown" } } },
	{
		name: "code-long-site",
		view: { kind: "code", code: "209835", message: "xiaozhi-console.my-very-long-home-lab-domain.example.com\n209835", status: { phase: "activating", attempt: 4, maxAttempts: 10 } },
	},
	{
		name: "code-unexpected-message",
		view: { kind: "code", code: "209835", message: "请登录控制台添加设备，输入验证码 209835", status: { phase: "shown" } },
	},
	{
		name: "code-unexpected-message-scrolled",
		view: { kind: "code", code: "209835", message: "Open the console at https://xiaozhi.me and add a device", status: { phase: "shown" } },
		frameIndex: 12,
	},
	failed("no-network", { kind: "no-network", detail: "no link" }),
	failed("no-sim", { kind: "no-network", cause: "no-sim", detail: "no SIM card (+CPIN: ERROR)" }),
	failed("dns", { kind: "dns", detail: "getaddrinfo ENOTFOUND" }),
	failed("connect", { kind: "connect", detail: "ECONNREFUSED" }),
	failed("connect-long-backoff", { kind: "connect", detail: "ECONNREFUSED" }, 2560000),
	failed("tls", { kind: "tls", detail: "certificate verify failed" }),
	failed("timeout", { kind: "timeout", detail: "no answer in 30000 ms" }, 40000),
	failed("bad-url", { kind: "bad-url", detail: "not an http(s) URL" }),
	failed("modem", { kind: "modem", detail: "SSL handshake failed" }),
	failed("http-500", { kind: "http-status", status: 500, detail: "HTTP 500" }),
	failed("http-404", { kind: "http-status", status: 404, detail: "HTTP 404" }),
	failed("bad-json", { kind: "bad-json", detail: "Unexpected token <" }),
	failed("server-error", { kind: "server-error", detail: "Invalid device ID" }),
	failed("server-error-zh", { kind: "server-error", detail: "资源不存在" }),
	failed("server-error-long", {
		kind: "server-error",
		detail: "License not found or already activated; refresh the code in the console and try again",
	}),
	failed("unexpected-body", { kind: "unexpected-body", detail: "no activation, mqtt, websocket or firmware" }),
	failed("facts", { kind: "facts", detail: "AT+CGSN timed out" }),
	failed("unconfirmed", { kind: "unconfirmed", detail: "the server accepted the activation (HTTP 200) but its check still shows code 209835" }, 40000),
	{ name: "gave-up", view: { kind: "failed", reason: { kind: "connect", detail: "ECONNREFUSED" }, retryInMs: 0, final: true } },
	{ name: "activated", view: { kind: "activated", viaCode: true } },
	{ name: "already-activated", view: { kind: "activated", viaCode: false } },
	{ name: "network-connecting-ssid", view: { kind: "network", phase: "connecting", detail: "Home" } },
	{ name: "wifi-setup-hotspot", view: { kind: "wifi-setup", step: "hotspot", hotspot: "Xiaozhi-84B9", address: "192.168.4.1" } },
	{ name: "wifi-setup-page", view: { kind: "wifi-setup", step: "page", hotspot: "Xiaozhi-84B9", address: "192.168.4.1" } },
	{ name: "wifi-setup-page-desktop", view: { kind: "wifi-setup", step: "page", hotspot: "Xiaozhi-84B9", address: "127.0.0.1:41234" } },
];

export const LANGUAGES = ["zh-CN", "en-US"] as const;
