/* Stand-in for "Resource": the board run ships no extra resources (the modem does the 4G TLS; Wi-Fi TLS is Node's). */
export default class Resource {
	constructor(path: string) {
		throw new Error(`Resource: ${path} is not in this board run`);
	}
	static exists(_path: string): boolean {
		return false;
	}
}
