#pragma once
// The access log: one line per request, written when the request ends.
//
//   PEER "METHOD TARGET HTTP/V" STATUS BYTES TIMEms (instantiate Xms)[ NOTE]
//   127.0.0.1:54321 "GET /path HTTP/1.1" 200 15 1.87ms (instantiate 0.31ms)
//
// STATUS is the response status (- when none went out), BYTES the body bytes sent, TIME from the end of
// the request head to the end of the response, instantiate the time to instantiate the component (absent
// when the request never got that far). NOTE says why a response is not the guest's or is cut short:
// "trap", "timeout", "no response", "error response", "aborted" (the connection was closed mid-body).
// Bytes of the target outside printable ASCII, and `"` and `\`, are written as \xHH.

#include <cstdint>
#include <optional>
#include <string>

namespace mosaic::serve {

struct AccessRecord {
  std::string peer;
  std::string method;
  std::string target;
  unsigned version = 11;
  uint16_t status = 0;  // 0: none was sent
  uint64_t body_bytes = 0;
  double total_ms = 0;
  std::optional<double> instantiate_ms;
  std::string note;
};

std::string format_access_line(const AccessRecord& record);

}  // namespace mosaic::serve
