/* Our declaration of the Moddable "wifi" module: only what this project uses. */

declare module "wifi" {
	export type WiFiMessage = "connect" | "gotIP" | "lostIP" | "disconnect" | "station_connect" | "station_disconnect";
	export interface WiFiOptions {
		ssid: string;
		password?: string;
	}
	export default class WiFi {
		constructor(options: WiFiOptions | undefined, callback: (message: WiFiMessage, value?: unknown) => void);
		close(): void;
		static mode: number;
		static readonly gotIP: "gotIP";
		static readonly lostIP: "lostIP";
		static readonly connected: "connect";
		static readonly disconnected: "disconnect";
		static readonly Mode: { readonly none: 0; readonly station: 1; readonly accessPoint: 2 };
		static connect(options?: WiFiOptions): void;
		static disconnect(): void;
	}
}
