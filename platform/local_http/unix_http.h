// One HTTP GET to a server listening on a local Unix socket, bounded in time and size. Written
// here rather than taken from libcurl: it is one request to one local daemon (Syncthing's REST
// API) with an HTTP/1.0 reply ended by the server closing, and linking libcurl would map it and
// its TLS, LDAP and SSH libraries into the kiosk at every start. The server is not trusted: a
// reply that is slow, endless, chunked or malformed is an error, never a hang or a crash.
// Blocks for at most `timeout_ms`: call it on a worker, never the render thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kiosk::platform {

struct HttpReply {
    int status = 0;     // the HTTP status code; 0 when there was no reply
    std::string body;   // the body, when status != 0
    std::string error;  // why there is no reply (English, for the log); empty when status != 0
};

struct UnixHttpLimits {
    int timeout_ms = 2000;           // the whole exchange: connect, send, read to the end
    size_t max_reply_bytes = 65536;  // status line, headers and body together
};

// GET `target` ("/rest/..."; printable ASCII only) with `headers` (names and values of printable
// ASCII, no CR or LF: anything else is refused before connecting, so a value read from a file
// cannot smuggle a header in).
HttpReply unix_http_get(const std::string& socket_path, const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const UnixHttpLimits& limits = {});

}  // namespace kiosk::platform
