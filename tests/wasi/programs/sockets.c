// sockets: with --tcplisten, fd 3 is a listening TCP socket (not a preopened directory). The program accepts
// one connection (sock_accept, retrying while it would block), reads a line (sock_recv, retrying likewise),
// sends "echo: LINE" back (sock_send), shuts down both directions (sock_shutdown) and closes. The harness's
// driver (sock_driver.c) is the client. Also: fd_fdstat_get on the listener and the connection says
// SOCKET_STREAM, and fd_prestat_get on the listener is EBADF (so wasi-libc's preopen scan stops there).
#include "common.h"
#include <sys/socket.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *filetype(int fd) {
  __wasi_fdstat_t st;
  __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
  if (e) return errno_name(e);
  return st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM ? "SOCKET_STREAM" : "other";
}

int main(void) {
  printf("listener fdstat: %s\n", filetype(3));
  __wasi_prestat_t pre;
  printf("listener prestat: %s\n", errno_name(__wasi_fd_prestat_get(3, &pre)));

  int conn = -1;
  for (int tries = 0; tries < 3000; tries++) {  // up to ~30 s
    conn = accept(3, NULL, NULL);
    if (conn >= 0 || errno != EAGAIN) break;
    usleep(10000);
  }
  printf("accept: %s\n", conn >= 0 ? "ok" : errno_name(errno));
  if (conn < 0) return 1;
  printf("connection fdstat: %s\n", filetype(conn));

  char line[256];
  size_t got = 0;
  int waits = 0;
  while (got < sizeof line - 1 && (got == 0 || line[got - 1] != '\n')) {
    ssize_t n = recv(conn, line + got, sizeof line - 1 - got, 0);
    if (n < 0 && errno == EAGAIN && waits++ < 3000) {
      usleep(10000);
      continue;
    }
    if (n <= 0) {
      printf("recv: %s\n", n < 0 ? errno_name(errno) : "EOF");
      break;
    }
    got += (size_t)n;
  }
  line[got] = 0;
  printf("received %zu bytes: <%.*s>\n", got, (int)(got ? got - 1 : 0), line);

  char reply[300];
  int len = snprintf(reply, sizeof reply, "echo: %s", line);
  size_t sent = 0;
  waits = 0;
  while (sent < (size_t)len) {
    ssize_t n = send(conn, reply + sent, (size_t)len - sent, 0);
    if (n < 0 && errno == EAGAIN && waits++ < 3000) {
      usleep(10000);
      continue;
    }
    if (n <= 0) {
      printf("send: %s\n", errno_name(errno));
      break;
    }
    sent += (size_t)n;
  }
  printf("sent %zu bytes\n", sent);
  printf("shutdown: %d\n", shutdown(conn, SHUT_RDWR));
  printf("close: %d\n", close(conn));
  return finish();
}
