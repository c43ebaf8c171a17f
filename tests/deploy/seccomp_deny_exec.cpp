// Test helper: runs a command with the listed system calls answered by EPERM, as systemd does for
// SystemCallFilter=~... with SystemCallErrorNumber=EPERM. libseccomp (a dependency of systemd)
// is loaded at run time, so no development package is needed.
// Usage: seccomp_deny_exec LIST_FILE COMMAND [ARGS...]   (LIST_FILE: system call names)
#include <dlfcn.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

constexpr uint32_t kAllow = 0x7fff0000U;               // SCMP_ACT_ALLOW
constexpr uint32_t kErrnoEperm = 0x00050000U | EPERM;  // SCMP_ACT_ERRNO(EPERM)

int fail(const std::string& what) {
    std::fprintf(stderr, "seccomp_deny_exec: %s\n", what.c_str());
    return 127;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return fail("usage: seccomp_deny_exec LIST_FILE COMMAND [ARGS...]");
    void* lib = dlopen("libseccomp.so.2", RTLD_NOW);
    if (!lib) return fail(std::string("cannot load libseccomp.so.2: ") + dlerror());
    using Init = void* (*)(uint32_t);
    using Resolve = int (*)(const char*);
    using RuleAdd = int (*)(void*, uint32_t, int, unsigned int);
    using Load = int (*)(void*);
    auto init = reinterpret_cast<Init>(dlsym(lib, "seccomp_init"));
    auto resolve = reinterpret_cast<Resolve>(dlsym(lib, "seccomp_syscall_resolve_name"));
    auto rule_add = reinterpret_cast<RuleAdd>(dlsym(lib, "seccomp_rule_add"));
    auto load = reinterpret_cast<Load>(dlsym(lib, "seccomp_load"));
    if (!init || !resolve || !rule_add || !load) return fail("libseccomp lacks a function");

    void* filter = init(kAllow);
    if (!filter) return fail("seccomp_init failed");
    std::ifstream list(argv[1]);
    if (!list) return fail(std::string("cannot read ") + argv[1]);
    int denied = 0;
    for (std::string name; list >> name;) {
        const int number = resolve(name.c_str());
        if (number < 0) continue;  // a call of another architecture (e.g. setuid32)
        if (rule_add(filter, kErrnoEperm, number, 0) != 0) return fail("cannot deny " + name);
        ++denied;
    }
    // An unprivileged process may load a filter only once it can gain no privileges (as the unit).
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail("PR_SET_NO_NEW_PRIVS failed");
    if (load(filter) != 0) return fail("seccomp_load failed");
    std::fprintf(stderr, "seccomp_deny_exec: %d system calls answer EPERM\n", denied);
    execvp(argv[2], argv + 2);
    return fail(std::string("cannot run ") + argv[2]);
}
