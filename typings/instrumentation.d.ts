/* Our declaration of Moddable's "instrumentation" and "debug" modules: only what the simulator's memory probe uses. */

declare module "instrumentation" {
	const Instrumentation: {
		/** The index of a named instrument ("XS Slot Heap Used", …), undefined when the build has none. */
		map(name: string): number | undefined;
		/** Its current value (bytes for heaps and stack; a count for collections), undefined without instrumentation. */
		get(what: number | undefined): number | undefined;
	};
	export default Instrumentation;
}

declare module "debug" {
	const Debug: {
		/** With no argument: a full garbage collection now. */
		gc(enable?: boolean): void;
	};
	export default Debug;
}
