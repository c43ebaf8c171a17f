#!/usr/bin/env bash
# Developer entry point. Quick start:
#   ./dev.sh run    install missing Debian packages, build, start the kiosk on the built-in content
#   ./dev.sh test   install missing Debian packages, build, run every test headless (own Xvfb)
# Other commands: build · screenshots · bench (Release figures, out/bench.json) · drag-bench
# (render paths beside the anchors, out/drag-compare.json) · soak (long run,
# out/soak.json) · deb · help
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

# Everything the build, the tests and the kiosk need, as Debian 12 package names.
PACKAGES=(
  build-essential cmake pkg-config clang clang-format
  libimgui-dev libglfw3-dev libstb-dev libfreetype-dev libgl-dev
  libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev libsodium-dev libsystemd-dev libcsv-dev libxtst-dev catch2
  libturbojpeg0-dev libpng-dev libssl-dev
  libpixman-1-dev libx11-dev libxext-dev  # kiosk/render: the CPU renderer, XShm to show it
  libminizip-dev libexpat1-dev libxlsxwriter-dev python3-openpyxl  # workbooks: read, write, fixtures
  fonts-noto-cjk fonts-material-design-icons-iconfont rime-data-luna-pinyin
  xvfb xauth libgl1-mesa-dri mesa-utils minisign dpkg-dev systemd
  xserver-xorg-core  # deploy tests: the real Xorg parses the kiosk's Xorg settings
  chromium  # the statistics report test renders report.html in a real browser
  syncthing  # several kiosks: the fleet test runs two Syncthing instances on loopback
)

# What the anchors of drag-bench need (../shared/anchors/*/README.md): Qt Quick, xdotool, ImageMagick.
ANCHOR_PACKAGES=(qml-qt6 qml6-module-qtquick qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qml6-module-qtquick-controls qt6-qpa-plugins xdotool imagemagick)

# Unit-test programs (label unit), rebuilt and run again under ASan + UBSan by `test`.
UNIT_TEST_TARGETS=(test_core_data test_core_motion test_staff test_stats test_pack test_xlsx_reader test_update
  engine_unit_tests deploy_tests deploy_config_tests staff_ui_unit_tests test_render)

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing missing packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

# Starts Xvfb on a free display unless one is already usable; sets DISPLAY.
start_xvfb() {
  local n
  for n in $(seq 90 120); do
    [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] && continue
    Xvfb ":$n" -screen 0 3840x2160x24 -nolisten tcp -noreset >/tmp/xvfb-$n.log 2>&1 &
    XVFB_PID=$!
    for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
    export DISPLAY=":$n"
    trap 'kill $XVFB_PID 2>/dev/null || true' EXIT
    return 0
  done
  echo "No free X display number for Xvfb" >&2; exit 1
}

cmd=${1:-help}; shift || true
case "$cmd" in
  run)
    install_missing
    build build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display found (DISPLAY is not set), so the kiosk cannot open a window here."
      echo "To see it anyway, take screenshots headless:  ./dev.sh screenshots   (writes out/shots/*.png)"
      exit 1
    fi
    [ "${1:-}" = "--" ] && shift  # `./dev.sh run -- --window 1280x800`, as the README writes it
    exec build/bin/kiosk --pack build/builtin.db "$@"
    ;;
  build)
    install_missing
    build build
    ;;
  test)
    install_missing
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      say "Formatting (clang-format, .clang-format at the root)"
      unformatted=$(cd "$ROOT" && git ls-files '*.cpp' '*.h' |
        xargs clang-format --dry-run 2>&1 | { grep 'code should be clang-formatted' || true; } |
        cut -d: -f1 | sort -u)
      if [ -n "$unformatted" ]; then
        echo "These files are not clang-formatted; fix with: clang-format -i $(echo $unformatted)" >&2
        exit 1
      fi
    fi
    build build
    start_xvfb
    say "Tests (Xvfb on $DISPLAY)"
    (cd build && ctest --output-on-failure -j2 "$@")
    say "Tests under AddressSanitizer + UndefinedBehaviorSanitizer"
    # Only the unit-test programs: GUI tests drive the real kiosk, which llvmpipe makes too slow
    # under ASan on two cores.
    cmake -S "$ROOT" -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_SANITIZE=ON >/dev/null
    cmake --build build-asan -j"$(nproc)" --target "${UNIT_TEST_TARGETS[@]}"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$ROOT/tests/lsan.supp" ctest --output-on-failure -j2 -L unit "$@")
    ;;
  screenshots)
    install_missing
    build build
    start_xvfb
    mkdir -p out/shots
    for size in 1920x1080 1080x1920 3840x2160 1280x800; do
      build/bin/kiosk-tour --pack build/builtin.db --window "$size" --out out/shots
    done
    ;;
  bench)  # docs/performance.md: figures, budgets, what the profiles showed
    install_missing
    cmake -S "$ROOT" -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build-release -j"$(nproc)" --target kiosk kiosk-pack kiosk-bench builtin_pack
    LARGE=build-release/bench-large.db
    if [ ! -f "$LARGE" ]; then
      say "Making the large synthetic pack once ($LARGE)"
      build-release/bin/kiosk-pack synth --members 5000 --highlights 2000 --projects 500 \
        --images 20000 --seed 1 --version 1 -o "$LARGE"
    fi
    start_xvfb
    say "Benchmark (Xvfb on $DISPLAY; takes several minutes)"
    mkdir -p out
    build-release/bin/kiosk-bench all --builtin build-release/builtin.db --large "$LARGE" \
      --work build-release/bench-work "$@" | tee out/bench.json
    ;;
  drag-bench)  # issue 18: drags, start and memory on both render paths beside ../shared/anchors
    PACKAGES+=("${ANCHOR_PACKAGES[@]}")
    install_missing
    cmake -S "$ROOT" -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build-release -j"$(nproc)" --target kiosk kiosk-pack builtin_pack
    CARDS=build-release/bench-80.db  # 80 members with photos, as the anchors' 80 cards
    [ -f "$CARDS" ] || build-release/bin/kiosk-pack synth --members 80 --highlights 20 \
      --projects 10 --images 100 --seed 1 --version 1 -o "$CARDS"
    mkdir -p out
    python3 tests/bench/drag_compare.py --kiosk build-release/bin/kiosk --pack "$CARDS" "$@" \
      | tee out/drag-compare.json
    ;;
  soak)  # docs/performance.md, Soak: growth of RSS, fds and threads over a long random walk
    install_missing
    cmake -S "$ROOT" -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build-release -j"$(nproc)" --target kiosk kiosk-bench builtin_pack
    start_xvfb
    say "Soak (Xvfb on $DISPLAY; stops after --actions or --max-minutes, whichever comes first)"
    mkdir -p out
    build-release/bin/kiosk-bench soak --pack build-release/builtin.db --out out/soak.json "$@"
    ;;
  deb)
    install_missing
    build build
    say "Debian package (deploy/README.md: installing it on a mini-PC)"
    mkdir -p out
    cpack --config build/CPackConfig.cmake -B "$ROOT/out" >/dev/null
    rm -rf out/_CPack_Packages
    ls out/*.deb
    ;;
  help|*)
    sed -n '2,7p' "$0"
    ;;
esac
