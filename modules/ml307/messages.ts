/*
 * What the official firmware shows for each modem state (zh-CN / en-US language.json of
 * xiaozhi-esp32 v2.0.4; MODEM_INIT_ERROR from HEAD). Screens pick the language.
 */

export type ModemStatus =
	| "detecting" // DETECTING_MODULE, until the modem answers AT+CGMR
	| "registering" // REGISTERING_NETWORK, waiting for CEREG stat 1/5
	| "no-sim" // AT+CPIN? → +CME ERROR: 10 (PIN_ERROR alert)
	| "registration-denied" // CEREG stat 3 (REG_ERROR alert)
	| "not-responding" // no answer to AT at any rate (MODEM_INIT_ERROR)
	| "ready";

export interface ModemMessage {
	readonly zh: string;
	readonly en: string;
	/** True for the states the firmware shows as an alert ("错误" status, warning icon). */
	readonly alert: boolean;
}

export const MODEM_MESSAGES: Readonly<Record<ModemStatus, ModemMessage>> = Object.freeze({
	detecting: Object.freeze({ zh: "检测模组...", en: "Detecting module...", alert: false }),
	registering: Object.freeze({ zh: "等待网络...", en: "Waiting for network...", alert: false }),
	"no-sim": Object.freeze({ zh: "请插入 SIM 卡", en: "Please insert SIM card", alert: true }),
	"registration-denied": Object.freeze({
		zh: "无法接入网络，请检查流量卡状态",
		en: "Unable to access network, please check SIM card status",
		alert: true,
	}),
	"not-responding": Object.freeze({ zh: "模组初始化失败", en: "Modem initialization failed", alert: true }),
	ready: Object.freeze({ zh: "", en: "", alert: false }),
});
