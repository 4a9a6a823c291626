/*
 * What the screen needs to know, kept from the activation events by a small pure reducer:
 * `screenViewFor(previous, event)`. The code stays on screen from the moment it arrives
 * until the device is activated (the user may be typing it while attempts, waits and even
 * re-checks go on), so those events change only the code screen's status line.
 */

import type { ActivationEvent, FailureReason } from "activation/events";

/** What to say on the status line of the code screen. */
export type CodeStatus =
	/** Just shown; no activation attempt yet. */
	| { readonly phase: "shown" }
	/** An activation attempt is running or the server said "not yet" (202). */
	| { readonly phase: "activating"; readonly attempt: number; readonly maxAttempts: number }
	/** An attempt failed; the next one comes after the countdown. */
	| { readonly phase: "retry"; readonly reason: FailureReason; readonly retryInMs: number }
	/** The attempts of this round are over; the server is being asked again. */
	| { readonly phase: "checking" };

/** Network bring-up, shown by the host before the flow starts (official strings). */
export type NetworkPhase =
	| "connecting"
	| "detecting-module"
	| "registering"
	| "no-sim"
	| "registration-denied"
	| "modem-not-responding"
	/** BOOT double-click: the device restarts with the other network (`detail` names it). */
	| "switching-to-wifi"
	| "switching-to-4g";

export type ScreenView =
	| { readonly kind: "network"; readonly phase: NetworkPhase; readonly detail: string }
	| { readonly kind: "starting"; readonly userAgent: string }
	| { readonly kind: "checking"; readonly host: string; readonly attempt: number; readonly maxAttempts: number }
	| {
			readonly kind: "code";
			readonly code: string;
			/** The server's message as sent (may be empty or any shape). */
			readonly message: string;
			readonly status: CodeStatus;
	  }
	| {
			readonly kind: "failed";
			readonly reason: FailureReason;
			/** 0 when no retry follows. */
			readonly retryInMs: number;
			/** The flow gave up: the firmware carries on with its stored settings. */
			readonly final: boolean;
	  }
	| { readonly kind: "activated"; readonly viaCode: boolean }
	/**
	 * Wi-Fi setup mode (配网模式): two screens shown in turn, the hotspot a phone joins and the
	 * page it opens (`address` without `http://`, e.g. `192.168.4.1`).
	 */
	| { readonly kind: "wifi-setup"; readonly step: "hotspot" | "page"; readonly hotspot: string; readonly address: string };

export const INITIAL_VIEW: ScreenView = Object.freeze({ kind: "network", phase: "connecting", detail: "" });

/** The view after `event`; returns `previous` itself when the event changes nothing on screen. */
export function screenViewFor(previous: ScreenView, event: ActivationEvent): ScreenView {
	switch (event.type) {
		case "starting":
			return { kind: "starting", userAgent: event.userAgent };
		case "checking":
			if (previous.kind === "code") return withCodeStatus(previous, { phase: "checking" });
			return { kind: "checking", host: event.host, attempt: event.attempt, maxAttempts: event.maxAttempts };
		case "check-failed":
			// A code already shown stays: a failed re-check does not make it wrong.
			if (previous.kind === "code")
				return withCodeStatus(previous, { phase: "retry", reason: event.reason, retryInMs: event.retryInMs });
			return { kind: "failed", reason: event.reason, retryInMs: event.retryInMs, final: event.retryInMs === 0 };
		case "countdown":
			if (previous.kind === "failed" && !previous.final) return { ...previous, retryInMs: event.remainingMs };
			if (previous.kind === "code" && previous.status.phase === "retry")
				return withCodeStatus(previous, { ...previous.status, retryInMs: event.remainingMs });
			return previous;
		case "code":
			return {
				kind: "code",
				code: event.code,
				message: event.message,
				status: previous.kind === "code" && previous.code === event.code ? previous.status : { phase: "shown" },
			};
		case "activating":
			if (previous.kind !== "code") return previous;
			return withCodeStatus(previous, { phase: "activating", attempt: event.attempt, maxAttempts: event.maxAttempts });
		case "pending":
			// 202: the attempt's status line stays as it is; nothing moves until the next attempt.
			return previous;
		case "activate-failed":
			if (previous.kind !== "code") return previous;
			return withCodeStatus(previous, { phase: "retry", reason: event.reason, retryInMs: event.retryInMs });
		case "activated":
			return { kind: "activated", viaCode: event.viaCode };
		case "gave-up":
			return { kind: "failed", reason: event.reason, retryInMs: 0, final: true };
		case "warning":
		case "firmware":
			return previous;
	}
}

function withCodeStatus(view: ScreenView & { kind: "code" }, status: CodeStatus): ScreenView {
	return { kind: "code", code: view.code, message: view.message, status };
}
