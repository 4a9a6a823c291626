/*
 * The project's only C for xsnap: xsnap-worker creates its machine with a fixed stack of
 * 4,096 slots. Its own sources are compiled unchanged with fxCreateMachine renamed to the
 * function below, which gives the machine the stack the board's manifest asks for
 * (XSNAP_BOARD_STACK, from hosts/esp32s3/manifest.json `creation.stack`) and leaves every
 * other creation number as xsnap set it. Built by desktop/runner/board-worker.ts.
 */
#include "xs.h"

#ifndef XSNAP_BOARD_STACK
#error "XSNAP_BOARD_STACK (slots) must be defined"
#endif

xsMachine* fxBoardCreateMachine(xsCreation* creation, xsStringValue name, void* context, xsIdentifier id)
{
	creation->stackCount = XSNAP_BOARD_STACK;
	return fxCreateMachine(creation, name, context, id);
}
