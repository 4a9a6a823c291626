/* Our declaration of ECMA-419 "embedded:io/socket/tcp": only what the simulator's modem UART uses. */

declare module "embedded:io/socket/tcp" {
	export default class TCP {
		constructor(options: {
			address: string;
			port: number;
			nodelay?: boolean;
			format?: "buffer";
			onReadable?: (this: TCP, count: number) => void;
			onWritable?: (this: TCP, count: number) => void;
			onError?: (this: TCP) => void;
		});
		read(): ArrayBuffer | undefined;
		write(data: ArrayBuffer): void;
		close(): void;
	}
}
