/*
 * Every word the activation screens show, in zh-CN and en-US. Official firmware strings
 * (its zh-CN and en-US language files) are used where they fit 128 pixels; the rest are ours, short
 * enough for one line of the small face. `%s` is filled by `fill()`.
 * desktop/tools/fonts/build.ts reads this table to know which CJK glyphs to generate.
 */

import type { FailureKind } from "activation/events";

export type Language = "zh-CN" | "en-US";

/** Failure kinds plus the ones the screen tells apart by their detail. */
export type FailureWordsKey = FailureKind | "no-sim" | "registration-denied" | "not-found-404";

export interface FailureWords {
	/** One line: what went wrong. */
	readonly title: string;
	/** What the user can do or should know; empty when the server's own words are shown instead. */
	readonly hint: string;
}

export interface ScreenStrings {
	readonly initializing: string;
	readonly connecting: string;
	readonly detectingModule: string;
	readonly registering: string;
	/** After a BOOT double-click, before the restart (the firmware's SWITCH_TO_*_NETWORK). */
	readonly switchingToWifi: string;
	readonly switchingTo4g: string;
	/** Wi-Fi setup mode's title (the firmware's WIFI_CONFIG_MODE). */
	readonly wifiSetup: string;
	/** Its first screen: the hotspot to join (`%s`), longest wording first. */
	readonly joinHotspot: readonly string[];
	/** Its second screen: the page to open (`%s` is the address without `http://`), longest first. */
	readonly openPage: readonly string[];
	/** Title while the OTA check runs; the host name goes on the next line. */
	readonly contactingServer: string;
	/** Where to enter the code, longest first: the layout takes the first that fits. */
	readonly enterCodeAt: readonly string[];
	/** Above the code when the server sent no usable message. */
	readonly activationCode: string;
	readonly activated: string;
	readonly alreadyActivated: string;
	readonly loggingIn: string;
	/** After the last failed check the firmware carries on with what it stored. */
	readonly usingSavedSettings: string;
	/** Seconds until the next try, beside the failure title. */
	readonly secondsLeft: string;
	/** Body of a failure screen when the hint is empty and the server said nothing. */
	readonly serverSaidNothing: string;
	readonly failures: Readonly<Record<FailureWordsKey, FailureWords>>;
}

function freezeStrings(strings: ScreenStrings): ScreenStrings {
	for (const words of Object.values(strings.failures)) Object.freeze(words);
	Object.freeze(strings.failures);
	Object.freeze(strings.enterCodeAt);
	Object.freeze(strings.joinHotspot);
	Object.freeze(strings.openPage);
	return Object.freeze(strings);
}

const EN_US: ScreenStrings = freezeStrings({
	initializing: "Initializing...",
	connecting: "Connecting...",
	detectingModule: "Detecting module...",
	registering: "Waiting for network...",
	switchingToWifi: "Switching to Wi-Fi...",
	switchingTo4g: "Switching to 4G...",
	wifiSetup: "Wi-Fi Configuration Mode",
	joinHotspot: ["Join hotspot %s", "Hotspot %s", "%s"],
	openPage: ["Open http://%s", "Open %s", "%s"],
	contactingServer: "Contacting server",
	enterCodeAt: ["Enter code at %s", "Enter at %s", "%s"],
	activationCode: "Activation code",
	activated: "Activated",
	alreadyActivated: "Device activated",
	loggingIn: "Logging in...",
	usingSavedSettings: "Using saved settings",
	secondsLeft: "%ss",
	serverSaidNothing: "Server answered an error",
	failures: {
		"no-network": { title: "No network", hint: "Check Wi-Fi or SIM card" },
		"no-sim": { title: "No SIM card", hint: "Please insert SIM card" },
		"registration-denied": { title: "No network access", hint: "Please check SIM card status" },
		dns: { title: "Server not found", hint: "Check the server address" },
		connect: { title: "Can't reach server", hint: "Server may be down" },
		tls: { title: "Secure link failed", hint: "TLS handshake failed" },
		timeout: { title: "No answer", hint: "Server did not answer in time" },
		"too-large": { title: "Answer too large", hint: "Wrong server URL?" },
		truncated: { title: "Answer cut off", hint: "Connection dropped" },
		"bad-url": { title: "Bad server URL", hint: "Check the OTA URL setting" },
		modem: { title: "Modem error", hint: "" },
		io: { title: "Connection error", hint: "Check the network" },
		"http-status": { title: "Server error %s", hint: "Server problem, will retry" },
		"not-found-404": { title: "Server error 404", hint: "Wrong server URL?" },
		"bad-json": { title: "Bad answer", hint: "Wrong server URL?" },
		"server-error": { title: "Server refused", hint: "" },
		"unexpected-body": { title: "Not a Xiaozhi server", hint: "Check the server URL" },
		facts: { title: "Modem not answering", hint: "Check the 4G module" },
		unconfirmed: { title: "Not confirmed", hint: "Server still asks for code" },
	},
});

const ZH_CN: ScreenStrings = freezeStrings({
	initializing: "正在初始化...",
	connecting: "连接中...",
	detectingModule: "检测模组...",
	registering: "等待网络...",
	switchingToWifi: "切换到 Wi-Fi...",
	switchingTo4g: "切换到 4G...",
	wifiSetup: "配网模式",
	joinHotspot: ["手机连接热点 %s", "连接热点 %s", "%s"],
	openPage: ["浏览器访问 http://%s", "浏览器访问 %s", "%s"],
	contactingServer: "正在连接服务器",
	enterCodeAt: ["请在 %s 输入", "在 %s 输入", "%s"],
	activationCode: "设备激活码",
	activated: "激活成功",
	alreadyActivated: "设备已激活",
	loggingIn: "登录服务器...",
	usingSavedSettings: "使用已保存的设置",
	secondsLeft: "%s秒",
	serverSaidNothing: "服务器返回错误",
	failures: {
		"no-network": { title: "无法连接网络", hint: "请检查网络或 SIM 卡" },
		"no-sim": { title: "未检测到 SIM 卡", hint: "请插入 SIM 卡" },
		"registration-denied": { title: "无法接入网络", hint: "请检查流量卡状态" },
		dns: { title: "找不到服务器", hint: "请检查服务器地址" },
		connect: { title: "无法连接服务器", hint: "服务器可能未运行" },
		tls: { title: "安全连接失败", hint: "TLS 握手失败" },
		timeout: { title: "服务器无响应", hint: "等待超时" },
		"too-large": { title: "服务器响应过大", hint: "服务器地址有误？" },
		truncated: { title: "响应不完整", hint: "连接中断" },
		"bad-url": { title: "服务器地址无效", hint: "请检查 OTA 地址设置" },
		modem: { title: "模组错误", hint: "" },
		io: { title: "连接错误", hint: "请检查网络" },
		"http-status": { title: "服务器错误 %s", hint: "服务器故障，稍后重试" },
		"not-found-404": { title: "服务器错误 404", hint: "服务器地址有误？" },
		"bad-json": { title: "服务器响应无效", hint: "服务器地址有误？" },
		"server-error": { title: "服务器拒绝", hint: "" },
		"unexpected-body": { title: "不是小智服务器", hint: "请检查服务器地址" },
		facts: { title: "模组无响应", hint: "请检查 4G 模组" },
		unconfirmed: { title: "激活未确认", hint: "服务器仍要求激活码" },
	},
});

export function stringsFor(language: Language): ScreenStrings {
	if (language === "zh-CN") return ZH_CN;
	if (language === "en-US") return EN_US;
	throw new RangeError(`screens: unknown language ${String(language)}`);
}

/** Replace each `%s` with `value`. */
export function fill(template: string, value: string | number): string {
	const text = String(value);
	let result = "";
	let from = 0;
	for (let at: number = indexOf.call(template, "%s"); at >= 0; at = indexOf.call(template, "%s", from)) {
		result += slice.call(template, from, at) + text;
		from = at + 2;
	}
	return from === 0 ? template : result + slice.call(template, from);
}

/** Called through `.call`: a property of a string primitive costs XS a String wrapper on the heap. */
const { indexOf, slice } = String.prototype;

/**
 * CJK words servers are known to send back (self-hosted server error messages, as the
 * emulator's profiles send them), so they render from glyphs rather than boxes.
 */
export const SERVER_WORDS_ZH = "请在控制台面板输入验证码添加绑定设备激活码错误已激活不能为空资源不存在服务器内部异常小智官网登录成功失败";

/**
 * The screen language for a configured language code (`Lang::CODE`): zh-CN for Chinese,
 * en-US for anything else, as the firmware falls back to en-US for missing strings.
 */
export function screenLanguage(code: string): Language {
	return /^zh\b/i.test(code.trim()) ? "zh-CN" : "en-US";
}
