/* Fake of Moddable's "securesocket": only its identity matters to the HTTP adapter. */
export default class SecureSocket {
	constructor(_options: object) {}
	close(): void {}
}
