/*
 * What the activation flow tells the rest of the firmware: one event per state change
 * (for the screen, the log and the host runner) and one outcome when it ends.
 * Events carry no secrets: no token, password or HMAC ever goes into one.
 */

import type { NoNetworkCause, TransportFailureKind, StoredValue } from "activation/interfaces";

/** Why a step failed, in terms a screen can turn into words. */
export type FailureReason =
	| { readonly kind: TransportFailureKind; readonly detail: string; readonly cause?: NoNetworkCause }
	/** An HTTP answer other than the one expected (non-200 check, non-200/202 activation). */
	| {
			readonly kind: "http-status";
			readonly status: number;
			readonly detail: string;
			/** What the server said in the refused body ("message", "msg", "error", a title), shortened. */
			readonly serverMessage?: string;
	  }
	/** HTTP 200 whose body is not a JSON object. */
	| { readonly kind: "bad-json"; readonly detail: string }
	/** HTTP 200 carrying an error object ({"error":…}, {"code":…,"msg":…}, {"success":false,…}). */
	| { readonly kind: "server-error"; readonly detail: string }
	/** HTTP 200 JSON object with none of the sections a Xiaozhi server sends (wrong URL?). */
	| { readonly kind: "unexpected-body"; readonly detail: string }
	/** The board facts could not be read (modem not answering, ...). */
	| { readonly kind: "facts"; readonly detail: string }
	/**
	 * /activate answered 200, but the check that should confirm it still shows a code (a
	 * broken server, two back ends behind a balancer): backed off like a failed check.
	 */
	| { readonly kind: "unconfirmed"; readonly detail: string };

export type FailureKind = FailureReason["kind"];

/** The states of the flow; see machine.ts for the transitions. */
export type ActivationState =
	| "starting"
	| "checking"
	| "check-backoff"
	| "showing-code"
	| "activating"
	| "activate-wait"
	| "activated"
	| "gave-up";

export type ActivationEvent =
	| { readonly type: "starting"; readonly userAgent: string; readonly otaUrl: string }
	| { readonly type: "checking"; readonly host: string; readonly attempt: number; readonly maxAttempts: number }
	| {
			readonly type: "check-failed";
			readonly reason: FailureReason;
			readonly attempt: number;
			readonly maxAttempts: number;
			/** 0 when this was the last attempt. */
			readonly retryInMs: number;
	  }
	/** Once a second while waiting before the next check or activation attempt. */
	| { readonly type: "countdown"; readonly remainingMs: number; readonly next: "check" | "activate" }
	| { readonly type: "warning"; readonly message: string }
	/** `url` without its userinfo (for people; the hand-over's settings.firmware keeps it whole). */
	| { readonly type: "firmware"; readonly version: string; readonly url: string; readonly newer: boolean }
	/** A code to show. Sent again (same code) at every new check; `replaced` when it changed. */
	| {
			readonly type: "code";
			readonly code: string;
			/** The server's message, e.g. "xiaozhi.me\n209835" (may be empty). */
			readonly message: string;
			readonly replaced: boolean;
	  }
	| { readonly type: "activating"; readonly attempt: number; readonly maxAttempts: number }
	/** 202: the code has not been entered yet. `heldMs` is how long the server held the answer. */
	| { readonly type: "pending"; readonly attempt: number; readonly heldMs: number; readonly retryInMs: number }
	| { readonly type: "activate-failed"; readonly attempt: number; readonly reason: FailureReason; readonly retryInMs: number }
	/**
	 * `serverSaid`: what the answer that ended the flow held: no `activation` section at all
	 * (the server asks for no activation: already bound, or a server without activation), or
	 * an `activation` with neither code nor challenge (read as activated, as the firmware does).
	 */
	| { readonly type: "activated"; readonly viaCode: boolean; readonly serverSaid?: "no-activation" | "empty-activation" }
	| { readonly type: "gave-up"; readonly reason: FailureReason };

/** Settings handed to the rest of the firmware once the flow ends. */
export interface ServerSettings {
	/** Which protocol the firmware should start, chosen as the official firmware does. */
	readonly protocol: "mqtt" | "websocket";
	/** The `mqtt` members as stored (what the last answer sent, over what was stored before). */
	readonly mqtt: Readonly<Record<string, StoredValue>>;
	readonly websocket: Readonly<Record<string, StoredValue>>;
	/** Local wall time set from the server, or undefined when the answer had none. */
	readonly serverTime?: { readonly timestampMs: number; readonly timezoneOffsetMinutes: number };
	readonly firmware?: { readonly version: string; readonly url: string; readonly newer: boolean };
}

export type ActivationOutcome =
	/** The server knows the device as activated; settings come from its last answer. */
	| { readonly status: "activated"; readonly settings: ServerSettings }
	/** No answer after every retry: carry on with what is stored (as the firmware does). */
	| { readonly status: "offline"; readonly reason: FailureReason; readonly settings: ServerSettings }
	/** The flow was stopped by the host (button press, shutdown). */
	| { readonly status: "stopped" };
