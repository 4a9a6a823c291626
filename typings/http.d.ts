/*
 * Our declaration of Moddable's legacy HTTP client and server, for what this project uses. The callback
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

	/** A TCP socket of the SDK's "socket" module, as Server.detach hands it over. */
	export interface ServerSocket {
		/** (2, bytes readable), (3, bytes writable), (-1 or -2): gone. */
		callback?: (message: number, value?: number) => void;
		/** Bytes readable when called without a type. */
		read(): number;
		read(type: typeof ArrayBuffer, limit?: number): ArrayBuffer;
		/** Bytes that fit the send buffer now, when called without data; throws "can't write all data" when the data does not fit. */
		write(): number;
		write(...data: (string | ArrayBuffer)[]): void;
		close(): void;
	}

	/** What prepareResponse returns. */
	export interface ServerResponse {
		status?: number;
		reason?: string;
		/** Flat list: name, value, … */
		headers?: (string | number)[];
		/** ASCII string or bytes, or true to stream it through responseFragment. */
		body?: string | ArrayBuffer | true;
	}

	/** The request a Server callback runs on (`this`): the SDK's Request, with our own fields. */
	export interface ServerRequest {
		[field: string]: unknown;
	}

	export type ServerMessage = -1 | 1 | 2 | 3 | 4 | 5 | 6 | 8 | 9 | 10;

	/**
	 * The SDK's HTTP/1.1 server: one callback per request step, `this` the request. The message
	 * codes are the runtime's ($(MODULES)/network/http/http.js): 1 connection, 2 status (path,
	 * method), 3 header (lower-case name, value), 4 headers complete (return String,
	 * ArrayBuffer, true, or false to ignore the body), 5 request fragment, 6 request complete
	 * (the body), 8 prepare response, 9 response fragment (bytes that fit), 10 response
	 * complete, -1 error. Every answer closes its connection.
	 */
	export class Server {
		constructor(options?: { port?: number });
		callback: (this: ServerRequest, message: ServerMessage, value?: any, etc?: any) => unknown;
		close(connections?: boolean): void;
		/** Hands the request's socket over (only safe from the status message): the app answers on it. */
		detach(request: ServerRequest): ServerSocket;
		static readonly connection: 1;
		static readonly status: 2;
		static readonly header: 3;
		static readonly headersComplete: 4;
		static readonly requestFragment: 5;
		static readonly requestComplete: 6;
		static readonly prepareResponse: 8;
		static readonly responseFragment: 9;
		static readonly responseComplete: 10;
		static readonly error: -1;
	}
}
