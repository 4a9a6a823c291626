/* Stand-in for "securesocket": its identity tells the http stand-in to use HTTPS (Node's TLS behind the bridge). */
export default class SecureSocket {
	constructor(_options: object) {}
	close(): void {}
}
