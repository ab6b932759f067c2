// Drives tests/wasi/programs/sockets.c: picks a free local port, starts RUNTIME run --tcplisten
// 127.0.0.1:PORT PROGRAM (stdout and stderr inherited), connects (retrying while the runtime starts), sends a
// line, reads the reply until EOF, waits for the runtime and prints what the client saw after the guest's own
// output. Exits with the runtime's status. If the runtime fails to start (say the port was taken between our
// probe and its bind), tries again with another port.
//
//   wasi_sock_driver RUNTIME PROGRAM
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int free_port(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(s, (struct sockaddr *)&a, &len) != 0) {
    perror("sock_driver: probe port");
    exit(1);
  }
  close(s);
  return ntohs(a.sin_port);
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s RUNTIME PROGRAM\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  const char *message = "hello over tcp\n";
  for (int attempt = 0; attempt < 5; attempt++) {
    int port = free_port();
    char listen_arg[64];
    snprintf(listen_arg, sizeof listen_arg, "127.0.0.1:%d", port);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
      perror("sock_driver: fork");
      return 1;
    }
    if (pid == 0) {
      execl(argv[1], argv[1], "run", "--tcplisten", listen_arg, argv[2], (char *)NULL);
      perror("sock_driver: exec");
      _exit(127);
    }
    // Connect, retrying for up to 20 s while the runtime starts; give up early if it exits.
    int s = -1, status = 0, exited = 0;
    for (int i = 0; i < 2000; i++) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = 1;
        break;
      }
      s = socket(AF_INET, SOCK_STREAM, 0);
      struct sockaddr_in a;
      memset(&a, 0, sizeof a);
      a.sin_family = AF_INET;
      a.sin_port = htons((unsigned short)port);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) break;
      close(s);
      s = -1;
      sleep_ms(10);
    }
    if (s < 0) {
      if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        fprintf(stderr, "sock_driver: could not connect to port %d\n", port);
        return 1;
      }
      fprintf(stderr, "sock_driver: runtime exited before accepting (status %d); retrying\n", status);
      continue;
    }
    ssize_t n = send(s, message, strlen(message), 0);
    if (n != (ssize_t)strlen(message)) perror("sock_driver: send");
    char reply[512];
    size_t got = 0;
    while (got < sizeof reply - 1) {
      n = recv(s, reply + got, sizeof reply - 1 - got, 0);
      if (n <= 0) break;
      got += (size_t)n;
    }
    reply[got] = 0;
    close(s);
    if (waitpid(pid, &status, 0) != pid) {
      perror("sock_driver: waitpid");
      return 1;
    }
    printf("client received: <%s>\n", reply);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    fprintf(stderr, "sock_driver: runtime killed by signal %d\n", WTERMSIG(status));
    return 1;
  }
  fprintf(stderr, "sock_driver: giving up\n");
  return 1;
}
