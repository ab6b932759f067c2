#pragma once
// WasiConfig: what a WASI guest is given (arguments, environment, directories, standard streams, network
// permissions), shared by WASI preview1 (mosaic/wasi/preview1.h) and WASI 0.2 (mosaic/wasi/preview2.h).

#include <string>
#include <vector>

namespace mosaic::wasi {

// A host directory the guest sees under `guest_path` (e.g. "/", ".", "/data").
struct DirPreopen {
  std::string host_path;
  std::string guest_path;
};

struct WasiConfig {
  std::vector<std::string> args;  // argv; args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE"
  std::vector<DirPreopen> dirs;   // preopened after the listening sockets, in this order
  // "HOST:PORT" addresses (IPv4, or [IPv6]:PORT) bound and listening before the guest starts; they are the
  // guest's descriptors 3, 4, ... (as wasmtime's --tcplisten), for sock_accept (preview1 only).
  std::vector<std::string> tcp_listen;
  // The host descriptors the guest's 0, 1 and 2 refer to (not closed by mosaic).
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
  // WASI 0.2 sockets (wasmtime's -S flags): without inherit_network a guest may create sockets, but binding,
  // connecting and sending are refused (access-denied); allow_ip_name_lookup enables wasi:sockets/ip-name-lookup.
  // tcp / udp switch the two protocols off altogether (not-supported).
  bool inherit_network = false;
  bool allow_ip_name_lookup = false;
  bool allow_tcp = true;
  bool allow_udp = true;
};

}  // namespace mosaic::wasi
