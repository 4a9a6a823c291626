/*
 * A throwaway certificate authority for transport tests, made with the openssl CLI:
 * a CA, a leaf for 127.0.0.1/localhost and a leaf for another host name (TLS failures).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCa {
	readonly caPem: string;
	/** Leaf for IP:127.0.0.1 and DNS:localhost, followed by the CA (the chain a server sends). */
	readonly localCertChain: string;
	readonly localKey: string;
	/** Leaf for DNS:wrong.example only. */
	readonly wrongHostCertChain: string;
	readonly wrongHostKey: string;
	/** A second, unrelated CA: trusting it instead of caPem must fail. */
	readonly otherCaPem: string;
}

function openssl(dir: string, ...args: string[]): void {
	execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string): void {
	openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.pem`,
		"-days", "2", "-subj", `/CN=${name}`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
}

function makeLeaf(dir: string, ca: string, name: string, san: string): void {
	openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
	writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
	openssl(dir, "x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.pem`, "-CAkey", `${ca}.key`, "-CAcreateserial",
		"-out", `${name}.pem`, "-days", "2", "-extfile", `${name}.ext`);
}

export function makeTestCa(): TestCa {
	const dir = mkdtempSync(join(tmpdir(), "xz-test-ca-"));
	try {
		makeCa(dir, "test-ca");
		makeCa(dir, "other-ca");
		makeLeaf(dir, "test-ca", "local", "IP:127.0.0.1,DNS:localhost");
		makeLeaf(dir, "test-ca", "wrong", "DNS:wrong.example");
		const read = (name: string): string => readFileSync(join(dir, name), "utf8");
		return {
			caPem: read("test-ca.pem"),
			localCertChain: read("local.pem") + read("test-ca.pem"),
			localKey: read("local.key"),
			wrongHostCertChain: read("wrong.pem") + read("test-ca.pem"),
			wrongHostKey: read("wrong.key"),
			otherCaPem: read("other-ca.pem"),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
