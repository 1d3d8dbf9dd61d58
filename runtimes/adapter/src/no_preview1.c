// wasi-libc's snprintf family links its stdio, which refers to three WASI preview 1 calls for
// real files. The adapter and its test program only format into buffers: these definitions keep
// the preview 1 imports out of the core module (a component cannot have them).
#include <stdint.h>
#include <stdlib.h>

int32_t __imported_wasi_snapshot_preview1_fd_close(int32_t fd) { (void)fd; abort(); }
int32_t __imported_wasi_snapshot_preview1_fd_seek(int32_t fd, int64_t offset, int32_t whence, void *out) { (void)fd, (void)offset, (void)whence, (void)out; abort(); }
int32_t __imported_wasi_snapshot_preview1_fd_write(int32_t fd, const void *iovs, int32_t n, void *out) { (void)fd, (void)iovs, (void)n, (void)out; abort(); }
