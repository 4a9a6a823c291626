/* Forced into the modem port's test build (-include): its allocations can be made to fail. */
#include <stdlib.h>
void *fake_malloc(size_t size);
void *fake_calloc(size_t count, size_t size);
#define malloc fake_malloc
#define calloc fake_calloc
