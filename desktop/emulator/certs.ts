/*
 * The emulator's test certificate authority, made at run time with the `openssl` CLI.
 *
 * Moddable's TLS rejects a lone self-signed server certificate, so the server presents a
 * leaf signed by this CA (and sends the CA along as the chain). A second leaf, for a host
 * name that is not 127.0.0.1, reproduces the 2026-08-19 incident where the OTA host served
 * another host's certificate. Nothing here is committed: the files live in a cache dir.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface TestCertificates {
	readonly dir: string;
	readonly caPath: string;
	readonly caPem: string;
	/** Leaf for IP:127.0.0.1 and DNS:localhost, followed by the CA (the chain the server sends). */
	readonly localChainPem: string;
	readonly localKeyPem: string;
	/** Leaf for {@link WRONG_HOST_NAME} only, followed by the CA. */
	readonly wrongHostChainPem: string;
	readonly wrongHostKeyPem: string;
}

/** The host name of the mismatching certificate (a reserved, never-resolving name). */
export const WRONG_HOST_NAME = "wrong-host.invalid";

const FILES = {
	caKey: "ca.key",
	caCert: "ca.pem",
	localKey: "localhost.key",
	localCert: "localhost.pem",
	wrongKey: "wrong-host.key",
	wrongCert: "wrong-host.pem",
} as const;

/** Regenerate when anything expires sooner than this. */
const MIN_REMAINING_VALIDITY_MS = 30 * 24 * 3600 * 1000;

export function defaultCertificateDir(): string {
	const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
	// Versioned: a set made by an older recipe (a CA without AKI) is not picked up again.
	return join(repoRoot, ".cache", "test-ca-v2");
}

/**
 * Returns the test CA and leaves in `dir`, creating them if absent or near expiry.
 * Several test processes may call this at once: each generates into its own temporary
 * directory and the first rename wins; the others adopt the winner's files.
 */
export function ensureTestCertificates(dir: string = defaultCertificateDir()): TestCertificates {
	const existing = loadIfUsable(dir);
	if (existing) return existing;

	mkdirSync(dirname(dir), { recursive: true });
	const scratch = mkdtempSync(`${dir}.tmp-`);
	try {
		generateInto(scratch);
		const raced = loadIfUsable(dir);
		if (raced) return raced;
		// An incomplete or expiring set: replace it.
		if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
		try {
			renameSync(scratch, dir);
		} catch (error) {
			// Another process renamed its set in first: use that one if it is complete.
			const winner = loadIfUsable(dir);
			if (winner) return winner;
			throw error;
		}
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
	const created = loadIfUsable(dir);
	if (!created) throw new Error(`test certificates in ${dir} are unusable right after creation`);
	return created;
}

function loadIfUsable(dir: string): TestCertificates | undefined {
	const paths = Object.values(FILES).map((name) => join(dir, name));
	if (!paths.every((path) => existsSync(path))) return undefined;
	const read = (name: string): string => readFileSync(join(dir, name), "utf8");
	const caPem = read(FILES.caCert);
	const localCert = read(FILES.localCert);
	const wrongCert = read(FILES.wrongCert);
	try {
		const ca = new X509Certificate(caPem);
		for (const pem of [caPem, localCert, wrongCert]) {
			const cert = new X509Certificate(pem);
			if (Date.parse(cert.validTo) - Date.now() < MIN_REMAINING_VALIDITY_MS) return undefined;
			if (pem !== caPem && !cert.checkIssued(ca)) return undefined;
		}
	} catch {
		return undefined;
	}
	return {
		dir,
		caPath: join(dir, FILES.caCert),
		caPem,
		localChainPem: localCert + caPem,
		localKeyPem: read(FILES.localKey),
		wrongHostChainPem: wrongCert + caPem,
		wrongHostKeyPem: read(FILES.wrongKey),
	};
}

function openssl(args: string[], cwd: string): void {
	try {
		execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
	} catch (error) {
		const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
		throw new Error(`openssl ${args[0]} failed (is the openssl CLI installed?): ${stderr.trim() || String(error)}`, { cause: error });
	}
}

function generateInto(dir: string): void {
	// RSA 2048 because every TLS stack the device side may use (mbedTLS, Moddable's own) takes it.
	writeFileSync(
		join(dir, "ca.cnf"),
		[
			"[req]",
			"distinguished_name = dn",
			"prompt = no",
			"x509_extensions = v3_ca",
			"[dn]",
			"CN = Xiaozhi Emulator Test CA",
			"O = xiaozhi-activation tests",
			"[v3_ca]",
			"basicConstraints = critical, CA:TRUE",
			"keyUsage = critical, keyCertSign, cRLSign",
			"subjectKeyIdentifier = hash",
			// Moddable's certificate verifier needs the CA's own AKI ("invalid buffer" without it).
			"authorityKeyIdentifier = keyid:always",
			"",
		].join("\n"),
	);
	openssl(["genrsa", "-out", FILES.caKey, "2048"], dir);
	openssl(["req", "-new", "-x509", "-config", "ca.cnf", "-key", FILES.caKey, "-sha256", "-days", "3650", "-out", FILES.caCert], dir);
	makeLeaf(dir, "local", FILES.localKey, FILES.localCert, "127.0.0.1", "IP:127.0.0.1, DNS:localhost");
	makeLeaf(dir, "wrong", FILES.wrongKey, FILES.wrongCert, WRONG_HOST_NAME, `DNS:${WRONG_HOST_NAME}`);
}

function makeLeaf(dir: string, stem: string, keyFile: string, certFile: string, commonName: string, altNames: string): void {
	const extFile = `${stem}.ext`;
	writeFileSync(
		join(dir, extFile),
		[
			"basicConstraints = critical, CA:FALSE",
			"keyUsage = critical, digitalSignature, keyEncipherment",
			"extendedKeyUsage = serverAuth",
			`subjectAltName = ${altNames}`,
			"authorityKeyIdentifier = keyid",
			"subjectKeyIdentifier = hash",
			"",
		].join("\n"),
	);
	openssl(["genrsa", "-out", keyFile, "2048"], dir);
	openssl(["req", "-new", "-key", keyFile, "-subj", `/CN=${commonName}/O=xiaozhi-activation tests`, "-out", `${stem}.csr`], dir);
	openssl(
		[
			"x509", "-req", "-in", `${stem}.csr`, "-CA", FILES.caCert, "-CAkey", FILES.caKey, "-CAcreateserial",
			"-sha256", "-days", "825", "-extfile", extFile, "-out", certFile,
		],
		dir,
	);
}
