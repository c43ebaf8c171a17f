// Why a pack was refused, in plain words for staff: English and Chinese, plus what to do next.
#pragma once

#include <stdexcept>
#include <string>

namespace kiosk::update {

// One stable code per kind of refusal, so tests and the UI can tell them apart.
enum class RefusalCode {
    NotAFile,          // directory, FIFO, symlink, device named like a pack
    Empty,             // zero-byte file
    TooBig,            // over config.max_pack_bytes
    NoRoom,            // data disk lacks room (or a write failed for lack of room)
    ReadFailed,        // the stick went away or could not be read mid-copy
    WriteFailed,       // the data disk failed while copying or installing
    Cancelled,         // staff cancelled
    NoSignature,       // no .minisig next to the pack
    BadSignatureFile,  // .minisig is not in minisign's format
    NoTrustedKeys,     // the kiosk has no public key installed
    UnknownKey,        // signed with a key the kiosk does not trust
    BadSignature,      // content or comment changed after signing
    NotNewer,          // version not newer than the installed one (use --force)
    NotSqlite,         // not an SQLite database
    Corrupt,           // SQLite database damaged
    WrongSchema,       // schema version or table set differs
    BadContent,        // a row breaks a rule (length, reference, language, kind)
    BadImage,          // an image cannot be used
    NothingToRollBack,
    NotInstalled,
    BadKeyFile,
};

struct Refusal {
    RefusalCode code = RefusalCode::BadContent;
    std::string en;  // one line: what is wrong
    std::string zh;
    std::string todo_en;  // one line: what staff should do
    std::string todo_zh;
};

// Thrown inside the update library; callers get it back as a Refusal value.
class RefusedError : public std::runtime_error {
  public:
    explicit RefusedError(Refusal r) : std::runtime_error(r.en), refusal(std::move(r)) {}
    Refusal refusal;
};

// Builds a refusal whose "what to do" comes from the code. `detail_en`/`detail_zh` say what
// exactly is wrong.
Refusal make_refusal(RefusalCode code, std::string detail_en, std::string detail_zh);
[[noreturn]] void refuse(RefusalCode code, std::string detail_en, std::string detail_zh);

}  // namespace kiosk::update
