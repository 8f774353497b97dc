# Shared set-up for ./hwgen and ./test: installs missing Debian tools when allowed and builds HwGen when stale.
# Sourced, not run. Set HWGEN_NO_INSTALL=1 to only print the install command.

hwgen_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hwgen_packages=(verilator yosys iverilog fonts-dejavu-core ccache g++ make)

hwgen_missing_packages() {
  local missing=() pkg
  for pkg in "${hwgen_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]}"
}

hwgen_ensure_packages() {
  local missing
  missing="$(hwgen_missing_packages)"
  [ -z "$missing" ] && return 0
  local cmd="apt-get update && apt-get install -y $missing"
  if [ "${HWGEN_NO_INSTALL:-0}" != "1" ] && command -v apt-get >/dev/null; then
    local sudo=""
    if [ "$(id -u)" != "0" ]; then
      if sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
    fi
    if [ "$sudo" != "none" ]; then
      echo "hwgen: installing missing packages: $missing" >&2
      if $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; then
        return 0
      fi
      echo "hwgen: package installation failed" >&2
    fi
  fi
  echo "hwgen: missing packages: $missing; install them with: sudo sh -c '$cmd'" >&2
}

hwgen_ensure_dotnet() {
  if ! command -v dotnet >/dev/null; then
    echo "hwgen: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
    exit 3
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# Builds the CLI into .build/cli when any source is newer than the last build.
hwgen_ensure_cli() {
  local out="$hwgen_root/.build/cli"
  local stamp="$out/hwgen.dll"
  # One build at a time: a second ./hwgen waits for the first instead of building into the same folder.
  mkdir -p "$hwgen_root/.build"
  exec 9>"$hwgen_root/.build/cli.lock"
  command -v flock >/dev/null && flock 9
  if hwgen_cli_current "$stamp"; then
    exec 9>&-
    return 0
  fi
  hwgen_build_cli "$out" "$stamp"
  exec 9>&-  # release the lock: running CLIs do not hold it
}

# True when the built CLI is newer than every source.
hwgen_cli_current() {
  local stamp="$1"
  [ -f "$stamp" ] && [ -z "$(find "$hwgen_root/generator" "$hwgen_root/templates" "$hwgen_root/hwconfigs" "$hwgen_root/testbenches" "$hwgen_root/verilator" \
      "$hwgen_root/Directory.Build.props" "$hwgen_root/Directory.Packages.props" \
      -newer "$stamp" -type f -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null | head -1)" ]
}

hwgen_build_cli() {
  local out="$1" stamp="$2"
  echo "hwgen: building..." >&2
  local log
  log="$(mktemp)"
  if ! dotnet build "$hwgen_root/generator/HwGen.Cli/HwGen.Cli.csproj" -c Release -o "$out" --nologo -v q >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "hwgen: build failed" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
}

# Synthesis and gate-level tools, only for the verbs that need them (`hwgen synth`, `hwgen run --gate-level`, the
# test suite): nextpnr-ice40 and fpga-icestorm as packages; the OSU 0.18 um cells of qflow-tech-osu018 as files only
# (`apt-get download` + `dpkg -x` into the hwgen cache: the package itself would pull in qflow and ~14 packages).
hwgen_synth_packages=(nextpnr-ice40 fpga-icestorm)

hwgen_cache_root() {
  if [ -n "${HWGEN_CACHE:-}" ]; then echo "$HWGEN_CACHE";
  elif [ -n "${XDG_CACHE_HOME:-}" ]; then echo "$XDG_CACHE_HOME/hwgen";
  else echo "$HOME/.cache/hwgen"; fi
}

# True when the arguments ask for synthesis or a gate-level run.
hwgen_needs_synth() {
  [ "${1:-}" = "synth" ] && return 0
  local a
  for a in "$@"; do [ "$a" = "--gate-level" ] && return 0; done
  return 1
}

hwgen_ensure_osu018() {
  [ -n "${HWGEN_OSU018_DIR:-}" ] && [ -f "$HWGEN_OSU018_DIR/osu018_stdcells.lib" ] && return 0
  [ -f /usr/share/qflow/tech/osu018/osu018_stdcells.lib ] && return 0
  local target
  target="$(hwgen_cache_root)/tech/qflow-tech-osu018"
  [ -f "$target/usr/share/qflow/tech/osu018/osu018_stdcells.lib" ] && return 0
  local cmd="cd \$(mktemp -d) && apt-get download qflow-tech-osu018 && dpkg -x qflow-tech-osu018_*.deb '$target'"
  if [ "${HWGEN_NO_INSTALL:-0}" != "1" ] && command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
    local tmp
    tmp="$(mktemp -d)"
    echo "hwgen: fetching the OSU 0.18 um cell library (qflow-tech-osu018, files only) into $target" >&2
    if (cd "$tmp" && apt-get download -qq qflow-tech-osu018 >/dev/null 2>&1 && mkdir -p "$target" && dpkg -x qflow-tech-osu018_*.deb "$target"); then
      rm -rf "$tmp"
      return 0
    fi
    rm -rf "$tmp"
    echo "hwgen: could not fetch qflow-tech-osu018 (run 'sudo apt-get update' first?)" >&2
  fi
  echo "hwgen: the OSU 0.18 um cell library is missing; get it with: $cmd" >&2
}

hwgen_ensure_synth_tools() {
  local saved=("${hwgen_packages[@]}")
  hwgen_packages=("${hwgen_synth_packages[@]}")
  hwgen_ensure_packages
  hwgen_packages=("${saved[@]}")
  hwgen_ensure_osu018
}
