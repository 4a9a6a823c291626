/*
 * The device, composed once for every runner: the network chosen from NVS, brought up
 * with its screens (the ML307R: baud detection, ATE0/CMEE, stale HTTP instances,
 * registration, data call, retried every 10 s; Wi-Fi: a stored network joined, or the setup
 * hotspot and its page until one is, modules/wifi-setup), the screen fed with every event and
 * countdown, the BOOT button, the activation flow and the hand-over of its outcome. A
 * platform only hands in low-level parts (DeviceParts); the board (main.ts), the Moddable
 * simulator, the XS runner, the Node tests and the benches all call startDevice.
 */

import type { ActivationEvent, ActivationOutcome } from "activation/events";
import type { ActivationHost, ActivationSigner, BoardFacts, HttpTransport, KeyValueStore, Log, RandomSource, SystemFacts, Timers, WallClock } from "activation/interfaces";
import { ActivationFlow, type ActivationConfig } from "activation/machine";
import type { AudioOutput } from "announcer/announcer";
import type { LedOutput } from "led/led";
import type { Ml307Stack, Ml307StackOptions } from "ml307/index";
import { createMl307Stack } from "ml307/index";
import type { SerialPort } from "ml307/io";
import { MODEM_MESSAGES, type ModemStatus } from "ml307/messages";
import { bringUpModem, type BringUpOptions } from "ml307/modem";
import { INITIAL_VIEW, screenViewFor, type NetworkPhase, type ScreenView } from "screens/view";
import { BootButton, type ButtonGesture, type ButtonInput } from "device/boot-button";
import { DeviceFeedback, type AnnounceSettings } from "device/feedback";
import { chooseNetwork, otherNetwork, storeNetworkType, type NetworkStack, type NetworkType } from "device/network-choice";
import { WakeableTimers } from "device/wakeable-timers";
import { WifiBringUp, type WifiStatus } from "wifi-setup/bring-up";
import { HOTSPOT_PAGE_URL, hotspotName, pageAddress } from "wifi-setup/hotspot";
import type { ByteSource, SetupServers, WifiRadio } from "wifi-setup/interfaces";

/** A network that needs no bring-up of its own (Wi-Fi joins on first use; a host's own network). */
export interface ReadyNetwork {
	readonly kind: "stack";
	readonly stack: NetworkStack;
}

/** The ML307R on a UART: the composition builds the driver and brings the modem up. */
export interface ModemNetwork {
	readonly kind: "ml307";
	/** The UART to the modem (8N1; its rate is changed by the baud detection). */
	readonly port?: SerialPort;
	/** Or a stack already built on it (runners that count its traffic). */
	readonly stack?: Ml307Stack & { readonly channel: { close(): void } };
	readonly options?: Omit<Ml307StackOptions, "board">;
	/** Runs the modem side's time until `work` settles (a modem on its own virtual clock); default: nothing. */
	readonly drive?: <T>(work: Promise<T>) => Promise<T>;
}

/** Wi-Fi: the composition joins a stored network or opens the setup hotspot (wifi-setup/bring-up). */
export interface WifiNetwork {
	readonly kind: "wifi";
	readonly radio: WifiRadio;
	/** The setup hotspot's HTTP and DNS servers. */
	readonly servers: SetupServers;
	/** The setup page's bytes (a flash resource on the board). */
	readonly page: ByteSource;
	/** HTTP once joined. */
	readonly http: HttpTransport;
	/** The station's board facts once joined. */
	readonly board: () => Promise<BoardFacts>;
	/** Readies what HTTPS needs once joined (the clock for TLS); a failure is logged, the flow goes on. */
	readonly online?: () => Promise<void>;
	/** The network compiled into the build (`mcconfig … ssid= password=`), tried first. */
	readonly configured?: { readonly ssid: string; readonly password?: string };
	/** Where the page is: `http://192.168.4.1/` on the board; a desktop run or the simulator serve it elsewhere. */
	readonly pageUrl?: string;
	/** One station join's limit while connecting (default 15 s). */
	readonly joinTimeoutMs?: number;
}

export type NetworkOption = ReadyNetwork | ModemNetwork | WifiNetwork;

/** The pixel output: a view to draw (a countdown-only change may be skipped within a second). */
export interface DeviceScreen {
	showView(view: ScreenView, countdownOnly: boolean): void;
}

export interface DeviceParts {
	readonly config: ActivationConfig & { readonly boardType: string };
	readonly store: KeyValueStore;
	/** The device's time: the flow's waits, the modem driver, the button, Wi-Fi setup, the announcer's repeat. */
	readonly timers: Timers;
	/** Where the server's time goes (Time.set on the board). */
	readonly wallClock: WallClock;
	readonly log: Log;
	readonly signer: ActivationSigner;
	readonly random: RandomSource;
	/** The chip's facts (the natives). */
	readonly system: () => SystemFacts;
	/** The dual-network board's two networks; only the chosen one is built. */
	readonly networks: { readonly ml307: () => NetworkOption; readonly wifi: () => NetworkOption };
	readonly screen?: DeviceScreen;
	readonly button?: ButtonInput;
	/** The speaker: the device's announcer reads codes and says setup mode's hotspot on it (modules/announcer). */
	readonly audio?: AudioOutput;
	/** The status LED: the device shows its pattern on it (modules/led). */
	readonly led?: LedOutput;
	/** How the announcer reads codes (default: twice, never repeated). */
	readonly announce?: AnnounceSettings;
	/** Every device event (activation events, modem bring-up, button), after the screen was given it. */
	readonly onEvent?: (event: DeviceEvent) => void;
	/**
	 * Reboots the board (after the switch notice has been seen). A double-click that comes once
	 * the run gave up without an answer has no outcome left to end: it restarts through this.
	 */
	readonly restart?: () => void;
	/** Modem bring-up numbers (tests shorten the detection rounds). */
	readonly bringUp?: Pick<BringUpOptions, "retryDelayMs" | "maxDetectRounds" | "detectPauseMs">;
}

export type DeviceEvent =
	| ActivationEvent
	| { readonly type: "network"; readonly network: NetworkType }
	| { readonly type: "modem"; readonly status: ModemStatus; readonly detail: string }
	| { readonly type: "button"; readonly gesture: ButtonGesture; readonly effect: "woke" | "switching" | "setup" | "none" }
	/** The Wi-Fi bring-up: joins, failures with their reason, setup mode (never a password). */
	| { readonly type: "wifi"; readonly status: WifiStatus };

/** Whether a device event is one of the activation flow's (not the network's, the modem's, the button's or Wi-Fi's). */
export function isFlowEvent(event: DeviceEvent): event is ActivationEvent {
	return event.type !== "network" && event.type !== "modem" && event.type !== "button" && event.type !== "wifi";
}

export type DeviceOutcome =
	| ActivationOutcome
	/** BOOT double-click while starting: NVS holds the other network; the platform restarts. */
	| { readonly status: "restart"; readonly network: NetworkType }
	/** The modem never answered (模组初始化失败). */
	| { readonly status: "no-network"; readonly detail: string };

/** How long each of setup mode's two screens stays up. */
export const SETUP_SCREEN_MS = 3000;
const DEFAULT_JOIN_TIMEOUT_MS = 15_000;

const MODEM_PHASES: Readonly<Record<Exclude<ModemStatus, "ready">, NetworkPhase>> = Object.freeze({
	detecting: "detecting-module",
	registering: "registering",
	"no-sim": "no-sim",
	"registration-denied": "registration-denied",
	"not-responding": "modem-not-responding",
});

export class Device {
	readonly #parts: DeviceParts;
	readonly #wakeable: WakeableTimers;
	readonly #feedback: DeviceFeedback;
	#view: ScreenView = INITIAL_VIEW;
	#flow: ActivationFlow | undefined;
	/** Until the server first answered: the window in which a double-click switches networks. */
	#starting = true;
	/** The run ended and its outcome was handed over (a double-click may still switch, see #onGesture). */
	#ended = false;
	#stopped = false;
	#network: NetworkType = "ml307";
	#interrupt: ((outcome: DeviceOutcome) => void) | undefined;
	#wifi: WifiBringUp | undefined;
	/** Setup mode's screens, shown in turn: the view and the timer that turns to the other one. */
	#setupView: (ScreenView & { kind: "wifi-setup" }) | undefined;
	#setupTimer: unknown;

	constructor(parts: DeviceParts) {
		this.#parts = parts;
		this.#wakeable = new WakeableTimers(parts.timers);
		this.#feedback = new DeviceFeedback({ ...parts.announce, audio: parts.audio, led: parts.led, timers: parts.timers, language: parts.config.language });
		const button = new BootButton(
			() => parts.timers.now(),
			(gesture) => this.#onGesture(gesture),
		);
		parts.button?.watch((pressed) => button.edge(pressed));
	}

	get view(): ScreenView {
		return this.#view;
	}

	/** Ends the run with "stopped" at the next step. */
	stop(): void {
		this.#stopped = true;
		this.#wifi?.stop();
		this.#flow?.stop();
		this.#interrupt?.({ status: "stopped" });
	}

	async run(): Promise<DeviceOutcome> {
		const parts = this.#parts;
		const chosen = chooseNetwork(parts.store, parts.networks);
		this.#network = chosen.type;
		parts.log.info(`${chosen.type === "wifi" ? "Wi-Fi" : "ML307 4G"} network`);
		this.#emit({ type: "network", network: chosen.type });
		this.#show({ kind: "network", phase: chosen.type === "wifi" ? "connecting" : "detecting-module", detail: "" }, false);
		const interrupted = new Promise<DeviceOutcome>((resolve) => (this.#interrupt = resolve));
		const work = this.#runOn(chosen.stack);
		try {
			return await Promise.race([work, interrupted]);
		} finally {
			this.#interrupt = undefined;
			this.#ended = true;
			this.#endSetupScreens();
			this.#endFeedback();
		}
	}

	async #runOn(option: NetworkOption): Promise<DeviceOutcome> {
		let stack: NetworkStack;
		if (option.kind === "stack") stack = option.stack;
		else {
			const up = option.kind === "wifi" ? await this.#bringUpWifi(option) : await this.#bringUpModem(option);
			if ("status" in up) return up;
			stack = up;
		}
		if (this.#stopped) return { status: "stopped" };
		const parts = this.#parts;
		const host: ActivationHost = Object.freeze({
			http: stack.http,
			store: parts.store,
			timers: parts.timers,
			wallClock: parts.wallClock,
			facts: Object.freeze({ system: parts.system, board: stack.board }),
			signer: parts.signer,
			random: parts.random,
			log: parts.log,
		});
		const flow = new ActivationFlow(host, parts.config, (event) => this.#onFlowEvent(event));
		this.#flow = flow;
		return flow.run();
	}

	async #bringUpModem(option: ModemNetwork): Promise<NetworkStack | DeviceOutcome> {
		const parts = this.#parts;
		const board = { type: parts.config.boardType, name: parts.config.boardName };
		let modem: Ml307Stack;
		if (option.stack) modem = option.stack;
		else if (option.port) modem = createMl307Stack(option.port, parts.timers, { ...option.options, board });
		else throw new TypeError("the ML307 network needs a port or a stack");
		const drive = option.drive ?? (<T>(work: Promise<T>) => work);
		const up = await drive(
			bringUpModem(modem.modem, this.#wakeable, {
				...parts.bringUp,
				stopped: () => this.#stopped,
				onStatus: (status, detail) => this.#onModemStatus(status, detail),
			}),
		);
		if (!up.ok) return up.status === "stopped" ? { status: "stopped" } : { status: "no-network", detail: up.detail };
		return {
			http: { request: (request) => drive(modem.http.request(request)) },
			board: () => drive(modem.board()),
		};
	}

	async #bringUpWifi(option: WifiNetwork): Promise<NetworkStack | DeviceOutcome> {
		const parts = this.#parts;
		const configured = option.configured ? { ssid: option.configured.ssid, password: option.configured.password ?? "" } : undefined;
		const wifi = new WifiBringUp({
			radio: option.radio,
			servers: option.servers,
			store: parts.store,
			timers: parts.timers,
			log: parts.log,
			configured,
			hotspot: hotspotName(parts.system().mac),
			pageUrl: option.pageUrl ?? HOTSPOT_PAGE_URL,
			page: option.page,
			joinTimeoutMs: option.joinTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS,
			onStatus: (status) => this.#onWifiStatus(status),
		});
		this.#wifi = wifi;
		const end = await wifi.run();
		this.#wifi = undefined;
		if (end === "stopped") return { status: "stopped" };
		try {
			await option.online?.();
		} catch (error) {
			parts.log.warn(`Wi-Fi: ${(error as Error).message}`);
		}
		return { http: option.http, board: option.board };
	}

	#onWifiStatus(status: WifiStatus): void {
		if (status.kind === "setup") {
			this.#setupView = { kind: "wifi-setup", step: "hotspot", hotspot: status.hotspot, address: pageAddress(status.pageUrl) };
			this.#turnSetupScreen();
			this.#guardFeedback(() => this.#feedback.setupMode(status.hotspot));
		} else if (status.kind === "joining") this.#show({ kind: "network", phase: "connecting", detail: status.ssid }, false);
		if (status.kind === "setup-ended" || status.kind === "joining") this.#endSetupScreens();
		this.#emit({ type: "wifi", status });
	}

	/** Shows setup mode's current screen and the other one SETUP_SCREEN_MS later, until setup ends. */
	#turnSetupScreen(): void {
		const view = this.#setupView;
		if (!view) return;
		this.#show(view, false);
		this.#setupView = { ...view, step: view.step === "hotspot" ? "page" : "hotspot" };
		this.#setupTimer = this.#parts.timers.set(() => this.#turnSetupScreen(), SETUP_SCREEN_MS);
	}

	#endSetupScreens(): void {
		if (this.#setupTimer !== undefined) this.#parts.timers.clear(this.#setupTimer);
		this.#setupTimer = undefined;
		this.#setupView = undefined;
	}

	#onModemStatus(status: ModemStatus, detail: string): void {
		const log = this.#parts.log;
		// The firmware's words for the state, in the build's language.
		const message = MODEM_MESSAGES[status];
		const text = status === "ready" ? "ready" : this.#parts.config.language.startsWith("zh") ? message.zh : message.en;
		const line = `modem: ${text}${detail ? ` (${detail})` : ""}`;
		if (status === "no-sim" || status === "registration-denied") log.warn(`${line}; retry in 10 s`);
		else if (status === "not-responding") log.error(line);
		else log.info(line);
		if (status !== "ready") this.#show({ kind: "network", phase: MODEM_PHASES[status], detail: "" }, false);
		this.#emit({ type: "modem", status, detail });
	}

	#onFlowEvent(event: ActivationEvent): void {
		if (event.type === "code" || event.type === "activated") this.#starting = false;
		this.#show(screenViewFor(this.#view, event), event.type === "countdown");
		this.#tellFeedback(event);
		this.#emit(event);
	}

	#onGesture(gesture: ButtonGesture): void {
		// While starting the choice of network still matters, also once the run gave up without
		// an answer (a dead modem: the likeliest moment a person tries Wi-Fi); then there is no
		// outcome left to end, so the platform is asked to restart.
		if (gesture === "double-click" && this.#starting && !this.#stopped && (!this.#ended || this.#parts.restart)) {
			this.#switchNetwork(gesture);
			return;
		}
		// While Wi-Fi is joining, a press opens setup mode (the official firmware's rule).
		if (this.#wifi?.requestSetup()) {
			this.#parts.log.info("BOOT press while joining Wi-Fi: setup mode");
			this.#emit({ type: "button", gesture, effect: "setup" });
			return;
		}
		// A press cuts the running retry or back-off wait short (the flow's, or the modem's 10 s retry).
		const woke = (this.#flow?.wake() ?? false) || this.#wakeable.wake();
		this.#emit({ type: "button", gesture, effect: woke ? "woke" : "none" });
	}

	#switchNetwork(gesture: ButtonGesture): void {
		const next = otherNetwork(this.#network);
		this.#emit({ type: "button", gesture, effect: "switching" });
		this.#parts.log.info(`BOOT double-click: switching to ${next === "wifi" ? "Wi-Fi" : "4G"} and restarting`);
		storeNetworkType(this.#parts.store, next);
		this.#wifi?.stop();
		this.#endSetupScreens();
		this.#show({ kind: "network", phase: next === "wifi" ? "switching-to-wifi" : "switching-to-4g", detail: "" }, false);
		this.#stopped = true;
		if (this.#ended) {
			this.#parts.restart!();
			return;
		}
		this.#flow?.stop();
		this.#interrupt?.({ status: "restart", network: next });
	}

	#show(view: ScreenView, countdownOnly: boolean): void {
		this.#view = view;
		try {
			this.#parts.screen?.showView(view, countdownOnly);
		} catch (error) {
			this.#parts.log.error(`screen failed: ${(error as Error).message}`);
		}
	}

	/** The speaker and LED, like the screen: a failure is logged, never allowed to stop the device. */
	#tellFeedback(event: ActivationEvent): void {
		this.#guardFeedback(() => this.#feedback.onEvent(event));
	}

	#guardFeedback(work: () => void): void {
		try {
			work();
		} catch (error) {
			this.#parts.log.error(`feedback failed: ${(error as Error).message}`);
		}
	}

	/** Whatever the outcome: the readout stops (unless the success chime closes it) and the LED goes dark. */
	#endFeedback(): void {
		this.#guardFeedback(() => this.#feedback.end());
	}

	#emit(event: DeviceEvent): void {
		try {
			this.#parts.onEvent?.(event);
		} catch (error) {
			this.#parts.log.error(`event listener failed on ${event.type}: ${(error as Error).message}`);
		}
	}
}

/** Builds the device from a platform's parts and runs it to its outcome. */
export function startDevice(parts: DeviceParts): Device {
	return new Device(parts);
}

Object.freeze(Device.prototype);
