/*
 * Our declaration of Moddable's legacy HTTP client, for what this project uses. The callback
 * codes are the runtime's ($(MODULES)/network/http/http.js): 0 requestFragment, 1 status,
 * 2 header, 3 headersComplete, 4 responseFragment, 5 responseComplete, -2 error. (The SDK's
 * own http.d.ts types error as -1 and responseFragment as 3, and lacks Socket/secure.)
 */

declare module "http" {
	export type RequestMessage = -2 | 0 | 1 | 2 | 3 | 4 | 5;

	export interface SecureOptions {
		/** DER of an extra trusted CA (the server chain must lead to it or to a bundled CA). */
		certificate?: ArrayBuffer | HostBuffer;
		protocolVersion?: number;
		verify?: boolean;
		trace?: boolean;
	}

	export interface RequestOptions {
		host?: string;
		address?: string;
		port?: number;
		path?: string;
		method?: string;
		/** Flat list: name, value, name, value... */
		headers?: (string | number)[];
		/** ASCII string, bytes, or true to stream it through callback 0. */
		body?: string | ArrayBuffer | true;
		/** Collect the body and hand it to callback 5; leave undefined to stream it (callback 4). */
		response?: typeof String | typeof ArrayBuffer;
		/** The socket class, e.g. SecureSocket for HTTPS. */
		Socket?: abstract new (options: object) => object;
		secure?: SecureOptions;
	}

	export type RequestCallback = (this: Request, message: RequestMessage, value1?: any, value2?: any) => unknown;

	export class Request {
		constructor(options: RequestOptions);
		callback: RequestCallback;
		/** Bytes available when called without a type. */
		read(): number;
		read(type: typeof ArrayBuffer, limit?: number): ArrayBuffer;
		read(type: typeof String, limit?: number): string;
		close(): void;

		static readonly requestFragment: 0;
		static readonly status: 1;
		static readonly header: 2;
		static readonly headersComplete: 3;
		static readonly responseFragment: 4;
		static readonly responseComplete: 5;
		static readonly error: -2;
	}
}
