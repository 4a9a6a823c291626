/* What the xsnap worker offers the code it runs, beyond the language. */
declare global {
	/** Send bytes to the Node host and block until it answers. */
	function issueCommand(message: ArrayBuffer): ArrayBuffer;
}
export {};
