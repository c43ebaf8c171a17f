// kiosk-pack keygen | sign | verify | inspect | import | status | rollback.
// Sections: argument parsing · keys and signing · inspection · installing
#include "kiosk/update/pack_commands.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "kiosk/update/importer.h"
#include "kiosk/update/install_state.h"
#include "kiosk/update/minisign.h"
#include "kiosk/update/pack_validator.h"
#include "kiosk/update/refusal.h"

namespace kiosk::update {
namespace {

// --- argument parsing ---
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // flags map to "1"
    bool ok = true;
};

Args parse(const std::vector<std::string>& raw, const std::set<std::string>& with_value,
           const std::set<std::string>& flags = {}) {
    Args a;
    for (size_t i = 0; i < raw.size(); ++i) {
        const std::string& s = raw[i];
        if (flags.count(s)) {
            a.options[s] = "1";
        } else if (with_value.count(s) && i + 1 < raw.size()) {
            a.options[s] = raw[++i];
        } else if (!s.empty() && s[0] == '-') {
            a.ok = false;
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

int usage(const char* help) {
    std::cerr << "usage: kiosk-pack " << help << "\n";
    return 2;
}

int refused(const Refusal& r) {
    std::cerr << r.zh << "。" << r.todo_zh << " / " << r.en << ". " << r.todo_en << "\n";
    return 1;
}

// Files that `sudo kiosk-pack import` wrote as root into the kiosk's data dir could not be
// replaced by the kiosk user, and later imports would fail: only the folder's owner changes it.
// A data dir not made yet is judged by the folder it would be made in.
void require_data_dir_owner(const std::string& data_dir, const char* command) {
    std::filesystem::path dir = std::filesystem::absolute(data_dir);
    struct stat st {};
    while (::stat(dir.c_str(), &st) != 0) {
        if (dir == dir.parent_path()) return;
        dir = dir.parent_path();
    }
    if (st.st_uid == ::geteuid()) return;
    const passwd* pw = ::getpwuid(st.st_uid);
    const std::string owner = pw ? pw->pw_name : std::to_string(st.st_uid);
    const std::string fix = std::string("sudo -u ") + owner + " kiosk-pack " + command + " ...";
    Refusal r;
    r.code = RefusalCode::WriteFailed;
    r.zh = "数据文件夹 " + dir.string() + " 属于用户 " + owner +
           "，以其他用户身份写入会让之后的导入失败，未作任何修改";
    r.en = "the data folder " + dir.string() + " belongs to user " + owner +
           ", and files written as another user would make later imports fail; nothing was "
           "changed";
    r.todo_zh = "请以该用户身份运行：" + fix;
    r.todo_en = "Run the command as that user: " + fix;
    throw RefusedError(r);
}

std::string read_small_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        refuse(RefusalCode::BadKeyFile, std::string("cannot read the ") + what + " " + path,
               std::string("无法读取") + what + " " + path);
    std::string text(8192, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    return text;
}

Digest512 hash_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) refuse(RefusalCode::ReadFailed, "cannot read " + path, "无法读取 " + path);
    Blake2b512 hash;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        hash.update(buf.data(), static_cast<size_t>(in.gcount()));
    }
    return hash.finish();
}

std::string counts(const PackInfo& i) {
    return content::counts_text(i.counts, 1);
}

bool write_new_file(const std::string& path, const std::string& text, mode_t mode, bool force) {
    if (!force && std::filesystem::exists(path)) return false;
    std::filesystem::remove(path);
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    ::chmod(path.c_str(), mode);
    return static_cast<bool>(out);
}

// The first line of `text`, without its line end.
std::string first_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// Asks on the terminal, without echo; the terminal is restored however reading ends.
std::string password_from_terminal(const std::string& key_path) {
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0)
        refuse(RefusalCode::BadKeyFile,
               "the secret key is password-protected and there is no terminal to ask on; give "
               "--password-file FILE",
               "私钥设有密码，但没有可输入密码的终端；请用 --password-file 文件 提供密码");
    const std::string prompt = "Password for " + key_path + ": ";
    (void)!::write(tty, prompt.data(), prompt.size());
    termios saved{};
    const bool is_terminal = ::tcgetattr(tty, &saved) == 0;
    if (is_terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    std::string password;
    char c = 0;
    while (password.size() < 1024 && ::read(tty, &c, 1) == 1 && c != '\n') password += c;
    if (is_terminal) ::tcsetattr(tty, TCSAFLUSH, &saved);
    (void)!::write(tty, "\n", 1);
    ::close(tty);
    return first_line(password);
}

SecretKey load_secret_key(const Args& a) {
    const std::string path = a.options.at("-s");
    const std::string text = read_small_file(path, "secret key");
    if (!secret_key_needs_password(text)) return parse_secret_key(text);
    std::string password =
        a.options.count("--password-file")
            ? first_line(read_small_file(a.options.at("--password-file"), "password file"))
            : password_from_terminal(path);
    const SecretKey key = parse_secret_key(text, password);
    sodium_memzero(password.data(), password.size());
    return key;
}

// --- keys and signing ---
int keygen(const Args& a) {
    if (!a.ok || !a.positional.empty() || !a.options.count("-p") || !a.options.count("-s"))
        return usage(kKeygenHelp);
    PublicKey pub;
    SecretKey sec;
    generate_keypair(pub, sec);
    const bool force = a.options.count("--force") > 0;
    for (const char* opt : {"-p", "-s"})
        if (!force && std::filesystem::exists(a.options.at(opt))) {
            std::cerr << a.options.at(opt)
                      << " already exists; keep it, or use --force to replace it\n";
            return 1;
        }
    if (!write_new_file(a.options.at("-s"), format_secret_key(sec), 0600, force) ||
        !write_new_file(a.options.at("-p"), format_public_key(pub), 0644, force)) {
        std::cerr << "the key files could not be written\n";
        return 1;
    }
    std::cout << "key " << key_id_hex(pub.id) << ": public key " << a.options.at("-p")
              << " (install it on the kiosks), secret key " << a.options.at("-s")
              << " (keep it offline)\n";
    return 0;
}

int sign(const Args& a) {
    if (!a.ok || a.positional.size() != 1 || !a.options.count("-s")) return usage(kSignHelp);
    const std::string pack = a.positional[0];
    const SecretKey key = load_secret_key(a);
    const PackInfo info = validate_pack_file(pack);  // never sign a pack a kiosk would refuse
    const std::string comment = make_version_comment(info.pack_version, info.built_at);
    const Signature sig = sign_digest(key, hash_file(pack), comment);
    const std::string out = a.options.count("-x") ? a.options.at("-x") : pack + ".minisig";
    if (!write_new_file(out, format_signature(sig), 0644, true)) {
        std::cerr << "the signature file " << out << " could not be written\n";
        return 1;
    }
    std::cout << out << ": signed with key " << key_id_hex(key.id) << ", " << comment << "\n";
    return 0;
}

int verify(const Args& a) {
    if (!a.ok || a.positional.size() != 1 || (!a.options.count("--keys") && !a.options.count("-p")))
        return usage(kVerifyHelp);
    const std::string pack = a.positional[0];
    std::vector<PublicKey> keys;
    if (a.options.count("-p"))
        keys.push_back(parse_public_key(read_small_file(a.options.at("-p"), "public key")));
    if (a.options.count("--keys")) {
        const auto more = load_trusted_keys(a.options.at("--keys"));
        keys.insert(keys.end(), more.begin(), more.end());
    }
    std::ifstream sig_in(pack + ".minisig", std::ios::binary);
    if (!sig_in)
        refuse(RefusalCode::NoSignature, "the pack is not signed (" + pack + ".minisig is missing)",
               "内容包未签名（缺少 " + pack + ".minisig）");
    std::stringstream text;
    text << sig_in.rdbuf();
    const Signature sig = parse_signature(text.str());
    const PublicKey signer = verify_digest(sig, keys, hash_file(pack));
    std::cout << pack << ": good signature by key " << key_id_hex(signer.id) << " ("
              << sig.trusted_comment << ")\n";
    return 0;
}

// --- inspection ---
int inspect(const Args& a) {
    if (!a.ok || a.positional.size() != 1) return usage(kInspectHelp);
    const std::string pack = a.positional[0];
    const PackInfo info = read_pack_info(pack);
    std::cout << "pack: " << pack << "\nversion: " << info.pack_version
              << "\nbuilt: " << info.built_at << "\ncontent format: " << info.schema_version
              << "\ncounts: " << counts(info) << "\nsize: " << std::filesystem::file_size(pack)
              << " bytes\n";
    std::ifstream sig_in(pack + ".minisig", std::ios::binary);
    if (!sig_in) {
        std::cout << "signer: none (not signed)\n";
        return 0;
    }
    std::stringstream text;
    text << sig_in.rdbuf();
    const Signature sig = parse_signature(text.str());
    std::cout << "signer key id: " << key_id_hex(sig.key_id) << " (not checked here; use verify)\n"
              << "signed comment: " << sig.trusted_comment << "\n";
    return 0;
}

int status(const Args& a) {
    if (!a.ok || !a.positional.empty() || !a.options.count("--data-dir")) return usage(kStatusHelp);
    const InstalledStatus s = installed_status(a.options.at("--data-dir"));
    const auto print_floor = [&] {
        if (const int64_t floor = version_floor(a.options.at("--data-dir")))
            std::cout << "refuses versions up to: " << floor
                      << " (the newest installed here; only import --force goes lower)\n";
    };
    if (!s.installed) {
        std::cout << "installed: none (the kiosk shows its built-in content)\n";
        print_floor();
        return 0;
    }
    std::cout << "installed version: " << s.info.pack_version << "\nbuilt: " << s.info.built_at
              << "\nsha256: " << s.sha256 << "\nsize: " << s.size
              << " bytes\ncounts: " << counts(s.info) << "\n";
    if (s.on_trial)
        std::cout << "on trial: started " << s.trial_starts << " time(s) without a good run yet\n";
    if (s.has_previous)
        std::cout << "previous version (for rollback): " << s.previous_version << "\n";
    print_floor();
    return 0;
}

// --- installing ---
int import(const Args& a) {
    if (!a.ok || a.positional.size() != 1 || !a.options.count("--data-dir") ||
        !a.options.count("--keys"))
        return usage(kImportHelp);
    require_data_dir_owner(a.options.at("--data-dir"), "import");
    ImportOptions o;
    o.data_dir = a.options.at("--data-dir");
    o.keys_dir = a.options.at("--keys");
    o.force = a.options.count("--force") > 0;
    if (a.options.count("--max-bytes")) o.max_pack_bytes = std::stoll(a.options.at("--max-bytes"));
    const ImportResult r = import_pack(a.positional[0], o);
    if (!r.ok) return refused(r.refusal);
    std::cout << "installed version " << r.info.pack_version << " (was " << r.previous_version
              << "): " << counts(r.info) << "; signed by " << r.key_id << "; sha256 " << r.sha256
              << "; " << images_summary(r) << "\n";
    return 0;
}

int rollback(const Args& a) {
    if (!a.ok || !a.positional.empty() || !a.options.count("--data-dir"))
        return usage(kRollbackHelp);
    require_data_dir_owner(a.options.at("--data-dir"), "rollback");
    DurableSteps steps;
    rollback_pack(a.options.at("--data-dir"), steps);
    const InstalledStatus s = installed_status(a.options.at("--data-dir"));
    std::cout << "back to version " << s.info.pack_version << "\n";
    return 0;
}

// Runs a command, turning a refusal into its reason (zh, en) and exit status 1.
template <typename Fn>
int guarded(Fn fn) {
    try {
        return fn();
    } catch (const RefusedError& e) {
        return refused(e.refusal);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int cmd_keygen(const std::vector<std::string>& args) {
    return guarded([&] { return keygen(parse(args, {"-p", "-s"}, {"--force"})); });
}
int cmd_sign(const std::vector<std::string>& args) {
    return guarded([&] { return sign(parse(args, {"-s", "-x", "--password-file"})); });
}
int cmd_verify(const std::vector<std::string>& args) {
    return guarded([&] { return verify(parse(args, {"--keys", "-p"})); });
}
int cmd_inspect(const std::vector<std::string>& args) {
    return guarded([&] { return inspect(parse(args, {})); });
}
int cmd_import(const std::vector<std::string>& args) {
    return guarded([&] {
        return import(parse(args, {"--data-dir", "--keys", "--max-bytes"}, {"--force"}));
    });
}
int cmd_status(const std::vector<std::string>& args) {
    return guarded([&] { return status(parse(args, {"--data-dir"})); });
}
int cmd_rollback(const std::vector<std::string>& args) {
    return guarded([&] { return rollback(parse(args, {"--data-dir"})); });
}

}  // namespace kiosk::update
