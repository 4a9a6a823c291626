/*
 * The NVS round trip: a fresh text written and read back, and a run counter that survives a
 * reset (namespace "selftest", keys "probe" and "runs"; nothing of the firmware's is touched).
 */
import type { KeyValueStore } from "activation/interfaces";
import type { Verdict } from "self-test/checks";

export const SELF_TEST_NAMESPACE = "selftest";

export function nvsRoundTrip(store: KeyValueStore, token: string): Verdict {
	const before = store.get(SELF_TEST_NAMESPACE, "runs");
	const runs = (typeof before === "number" && Number.isInteger(before) && before >= 0 ? before : 0) + 1;
	store.set(SELF_TEST_NAMESPACE, "probe", token);
	store.set(SELF_TEST_NAMESPACE, "runs", runs);
	const probe = store.get(SELF_TEST_NAMESPACE, "probe");
	if (probe !== token) return { ok: false, detail: `wrote "${token}", read back ${JSON.stringify(probe)}` };
	const counted = store.get(SELF_TEST_NAMESPACE, "runs");
	if (counted !== runs) return { ok: false, detail: `wrote run count ${runs}, read back ${JSON.stringify(counted)}` };
	return { ok: true, detail: `wrote and read back "${token}"; self-test run ${runs} on this NVS` };
}
