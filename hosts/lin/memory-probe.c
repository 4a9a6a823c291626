/*
 * The XS stack's deepest point over one stretch of code, for hosts/lin/memory-probe.ts.
 *
 * The simulator's own "Stack used" figure is the deepest point since its last once-a-second
 * sample, so a short stretch (one screen draw) cannot be told from whatever else ran in that
 * second. `begin` starts a fresh peak here and keeps the running one; `end` returns the new
 * peak and puts back the deeper of the two, so the simulator's samples still see the whole run.
 * Simulator-only: it reads XS's instrumented machine (lin builds define mxInstrument).
 */
#include "xsAll.h"
#include "xsmc.h"

#ifdef mxInstrument
static txSlot* gOuterPeak = NULL;
#endif

void xs_memory_probe_stack_begin(xsMachine* the)
{
#ifdef mxInstrument
	if (gOuterPeak)
		xsUnknownError("stack measurement already begun");
	gOuterPeak = the->stackPeak;
	the->stackPeak = the->stack;
#endif
}

/* The deepest point since begin, in slots from the top of the stack. */
void xs_memory_probe_stack_end(xsMachine* the)
{
#ifdef mxInstrument
	txSlot* peak = the->stackPeak;
	if (!gOuterPeak)
		xsUnknownError("stack measurement not begun");
	if (gOuterPeak < peak)
		the->stackPeak = gOuterPeak;
	gOuterPeak = NULL;
	xsmcSetInteger(xsResult, (txInteger)(the->stackTop - peak));
#else
	xsmcSetInteger(xsResult, -1);
#endif
}
