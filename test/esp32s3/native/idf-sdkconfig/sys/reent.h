/* The C library's per-task state as the Xtensa port's headers name it (newlib's <sys/reent.h>, which a PC has not). */
#ifndef IDF_HOST_SYS_REENT_H
#define IDF_HOST_SYS_REENT_H
struct _reent {
	int unused;
};
#endif
