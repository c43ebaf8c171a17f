// Syncthing's REST answer about the inbox folder; see sync_rest.h.
#include "kiosk/update/sync_rest.h"

#include <nlohmann/json.hpp>

#include "platform/local_http/unix_http.h"
#include "platform/usb/stick_io.h"

namespace kiosk::update {
namespace {

constexpr size_t kMaxKeyFileBytes = 4096;
constexpr size_t kMaxKeyChars = 128;

bool key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// Percent-encodes a query value: a folder id from the config stays one query parameter.
std::string url_encoded(const std::string& text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (key_char(static_cast<char>(c)) || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// The states Syncthing reports while it works on a folder (lib/model/folderstate.go).
bool working_state(const std::string& state) {
    for (const char* s : {"scanning", "scan-waiting", "syncing", "sync-waiting", "sync-preparing",
                          "cleaning", "clean-waiting"})
        if (state == s) return true;
    return false;
}

}  // namespace

FolderSyncAnswer parse_folder_status(std::string_view text) {
    FolderSyncAnswer a;
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        a.why = "Syncthing's folder status is not a JSON object";
        return a;
    }
    const auto state = j.find("state");
    if (state == j.end() || !state->is_string()) {
        a.why = "Syncthing's folder status has no state";
        return a;
    }
    const std::string s = state->get<std::string>();
    // needFiles and needDeletes: what this kiosk knows it still lacks. Missing or not a
    // non-negative number: no answer.
    long long need = 0;
    for (const char* key : {"needFiles", "needDeletes"}) {
        const auto n = j.find(key);
        if (n == j.end() || !n->is_number_integer() || n->get<long long>() < 0) {
            a.why = std::string("Syncthing's folder status has no ") + key;
            return a;
        }
        need += n->get<long long>();
    }
    const std::string shown = s.size() > 40 ? s.substr(0, 40) : s;
    if (s == "idle" && need == 0) {
        a.sync = FolderSync::Idle;
        a.why = "idle";
    } else if (working_state(s) || (s == "idle" && need > 0)) {
        a.sync = FolderSync::Busy;
        a.why = "state " + shown + ", " + std::to_string(need) + " files still to fetch";
    } else {
        a.why = "state " + shown;  // "error", "unknown" or new: the files' stability decides
    }
    for (char& c : a.why)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    return a;
}

std::string read_api_key(const std::string& env_file) {
    std::string text;
    try {
        text = platform::read_stick_file(env_file, kMaxKeyFileBytes);
    } catch (const std::exception&) {
        return {};
    }
    size_t line = 0;
    while (line < text.size()) {
        size_t end = text.find('\n', line);
        if (end == std::string::npos) end = text.size();
        std::string_view l(text.data() + line, end - line);
        if (l.ends_with('\r')) l.remove_suffix(1);
        if (l.starts_with("STGUIAPIKEY=")) {
            std::string_view v = l.substr(12);
            if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
                v = v.substr(1, v.size() - 2);
            if (v.empty() || v.size() > kMaxKeyChars) return {};
            for (const char c : v)
                if (!key_char(c)) return {};
            return std::string(v);
        }
        line = end + 1;
    }
    return {};
}

FolderSyncAnswer SyncthingRest::folder_sync() const {
    FolderSyncAnswer a;
    if (socket_path.empty()) {
        a.why = "not asked (no sync_rest_socket)";
        return a;
    }
    const std::string key = read_api_key(key_file);
    if (key.empty()) {
        a.why = "no API key in " + key_file;
        return a;
    }
    platform::UnixHttpLimits limits;
    limits.timeout_ms = timeout_ms;
    const platform::HttpReply r =
        platform::unix_http_get(socket_path, "/rest/db/status?folder=" + url_encoded(folder_id),
                                {{"X-API-Key", key}}, limits);
    if (r.status == 0) {
        a.why = "no answer from " + socket_path + ": " + r.error;
        return a;
    }
    if (r.status != 200) {
        a.why = "Syncthing answered HTTP " + std::to_string(r.status) +
                (r.status == 403 ? " (the API key is not the one in its configuration)" : "");
        return a;
    }
    return parse_folder_status(r.body);
}

}  // namespace kiosk::update
